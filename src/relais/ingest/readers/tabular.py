"""Tables of contacts: CSV in any usual dialect and encoding, and XLSX workbooks.

Trade-show lists, ERP and emailing-tool exports, Google, Outlook and LinkedIn CSVs all go
through here; they differ only in how their columns are mapped (``mapping.propose`` for
unknown tables, a fixed table for known exports). Rows stream: the csv module reads a text
stream and openpyxl reads workbooks in read-only mode, so a million rows are never in memory.

The header is the row among the first 30 whose cells best read as contact column names, so
title rows and blank lines above it are skipped. Record n is the n-th row under the header,
blank rows included, so that "record 12" is spreadsheet row header + 12.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence

from . import mapping as mapping_module
from . import values
from .errors import ReadError, UnrecognisedFile
from .mapping import ColumnMapping
from .records import PersonRecord, Record, Skipped
from .rows import compile_rows
from .sources import FileSource
from .textfile import decode_head, open_text

HEADER_SEARCH = 30
# A table of contacts has at least one column saying who someone is.
IDENTITY = {
    "first_name", "last_name", "full_name", "display_name", "organisation", "email", "phone",
    "linkedin",
}  # fmt: skip
SAMPLE_ROWS = 50
_DELIMITERS = ",;\t|"

MappingFactory = Callable[[Sequence[str], Sequence[Sequence[str]]], ColumnMapping]
RecordHook = Callable[[PersonRecord], None]

csv.field_size_limit(16 * 1024 * 1024)


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most rows of one same width.

    csv.Sniffer guesses wrong on short or irregular samples; counting is dependable.
    """
    lines = [line for line in sample.splitlines()[:40] if line.strip()]
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        counts = [w for w in widths if w > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) * 100 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def find_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the header row among ``rows``, or None if no row reads as one."""
    best, best_score = None, 0.0
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        cells = [values.clean(c) for c in row]
        if any(values.looks_like_email(c) for c in cells):
            continue
        exact = mapping_module.header_score(cells)
        partial = sum(1 for c in cells if c and mapping_module.from_header(c)[1] > 0)
        score = exact + 0.5 * (partial - exact)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= 1 else None


class _Lines:
    """The text's lines, keeping those of the row being read (for ``_unclosed_quote``)."""

    def __init__(self, text: Iterable[str]) -> None:
        self.text = iter(text)
        self.current: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.text)
        self.current.append(line)
        return line


def _unclosed_quote(lines: list[str], delimiter: str) -> bool:
    """A row over several lines whose quote never closes: the csv module, lenient, would
    otherwise return every following line as one value, and those rows would be lost."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def csv_rows(source: FileSource, encoding: str, head: bytes) -> Iterator[list[str]]:
    delimiter = sniff_delimiter(decode_head(head, encoding))
    with open_text(source, encoding) as text:
        lines = _Lines(text)
        reader = csv.reader(lines, delimiter=delimiter)
        start = 1  # line where the row being read starts
        while True:
            lines.current = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reason = f"unreadable CSV from this line on ({exc})"
                raise ReadError(source.name, reason, start) from None
            if len(lines.current) > 1 and _unclosed_quote(lines.current, delimiter):
                reason = (
                    f"a quote opened on line {start} is never closed: the "
                    f"{len(lines.current)} lines from there to the end were not imported"
                )
                raise ReadError(source.name, reason, start)
            yield row
            start = reader.line_num + 1


def _sheet_rows(name: str, sheet: object) -> Iterator[list[str]]:
    try:
        for row in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
            yield [values.clean(c) for c in row]
    except Exception as exc:  # openpyxl raises many kinds of errors on damage
        raise ReadError(name, f"unreadable worksheet ({exc})") from None


class Table:
    """A header found in a stream of rows, its column mapping, and its data rows as records.

    Building a Table reads only up to the header and a sample of rows (for content sniffing);
    ``records()`` streams the rest.
    """

    def __init__(
        self,
        source_name: str,
        rows: Iterable[Sequence[str]],
        propose: MappingFactory = mapping_module.propose,
        *,
        overrides: Mapping[str, str] | None = None,
        strict: bool = False,
        hook: RecordHook | None = None,
    ) -> None:
        self.source_name = source_name
        self._rows = iter(rows)
        self._error: ReadError | None = None  # met while sampling: raised in its turn
        top = self._take(HEADER_SEARCH)
        index = find_header(top)
        if index is None:
            if self._error:
                raise self._error
            raise UnrecognisedFile(
                source_name, "a table with no header row of contact columns"
            )
        self.header = [values.clean(c) for c in top[index]]
        self._buffer = top[index + 1 :]
        self._buffer += self._take(SAMPLE_ROWS - len(self._buffer))
        sample = [[values.clean(c) for c in row] for row in self._buffer]
        self.mapping = propose(self.header, sample).with_overrides(
            overrides or {}, strict=strict
        )
        if not any(c.target.field in IDENTITY for c in self.mapping.columns):
            columns = ", ".join(h for h in self.header if h)
            raise UnrecognisedFile(
                source_name,
                f"a table with no column of names, emails, phones or organisations "
                f"(columns: {columns})",
            )
        self._hook = hook
        self._used = False

    def _take(self, count: int) -> list[Sequence[str]]:
        taken: list[Sequence[str]] = []
        if self._error or count <= 0:
            return taken
        try:
            for row in self._rows:
                taken.append(row)
                if len(taken) == count:
                    break
        except ReadError as exc:
            self._error = exc
        return taken

    def _rest(self) -> Iterator[Sequence[str]]:
        if self._error:
            raise self._error
        yield from self._rows

    def records(self) -> Iterator[Record]:
        """Records of the data rows, once: the rows are a stream."""
        if self._used:
            raise RuntimeError("Table.records() can be iterated only once.")
        self._used = True
        header = self.header
        rows = itertools.chain(self._buffer, self._rest())
        build = compile_rows(self.mapping, self.source_name)
        for number, row in enumerate(rows, start=1):
            if row and row[0] == header[0] and [values.clean(c) for c in row] == header:
                yield Skipped(self.source_name, number, "", "the header row again")
                continue
            for item in build(row, number):
                if self._hook and isinstance(item, PersonRecord):
                    self._hook(item)
                yield item


def open_csv(
    source: FileSource,
    encoding: str,
    head: bytes,
    propose: MappingFactory = mapping_module.propose,
    *,
    overrides: Mapping[str, str] | None = None,
    strict: bool = False,
    hook: RecordHook | None = None,
) -> Table:
    rows = csv_rows(source, encoding, head)
    return Table(
        source.name, rows, propose, overrides=overrides, strict=strict, hook=hook
    )


def xlsx_tables(
    source: FileSource,
    *,
    overrides: Mapping[str, str] | None = None,
    strict: bool = False,
) -> Generator[Table | Skipped, None, None]:
    """A Table per worksheet; with several sheets, each is a source named 'book.xlsx[Sheet]'.

    Exhaust each table's records before asking for the next: the workbook closes at the end.
    """
    import openpyxl

    with source.open_seekable() as stream:
        try:
            book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of errors
            raise ReadError(source.name, f"unreadable workbook ({exc})") from None
        try:
            sheets = book.worksheets
            for sheet in sheets:
                name = (
                    f"{source.name}[{sheet.title}]" if len(sheets) > 1 else source.name
                )
                rows = _sheet_rows(source.name, sheet)
                try:
                    # With several sheets, a chosen column need only be in some of them.
                    alone = strict and len(sheets) == 1
                    table = Table(name, rows, overrides=overrides, strict=alone)
                except UnrecognisedFile:
                    if len(sheets) == 1:
                        raise
                    yield Skipped(name, 0, "", "no header row of contact columns")
                    continue
                yield table
        finally:
            book.close()
