"""Builtin plugin: CSV exporters for spreadsheets, ``members-csv``, ``contributions-csv`` and
``corrections-csv``.

- ``members-csv``: the members on the day (M4), one row each in order of joining, with the
  notice a member has given and its leaving date (M2);
- ``contributions-csv``: the contributions ledger (F1), one row per school and financial year,
  year by year;
- ``corrections-csv``: the facts of the record retracted or corrected by the day (R1), in the
  order it was done: sort or filter on ``corrected_on`` for what changed since a date.

Files are UTF-8, comma-separated with a header row and CRLF line ends (RFC 4180). Dates are ISO
(``2014-04-01``), money a plain decimal with two places (``412.50``), a missing value an empty
cell, and a forgotten person ``(forgotten)``.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@`` (or their fullwidth and
small forms, such as U+FF1D FULLWIDTH EQUALS SIGN) as a formula (CSV injection), and some skip
what comes before one: spaces of any kind, line breaks, a double quote, invisible formatting
characters. So every cell that begins with any of those is written with a ``'`` in front,
whatever follows (:func:`neutralise`); that includes a negative amount (``'-3.00``, a balance
overpaid).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import BinaryIO

from hom_core import Exporter, hookimpl
from hom_core.application import Partnership
from hom_plugins.exporters.rows import correction_rows, ledger, member_rows, plain

__all__ = [
    "CONTRIBUTION_COLUMNS",
    "CORRECTION_COLUMNS",
    "DANGEROUS_STARTS",
    "FORMULA_STARTS",
    "MEMBER_COLUMNS",
    "hom_exporters",
    "neutralise",
    "write_contributions",
    "write_corrections",
    "write_members",
    "write_rows",
]

FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
"""What a formula begins with: ``= + - @``, and their fullwidth (U+FF1D, U+FF0B, U+FF0D,
U+FF20) and small (U+FE66, U+FE62, U+FE63, U+FE6B) forms."""

_SKIPPED = (
    "".join(map(chr, [*range(0x00, 0x21), *range(0x7F, 0xA1)]))  # controls, space, NBSP
    + "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"  # spaces
    + "\u2028\u2029\u202f\u205f\u3000"  # line and paragraph separators, more spaces
    + "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    + "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"  # invisible format
    + '"\uff02\u201c\u201d\u201e\u2018\u2019'  # double quotes, typographic quotes
)

DANGEROUS_STARTS = tuple(dict.fromkeys(FORMULA_STARTS + _SKIPPED))
"""The first characters that make a spreadsheet read a cell as a formula, or that it may skip
before reading one (spaces, line breaks, quotes, invisible characters): a cell beginning with
any of them is written with a ``'`` in front."""

MEMBER_COLUMNS = (
    "member_id",
    "name",
    "kind",
    "urn",
    "joined_on",
    "head",
    "chair_of_governors",
    "notice_received_on",
    "leaves_on",
)
"""The header of ``members-csv``."""

CONTRIBUTION_COLUMNS = (
    "financial_year",
    "member_id",
    "name",
    "census_date",
    "fte",
    "rate",
    "months",
    "due",
    "adjustments",
    "owed",
    "paid",
    "balance",
    "due_on",
)
"""The header of ``contributions-csv``."""

CORRECTION_COLUMNS = (
    "corrected_on",
    "position",
    "event_type",
    "effective_date",
    "replaced",
    "reason",
    "by",
)
"""The header of ``corrections-csv``."""


def neutralise(cell: str) -> str:
    """``cell`` made safe for a spreadsheet: a ``'`` in front when it begins with a character of
    :data:`DANGEROUS_STARTS`, so it is shown as text and never run; any other cell unchanged."""
    return f"'{cell}" if cell.startswith(DANGEROUS_STARTS) else cell


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_rows(out: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``header`` and ``rows`` to ``out`` as UTF-8 CSV, every cell through
    :func:`neutralise` (``None`` is an empty cell, a date ISO)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([neutralise(_text(value)) for value in row])
    out.write(text.getvalue().encode())


def write_members(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """``members-csv``: the members on ``day`` (columns :data:`MEMBER_COLUMNS`)."""
    rows = [
        (
            row.member_id,
            row.name,
            row.kind,
            row.urn,
            row.joined_on,
            row.head,
            row.chair_of_governors,
            row.notice_received_on,
            row.leaves_on,
        )
        for row in member_rows(partnership.as_of(day))
    ]
    write_rows(out, MEMBER_COLUMNS, rows)


def write_contributions(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """``contributions-csv``: the ledger by school and financial year as of ``day`` (columns
    :data:`CONTRIBUTION_COLUMNS`)."""
    rows = [
        (
            year,
            row.member_id,
            row.name,
            row.census_date,
            row.fte,
            plain(row.rate),
            row.months,
            plain(row.due),
            plain(row.adjustments),
            plain(row.owed),
            plain(row.paid),
            plain(row.balance),
            row.due_on,
        )
        for year, row in ledger(partnership.as_of(day))
    ]
    write_rows(out, CONTRIBUTION_COLUMNS, rows)


def write_corrections(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """``corrections-csv``: the corrections made by ``day`` (columns
    :data:`CORRECTION_COLUMNS`)."""
    rows = [
        (
            row.corrected_on,
            row.position,
            row.event_type,
            row.effective_date,
            "yes" if row.replaced else "no",
            row.reason,
            row.by,
        )
        for row in correction_rows(partnership.as_of(day))
    ]
    write_rows(out, CORRECTION_COLUMNS, rows)


@hookimpl
def hom_exporters() -> list[Exporter]:
    """The ``members-csv``, ``contributions-csv`` and ``corrections-csv`` exporters."""
    media_type = "text/csv; charset=utf-8"
    return [
        Exporter("members-csv", media_type, ".csv", write_members, "the members on a day"),
        Exporter(
            "contributions-csv",
            media_type,
            ".csv",
            write_contributions,
            "the contributions ledger by school and financial year",
        ),
        Exporter(
            "corrections-csv",
            media_type,
            ".csv",
            write_corrections,
            "the facts of the record retracted or corrected by a day",
        ),
    ]
