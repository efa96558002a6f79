"""Background job workers: embedded in ``relais serve``, or on their own with ``relais worker``.

Imports uploaded in the web UI (and later sending and listening) are Huey tasks. A small
install needs no second process: ``relais serve`` runs a consumer in threads next to the web
server (``embedded_consumer``). To scale out (Redis queue, several machines), run
``relais serve --no-worker`` and as many ``relais worker`` processes as needed.
"""

from __future__ import annotations

import logging
from typing import Any

import click
from huey.consumer import Consumer

from .base import RelaisCommand


class _EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """A consumer that leaves signals to the web server it runs beside."""

    def _set_signal_handlers(self) -> None:
        pass


def _huey() -> Any:
    """Django's Huey, with every app's ``tasks`` module imported so its jobs are known."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    return HUEY


def _requeue_interrupted() -> None:
    """Jobs that a stop interrupted and that must finish (an import's duplicate check)."""
    from relais.ingest.tasks import requeue_import_checks

    if again := requeue_import_checks():
        logging.getLogger(__name__).warning(
            "Duplicate checks of import batches %s queued again", again
        )


def embedded_consumer(workers: int = 2) -> Consumer | None:
    """Start a consumer in threads of this process; None when jobs run immediately."""
    huey = _huey()
    if huey.immediate:
        return None
    _requeue_interrupted()
    consumer = _EmbeddedConsumer(huey, workers=workers, worker_type="thread")
    consumer.start()
    return consumer


@click.command(cls=RelaisCommand)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Jobs run at the same time (threads).",
)
def worker(workers: int) -> None:
    """Run background jobs (imports) until Ctrl+C or SIGTERM, beside `relais serve --no-worker`."""
    huey = _huey()
    if huey.immediate:
        raise click.ClickException(
            "jobs run immediately (RELAIS_JOBS_IMMEDIATE is set): no worker is needed."
        )
    logging.getLogger("huey").setLevel(logging.INFO)
    _requeue_interrupted()
    click.echo(f"Relais worker started with {workers} threads (press Ctrl+C to stop)")
    Consumer(huey, workers=workers, worker_type="thread").run()
