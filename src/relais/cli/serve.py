"""``relais serve``: the web UI and the API in one waitress process (static files via whitenoise)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click

from .base import RelaisCommand

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


def run_server(host: str, port: int) -> None:
    """Serve Relais until Ctrl+C or SIGTERM; prints the URL once listening."""
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
    try:
        server.run()
    finally:
        server.close()
    click.echo("Stopped.")


@click.command(cls=RelaisCommand)
@host_option
@port_option
def serve(host: str, port: int) -> None:
    """Serve the web UI and the API (applies migrations first)."""
    run_server(host, port)
