"""Background import of an uploaded file: the web upload's job, run by Huey.

The upload view saves the file with ``save_upload`` (under RELAIS_DATA_DIR/uploads) and calls
``start_upload_import``, which opens the batch and queues ``import_upload``. The job runs the
same pipeline as ``relais import`` and saves its progress in the batch's ``stats`` after every
chunk, which the page polls. A job that dies leaves its batch resumable like any import.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from huey.contrib.djhuey import db_task

from relais.accounts.services import ensure_can_write

from .models import ImportBatch
from .services import run_import

if TYPE_CHECKING:
    from relais.accounts.models import User


def uploads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(name: str, content: IO[bytes]) -> Path:
    """Keep an uploaded file under RELAIS_DATA_DIR/uploads, in a folder of its own."""
    folder = uploads_dir() / secrets.token_hex(8)
    folder.mkdir()
    target = folder / (Path(name).name or "upload")
    with target.open("wb") as out:
        while block := content.read(1 << 20):
            out.write(block)
    return target


def start_upload_import(*, actor: User | None, path: Path) -> ImportBatch:
    """Open a batch for an uploaded file and queue its import; returns the batch to poll."""
    ensure_can_write(actor)
    batch = ImportBatch.objects.create(label=path.name[:300], created_by=actor)
    import_upload(batch.pk, str(path))
    batch.refresh_from_db()
    return batch


@db_task()
def import_upload(batch_id: int, path: str) -> None:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    run_import([path], actor=batch.created_by, batch=batch)
