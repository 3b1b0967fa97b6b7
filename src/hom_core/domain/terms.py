"""Terms and half terms (C1): their names, the dates a partnership records for a year, and the
concrete terms of a year; the "Burgundy Book" dates where none are recorded."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeGuard

import attrs

from hom_core.domain.years import AcademicYear
from hom_core.errors import InvalidValueError

__all__ = [
    "DateRange",
    "HalfTerm",
    "SchoolHalfTerm",
    "SchoolTerm",
    "Term",
    "TermDates",
    "check_day",
]

_ONE_DAY = timedelta(days=1)


class Term(enum.Enum):
    """One of the three terms of an English school year, in their order (C1)."""

    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"

    @property
    def number(self) -> int:
        """The term's place in the academic year: 1 (autumn), 2 (spring) or 3 (summer)."""
        return _TERM_NUMBERS[self]

    @property
    def half_terms(self) -> tuple[HalfTerm, HalfTerm]:
        """The term's two half terms: autumn has 1 and 2, spring 3 and 4, summer 5 and 6."""
        first = HalfTerm(2 * self.number - 1)
        return first, HalfTerm(first + 1)


class HalfTerm(enum.IntEnum):
    """A half term, numbered 1 to 6 through the academic year (C1): two in each term."""

    AUTUMN_1 = 1
    AUTUMN_2 = 2
    SPRING_1 = 3
    SPRING_2 = 4
    SUMMER_1 = 5
    SUMMER_2 = 6

    @property
    def term(self) -> Term:
        """The term this half term is part of."""
        return _TERMS[(self.value - 1) // 2]


_TERMS = tuple(Term)
_TERM_NUMBERS = {term: number for number, term in enumerate(_TERMS, start=1)}


# -- validation helpers ------------------------------------------------------------------------


def check_day(value: object, what: str) -> date:
    """``value`` if it is a date (not a datetime), else an :class:`InvalidValueError` naming
    ``what`` it was meant to be."""
    if not isinstance(value, date) or isinstance(value, datetime):
        hint = " (use its .date())" if isinstance(value, datetime) else ""
        raise InvalidValueError(
            f"{what} must be a date, not {type(value).__name__} {value!r}{hint}: "
            "pass a datetime.date such as date(2014, 9, 1)"
        )
    return value


def _is_day(value: object) -> TypeGuard[date]:
    """Whether ``value`` is a date (for ``in``); a datetime is an error, not a day."""
    if isinstance(value, datetime):
        check_day(value, "a day")
    return isinstance(value, date)


def _date_field(_: object, attribute: attrs.Attribute[date], value: date) -> None:
    check_day(value, attribute.name)


def _not_before_first(instance: Any, attribute: attrs.Attribute[date], value: date) -> None:
    check_day(value, attribute.name)
    if value < instance.first:
        raise InvalidValueError(
            f"a date range cannot end ({value}) before it starts ({instance.first}): give the "
            "first day, then the last day (both inclusive)"
        )


def _of_type(kind: type, example: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"{attribute.name} must be a {kind.__name__}, not {type(value).__name__} "
                f"{value!r}: pass one such as {example}"
            )

    return check


def _to_half_term(value: int) -> HalfTerm:
    if type(value) is HalfTerm:
        return value
    if type(value) is not int or not 1 <= value <= 6:
        raise InvalidValueError(
            f"{value!r} is not a half term: number half terms 1 to 6 through the academic year "
            "(autumn 1 and 2, spring 3 and 4, summer 5 and 6)"
        )
    return HalfTerm(value)


# -- date ranges and term dates ----------------------------------------------------------------


@attrs.frozen(order=True)
class DateRange:
    """The days from ``first`` to ``last``, both included; ``first <= last``."""

    first: date = attrs.field(validator=_date_field)
    last: date = attrs.field(validator=_not_before_first)

    def __contains__(self, day: object) -> bool:
        return _is_day(day) and self.first <= day <= self.last

    @property
    def days(self) -> int:
        """How many days the range holds (1 for a single day)."""
        return (self.last - self.first).days + 1

    def __str__(self) -> str:
        return f"{self.first} to {self.last}"


def _as_tuple(value: Iterable[DateRange]) -> tuple[DateRange, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"half_terms must be a tuple of six DateRange, not {type(value).__name__}: pass "
            "(DateRange(first, last), ...) for half terms 1 to 6 in order"
        )
    return tuple(value)


def _check_half_terms(
    instance: TermDates, _: attrs.Attribute[tuple[DateRange, ...]], value: tuple[DateRange, ...]
) -> None:
    year = instance.academic_year
    if len(value) != 6 or not all(isinstance(half, DateRange) for half in value):
        raise InvalidValueError(
            f"term dates of {year} need exactly six half terms as DateRange, got "
            f"{len(value)} items: give autumn 1 and 2, spring 3 and 4, summer 5 and 6 in order"
        )
    for number, (half, following) in enumerate(itertools.pairwise(value), start=1):
        if following.first <= half.last:
            raise InvalidValueError(
                f"term dates of {year}: half term {number + 1} starts on {following.first}, "
                f"before half term {number} ends on {half.last}: give the half terms in order, "
                "without overlaps"
            )
    earliest, latest = date(year.start, 8, 1), date(year.start, 9, 30)
    if not earliest <= value[0].first <= latest:
        raise InvalidValueError(
            f"term dates of {year} start on {value[0].first}: an academic year starts in August "
            f"or September of {year.start}; check the year or the first day of autumn 1"
        )
    if value[-1].last > year.last_day:
        raise InvalidValueError(
            f"term dates of {year} end on {value[-1].last}: an academic year ends by "
            f"{year.last_day}; check the year or the last day of summer 2"
        )


@attrs.frozen
class TermDates:
    """The dates of the six half terms of one academic year, as a partnership records them (C1).

    ``half_terms`` holds half terms 1 to 6 in order, without overlaps; the first starts in
    August or September of the year's first calendar year and the last ends by 31 August of the
    next. Gaps between them are holidays. A term runs from the first day of its first half term
    to the last day of its second. :meth:`default` gives the "Burgundy Book" dates.
    """

    academic_year: AcademicYear = attrs.field(
        validator=_of_type(AcademicYear, "AcademicYear(2014)")
    )
    half_terms: tuple[DateRange, ...] = attrs.field(
        converter=_as_tuple, validator=_check_half_terms
    )

    @classmethod
    def default(cls, academic_year: AcademicYear) -> TermDates:
        """The fixed-date "Burgundy Book" calendar of ``academic_year`` (C1)."""
        if not isinstance(academic_year, AcademicYear):
            raise InvalidValueError(
                f"{academic_year!r} is not an AcademicYear: pass one such as AcademicYear(2014)"
            )
        return _burgundy(academic_year)

    @property
    def first_day(self) -> date:
        """The first day of the autumn term."""
        return self.half_terms[0].first

    @property
    def last_day(self) -> date:
        """The last day of the summer term."""
        return self.half_terms[-1].last

    @property
    def terms(self) -> tuple[SchoolTerm, SchoolTerm, SchoolTerm]:
        """The three terms, each from its first half term's first day to its second's last."""
        halves = self.half_terms
        autumn, spring, summer = (
            SchoolTerm(self.academic_year, term, halves[2 * i].first, halves[2 * i + 1].last)
            for i, term in enumerate(_TERMS)
        )
        return autumn, spring, summer

    @property
    def school_half_terms(self) -> tuple[SchoolHalfTerm, ...]:
        """The six half terms as :class:`SchoolHalfTerm`, numbered 1 to 6."""
        return tuple(
            SchoolHalfTerm(self.academic_year, HalfTerm(number), half.first, half.last)
            for number, half in enumerate(self.half_terms, start=1)
        )

    def ending_before(self, day: date) -> TermDates:
        """These dates with the summer term cut short to end the day before ``day``."""
        last = self.half_terms[-1]
        return TermDates(
            self.academic_year, (*self.half_terms[:-1], DateRange(last.first, day - _ONE_DAY))
        )


@lru_cache(maxsize=256)
def _burgundy(academic_year: AcademicYear) -> TermDates:
    autumn, spring = academic_year.start, academic_year.start + 1
    splits = [
        date(autumn, 9, 1),
        date(autumn, 11, 1),
        date(spring, 1, 1),
        date(spring, 3, 1),
        date(spring, 5, 1),
        date(spring, 7, 1),
        date(spring, 9, 1),
    ]
    return TermDates(
        academic_year,
        tuple(
            DateRange(first, following - _ONE_DAY)
            for first, following in itertools.pairwise(splits)
        ),
    )


# -- concrete terms ----------------------------------------------------------------------------


def _term_number(term: Term) -> int:
    return term.number


class _Span:
    """The days from ``first`` to ``last``, both included: what a term and a half term share."""

    __slots__ = ()
    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return _is_day(day) and self.first <= day <= self.last

    @property
    def dates(self) -> DateRange:
        """The days as a :class:`DateRange`."""
        return DateRange(self.first, self.last)


@attrs.frozen(order=True)
class SchoolTerm(_Span):
    """One concrete term: its academic year, which term, and its first and last days.

    Terms order by academic year and then autumn, spring, summer. A term includes its half-term
    holiday.
    """

    academic_year: AcademicYear = attrs.field(
        validator=_of_type(AcademicYear, "AcademicYear(2014)")
    )
    term: Term = attrs.field(validator=_of_type(Term, "Term.AUTUMN"), order=_term_number)
    first: date = attrs.field(validator=_date_field)
    last: date = attrs.field(validator=_not_before_first)

    def __str__(self) -> str:
        return f"{self.term.value} term {self.academic_year} ({self.first} to {self.last})"


@attrs.frozen(order=True)
class SchoolHalfTerm(_Span):
    """One concrete half term: its academic year, its number 1 to 6, its first and last days.

    Half terms order by academic year and then number.
    """

    academic_year: AcademicYear = attrs.field(
        validator=_of_type(AcademicYear, "AcademicYear(2014)")
    )
    number: HalfTerm = attrs.field(converter=_to_half_term)
    first: date = attrs.field(validator=_date_field)
    last: date = attrs.field(validator=_not_before_first)

    @property
    def term(self) -> Term:
        """The term this half term is part of."""
        return self.number.term

    def __str__(self) -> str:
        return (
            f"half term {self.number.value} ({self.term.value}) {self.academic_year} "
            f"({self.first} to {self.last})"
        )
