"""Start-up of every Relais process: the data directory is prepared here, not on import.

Importing ``relais.settings`` writes nothing (a tool or a test may import it); the first
``django.setup()`` of a process creates RELAIS_DATA_DIR and its static folder, and saves the
secret key settings generated when none was kept yet, so that every later process shares it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from django.apps import AppConfig
from django.conf import settings


def prepare_data_dir() -> None:
    """Create the data directory and its static folder; keep a generated secret key."""
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    key_file = Path(getattr(settings, "SECRET_KEY_FILE", data_dir / "secret_key"))
    if os.environ.get("RELAIS_SECRET_KEY"):
        return
    # Exclusive creation: of two processes starting at once, both use the first key written.
    try:
        with open(key_file, "x", encoding="utf-8") as out:
            os.chmod(key_file, 0o600)
            out.write(settings.SECRET_KEY)
    except FileExistsError:
        settings.SECRET_KEY = key_file.read_text().strip() or settings.SECRET_KEY


class CoreConfig(AppConfig):
    name = "relais.core"
    label = "core"
    verbose_name = "Core"

    def __init__(self, app_name: str, app_module: ModuleType | None) -> None:
        # Not in ready(): the apps listed after this one (huey's SQLite queue) open files in
        # the data directory while Django imports them, before any ready() runs.
        super().__init__(app_name, app_module)
        prepare_data_dir()
