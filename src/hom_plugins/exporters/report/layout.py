"""What the report's writers share: how a date and a chart value are written, and which table
columns hold numbers (set flush right)."""

from __future__ import annotations

import math
import re
from datetime import date

from hom_core.report import Table

__all__ = ["CURRENCY_SYMBOLS", "format_value", "long_date", "numeric_columns", "value_title"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CURRENCY_SYMBOLS = frozenset("£$€")
"""Chart units written in front of the value (``£1,500.00``) rather than after it."""

_NUMBER = re.compile(r"-?[£$€]?[0-9][0-9,]*(\.[0-9]+)?%?")


def long_date(day: date) -> str:
    """A date as a governor reads it, in any locale: ``"2 March 2015"``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_value(value: float, unit: str = "", *, tick: bool = False) -> str:
    """A chart value with its unit: ``"£1,234.50"``, ``"6 members"``, ``"1 member"``, ``"201.5"``.

    An amount of money has two decimal places; other numbers at most two, without trailing
    zeros. ``tick=True`` writes an axis label: money without pence when whole, no unit word.
    A value that is not a finite number is written as Python writes it (``"nan"``).
    """
    if not math.isfinite(value):
        return str(value)
    value = 0.0 if value == 0 else value  # never "-0"
    if unit in CURRENCY_SYMBOLS:
        places = 0 if tick and value == int(value) else 2
        text = f"{unit}{abs(value):,.{places}f}"
        return f"-{text}" if value < 0 else text
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if value == 1:
        unit = _singular(unit)
    return f"{text} {unit}" if unit and not tick else text


def _singular(unit: str) -> str:
    """One of ``unit``: ``member`` of ``members``, ``enquiry`` of ``enquiries``."""
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith(("sses", "ches", "shes", "xes")):
        return unit[:-2]
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def value_title(unit: str) -> str:
    """The title of a chart's value axis (or value column) for ``unit``: ``"Amount (£)"``,
    ``"Members"``, or ``"Value"`` without a unit."""
    if unit in CURRENCY_SYMBOLS:
        return f"Amount ({unit})"
    return unit[:1].upper() + unit[1:] if unit else "Value"


def numeric_columns(table: Table) -> frozenset[int]:
    """The columns whose filled cells all read as numbers or amounts (``£1,234.50``, ``201.5``,
    ``12``), and that have at least one filled cell."""
    columns = set()
    for index in range(len(table.header)):
        cells = [row[index] for row in table.rows if row[index]]
        if cells and all(_NUMBER.fullmatch(cell) for cell in cells):
            columns.add(index)
    return frozenset(columns)
