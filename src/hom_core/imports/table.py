"""Rows of a spreadsheet (CSV or XLSX), each cell known by its file, line and column.

A :class:`Table` reads the header row, finds the columns an import needs by name (case, spaces
and underscores aside; each column may have several accepted names), and hands out
:class:`Row`\\ s whose cells are read with a converter. Whatever is wrong in a cell is one
:class:`~hom_core.errors.UsageError` naming the place, as a spreadsheet shows it, and what to
write instead::

    census.csv:4: column D (full_time): '41a' is not a whole number: write the number of
    full-time pupils, such as 412

openpyxl (the ``xlsx`` extra) is imported only to read a ``.xlsx`` file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import attrs

from hom_core.domain.bounds import MOST_NUMBER, check_date
from hom_core.errors import HomError, UsageError

__all__ = ["Column", "Row", "Table", "column_letter", "place", "read_count", "read_date"]

T = TypeVar("T")


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column counted from 0: ``0`` is ``A``, ``27`` is ``AB``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def place(source: str, line: int, column: str | None = None) -> str:
    """Where a problem is: ``census.csv:4`` or ``census.csv:4: column D (fte)``."""
    return f"{source}:{line}" + (f": column {column}" if column else "")


@attrs.frozen
class Column:
    """A column an import reads: its ``name`` in messages, the header ``aliases`` it accepts
    (compared without case, spaces or underscores), and whether it is ``required``."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def matches(self, header: str) -> bool:
        """Does a header cell name this column?"""
        return _key(header) in {_key(self.name), *map(_key, self.aliases)}


def _key(header: str) -> str:
    return re.sub(r"[\s_]+", "", header).casefold()


@attrs.frozen
class Row:
    """One row of a table: its line (the spreadsheet's row number) and its cells by column."""

    source: str
    line: int
    cells: Mapping[str, Any]
    letters: Mapping[str, str]
    headers: Mapping[str, str]

    def has(self, column: str) -> bool:
        """Does the row have a value (not blank) in ``column``?"""
        value = self.cells.get(column)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def where(self, column: str | None = None) -> str:
        """The place of the row, or of one of its cells, as messages name it."""
        if column is None:
            return place(self.source, self.line)
        return place(self.source, self.line, f"{self.letters[column]} ({self.headers[column]})")

    def read(self, column: str, convert: Callable[[Any], T], fix: str) -> T:
        """The cell of ``column`` read by ``convert``; a blank or unreadable cell is a
        :class:`UsageError` at its place, saying ``fix``."""
        value = self.cells.get(column)
        if not self.has(column):
            raise UsageError(f"{self.where(column)}: the cell is empty: {fix}")
        try:
            return convert(value.strip() if isinstance(value, str) else value)
        except (HomError, ValueError, TypeError, ArithmeticError) as error:
            shown = value if not isinstance(value, str) else value.strip()
            raise UsageError(f"{self.where(column)}: {shown!r} {_why(error)}: {fix}") from None

    def text(self) -> str:
        """The row's cells as one line of text, for an idempotency key."""
        return "\x1f".join(str(value) for value in self.cells.values())


def _why(error: Exception) -> str:
    message = str(error).split(":")[0].strip()
    return f"is not valid ({message})" if message else "is not valid"


class Table:
    """The rows of a CSV or XLSX file under a header row, with the columns an import reads.

    ``encoding`` applies to CSV (``utf-8-sig`` reads UTF-8 with or without a byte-order mark;
    GIAS publishes ``cp1252``); ``sheet`` names an XLSX sheet (default the first).
    """

    def __init__(
        self,
        path: Path,
        columns: Sequence[Column],
        *,
        encoding: str = "utf-8-sig",
        sheet: str | None = None,
    ) -> None:
        self.path = path
        self.source = path.name
        self.columns = tuple(columns)
        lines = _xlsx_lines(path, sheet) if path.suffix.lower() == ".xlsx" else None
        self._lines = iter(lines if lines is not None else _csv_lines(path, encoding))
        self.header_line, header = next(self._lines, (1, []))
        self.found: dict[str, int] = {}
        """The columns found in the header row, by name, with their index."""
        for column in self.columns:
            index = next((i for i, cell in enumerate(header) if column.matches(str(cell))), None)
            if index is not None:
                self.found[column.name] = index
            elif column.required:
                raise self.missing(column.name, *column.aliases)
        self._letters = {name: column_letter(index) for name, index in self.found.items()}
        self._headers = {name: str(header[index]) for name, index in self.found.items()}

    def missing(self, *names: str) -> UsageError:
        """The error for a header row without any of the columns ``names``."""
        wanted = " or ".join(repr(name) for name in names)
        return UsageError(
            f"{place(self.source, self.header_line)}: no column {wanted} in the header row: "
            "add it (the first row names the columns)"
        )

    def rows(self) -> Iterator[Row]:
        """The rows under the header, blank ones skipped."""
        for line, cells in self._lines:
            values = {name: cells[i] if i < len(cells) else None for name, i in self.found.items()}
            if any(value not in (None, "") for value in cells):
                yield Row(self.source, line, values, self._letters, self._headers)


def _csv_lines(path: Path, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            start = 1
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{path.name}: byte {error.start} is not {encoding}: save the file as {encoding} "
            "(or give --encoding, such as cp1252 for a GIAS extract)"
        ) from None
    except csv.Error as error:
        raise UsageError(f"{path.name}: not a CSV file ({error}): save it as CSV") from None


def _xlsx_lines(path: Path, sheet: str | None) -> list[tuple[int, list[Any]]]:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            f"{path.name}: reading .xlsx needs openpyxl: pip install 'hom[xlsx]', or save the "
            "sheet as CSV"
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UsageError(f"{path.name}: not an XLSX workbook ({error})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(
                f"{path.name}: no sheet {sheet!r}: the sheets are {', '.join(book.sheetnames)}"
            )
        rows = book[sheet] if sheet is not None else book.worksheets[0]
        return [
            (number, [_xlsx_value(value) for value in values])
            for number, values in enumerate(rows.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def read_date(value: Any) -> date:
    """A date cell: a spreadsheet date, ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the UK's order),
    within the dates a record holds (:mod:`hom_core.domain.bounds`)."""
    if isinstance(value, datetime):
        return check_date(value.date(), "the date")
    if isinstance(value, date):
        return check_date(value, "the date")
    text = str(value).strip()
    uk = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    if uk:
        return check_date(date(int(uk[3]), int(uk[2]), int(uk[1])), "the date")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError("not a date: write YYYY-MM-DD or DD/MM/YYYY")
    return check_date(date.fromisoformat(text), "the date")


def read_count(value: Any) -> int:
    """A whole number of pupils: ``412``, ``"412"``, or a spreadsheet's ``412.0``."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    count: int
    if isinstance(value, int):
        count = value
    else:
        text = str(value).strip().replace(",", "")
        if not text.isascii() or not text.isdigit():
            raise ValueError("not a whole number")
        count = int(text)
    if not 0 <= count <= MOST_NUMBER:
        raise ValueError(f"not from 0 to {MOST_NUMBER:,}")
    return count
