"""The school calendar (hom_core.domain.calendar): terms and half terms recorded or by default
(C1), a full term's notice (M2), support lasting N terms, and the codec form of term dates."""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from hom_core.codec import Codec, make_converter
from hom_core.domain import calendar as calendar_module
from hom_core.domain.calendar import (
    Calendar,
    DateRange,
    HalfTerm,
    SchoolHalfTerm,
    SchoolTerm,
    Term,
    TermDates,
    end_after_terms,
    leaving_date_full_term,
)
from hom_core.domain.values import AcademicYear
from hom_core.errors import CorruptRecordError, InvalidValueError
from hom_core.events import EventType, EventTypes
from properties import examples

Y2014 = AcademicYear(2014)
DEFAULT = Calendar()


def _dates(year: int, *pairs: tuple[date, date]) -> TermDates:
    return TermDates(AcademicYear(year), tuple(DateRange(*pair) for pair in pairs))


# Term dates like Manchester's for 2014/15: spring starts on Monday 5 January 2015.
RECORDED_2014 = _dates(
    2014,
    (date(2014, 9, 3), date(2014, 10, 24)),
    (date(2014, 11, 3), date(2014, 12, 19)),
    (date(2015, 1, 5), date(2015, 2, 13)),
    (date(2015, 2, 23), date(2015, 3, 27)),
    (date(2015, 4, 13), date(2015, 5, 22)),
    (date(2015, 6, 1), date(2015, 7, 22)),
)
RECORDED = Calendar([RECORDED_2014])


# -- strategies --------------------------------------------------------------------------------


@st.composite
def term_dates(draw: st.DrawFn, year: int) -> TermDates:
    """Any valid term dates of ``year``: six ordered half terms, starting in August or
    September, ending by 31 August, with holidays of any length between them."""
    origin = date(year, 8, 1)
    span = (date(year + 1, 8, 31) - origin).days
    first = draw(st.integers(0, 60))
    rest = draw(st.lists(st.integers(first, span), min_size=11, max_size=11))
    points = [first, *sorted(rest)]
    # make the points strictly increasing between half terms, allowing one-day half terms
    ranges: list[DateRange] = []
    previous_last = -1
    for i in range(6):
        start = max(points[2 * i], previous_last + 1)
        last = max(points[2 * i + 1], start)
        if last > span:
            return TermDates.default(AcademicYear(year))
        ranges.append(DateRange(origin + timedelta(start), origin + timedelta(last)))
        previous_last = last
    return TermDates(AcademicYear(year), tuple(ranges))


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """A calendar mixing recorded and default years from 2011/12 to 2019/20."""
    calendar = Calendar()
    for year in range(2011, 2020):
        if draw(st.booleans()):
            recorded = draw(term_dates(year))
            # a year that overlaps a recorded neighbour is left to the default
            with contextlib.suppress(InvalidValueError):
                calendar = calendar.with_term_dates(recorded)
    return calendar


days = st.dates(date(2012, 8, 1), date(2018, 8, 31))


# -- the default calendar (C1) -----------------------------------------------------------------


def test_default_calendar_is_the_burgundy_book_c1() -> None:
    """C1: autumn 1 Sep - 31 Dec, spring 1 Jan - 30 Apr, summer 1 May - 31 Aug, with half terms
    split at 1 Nov, 1 Mar and 1 Jul."""
    assert TermDates.default(Y2014).half_terms == (
        DateRange(date(2014, 9, 1), date(2014, 10, 31)),
        DateRange(date(2014, 11, 1), date(2014, 12, 31)),
        DateRange(date(2015, 1, 1), date(2015, 2, 28)),
        DateRange(date(2015, 3, 1), date(2015, 4, 30)),
        DateRange(date(2015, 5, 1), date(2015, 6, 30)),
        DateRange(date(2015, 7, 1), date(2015, 8, 31)),
    )
    assert TermDates.default(AcademicYear(2015)).half_terms[2].last == date(2016, 2, 29)
    assert DEFAULT.terms(Y2014) == (
        SchoolTerm(Y2014, Term.AUTUMN, date(2014, 9, 1), date(2014, 12, 31)),
        SchoolTerm(Y2014, Term.SPRING, date(2015, 1, 1), date(2015, 4, 30)),
        SchoolTerm(Y2014, Term.SUMMER, date(2015, 5, 1), date(2015, 8, 31)),
    )
    assert not DEFAULT.is_recorded(Y2014)


def test_every_default_day_is_in_a_term_and_a_half_term_c1() -> None:
    day = date(2013, 9, 1)
    while day <= date(2015, 8, 31):
        term, half_term = DEFAULT.term_on(day), DEFAULT.half_term_on(day)
        assert term is not None
        assert half_term is not None
        assert half_term.term == term.term
        day += timedelta(days=1)


def test_half_terms_are_numbered_one_to_six_across_the_terms_c1() -> None:
    assert [half.term for half in HalfTerm] == [
        Term.AUTUMN, Term.AUTUMN, Term.SPRING, Term.SPRING, Term.SUMMER, Term.SUMMER,
    ]  # fmt: skip
    assert Term.SPRING.half_terms == (HalfTerm.SPRING_1, HalfTerm.SPRING_2) == (3, 4)
    assert [term.number for term in Term] == [1, 2, 3]
    halves = DEFAULT.half_terms(Y2014)
    assert [half.number for half in halves] == [1, 2, 3, 4, 5, 6]
    assert DEFAULT.half_term_on(date(2015, 3, 1)) == SchoolHalfTerm(
        Y2014, 4, date(2015, 3, 1), date(2015, 4, 30)
    )


# -- recorded term dates (C1) ------------------------------------------------------------------


def test_recorded_term_dates_have_holidays_c1() -> None:
    """C1: real term dates have holidays between terms, and half-term holidays inside them."""
    assert RECORDED.is_recorded(Y2014)
    assert RECORDED.term_dates(Y2014) is RECORDED_2014
    assert RECORDED.term_on(date(2014, 12, 25)) is None  # Christmas holiday
    assert RECORDED.half_term_on(date(2014, 12, 25)) is None
    autumn = RECORDED.term_on(date(2014, 10, 28))  # the October half-term holiday
    assert autumn == SchoolTerm(Y2014, Term.AUTUMN, date(2014, 9, 3), date(2014, 12, 19))
    assert RECORDED.half_term_on(date(2014, 10, 28)) is None
    assert RECORDED.half_term_on(date(2014, 11, 3)) == SchoolHalfTerm(
        Y2014, HalfTerm.AUTUMN_2, date(2014, 11, 3), date(2014, 12, 19)
    )


def test_a_recorded_year_followed_by_a_default_year_c1() -> None:
    """C1: a recorded 2014/15 then a default 2015/16; the summer holiday belongs to 2014/15."""
    summer = RECORDED.term(Y2014, Term.SUMMER)
    assert summer.last == date(2015, 7, 22)
    assert RECORDED.term_on(date(2015, 8, 1)) is None
    assert RECORDED.academic_year_of(date(2015, 8, 31)) == Y2014
    autumn = RECORDED.next_term(summer)
    assert autumn == SchoolTerm(
        AcademicYear(2015), Term.AUTUMN, date(2015, 9, 1), date(2015, 12, 31)
    )
    assert RECORDED.previous_term(autumn) == summer
    assert RECORDED.term_on(date(2015, 9, 1)) == autumn
    # the days before a recorded year's first term belong to the default year before it
    assert RECORDED.academic_year_of(date(2014, 9, 2)) == AcademicYear(2013)
    assert RECORDED.term_on(date(2014, 9, 2)) is None
    assert RECORDED.term_on(date(2014, 8, 31)) == DEFAULT.term(AcademicYear(2013), Term.SUMMER)


def test_a_recorded_year_starting_in_august_cuts_the_default_summer_short_c1() -> None:
    recorded_2015 = _dates(
        2015,
        (date(2015, 8, 27), date(2015, 10, 23)),
        (date(2015, 11, 2), date(2015, 12, 18)),
        (date(2016, 1, 4), date(2016, 2, 12)),
        (date(2016, 2, 22), date(2016, 3, 24)),
        (date(2016, 4, 11), date(2016, 5, 27)),
        (date(2016, 6, 6), date(2016, 7, 20)),
    )
    calendar = Calendar([recorded_2015])
    summer = calendar.term(Y2014, Term.SUMMER)
    assert summer == SchoolTerm(Y2014, Term.SUMMER, date(2015, 5, 1), date(2015, 8, 26))
    assert calendar.next_term(summer).first == date(2015, 8, 27)
    assert calendar.academic_year_of(date(2015, 8, 27)) == AcademicYear(2015)
    assert calendar.academic_year_of(date(2015, 8, 26)) == Y2014


def test_recording_a_year_again_replaces_it_and_calendars_are_immutable_c1() -> None:
    moved = _dates(2014, *((half.first, half.last) for half in RECORDED_2014.half_terms[:5]),
                   (date(2015, 6, 1), date(2015, 7, 17)))  # fmt: skip
    calendar = RECORDED.with_term_dates(moved)
    assert calendar.term(Y2014, Term.SUMMER).last == date(2015, 7, 17)
    assert RECORDED.term(Y2014, Term.SUMMER).last == date(2015, 7, 22)
    assert calendar.recorded == (moved,)
    assert calendar == Calendar([moved])
    assert hash(calendar) == hash(Calendar([moved]))
    assert Calendar().with_term_dates(RECORDED_2014) == RECORDED
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        calendar.recorded = ()  # type: ignore[misc]


def test_recorded_years_are_kept_in_order() -> None:
    later = TermDates.default(AcademicYear(2016))
    calendar = Calendar([later, RECORDED_2014])
    assert calendar.recorded == (RECORDED_2014, later)


# -- bad term dates ----------------------------------------------------------------------------


DEFAULT_HALVES = TermDates.default(Y2014).half_terms


@pytest.mark.parametrize(
    ("half_terms", "advice"),
    [
        (DEFAULT_HALVES[:5], "exactly six half terms"),
        ((*DEFAULT_HALVES, DEFAULT_HALVES[-1]), "exactly six half terms"),
        ((*DEFAULT_HALVES[:5], "2015-07-01"), "exactly six half terms"),
        (
            (
                DEFAULT_HALVES[0],
                DateRange(date(2014, 10, 31), date(2014, 12, 31)),
                *DEFAULT_HALVES[2:],
            ),
            "in order, without overlaps",
        ),
        ((DEFAULT_HALVES[1], DEFAULT_HALVES[0], *DEFAULT_HALVES[2:]), "in order"),
        (
            (DateRange(date(2014, 7, 31), date(2014, 10, 31)), *DEFAULT_HALVES[1:]),
            "starts in August or September",
        ),
        (
            (DateRange(date(2014, 10, 1), date(2014, 10, 31)), *DEFAULT_HALVES[1:]),
            "starts in August or September",
        ),
        (
            (*DEFAULT_HALVES[:5], DateRange(date(2015, 7, 1), date(2015, 9, 1))),
            "ends by 2015-08-31",
        ),
    ],
)
def test_bad_term_dates_are_refused_with_advice_c1(half_terms: Any, advice: str) -> None:
    with pytest.raises(InvalidValueError, match=advice):
        TermDates(Y2014, half_terms)


def test_a_date_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidValueError, match="give the first day, then the last day"):
        DateRange(date(2014, 9, 2), date(2014, 9, 1))
    assert date(2014, 9, 1) in DateRange(date(2014, 9, 1), date(2014, 9, 1))
    assert DateRange(date(2014, 9, 1), date(2014, 9, 30)).days == 30


@pytest.mark.parametrize("bad", ["2014-09-01", None, 20140901])
def test_a_date_range_needs_dates(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match=r"pass a datetime\.date"):
        DateRange(bad, date(2014, 9, 1))
    with pytest.raises(InvalidValueError, match=r"pass a datetime\.date"):
        DateRange(date(2014, 9, 1), bad)


def test_a_datetime_is_not_a_day() -> None:
    from datetime import datetime

    with pytest.raises(InvalidValueError, match=r"use its \.date\(\)"):
        DEFAULT.term_on(datetime(2014, 9, 1, 12))
    with pytest.raises(InvalidValueError, match=r"use its \.date\(\)"):
        leaving_date_full_term(DEFAULT, datetime(2014, 9, 1, 12))
    with pytest.raises(InvalidValueError, match=r"use its \.date\(\)"):
        _ = datetime(2014, 9, 1, 12) in DEFAULT.term(Y2014, Term.AUTUMN)
    assert "2014-09-01" not in DateRange(date(2014, 9, 1), date(2014, 9, 1))


def test_term_dates_need_an_academic_year_and_a_tuple() -> None:
    with pytest.raises(InvalidValueError, match=r"AcademicYear\(2014\)"):
        TermDates(2014, DEFAULT_HALVES)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="tuple of six DateRange"):
        TermDates(Y2014, iter(DEFAULT_HALVES))
    assert TermDates(Y2014, list(DEFAULT_HALVES)) == TermDates.default(Y2014)
    with pytest.raises(InvalidValueError, match=r"AcademicYear\(2014\)"):
        TermDates.default(2014)  # type: ignore[arg-type]


def test_overlapping_recorded_years_are_refused_c1() -> None:
    late_summer = _dates(
        2015,
        *((half.first, half.last) for half in TermDates.default(AcademicYear(2015)).half_terms),
    )
    early_autumn = _dates(
        2016,
        (date(2016, 8, 20), date(2016, 10, 21)),
        *((half.first, half.last) for half in TermDates.default(AcademicYear(2016)).half_terms[1:]),
    )
    with pytest.raises(InvalidValueError, match="end the summer term before the next autumn"):
        Calendar([late_summer, early_autumn])
    with pytest.raises(InvalidValueError, match="end the summer term before the next autumn"):
        Calendar([late_summer]).with_term_dates(early_autumn)


def test_a_year_given_twice_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"use Calendar\.with_term_dates"):
        Calendar([RECORDED_2014, TermDates.default(Y2014)])
    with pytest.raises(InvalidValueError, match=r"TermDates\(academic_year, half_terms\)"):
        Calendar([DEFAULT_HALVES])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match=r"TermDates\(academic_year, half_terms\)"):
        DEFAULT.with_term_dates(DEFAULT_HALVES)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, 7, True, "1"])
def test_a_half_term_is_numbered_one_to_six_c1(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="number half terms 1 to 6"):
        SchoolHalfTerm(Y2014, bad, date(2014, 9, 1), date(2014, 10, 31))


def test_concrete_terms_are_validated() -> None:
    with pytest.raises(InvalidValueError, match=r"Term\.AUTUMN"):
        SchoolTerm(Y2014, "autumn", date(2014, 9, 1), date(2014, 12, 31))  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="first day, then the last day"):
        SchoolTerm(Y2014, Term.AUTUMN, date(2014, 12, 31), date(2014, 9, 1))


def test_concrete_terms_order_by_year_then_term() -> None:
    terms = [*DEFAULT.terms(AcademicYear(2015)), *DEFAULT.terms(Y2014)]
    assert sorted(terms) == [*DEFAULT.terms(Y2014), *DEFAULT.terms(AcademicYear(2015))]
    assert len({*terms, *terms}) == 6
    halves = [*reversed(DEFAULT.half_terms(Y2014))]
    assert sorted(halves) == list(DEFAULT.half_terms(Y2014))
    assert str(terms[0]) == "autumn term 2015/16 (2015-09-01 to 2015-12-31)"


# -- walking the terms -------------------------------------------------------------------------


def test_terms_from_and_term_after_cross_academic_years_c1() -> None:
    autumn = RECORDED.term(Y2014, Term.AUTUMN)
    walked = list(RECORDED.terms_from(autumn, 5))
    assert [(term.academic_year.start, term.term) for term in walked] == [
        (2014, Term.AUTUMN), (2014, Term.SPRING), (2014, Term.SUMMER),
        (2015, Term.AUTUMN), (2015, Term.SPRING),
    ]  # fmt: skip
    assert RECORDED.term_after(autumn, 4) == walked[-1]
    assert RECORDED.term_after(walked[-1], -4) == autumn
    assert RECORDED.term_after(autumn, 0) == autumn
    assert list(RECORDED.terms_from(autumn, 0)) == []
    endless = RECORDED.terms_from(autumn)
    assert [next(endless) for _ in range(7)][-1] == RECORDED.term(AcademicYear(2016), Term.AUTUMN)


def test_a_term_from_another_calendar_means_the_same_term() -> None:
    default_autumn = DEFAULT.term(Y2014, Term.AUTUMN)
    assert RECORDED.term_after(default_autumn, 0) == RECORDED.term(Y2014, Term.AUTUMN)


def test_first_term_starting_on_or_after_c1() -> None:
    assert RECORDED.first_term_starting_on_or_after(date(2014, 9, 3)).first == date(2014, 9, 3)
    assert RECORDED.first_term_starting_on_or_after(date(2014, 9, 4)).first == date(2015, 1, 5)
    assert RECORDED.first_term_starting_on_or_after(date(2015, 7, 23)).first == date(2015, 9, 1)


@pytest.mark.parametrize("bad", [-1, 1.0, "3"])
def test_bad_term_counts_are_refused(bad: Any) -> None:
    autumn = DEFAULT.term(Y2014, Term.AUTUMN)
    with pytest.raises(InvalidValueError, match="None for no end"):
        list(DEFAULT.terms_from(autumn, bad))
    with pytest.raises(InvalidValueError, match="whole number of terms >= 1"):
        end_after_terms(DEFAULT, date(2014, 9, 1), bad)
    with pytest.raises(InvalidValueError, match="take one from this calendar"):
        DEFAULT.next_term(Term.AUTUMN)  # type: ignore[arg-type]


def test_end_after_zero_terms_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="whole number of terms >= 1"):
        end_after_terms(DEFAULT, date(2014, 9, 1), 0)


# -- M2: a full term's notice ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "received", "leaves"),
    [
        (DEFAULT, date(2014, 9, 1), date(2014, 12, 31)),  # on the first day of autumn
        (DEFAULT, date(2014, 9, 2), date(2015, 4, 30)),  # a day late: the whole spring term
        (DEFAULT, date(2014, 12, 31), date(2015, 4, 30)),
        (DEFAULT, date(2015, 1, 1), date(2015, 4, 30)),  # on the first day of spring
        (DEFAULT, date(2015, 5, 2), date(2015, 12, 31)),  # crosses into the next year
        (RECORDED, date(2015, 1, 3), date(2015, 3, 27)),  # a holiday: spring starts 5 Jan
        (RECORDED, date(2015, 1, 5), date(2015, 3, 27)),
        (RECORDED, date(2015, 1, 6), date(2015, 7, 22)),
        (RECORDED, date(2015, 7, 30), date(2015, 12, 31)),  # summer holiday, then a default year
        (RECORDED, date(2014, 10, 28), date(2015, 3, 27)),  # half-term holiday is in the term
    ],
)
def test_a_full_term_of_notice_m2(calendar: Calendar, received: date, leaves: date) -> None:
    """M2: notice received on or before the first day of a term ends membership on the last day
    of that term; received later, on the last day of the next term."""
    assert leaving_date_full_term(calendar, received) == leaves


# -- support lasting N terms (Harmony) ---------------------------------------------------------


def test_support_lasting_five_terms() -> None:
    """Harmony's support is 5 terms long: the term it starts in counts as the first."""
    assert end_after_terms(DEFAULT, date(2014, 10, 15), 5) == date(2016, 4, 30)
    assert end_after_terms(DEFAULT, date(2014, 9, 1), 1) == date(2014, 12, 31)
    assert end_after_terms(RECORDED, date(2014, 12, 25), 1) == date(2015, 3, 27)  # holiday
    assert end_after_terms(RECORDED, date(2015, 7, 1), 2) == date(2015, 12, 31)


# -- properties over any mixture of recorded and default years (C1, M2) -------------------------


def _terms_around(calendar: Calendar, day: date) -> list[SchoolTerm]:
    year = AcademicYear.of(day)
    return [
        term
        for start in (year.start - 1, year.start, year.start + 1)
        for term in calendar.terms(AcademicYear(start))
    ]


@settings(max_examples=examples(100))
@given(calendar=calendars(), day=days)
def test_term_on_is_the_term_containing_the_day_c1(calendar: Calendar, day: date) -> None:
    """C1: for any day, term_on(d) contains d (None only in a holiday) and half_term_on(d)
    lies inside it; the day's academic year is the term's."""
    containing = [term for term in _terms_around(calendar, day) if day in term]
    term = calendar.term_on(day)
    assert containing == ([] if term is None else [term])
    half = calendar.half_term_on(day)
    if half is not None:
        assert term is not None
        assert term.first <= half.first <= day <= half.last <= term.last
        assert half.term == term.term
        assert half.academic_year == term.academic_year
    if term is not None:
        assert calendar.academic_year_of(day) == term.academic_year
    year = calendar.academic_year_of(day)
    assert calendar.term_dates(year).first_day <= day < calendar.term_dates(year.next()).first_day


@settings(max_examples=examples(100))
@given(calendar=calendars())
def test_half_terms_tile_the_terms_of_every_year_c1(calendar: Calendar) -> None:
    previous_last = date.min
    for start in range(2011, 2021):
        year = AcademicYear(start)
        terms, halves = calendar.terms(year), calendar.half_terms(year)
        assert [half.number for half in halves] == list(HalfTerm)
        for index, term in enumerate(terms):
            first_half, second_half = halves[2 * index], halves[2 * index + 1]
            assert (term.first, term.last) == (first_half.first, second_half.last)
            assert first_half.term == second_half.term == term.term
            assert term.academic_year == year
        for term in terms:
            assert term.first > previous_last
            previous_last = term.last


@settings(max_examples=examples(100))
@given(calendar=calendars(), day=days, n=st.integers(0, 8))
def test_term_after_is_n_applications_of_next_term_c1(
    calendar: Calendar, day: date, n: int
) -> None:
    term = calendar.term_on_or_after(day)
    stepped = term
    for _ in range(n):
        following = calendar.next_term(stepped)
        assert following.first > stepped.last
        assert calendar.previous_term(following) == stepped
        stepped = following
    assert calendar.term_after(term, n) == stepped
    assert list(calendar.terms_from(term, n + 1))[-1] == stepped


@settings(max_examples=examples(100))
@given(calendar=calendars(), day=days)
def test_a_full_terms_notice_ends_at_the_end_of_a_whole_term_m2(
    calendar: Calendar, day: date
) -> None:
    """M2: the leaving date is always a term's last day, on or after the notice; it is the end
    of the current term only if notice came by that term's first day (or in the holiday before
    it); in every case a whole term lies between notice and leaving."""
    leaves = leaving_date_full_term(calendar, day)
    assert leaves >= day
    last_term = calendar.term_on(leaves)
    assert last_term is not None
    assert last_term.last == leaves
    assert day <= last_term.first  # a whole term of notice
    current = calendar.term_on_or_after(day)
    assert (leaves == current.last) == (day <= current.first)
    assert leaves == calendar.first_term_starting_on_or_after(day).last


@settings(max_examples=examples(100))
@given(calendar=calendars(), day=days, terms=st.integers(1, 6))
def test_end_after_terms_counts_the_current_term_as_the_first(
    calendar: Calendar, day: date, terms: int
) -> None:
    one = end_after_terms(calendar, day, 1)
    current = calendar.term_on(day)
    if current is not None:
        assert one == current.last
    else:
        assert one == calendar.first_term_starting_on_or_after(day).last
    ends = end_after_terms(calendar, day, terms)
    assert ends == calendar.term_after(calendar.term_on_or_after(day), terms - 1).last
    assert ends >= one >= day


# -- codec -------------------------------------------------------------------------------------


@attrs.frozen
class TermDatesRecorded:
    term_dates: TermDates


@attrs.frozen
class TermsNoted:
    term: SchoolTerm
    half_term: SchoolHalfTerm
    which: Term
    number: HalfTerm
    calendar: Calendar


def _codec() -> Codec:
    converter = make_converter()
    calendar_module.configure_converter(converter)
    return Codec(
        EventTypes(
            [
                EventType("test.term_dates_recorded", TermDatesRecorded),
                EventType("test.terms_noted", TermsNoted),
            ]
        ),
        converter,
    )


CODEC = _codec()


@settings(max_examples=examples(60))
@given(data=st.data(), year=st.integers(2000, 2100))
def test_term_dates_round_trip_through_the_codec_c1(data: st.DataObject, year: int) -> None:
    event = TermDatesRecorded(data.draw(term_dates(year)))
    name, version, payload = CODEC.encode(event)
    decoded = CODEC.decode_event(name, version, payload)
    assert decoded == event
    assert CODEC.encode(decoded) == (name, version, payload)


@settings(max_examples=examples(30))
@given(calendar=calendars(), day=days)
def test_calendar_values_round_trip_through_the_codec(calendar: Calendar, day: date) -> None:
    half = calendar.half_terms(calendar.academic_year_of(day))[day.toordinal() % 6]
    event = TermsNoted(calendar.term_on_or_after(day), half, half.term, half.number, calendar)
    decoded = CODEC.decode_event(*CODEC.encode(event))
    assert decoded == event
    assert isinstance(decoded, TermsNoted)
    assert type(decoded.number) is HalfTerm


def test_term_dates_are_stored_readably() -> None:
    payload = json.loads(CODEC.encode(TermDatesRecorded(RECORDED_2014))[2])
    assert payload["term_dates"]["academic_year"] == "2014/15"
    assert payload["term_dates"]["half_terms"][2] == {"first": "2015-01-05", "last": "2015-02-13"}
    assert len(payload["term_dates"]["half_terms"]) == 6


GOOD = json.loads(CODEC.encode(TermDatesRecorded(RECORDED_2014))[2])
NOTED = json.loads(
    CODEC.encode(
        TermsNoted(
            DEFAULT.term(Y2014, Term.AUTUMN), DEFAULT.half_terms(Y2014)[0], Term.AUTUMN,
            HalfTerm.AUTUMN_1, RECORDED,
        )
    )[2]
)  # fmt: skip


def _with_half_term(index: int, value: object) -> dict[str, Any]:
    halves = list(GOOD["term_dates"]["half_terms"])
    halves[index] = value
    return {"term_dates": {**GOOD["term_dates"], "half_terms": halves}}


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        (
            "test.term_dates_recorded",
            _with_half_term(1, {"first": 1, "last": "2014-12-19"}),
            "term_dates.half_terms[1].first",
        ),
        (
            "test.term_dates_recorded",
            _with_half_term(1, {"first": "2014-11-03"}),
            "term_dates.half_terms[1].last",
        ),
        (
            "test.term_dates_recorded",
            _with_half_term(1, ["2014-11-03", "2014-12-19"]),
            "term_dates.half_terms[1]",
        ),
        (
            "test.term_dates_recorded",
            {"term_dates": {**GOOD["term_dates"], "academic_year": "2014/16"}},
            "term_dates.academic_year",
        ),
        (
            "test.term_dates_recorded",
            {"term_dates": {**GOOD["term_dates"], "extra": 1}},
            "term_dates.extra",
        ),
        ("test.terms_noted", {**NOTED, "which": "Autumn"}, "which"),
        ("test.terms_noted", {**NOTED, "which": 1}, "which"),
        ("test.terms_noted", {**NOTED, "number": True}, "number"),
        ("test.terms_noted", {**NOTED, "number": "1"}, "number"),
        ("test.terms_noted", {**NOTED, "number": 7}, "number"),
        ("test.terms_noted", {**NOTED, "calendar": {}}, "calendar"),
    ],
)
def test_a_malformed_calendar_value_names_its_field(name: str, data: object, field: str) -> None:
    with pytest.raises(CorruptRecordError) as raised:
        CODEC.decode_event(name, 1, json.dumps(data), 5)
    assert (raised.value.position, raised.value.field) == (5, field)


@pytest.mark.parametrize(
    "data",
    [
        _with_half_term(1, {"first": "2014-10-01", "last": "2014-12-19"}),  # overlaps half term 1
        {"term_dates": {**GOOD["term_dates"], "half_terms": GOOD["term_dates"]["half_terms"][:5]}},
        {"term_dates": {**GOOD["term_dates"], "half_terms": "abcdef"}},
    ],
)
def test_invalid_stored_term_dates_are_corrupt_records_c1(data: object) -> None:
    with pytest.raises(CorruptRecordError) as raised:
        CODEC.decode_event("test.term_dates_recorded", 1, json.dumps(data), 5)
    assert raised.value.position == 5
