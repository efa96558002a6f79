"""Which model ``classify_texts`` uses: the team's retrained one if there is one, else the shipped one.

Loaded once per process and reloaded when the retrained files change, so a long-running
worker picks up ``relais mentions retrain`` without a restart.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .model import JSON_NAME, MentionModel

SHIPPED_DIR = Path(__file__).resolve().parent / "model"
_lock = threading.Lock()
_cache: dict[str, tuple[float, MentionModel]] = {}


def retrained_dir() -> Path:
    """``RELAIS_MENTION_MODEL_DIR``, else ``mention-model`` inside ``RELAIS_DATA_DIR``."""
    if configured := os.environ.get("RELAIS_MENTION_MODEL_DIR", "").strip():
        return Path(configured).resolve()
    return (
        Path(os.environ.get("RELAIS_DATA_DIR", "relais-data")).resolve()
        / "mention-model"
    )


def active_dir() -> Path:
    retrained = retrained_dir()
    return retrained if (retrained / JSON_NAME).is_file() else SHIPPED_DIR


def load_model(directory: Path | None = None) -> MentionModel:
    """The model in ``directory`` (default: the active one), cached until its files change."""
    directory = directory or active_dir()
    stamp = (directory / JSON_NAME).stat().st_mtime
    key = str(directory)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != stamp:
            cached = (stamp, MentionModel.load(directory))
            _cache[key] = cached
        return cached[1]
