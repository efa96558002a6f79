"""Readers of contact and message sources: files, folders and zip archives, any format.

``read_path`` is the one way in: give it a file (CSV, XLSX, vCard, mbox, .eml), a folder
(read recursively, formats mixed, Maildir folders included) or a zip (a LinkedIn export or
any archive of such files), and it streams ``PersonRecord``, ``MessageRecord`` and ``Skipped``
records. Formats are recognised by content (detect.py). ``inspect_path`` shows what would be
read: each source's format, the proposed column mapping of tables, and their first records.

Source names: a file given directly is named by its file name ("Connections.csv"); inside a
folder, by its path from the folder, the folder's name first ("export/salon/2024.xlsx"); inside
a zip, by the zip's name and the member's path ("export.zip/Connections.csv"); a workbook of
several sheets adds the sheet ("salon.xlsx[Visiteurs]"). An IMAP address given as a string
(``imaps://ana@mail.example/INBOX``) is read by imap.py, its source named by the address and
the mailbox's UIDVALIDITY. docs/import-formats.md has the rest.
"""

from __future__ import annotations

import contextlib
import itertools
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from relais.core.errors import RelaisError
from relais.core.text import fold

from . import card, google, imap, linkedin, outlook
from .detect import DESCRIPTIONS, Detected, detect
from .errors import MappingError, ReadError, UnrecognisedFile
from .mailbox import parse_message, read_eml, read_maildir, read_mbox
from .mapping import ColumnMapping, parse_target
from .mapping import propose as propose_generic
from .records import MessageRecord, Participant, PersonRecord, Point, Record, Skipped
from .sources import FileSource, check_archive, is_hidden, is_maildir, walk_folder
from .tabular import Table, csv_rows, open_csv, xlsx_tables
from .vcard import read_vcards

__all__ = [
    "ColumnMapping",
    "MappingError",
    "MessageRecord",
    "Participant",
    "PersonRecord",
    "Point",
    "ReadError",
    "Record",
    "Skipped",
    "SourcePreview",
    "UnrecognisedFile",
    "inspect_path",
    "parse_message",
    "columns_of",
    "read_path",
]

_MAX_ZIP_DEPTH = 3
# What zipfile and zlib raise on damaged or encrypted members.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
)


@dataclass(frozen=True)
class _Options:
    workspace_emails: frozenset[str] = frozenset()
    overrides: Mapping[str, str] = field(default_factory=dict)
    # False when the caller has checked the overrides against several sources itself.
    strict_overrides: bool = True


@dataclass
class _Found:
    """One source met while walking: readable (with its format) or not (with the reason)."""

    name: str
    source: FileSource | None = None
    maildir: Path | None = None
    detected: Detected | None = None
    problem: RelaisError | None = None
    # A file given on its own: its errors are raised, not reported, and an override naming
    # a column it does not have is an error.
    alone: bool = False


@dataclass
class SourcePreview:
    """What reading a source would give: for the CLI to print and the web UI to show."""

    source_name: str
    format: str  # a key of detect.DESCRIPTIONS, or "" when the source is not read
    description: str
    mapping: ColumnMapping | None = None
    records: list[Record] = field(default_factory=list)


def _zip_members(source: FileSource, depth: int) -> Iterator[_Found]:
    try:
        with source.open_seekable() as stream, zipfile.ZipFile(stream) as archive:
            if reason := check_archive(archive, source.name):
                yield _Found(source.name, problem=ReadError(source.name, reason))
                return
            members = sorted(
                (
                    i
                    for i in archive.infolist()
                    if not i.is_dir() and not is_hidden(i.filename)
                ),
                key=lambda i: i.filename,
            )
            for info in members:
                name = f"{source.name}/{info.filename}"
                yield from _classify(
                    FileSource.from_zip(archive, info.filename, name), depth + 1
                )
    except (*_ZIP_ERRORS, OSError) as exc:
        yield _Found(
            source.name, problem=ReadError(source.name, f"damaged zip file ({exc})")
        )


def _classify(source: FileSource, depth: int) -> Iterator[_Found]:
    try:
        detected = detect(source)
    except (UnrecognisedFile, ReadError) as exc:
        yield _Found(source.name, source, problem=exc)
        return
    except (*_ZIP_ERRORS, OSError) as exc:
        yield _Found(source.name, source, problem=ReadError(source.name, str(exc)))
        return
    if detected.key == "zip" and depth < _MAX_ZIP_DEPTH:
        yield from _zip_members(source, depth)
    else:
        yield _Found(source.name, source, detected=detected)


def _walk(path: Path) -> Iterator[_Found]:
    if not path.exists():
        raise ReadError(str(path), "no such file or folder")
    if is_maildir(path):
        yield _Found(path.name, maildir=path, detected=Detected("maildir"))
    elif path.is_dir():
        for entry in walk_folder(path):
            name = f"{path.name}/{entry.relative_to(path).as_posix()}"
            if entry.is_dir():
                yield _Found(name, maildir=entry, detected=Detected("maildir"))
            else:
                yield from _classify(FileSource.from_path(entry, name), 0)
    else:
        source = FileSource.from_path(path)
        try:
            detected = detect(source)  # a single file: its problem is the answer
        except OSError as exc:
            raise ReadError(source.name, exc.strerror or str(exc)) from None
        if detected.key == "zip":
            yield from _zip_members(source, 0)
        else:
            yield _Found(source.name, source, detected=detected, alone=True)


def _tables(found: _Found, options: _Options) -> Iterator[Table | Skipped]:
    assert found.source is not None and found.detected is not None
    source, key = found.source, found.detected.key
    overrides, strict = options.overrides, found.alone and options.strict_overrides
    if key == "xlsx":
        yield from xlsx_tables(source, overrides=overrides, strict=strict)
        return
    propose, hook = {
        "google": (google.propose, google.tidy),
        "outlook": (outlook.propose, outlook.tidy),
        "linkedin-connections": (linkedin.propose_connections, None),
    }.get(key, (propose_generic, None))
    encoding = found.detected.encoding
    yield open_csv(
        source,
        encoding,
        source.head(),
        propose,
        overrides=overrides,
        strict=strict,
        hook=hook,
    )


_TABLE_KINDS = {"csv", "google", "outlook", "linkedin-connections", "xlsx"}


def _records(found: _Found, options: _Options) -> Iterator[Record]:
    detected, source = found.detected, found.source
    assert detected is not None
    emails = options.workspace_emails
    if detected.key == "maildir" and found.maildir is not None:
        yield from read_maildir(found.maildir, found.name, emails)
        return
    assert source is not None
    if detected.key in _TABLE_KINDS:
        for table in _tables(found, options):
            yield from table.records() if isinstance(table, Table) else [table]
    elif detected.key in {"linkedin-messages", "linkedin-invitations"}:
        rows = csv_rows(source, detected.encoding, source.head())
        read = (
            linkedin.read_messages
            if detected.key == "linkedin-messages"
            else linkedin.read_invitations
        )
        yield from read(source.name, rows)
    elif detected.key == "linkedin-own":
        yield Skipped(source.name, 0, "", DESCRIPTIONS["linkedin-own"])
    elif detected.key == "vcard":
        yield from read_vcards(source)
    elif detected.key == "mbox":
        yield from read_mbox(source, emails)
    elif detected.key == "eml":
        yield from read_eml(source, emails)
    elif detected.key == "card":
        yield from card.read_card_photo(source)
    else:
        yield Skipped(source.name, 0, "", f"{detected.description}: nested too deep")


def _guarded(found: _Found, records: Iterator[Record]) -> Iterator[Record]:
    """Inside a folder or a zip, a file that breaks off is reported and the walk goes on."""
    in_zip = found.source is not None and found.source.path is None
    try:
        yield from records
        return
    except (UnrecognisedFile, ReadError) as exc:
        problem: RelaisError = exc
    except OSError as exc:
        problem = ReadError(found.name, exc.strerror or str(exc))
    except _ZIP_ERRORS as exc:
        if not in_zip:
            raise  # not a damaged archive: a bug to see
        problem = ReadError(found.name, str(exc))
    if found.alone:
        raise problem
    yield Skipped(found.name, 0, "", _reason(problem))


def _reason(exc: RelaisError) -> str:
    if isinstance(exc, UnrecognisedFile):
        return exc.recognised
    if isinstance(exc, ReadError):
        line = f" at line {exc.line}" if exc.line else ""
        return f"unreadable{line}: {exc.reason}"
    return str(exc)


def _options(
    workspace_emails: Collection[str],
    overrides: Mapping[str, str] | None,
    strict_overrides: bool = True,
) -> _Options:
    for target in (overrides or {}).values():
        parse_target(target)  # unknown fields are errors before anything is read
    return _Options(
        workspace_emails=frozenset(e.strip().lower() for e in workspace_emails),
        overrides=dict(overrides or {}),
        strict_overrides=strict_overrides,
    )


def read_path(
    path: str | Path,
    *,
    workspace_emails: Collection[str] = (),
    mapping_overrides: Mapping[str, str] | None = None,
    password: Callable[[], str] | None = None,
    strict_overrides: bool = True,
) -> Iterator[Record]:
    """Stream every record of a file, folder, zip or IMAP mailbox (an ``imap(s)://`` string).

    Raises UnrecognisedFile or ReadError for a single file that is not a contact file or
    cannot be read, and MappingError for an override naming an unknown field (or, for a single
    table, an unknown column); inside folders and zips such files become ``Skipped`` with
    record number 0. ``workspace_emails``: messages from these addresses give no signature.
    ``password``: for an IMAP mailbox, asked for when RELAIS_IMAP_PASSWORD is not set.
    ``strict_overrides=False``: an override naming a column a table lacks is ignored for that
    table (the caller checked it against all its sources: see ``columns_of``).
    """
    options = _options(workspace_emails, mapping_overrides, strict_overrides)
    if isinstance(path, str) and imap.is_imap_url(path):
        yield from imap.read_imap(
            path, password=password, workspace_emails=options.workspace_emails
        )
        return
    path = Path(path)
    for found in _walk(path):
        if found.problem:
            yield Skipped(found.name, 0, "", _reason(found.problem))
        else:
            yield from _guarded(found, _records(found, options))


def columns_of(path: str | Path) -> set[str]:
    """Folded names of every table column under ``path`` (headers only; unreadable sources and
    mailboxes give none), to check column overrides against several sources at once."""
    if isinstance(path, str) and imap.is_imap_url(path):
        return set()
    found_columns: set[str] = set()
    try:
        for preview in inspect_path(path, sample=0):
            if preview.mapping is not None:
                found_columns |= {fold(c.column) for c in preview.mapping.columns}
    except RelaisError:
        pass  # the import itself reports the source
    return found_columns


def inspect_path(
    path: str | Path,
    *,
    workspace_emails: Collection[str] = (),
    mapping_overrides: Mapping[str, str] | None = None,
    sample: int = 5,
    password: Callable[[], str] | None = None,
) -> Iterator[SourcePreview]:
    """Each source under ``path`` with its format, its column mapping and first records.

    Errors are those of ``read_path``.
    """
    options = _options(workspace_emails, mapping_overrides)
    if isinstance(path, str) and imap.is_imap_url(path):
        reading = imap.read_imap(
            path, password=password, workspace_emails=options.workspace_emails
        )
        with contextlib.closing(reading):  # logs out without reading the rest
            first = list(itertools.islice(reading, sample))
        name = first[0].source_name if first else imap.parse_url(path).name
        yield SourcePreview(name, "imap", imap.DESCRIPTION, None, first)
        return
    path = Path(path)
    for found in _walk(path):
        if found.problem or found.detected is None:
            yield SourcePreview(
                found.name, "", _reason(found.problem) if found.problem else ""
            )
            continue
        try:
            yield from _preview(found, options, sample)
        except (UnrecognisedFile, ReadError) as exc:
            if found.alone:
                raise
            yield SourcePreview(found.name, "", _reason(exc))


def _preview(found: _Found, options: _Options, sample: int) -> Iterator[SourcePreview]:
    assert found.detected is not None
    key, description = found.detected.key, found.detected.description
    if key not in _TABLE_KINDS:
        first = list(itertools.islice(_records(found, options), sample))
        yield SourcePreview(found.name, key, description, None, first)
        return
    for table in _tables(found, options):
        if isinstance(table, Skipped):
            yield SourcePreview(table.source_name, "", table.reason)
            continue
        first = list(itertools.islice(table.records(), sample))
        yield SourcePreview(table.source_name, key, description, table.mapping, first)
