"""Background import of uploaded files: the web upload's job, run by Huey.

The upload view saves the files with ``save_uploads`` (under RELAIS_DATA_DIR/uploads, one
folder per upload, each file under its own name so that provenance names it) and, once the
person has checked the preview, calls ``start_upload_import``, which opens the batch and queues
``import_upload``. The job runs the same pipeline as ``relais import`` and saves its progress
in the batch's ``stats`` after every chunk, which the page polls. A job that dies leaves its
batch resumable like any import.

The duplicate check of a large import is a job too (``check_import_duplicates``, see
checks.py); ``requeue_import_checks`` queues again, when a worker starts, the checks that a
stop interrupted.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from huey.contrib.djhuey import HUEY, db_task

from relais.accounts.services import ensure_can_write
from relais.core.errors import InvalidInput, NotFound

from .checks import requeue_unfinished_checks, run_queued_check
from .models import ImportBatch
from .services import run_import

if TYPE_CHECKING:
    from relais.accounts.models import User

# The largest upload accepted, all files together: enough for years of mail in an mbox; a
# bigger source is better imported from the server with ``relais import``.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
_TOKEN = re.compile(r"^[0-9a-f]{16}$")


def uploads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(target: Path, content: IO[bytes]) -> None:
    with target.open("wb") as out:
        while block := content.read(1 << 20):
            out.write(block)


def save_upload(name: str, content: IO[bytes]) -> Path:
    """Keep an uploaded file under RELAIS_DATA_DIR/uploads, in a folder of its own."""
    folder = uploads_dir() / secrets.token_hex(8)
    folder.mkdir()
    target = folder / (Path(name).name or "upload")
    _write(target, content)
    return target


def save_uploads(files: Iterable[tuple[str, IO[bytes]]]) -> str:
    """Keep several uploaded files together; returns the upload's token (see ``upload_paths``).

    Each file keeps its own name (two files of the same name get "(2)" added).
    """
    token = secrets.token_hex(8)
    folder = uploads_dir() / token
    folder.mkdir()
    for name, content in files:
        base = Path(name.replace("\\", "/")).name.lstrip(".") or "upload"
        target, n = folder / base, 1
        while target.exists():
            n += 1
            target = folder / f"{Path(base).stem} ({n}){Path(base).suffix}"
        _write(target, content)
    return token


def upload_paths(token: str) -> list[Path]:
    """The files of an upload, in name order; NotFound for an unknown (or malformed) token."""
    folder = uploads_dir() / token
    if not _TOKEN.match(token) or not folder.is_dir():
        raise NotFound("This upload is no longer available: upload the files again.")
    return sorted(p for p in folder.iterdir() if p.is_file())


def start_upload_import(
    *,
    actor: User | None,
    path: Path | None = None,
    paths: Iterable[Path] = (),
    mapping_overrides: Mapping[str, str] | None = None,
) -> ImportBatch:
    """Open a batch for uploaded files and queue their import; returns the batch to poll."""
    ensure_can_write(actor)
    files = [*([path] if path is not None else []), *paths]
    if not files:
        raise InvalidInput({"files": "Choose at least one file to import."})
    label = ", ".join(p.name for p in files)
    batch = ImportBatch.objects.create(label=label[:300], created_by=actor)
    import_upload(batch.pk, [str(p) for p in files], dict(mapping_overrides or {}))
    batch.refresh_from_db()
    return batch


@db_task()
def import_upload(
    batch_id: int, paths: str | list[str], overrides: dict[str, str] | None = None
) -> None:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    files = [paths] if isinstance(paths, str) else paths
    run_import(
        files, actor=batch.created_by, batch=batch, mapping_overrides=overrides or {}
    )


@db_task(retries=1, retry_delay=60)
def check_import_duplicates(batch_id: int) -> dict[str, int]:
    """The duplicate check of a large import, after it committed."""
    return run_queued_check(batch_id)


def requeue_import_checks() -> list[int]:
    """Queue again the import checks a stop interrupted (called when a worker starts)."""
    waiting = {
        int(task.args[0])
        for task in [*HUEY.pending(), *HUEY.scheduled()]
        if task.name.endswith("check_import_duplicates") and task.args
    }
    return requeue_unfinished_checks(waiting)
