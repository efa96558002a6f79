"""The flusher child process of ``relais serve`` (``python -m relais.outreach.spool_flusher``):
writes closed tracking spool files to the database every RELAIS_TRACKING_FLUSH_MS, until its
stdin closes (the server stopped or died), then makes a last pass. See spool.py."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import close_old_connections

    from relais.outreach.spool import write_spooled

    log = logging.getLogger("relais.outreach.spool")
    directory = Path(settings.RELAIS_TRACKING_SPOOL_DIR)
    interval = settings.RELAIS_TRACKING_FLUSH_MS / 1000
    stop = threading.Event()

    def watch_parent() -> None:
        sys.stdin.buffer.read()  # returns at EOF: the server closed the pipe or died
        stop.set()

    threading.Thread(target=watch_parent, daemon=True).start()
    while True:
        stopping = stop.wait(interval)
        try:
            write_spooled(directory)
        except Exception:  # the database is away: the files wait for the next pass
            log.exception("tracking spool: cannot write hits yet")
            close_old_connections()
            time.sleep(1)
            continue
        if stopping:
            return 0


if __name__ == "__main__":
    sys.exit(main())
