"""School terms (C1) and the date rules computed from them (M2, support lasting N terms).

English schools have three terms a year, autumn, spring and summer, each split into two half
terms numbered 1 to 6. Real dates differ by local authority and by school, so a partnership may
record its own :class:`TermDates` for an academic year; for every year it has not recorded, the
:class:`Calendar` falls back to the fixed-date "Burgundy Book" calendar of teachers' contracts:

=========  ==================  ============================================
term       half terms          dates
=========  ==================  ============================================
autumn     1, 2                1 Sep - 31 Oct, 1 Nov - 31 Dec
spring     3, 4                1 Jan - 28/29 Feb, 1 Mar - 30 Apr
summer     5, 6                1 May - 30 Jun, 1 Jul - 31 Aug
=========  ==================  ============================================

With recorded dates a day may fall in no term (a holiday between terms) or in a term but in no
half term (the half-term holiday: a term runs from the first day of its first half term to the
last day of its second, holiday included).

An academic year runs from the first day of its first term to the day before the next year's
first term starts (as "school year" is defined in the Education Act 1996, s. 579), so every day
belongs to exactly one academic year, summer holiday included. A recorded year must start in
August or September and end by 31 August; where a recorded year starts in August, the default
year before it ends the day before.

Every date rule is computed from a calendar, never from hard-coded months (C1).

The terms, their recorded dates and the default ones are :mod:`~hom_core.domain.terms`'s; this
module is the :class:`Calendar` that holds them and the date rules computed from it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs
import cattrs

from hom_core.domain import values
from hom_core.domain.terms import (
    DateRange,
    HalfTerm,
    SchoolHalfTerm,
    SchoolTerm,
    Term,
    TermDates,
    check_day,
)
from hom_core.domain.years import AcademicYear
from hom_core.errors import InvalidValueError

__all__ = [
    "Calendar",
    "DateRange",
    "HalfTerm",
    "SchoolHalfTerm",
    "SchoolTerm",
    "Term",
    "TermDates",
    "configure_converter",
    "end_after_terms",
    "leaving_date_full_term",
]

# -- the calendar ------------------------------------------------------------------------------


def _recorded(value: Iterable[TermDates]) -> tuple[TermDates, ...]:
    by_year: dict[AcademicYear, TermDates] = {}
    for term_dates in value:
        if not isinstance(term_dates, TermDates):
            raise InvalidValueError(
                f"a calendar is built from TermDates, not {type(term_dates).__name__} "
                f"{term_dates!r}: pass TermDates(academic_year, half_terms) for each year"
            )
        if term_dates.academic_year in by_year:
            raise InvalidValueError(
                f"term dates of {term_dates.academic_year} are given twice: give each year once, "
                "or use Calendar.with_term_dates to replace a year's dates"
            )
        by_year[term_dates.academic_year] = term_dates
    return tuple(sorted(by_year.values(), key=lambda term_dates: term_dates.academic_year))


@attrs.frozen
class Calendar:
    """A partnership's school calendar: its recorded :class:`TermDates`, by academic year, and
    the "Burgundy Book" default for every year it has not recorded (C1). Immutable.

    ``Calendar()`` is the default calendar; ``calendar.with_term_dates(dates)`` is a new one
    with a year recorded (or recorded again). Consecutive recorded years must not overlap.

    A term passed to a method is looked up by its academic year and :class:`Term`, so a
    :class:`SchoolTerm` from another calendar means the same term in this one.
    """

    recorded: tuple[TermDates, ...] = attrs.field(default=(), converter=_recorded)
    _years: dict[AcademicYear, TermDates] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _terms: dict[AcademicYear, tuple[SchoolTerm, SchoolTerm, SchoolTerm]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        years = {term_dates.academic_year: term_dates for term_dates in self.recorded}
        for earlier, later in itertools.pairwise(self.recorded):
            if later.academic_year == earlier.academic_year.next() and (
                later.first_day <= earlier.last_day
            ):
                raise InvalidValueError(
                    f"term dates of {later.academic_year} start on {later.first_day}, before "
                    f"{earlier.academic_year} ends on {earlier.last_day}: end the summer term "
                    "before the next autumn term starts"
                )
        object.__setattr__(self, "_years", years)
        object.__setattr__(self, "_terms", {})

    def with_term_dates(self, term_dates: TermDates) -> Calendar:
        """A new calendar with ``term_dates`` recorded for its year, replacing any before."""
        if not isinstance(term_dates, TermDates):
            raise InvalidValueError(
                f"with_term_dates takes TermDates, not {type(term_dates).__name__}: pass "
                "TermDates(academic_year, half_terms)"
            )
        kept = (dates for dates in self.recorded if dates.academic_year != term_dates.academic_year)
        return Calendar((*kept, term_dates))

    def is_recorded(self, academic_year: AcademicYear) -> bool:
        """Whether the partnership recorded the term dates of ``academic_year``."""
        return academic_year in self._years

    def term_dates(self, academic_year: AcademicYear) -> TermDates:
        """The term dates of ``academic_year``: recorded, or else the default ones.

        A default year followed by a recorded year that starts in August ends the day before it.
        """
        recorded = self._years.get(academic_year)
        if recorded is not None:
            return recorded
        dates = TermDates.default(academic_year)
        following = self._years.get(academic_year.next())
        if following is not None and following.first_day <= dates.last_day:
            dates = dates.ending_before(following.first_day)
        return dates

    def terms(self, academic_year: AcademicYear) -> tuple[SchoolTerm, SchoolTerm, SchoolTerm]:
        """The autumn, spring and summer terms of ``academic_year``."""
        terms = self._terms.get(academic_year)
        if terms is None:
            terms = self._terms[academic_year] = self.term_dates(academic_year).terms
        return terms

    def half_terms(self, academic_year: AcademicYear) -> tuple[SchoolHalfTerm, ...]:
        """The six half terms of ``academic_year``, numbered 1 to 6."""
        return self.term_dates(academic_year).school_half_terms

    def term(self, academic_year: AcademicYear, term: Term) -> SchoolTerm:
        """The ``term`` (autumn, spring or summer) of ``academic_year``."""
        return self.terms(academic_year)[term.number - 1]

    def academic_year_of(self, day: date) -> AcademicYear:
        """The academic year ``day`` belongs to: the last one whose first term began by ``day``.

        Holidays belong to the year before them: with a recorded autumn term starting
        3 September 2014, 1 September 2014 is still in 2013/14.
        """
        check_day(day, "day")
        year = AcademicYear.of(day)
        if day < self.term_dates(year).first_day:
            return year.previous()
        following = year.next()
        if day >= self.term_dates(following).first_day:
            return following
        return year

    def term_on(self, day: date) -> SchoolTerm | None:
        """The term ``day`` falls in, or ``None`` if it falls in a holiday between terms."""
        for term in self.terms(self.academic_year_of(day)):
            if term.first <= day <= term.last:
                return term
        return None

    def half_term_on(self, day: date) -> SchoolHalfTerm | None:
        """The half term ``day`` falls in, or ``None`` in a holiday (half-term holidays too)."""
        for half_term in self.half_terms(self.academic_year_of(day)):
            if half_term.first <= day <= half_term.last:
                return half_term
        return None

    def term_on_or_after(self, day: date) -> SchoolTerm:
        """The term ``day`` falls in or, in a holiday, the first term after it."""
        year = self.academic_year_of(day)
        for term in (*self.terms(year), *self.terms(year.next())):
            if day <= term.last:
                return term
        raise AssertionError("unreachable: the next academic year starts after day")

    def first_term_starting_on_or_after(self, day: date) -> SchoolTerm:
        """The first term whose first day is ``day`` or later."""
        year = self.academic_year_of(day)
        for term in (*self.terms(year), *self.terms(year.next())):
            if term.first >= day:
                return term
        raise AssertionError("unreachable: the next academic year starts after day")

    def next_term(self, term: SchoolTerm) -> SchoolTerm:
        """The term after ``term``: summer is followed by the next year's autumn term."""
        return self.term_after(term, 1)

    def previous_term(self, term: SchoolTerm) -> SchoolTerm:
        """The term before ``term``: autumn is preceded by the previous year's summer term."""
        return self.term_after(term, -1)

    def term_after(self, term: SchoolTerm, n: int) -> SchoolTerm:
        """The term ``n`` terms after ``term`` (``n`` applications of :meth:`next_term`),
        crossing academic years; ``n = 0`` is ``term`` itself and a negative ``n`` goes back."""
        if not isinstance(term, SchoolTerm):
            raise InvalidValueError(
                f"{term!r} is not a SchoolTerm: take one from this calendar, e.g. "
                "calendar.term_on(day) or calendar.term(academic_year, Term.AUTUMN)"
            )
        if type(n) is not int:
            raise InvalidValueError(f"n must be a whole number of terms, not {n!r}")
        years, index = divmod(term.term.number - 1 + n, 3)
        return self.terms(AcademicYear(term.academic_year.start + years))[index]

    def terms_from(self, term: SchoolTerm, count: int | None = None) -> Iterator[SchoolTerm]:
        """``term`` and the terms after it, in order: ``count`` of them, or without end."""
        if count is not None and (type(count) is not int or count < 0):
            raise InvalidValueError(
                f"count must be a whole number of terms >= 0 (or None for no end), not {count!r}"
            )
        steps = itertools.count() if count is None else range(count)
        for n in steps:
            yield self.term_after(term, n)


# -- date rules --------------------------------------------------------------------------------


def leaving_date_full_term(calendar: Calendar, received: date) -> date:
    """The leaving date for notice received on ``received``, under "a full term's notice" (M2).

    Notice received on or before the first day of a term ends membership on the last day of
    that term; received later, it ends membership on the last day of the next term. Notice
    received in a holiday is before the first day of the term that follows, so membership ends
    at the end of that term. With the default calendar, notice received on 1 Sep 2014 ends
    membership on 31 Dec 2014, and on 2 Sep 2014 on 30 Apr 2015.
    """
    check_day(received, "received")
    term = calendar.term_on_or_after(received)
    if received <= term.first:
        return term.last
    return calendar.next_term(term).last


def end_after_terms(calendar: Calendar, start: date, terms: int) -> date:
    """The last day of a period of ``terms`` terms starting on ``start`` (Harmony's "support
    lasting 5 terms").

    The term containing ``start`` counts as term 1, however late in it ``start`` falls; if
    ``start`` falls in a holiday, term 1 is the first term after it. The period ends on the last
    day of term ``terms``: with the default calendar, support starting on 15 Oct 2014 and lasting
    5 terms (autumn 2014 to spring 2016) ends on 30 Apr 2016.
    """
    check_day(start, "start")
    if type(terms) is not int or terms < 1:
        raise InvalidValueError(
            f"a period of {terms!r} terms cannot end: give a whole number of terms >= 1"
        )
    return calendar.term_after(calendar.term_on_or_after(start), terms - 1).last


# -- codec -------------------------------------------------------------------------------------


def _structure_term(value: Any, _: type) -> Term:
    if type(value) is not str:
        raise TypeError(f"expected a term name such as 'autumn', got {value!r}")
    return Term(value)


def _structure_half_term(value: Any, _: type) -> HalfTerm:
    if type(value) is not int:
        raise TypeError(f"expected a half term number 1 to 6, got {value!r}")
    return HalfTerm(value)


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` the calendar's types, strictly (and those of
    :mod:`hom_core.domain.values`, which they use).

    A :class:`Term` is stored as its name (``"autumn"``), a :class:`HalfTerm` as its number, a
    :class:`DateRange` as ``{"first": "2014-09-01", "last": "2014-10-31"}``, :class:`TermDates`
    as ``{"academic_year": "2014/15", "half_terms": [six date ranges]}``, and a
    :class:`Calendar` as the list of its recorded term dates.
    """
    values.configure_converter(converter)
    converter.register_structure_hook(Term, _structure_term)
    converter.register_unstructure_hook(Term, lambda term: term.value)
    converter.register_structure_hook(HalfTerm, _structure_half_term)
    converter.register_unstructure_hook(HalfTerm, int)

    def structure_calendar(value: Any, _: type) -> Calendar:
        if type(value) is not list or not all(type(item) is dict for item in value):
            raise TypeError(f"expected a calendar as a list of term dates, got {value!r}")
        return Calendar(converter.structure(item, TermDates) for item in value)

    converter.register_structure_hook(Calendar, structure_calendar)
    converter.register_unstructure_hook(
        Calendar, lambda calendar: converter.unstructure(calendar.recorded, tuple[TermDates, ...])
    )
