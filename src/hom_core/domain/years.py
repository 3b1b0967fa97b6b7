"""Academic and financial years (C3, F2), named by the year they start in.

Years run from 1 to 9998 (so that the year after each is still a :class:`~datetime.date`) and
are always written with four digits, zero-padded as ISO 8601 dates are: ``AcademicYear(999)``
is ``"0999/00"`` and ``FinancialYear(1, 1)`` is ``"0001 (Jan)"``, so every year reads back.
Years 1000 to 9998 are written as they always were.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import attrs

from hom_core.errors import InvalidValueError

__all__ = ["AcademicYear", "FinancialYear"]

_MIN_YEAR = 1
_MAX_YEAR = 9998  # so that the year after it is still a date


def _four_digits(year: int) -> str:
    """``year`` as the four digits of an ISO 8601 date (``"0999"``), which parsing demands."""
    return f"{year:04d}"


def _check_year(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or not _MIN_YEAR <= value <= _MAX_YEAR:
        raise InvalidValueError(
            f"{attribute.name} {value!r} is not a year: give the calendar year as an int "
            f"between {_MIN_YEAR} and {_MAX_YEAR}, such as 2014"
        )


_ACADEMIC_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


@attrs.frozen(order=True)
class AcademicYear:
    """A school year, named by the calendar year it starts in: ``AcademicYear(2013)`` is 2013/14.

    Without a calendar it runs 1 September to 31 August; a school's own calendar may start it a
    few days earlier or later (see :meth:`hom_core.domain.calendar.Calendar.academic_year_of`).
    """

    start: int = attrs.field(validator=_check_year)

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        """The year ``text`` names, written as ``str`` writes it: ``"2013/14"``, ``"0999/00"``."""
        found = _ACADEMIC_YEAR.fullmatch(text) if isinstance(text, str) else None
        if found is None or int(found[2]) != (int(found[1]) + 1) % 100:
            raise InvalidValueError(
                f"{text!r} is not an academic year: write the year it starts and the last two "
                "digits of the next, such as '2013/14'"
            )
        return cls(int(found[1]))

    @classmethod
    def of(cls, day: date) -> AcademicYear:
        """The academic year ``day`` falls in, taking years to start on 1 September."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def first_day(self) -> date:
        """1 September of the year it starts in (without a calendar)."""
        return date(self.start, 9, 1)

    @property
    def last_day(self) -> date:
        """31 August of the year it ends in (without a calendar)."""
        return date(self.start + 1, 8, 31)

    def next(self) -> AcademicYear:
        """The academic year after this one."""
        return AcademicYear(self.start + 1)

    def previous(self) -> AcademicYear:
        """The academic year before this one."""
        return AcademicYear(self.start - 1)

    def __str__(self) -> str:
        return f"{_four_digits(self.start)}/{(self.start + 1) % 100:02d}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?: \(([A-Z][a-z]{2})\))?")


def _check_month(_: object, __: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        raise InvalidValueError(
            f"start_month {value!r} is not a month: give 1 to 12 (4 for 1 April, the default; "
            "9 for academies' 1 September)"
        )


@attrs.frozen(order=True)
class FinancialYear:
    """A financial year, starting on the 1st of ``start_month`` in calendar year ``start``.

    By default 1 April to 31 March, as for maintained schools (F2): ``FinancialYear(2014)`` is
    1 April 2014 - 31 March 2015, shown ``"2014-15"``. Academies run 1 September - 31 August
    (C3): ``FinancialYear(2014, 9)``, shown ``"2014-15 (Sep)"``; which one a member uses is a
    policy of the partnership. Any other start month is shown with its month the same way, but
    a year starting in January lies in one calendar year and is shown ``"2014 (Jan)"``. ``str``
    is the form events store and :meth:`parse` reads.
    """

    start: int = attrs.field(validator=_check_year)
    start_month: int = attrs.field(default=4, validator=_check_month)

    @classmethod
    def of(cls, day: date, start_month: int = 4) -> FinancialYear:
        """The financial year starting on the 1st of ``start_month`` that ``day`` falls in."""
        _check_month(None, None, start_month)
        return cls(day.year if day.month >= start_month else day.year - 1, start_month)

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """The year ``text`` names, as ``str`` writes it: ``"2014-15"``, ``"2014-15 (Sep)"``."""
        found = _FINANCIAL_YEAR.fullmatch(text) if isinstance(text, str) else None
        if found is not None and found[3] in (None, *_MONTHS):
            month = 4 if found[3] is None else _MONTHS.index(found[3]) + 1
            year = cls(int(found[1]), month)
            if str(year) == text:  # the one way of writing it: no "(Apr)", the right "-15"
                return year
        raise InvalidValueError(
            f"{text!r} is not a financial year: write the year it starts and the last two digits "
            "of the next, such as '2014-15' (1 April), or '2014-15 (Sep)' for a year starting "
            "1 September"
        )

    @property
    def first_day(self) -> date:
        """The day the year starts: 1 April ``start`` by default."""
        return date(self.start, self.start_month, 1)

    @property
    def last_day(self) -> date:
        """The day the year ends: 31 March ``start + 1`` by default (also for the last year,
        9998, whose next year cannot be built)."""
        return date(self.start + 1, self.start_month, 1) - timedelta(days=1)

    @property
    def census_year(self) -> int:
        """The calendar year of the January census that sets this year's contribution (F1, F2).

        The contribution is payable at the start of the year (F1), so it comes from the last
        January census taken before the year starts. For an April year starting in Y that is
        the census of January Y (the F2 default). For a September year starting 1 Sep Y it is
        January Y too: the census of January Y + 1 falls inside the year, after payment is due.
        The same holds for any start month from February to December; a year starting
        1 January Y precedes that month's census, so its census is January Y - 1.
        """
        return self.start if self.start_month > 1 else self.start - 1

    def next(self) -> FinancialYear:
        """The financial year after this one, with the same start month."""
        return FinancialYear(self.start + 1, self.start_month)

    def previous(self) -> FinancialYear:
        """The financial year before this one, with the same start month."""
        return FinancialYear(self.start - 1, self.start_month)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            raise InvalidValueError(
                f"{day!r} is a datetime: ask whether a date is in a financial year (use .date())"
            )
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        start = _four_digits(self.start)
        if self.start_month == 1:
            return f"{start} (Jan)"
        label = f"{start}-{(self.start + 1) % 100:02d}"
        return label if self.start_month == 4 else f"{label} ({_MONTHS[self.start_month - 1]})"
