"""What a partnership's record accepts where values enter it: the one place the range of dates
and the largest amounts are defined.

Dates
    Written ``YYYY-MM-DD`` and nothing else: four ASCII digits, a hyphen, two, a hyphen, two
    (``2015-03-02``). ISO 8601's other forms that Python would read (``2015-W10-1``, week
    dates; ``20150302``, the basic form) are refused, because a clerk who typed them meant
    something else more often than not. Every date entering the record lies from
    :data:`EARLIEST` (1900-01-01) to :data:`LATEST` (2199-12-31): no partnership of schools
    acts before 1900, nothing is planned two centuries ahead, and every date hom computes from
    one (a leaving date, the next review, the end of a financial year) stays a valid date that
    every export can show. A year outside is nearly always a typo (3016 for 2016).
Money and numbers
    An amount entering the record is at most :data:`MOST_MONEY` (£10,000,000,000) either way,
    and a whole number (a count of pupils, of terms, of days) at most :data:`MOST_NUMBER`
    (1,000,000,000) either way: larger ones are typos, and would overflow what is computed
    from them or run to thousands of digits in every report.
Text
    Every string must be Unicode text that UTF-8 can hold (no lone surrogates).

These bounds apply to commands (:class:`~hom_core.domain.partnership.Partnership` checks each
one before deciding it), to the lines of ``hom import`` and to the dates of ``hom``'s options.
Stored events are read as they were written, whatever their values: the value types and the
codec accept years 1 to 9998, so an old record always reads back.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from datetime import date, datetime
from typing import Any

import attrs

from hom_core.domain.values import Money
from hom_core.errors import InvalidValueError
from hom_core.jsontext import not_unicode, shown

__all__ = [
    "EARLIEST",
    "LATEST",
    "MOST_MONEY",
    "MOST_NUMBER",
    "check_date",
    "check_entry",
    "parse_date",
]

EARLIEST = date(1900, 1, 1)
"""The first date a partnership's record accepts."""

LATEST = date(2199, 12, 31)
"""The last date a partnership's record accepts."""

MOST_MONEY = Money(10**12)
"""The largest amount (either way) a partnership's record accepts: £10,000,000,000.00."""

MOST_NUMBER = 10**9
"""The largest whole number (either way) a partnership's record accepts."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str, what: str = "a date") -> date:
    """The date ``text`` writes as ``YYYY-MM-DD``, within :data:`EARLIEST`-:data:`LATEST`;
    an :class:`~hom_core.errors.InvalidValueError` naming ``what`` otherwise."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise InvalidValueError(
            f"{what} {shown(text, 40)} is not a date: write YYYY-MM-DD, such as 2015-03-02"
        )
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise InvalidValueError(
            f"{what} {text!r} is not a date: write YYYY-MM-DD, such as 2015-03-02 ({error})"
        ) from None
    return check_date(day, what)


def check_date(day: date, what: str = "a date") -> date:
    """``day``, if it lies from :data:`EARLIEST` to :data:`LATEST`; else an
    :class:`~hom_core.errors.InvalidValueError` naming ``what`` and the range."""
    if not EARLIEST <= day <= LATEST:
        raise InvalidValueError(
            f"{what} {day.isoformat()} is outside the dates a partnership's record holds, "
            f"{EARLIEST.isoformat()} to {LATEST.isoformat()}: check the year"
        )
    return day


def check_entry(value: object, what: str) -> None:
    """Check every date, amount and string in ``value`` (a command or an event, through its
    attrs fields, tuples, lists, sets and dicts) against the bounds above; an
    :class:`~hom_core.errors.InvalidValueError` naming the first field outside them."""
    pending: deque[tuple[str, Any]] = deque([(what, value)])
    while pending:
        path, item = pending.popleft()
        if isinstance(item, str):
            problem = not_unicode(item)
            if problem is not None:
                raise InvalidValueError(f"{path} holds {problem}")
        elif isinstance(item, date):
            check_date(item.date() if isinstance(item, datetime) else item, path)
        elif isinstance(item, Money):
            if abs(item) > MOST_MONEY:
                raise InvalidValueError(
                    f"{path} is more than {MOST_MONEY} either way: check the amount"
                )
        elif isinstance(item, int) and not isinstance(item, bool | enum.Enum):
            if abs(item) > MOST_NUMBER:
                raise InvalidValueError(
                    f"{path} is more than {MOST_NUMBER:,} either way: check the number"
                )
        elif attrs.has(type(item)):
            pending.extend(
                (f"{path}.{field.name}", getattr(item, field.name))
                for field in attrs.fields(type(item))
            )
        elif isinstance(item, dict):
            pending.extend((f"{path}[{key!r}]", each) for key, each in item.items())
            pending.extend((f"{path} key", key) for key in item)
        elif isinstance(item, tuple | list | set | frozenset):
            pending.extend((f"{path}[{index}]", each) for index, each in enumerate(item))
