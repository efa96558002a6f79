"""Where a reader's bytes come from: a file on disk or a member of a zip archive.

A ``FileSource`` can be opened as many times as needed (detection reads the head, encoding
detection scans the whole file, the reader streams it), so nothing is held in memory.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HEAD_SIZE = 64 * 1024
# Zip members that need random access (XLSX, nested zips) are copied to a temporary file that
# stays in memory up to this size.
_SPOOL_MAX = 32 * 1024 * 1024
# Zip bombs: checked on the sizes the archive declares, before anything is inflated (zipfile
# never inflates a member past its declared size). Contact exports compress 5 to 30 times;
# a member that inflates more than 200 times into more than 64 MB is not one.
MAX_INFLATED = 2 * 1024 * 1024 * 1024  # all members together
MAX_RATIO = 200
_RATIO_FROM = 64 * 1024 * 1024


@dataclass(frozen=True)
class FileSource:
    """A named stream of bytes; ``name`` is the ``source_name`` its records carry."""

    name: str
    opener: Callable[[], IO[bytes]]
    path: Path | None = None

    @classmethod
    def from_path(cls, path: Path, name: str | None = None) -> FileSource:
        return cls(name or path.name, lambda: path.open("rb"), path)

    @classmethod
    def from_zip(cls, archive: zipfile.ZipFile, member: str, name: str) -> FileSource:
        return cls(name, lambda: archive.open(member))

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> FileSource:
        import io

        return cls(name, lambda: io.BytesIO(data))

    def open(self) -> IO[bytes]:
        return self.opener()

    def head(self, size: int = HEAD_SIZE) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    def open_seekable(self) -> IO[bytes]:
        """A seekable binary file: the file itself, or a spooled copy of a zip member."""
        if self.path is not None:
            return self.path.open("rb")
        copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_MAX)  # noqa: SIM115
        with self.open() as stream:
            shutil.copyfileobj(stream, copy)
        copy.seek(0)
        return copy  # type: ignore[return-value]


def check_archive(archive: zipfile.ZipFile, name: str) -> str:
    """Why ``archive`` must not be inflated ("" when it may): too large, or a zip bomb."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            return (
                f"{info.filename} would inflate {info.file_size // max(info.compress_size, 1):,}"
                f" times (to {info.file_size / 1e6:,.0f} MB): not read, as a zip bomb"
            )
    if total > MAX_INFLATED:
        return (
            f"the archive would inflate to {total / 1e9:,.1f} GB (more than "
            f"{MAX_INFLATED / 1e9:,.1f} GB): not read"
        )
    return ""


def is_hidden(name: str) -> bool:
    """Files an export tool or an OS leaves behind: '.DS_Store', '__MACOSX/', '~$lock.xlsx'."""
    parts = name.replace("\\", "/").split("/")
    return any(p.startswith((".", "~$")) or p == "__MACOSX" for p in parts if p)


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def walk_folder(root: Path) -> Iterator[Path]:
    """Files and Maildir folders under ``root``, in a stable (sorted) order, hidden ones left out."""
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if is_hidden(entry.name) or entry.is_symlink():
            continue
        if is_maildir(entry):
            yield entry
        elif entry.is_dir():
            yield from walk_folder(entry)
        elif entry.is_file():
            yield entry
