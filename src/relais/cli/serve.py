"""``relais serve``: the web UI and the API in one waitress process (static files via whitenoise).

Background jobs (web uploads) run in the same process unless ``--no-worker`` is given, so a
small install needs nothing else; see worker.py for the scale-out path.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click

from .base import RelaisCommand
from .worker import embedded_consumer

host_option = click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; 0.0.0.0 listens on every interface.",
)
port_option = click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port; 0 picks a free one (the URL printed shows which).",
)


def _url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _stop(signum: int, frame: FrameType | None) -> None:
    sys.exit(
        0
    )  # waitress treats SystemExit like Ctrl+C: it stops accepting and returns


def run_server(host: str, port: int, *, jobs: bool = True) -> None:
    """Serve Relais until Ctrl+C or SIGTERM; prints the URL once listening.

    ``jobs``: also run background jobs in threads of this process.
    """
    from django.conf import settings
    from waitress import create_server

    # whitenoise serves collected files from STATIC_ROOT (and app files through finders);
    # it warns at start-up when the directory is missing.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from relais.wsgi import application

    try:
        server = create_server(application, host=host, port=port, ident="relais")
    except OSError as exc:
        raise click.ClickException(
            f"port: cannot listen on {host}:{port} ({exc.strerror or exc})."
        ) from None
    url = _url(host, getattr(server, "effective_port", port))
    click.echo(f"Relais is running at {url} (press Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, _stop)
    from relais.outreach.spool import start_spool

    spool = start_spool()  # opens and clicks written in batches (relais.outreach.spool)
    from relais.core.template_worker import warm

    warm()  # the bounded template renderers (relais.core.template_worker), started ahead
    consumer = embedded_consumer() if jobs else None
    try:
        server.run()
    finally:
        server.close()
        spool.stop()
        if consumer is not None:
            consumer.stop(graceful=False)  # an import cut short resumes on its next run
    click.echo("Stopped.")


@click.command(cls=RelaisCommand)
@host_option
@port_option
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not run background jobs in this process (run `relais worker` instead).",
)
def serve(host: str, port: int, no_worker: bool) -> None:
    """Serve the web UI and the API (applies migrations first) and run background jobs."""
    run_server(host, port, jobs=not no_worker)
