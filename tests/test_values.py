"""Domain values (hom_core.domain.values): exact money and FTE (F1, C2), identifiers (C3),
academic and financial years (F2, C3), and their strict codec forms."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

from hom_core import domain
from hom_core.codec import Codec, make_converter
from hom_core.domain import values
from hom_core.domain.calendar import TermDates
from hom_core.domain.values import AcademicYear, FinancialYear, Fte, Money, Ukprn, Urn
from hom_core.errors import CorruptRecordError, HomError, InvalidValueError
from hom_core.events import EventType, EventTypes

pence = st.integers(-(10**12), 10**12)
moneys = st.builds(Money, pence)
ftes = st.builds(Fte, st.integers(0, 10**6))
years = st.integers(1900, 2200)
all_years = st.integers(1, 9998)
"""Every year the constructors accept, from 1 to 9998 (the year after 9998 must be a date)."""


# -- Money (F1: exact money, never a float) ----------------------------------------------------


def test_money_from_pounds_is_exact_f1() -> None:
    """F1: the agreement's rate, £2.00 per FTE, is exactly 200 pence however it is written."""
    assert Money.pounds("2.00") == Money.pounds("2") == Money.pounds(2) == Money(200)
    assert Money.pounds(Decimal("2.00")) == Money.pounds(Decimal("2.000")) == Money(200)
    assert Money.pounds("412.5") == Money(41250)
    assert Money.pounds("-3") == Money(-300)
    assert Money.zero() == Money(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,234.50", 123450),
        ("-£3.00", -300),
        ("£0.05", 5),
        ("1,234,567.89", 123456789),
        ("£1234.5", 123450),
        ("0", 0),
    ],
)
def test_money_parses_what_str_shows(text: str, expected: int) -> None:
    assert Money.parse(text) == Money(expected)


@pytest.mark.parametrize(
    ("money", "shown"),
    [
        (Money(123450), "£1,234.50"),
        (Money(-300), "-£3.00"),
        (Money(5), "£0.05"),
        (Money(0), "£0.00"),
        (Money(100000000), "£1,000,000.00"),
    ],
)
def test_money_str(money: Money, shown: str) -> None:
    assert str(money) == shown


@pytest.mark.parametrize(
    "bad",
    ["2.005", "£2.005", "1e3", "1,23.00", "12,3456.00", " 2.00", "2.", ".5", "£-2", "$2", "", "02"],
)
def test_malformed_money_text_is_refused_with_advice_f1(bad: str) -> None:
    with pytest.raises(InvalidValueError, match=r"write it like '412\.50'"):
        Money.parse(bad)


def test_a_float_is_never_money_f1() -> None:
    """F1: money is exact; a float cannot hold pence, and the error says what to pass instead."""
    with pytest.raises(InvalidValueError, match=r"pass a string such as '2\.10' or a Decimal"):
        Money.pounds(2.1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="whole pence"):
        Money(2.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="whole pence"):
        Money(True)


@pytest.mark.parametrize("bad", [Decimal("2.005"), Decimal("0.001"), Decimal("NaN")])
def test_fractions_of_a_penny_are_refused_f1(bad: Decimal) -> None:
    with pytest.raises(InvalidValueError, match=r"penny|finite"):
        Money.pounds(bad)


def test_invalid_value_error_is_a_hom_error_and_a_value_error() -> None:
    with pytest.raises(InvalidValueError) as raised:
        Money.parse("two pounds")
    assert isinstance(raised.value, HomError)
    assert isinstance(raised.value, ValueError)


@given(a=moneys, b=moneys, c=moneys)
def test_money_arithmetic_is_exact_and_associative_f1(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert (a + b).to_decimal() == a.to_decimal() + b.to_decimal()
    assert (a - b) + b == a
    negated = -a
    assert -negated == a
    assert a + -a == Money.zero()
    assert sum([a, b, c]) == a + b + c
    assert sum([a, b, c], Money.zero()) == a + b + c
    assert 3 * a == a * 3 == a + a + a
    assert (a < b) == (a.pence < b.pence)
    assert abs(a) >= Money.zero()


def test_money_does_not_mix_with_numbers() -> None:
    with pytest.raises(TypeError):
        _ = Money(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = 1 + Money(1)  # typed int for sum(), but only 0 is accepted
    with pytest.raises(TypeError):
        _ = Money(1) * Decimal("1.5")  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Money(1) < 2  # type: ignore[operator]
    assert Money(0) != 0  # type: ignore[comparison-overlap]
    assert sum([], Money.zero()) == Money.zero()


@given(money=moneys)
def test_money_parse_round_trips_f1(money: Money) -> None:
    assert Money.parse(str(money)) == money
    assert Money.parse(str(money.to_decimal())) == money
    assert Money.pounds(money.to_decimal()) == money
    assert money.to_decimal().as_tuple().exponent == -2


def test_contribution_is_fte_times_rate_f1() -> None:
    """F1: 412.5 FTE at £2.00 is £825.00."""
    assert Money.pounds("2.00").times(Fte.parse("412.5")) == Money.pounds("825.00")
    assert Money.pounds("2.00").times(Fte.of(400, 25)) == Money.pounds("825.00")


def test_contribution_rounds_half_a_penny_up_f1() -> None:
    """Only an odd number of halves times an odd number of pence leaves half a penny."""
    assert Money(1).times(Fte.parse("0.5")) == Money(1)
    assert Money.pounds("2.01").times(Fte.parse("201.5")) == Money.pounds("405.02")  # 405.015
    assert Money(-1).times(Fte.parse("0.5")) == Money(-1)  # away from zero
    assert Money(2).times(Fte.parse("0.5")) == Money(1)


@given(rate=moneys, fte=ftes)
def test_contribution_is_the_exact_product_rounded_half_up_f1(rate: Money, fte: Fte) -> None:
    exact = rate.to_decimal() * fte.to_decimal()
    expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert rate.times(fte).to_decimal() == expected
    assert abs(rate.times(fte).to_decimal() - exact) <= Decimal("0.005")


@given(total=moneys, denominator=st.integers(1, 1000), data=st.data())
def test_banker_share_rounds_half_up_and_parts_add_up_f4(
    total: Money, denominator: int, data: st.DataObject
) -> None:
    """F4: the banker's administration share; what is left is exactly the rest."""
    numerator = data.draw(st.integers(0, denominator))
    share = total.share(numerator, denominator)
    exact = Fraction(total.pence * numerator, denominator)  # in pence
    assert abs(share.pence - exact) <= Fraction(1, 2)
    if abs(share.pence - exact) == Fraction(1, 2):  # half a penny: rounded away from zero
        assert abs(share.pence) > abs(exact)
    assert share + (total - share) == total
    fraction = Decimal(numerator) / Decimal(denominator)
    if Fraction(fraction) == Fraction(numerator, denominator):  # the Decimal is exact
        assert total.portion(fraction) == share


def test_share_and_portion_examples_f4() -> None:
    assert Money.pounds("825.00").share(5, 100) == Money.pounds("41.25")
    assert Money(1).share(1, 2) == Money(1)
    assert Money(3).share(1, 2) == Money(2)  # 1.5p rounds half up
    assert Money(10).portion(Decimal("0.05")) == Money(1)  # 0.5p rounds half up
    assert Money(10).portion(Decimal("1")) == Money(10)


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(1, 0), (-1, 2), (3, 2), (1.0, 2), (True, 2)]
)
def test_a_share_must_be_a_fraction_of_the_whole_f4(numerator: Any, denominator: Any) -> None:
    with pytest.raises(InvalidValueError, match=r"share\(5, 100\)"):
        Money(100).share(numerator, denominator)


@pytest.mark.parametrize("bad", [Decimal("1.5"), Decimal("-0.1"), Decimal("NaN"), 0.05])
def test_a_portion_must_be_a_decimal_between_0_and_1_f4(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match=r"Decimal\('0.05'\)"):
        Money(100).portion(bad)


def test_times_needs_an_fte() -> None:
    with pytest.raises(InvalidValueError, match=r"Fte\.of"):
        Money(200).times(Decimal("1.5"))  # type: ignore[arg-type]


# -- FTE (C2) ----------------------------------------------------------------------------------


@given(full_time=st.integers(0, 10**6), part_time=st.integers(0, 10**6))
def test_fte_is_full_time_plus_half_part_time_c2(full_time: int, part_time: int) -> None:
    """C2: FTE = full-time pupils + 0.5 x part-time pupils, exactly."""
    fte = Fte.of(full_time, part_time)
    assert fte.halves == 2 * full_time + part_time
    assert fte.to_decimal() == full_time + Decimal(part_time) / 2


@given(fte=ftes, other=ftes)
def test_fte_round_trips_and_adds_c2(fte: Fte, other: Fte) -> None:
    assert Fte.parse(str(fte)) == fte
    assert Fte.parse(fte.to_decimal()) == fte
    assert (fte + other).to_decimal() == fte.to_decimal() + other.to_decimal()
    assert sum([fte, other]) == fte + other
    assert (fte < other) == (fte.halves < other.halves)


def test_fte_str_c2() -> None:
    assert str(Fte.of(200, 3)) == "201.5"
    assert str(Fte.of(200, 0)) == "200"
    assert str(Fte.zero()) == "0"
    assert Fte.parse("201.50") == Fte.parse(Decimal("201.5")) == Fte(403)
    assert Fte.parse(200) == Fte(400)
    assert Fte.of(200, 3).to_decimal() == Decimal("201.5")


@pytest.mark.parametrize("bad", ["201.3", "0.25", "-1", "-0.5", "1e2", "1,5", " 1", Decimal("0.1")])
def test_fte_must_be_a_multiple_of_a_half_c2(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match=r"such as '201\.5'|part-time pupils as 0\.5"):
        Fte.parse(bad)


@pytest.mark.parametrize("bad", [1.5, None, Decimal("Infinity")])
def test_fte_is_never_a_float_c2(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="never a float"):
        Fte.parse(bad)


@pytest.mark.parametrize(("full_time", "part_time"), [(-1, 0), (0, -1), (1.0, 0), (1, True)])
def test_census_counts_are_whole_numbers_c2(full_time: Any, part_time: Any) -> None:
    with pytest.raises(InvalidValueError, match="whole number >= 0"):
        Fte.of(full_time, part_time)


def test_fte_halves_are_validated_c2() -> None:
    with pytest.raises(InvalidValueError, match=r"Fte\.of"):
        Fte(-1)


# -- identifiers (C3) --------------------------------------------------------------------------


def test_urn_and_ukprn_c3() -> None:
    """C3: a URN has 6 digits, a UKPRN 8; str gives the digits."""
    assert str(Urn("105432")) == "105432"
    assert str(Ukprn("10012345")) == "10012345"
    assert Urn("005432") < Urn("105432")


@pytest.mark.parametrize(
    "bad", ["10543", "1054321", "10543a", 105432, "\uff11\uff10\uff15\uff14\uff13\uff12", " 105432"]
)
def test_a_urn_is_six_digits_c3(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="exactly 6 digits, given as a string"):
        Urn(bad)


@pytest.mark.parametrize("bad", ["1001234", "100123456", 10012345])
def test_a_ukprn_is_eight_digits_c3(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="exactly 8 digits, given as a string"):
        Ukprn(bad)


# -- academic years ----------------------------------------------------------------------------


def test_academic_year_c1() -> None:
    year = AcademicYear(2013)
    assert str(year) == "2013/14"
    assert str(AcademicYear(1999)) == "1999/00"
    assert AcademicYear.parse("2013/14") == year
    assert year.next() == AcademicYear(2014)
    assert year.previous() == AcademicYear(2012)
    assert (year.first_day, year.last_day) == (date(2013, 9, 1), date(2014, 8, 31))
    assert AcademicYear.of(date(2013, 9, 1)) == year
    assert AcademicYear.of(date(2014, 8, 31)) == year
    assert AcademicYear.of(date(2013, 8, 31)) == AcademicYear(2012)


@given(start=all_years)
def test_academic_year_round_trips(start: int) -> None:
    year = AcademicYear(start)
    assert AcademicYear.parse(str(year)) == year
    assert AcademicYear.of(year.first_day) == AcademicYear.of(year.last_day) == year


@pytest.mark.parametrize("bad", ["2013/15", "2013-14", "2013/2014", "13/14", "2013"])
def test_a_malformed_academic_year_is_refused(bad: str) -> None:
    with pytest.raises(InvalidValueError, match="such as '2013/14'"):
        AcademicYear.parse(bad)


@pytest.mark.parametrize("bad", [0, 9999, 2013.0, "2013", True])
def test_an_academic_year_starts_in_a_year(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="such as 2014"):
        AcademicYear(bad)


# -- financial years (F2, C3) ------------------------------------------------------------------


def test_financial_year_runs_april_to_march_f2() -> None:
    """F2: 1 April - 31 March; the January census of year Y sets the year starting 1 April Y."""
    year = FinancialYear(2014)
    assert (year.first_day, year.last_day) == (date(2014, 4, 1), date(2015, 3, 31))
    assert str(year) == "2014-15"
    assert year.census_year == 2014
    assert FinancialYear.of(date(2014, 4, 1)) == year
    assert FinancialYear.of(date(2015, 3, 31)) == year
    assert FinancialYear.of(date(2014, 3, 31)) == FinancialYear(2013)
    assert year.next() == FinancialYear(2015)
    assert year.previous() == FinancialYear(2013)
    assert date(2014, 12, 25) in year
    assert date(2015, 4, 1) not in year
    with pytest.raises(InvalidValueError, match=r"use \.date\(\)"):
        _ = datetime(2014, 12, 25, 12) in year


def test_academy_financial_year_runs_september_to_august_c3() -> None:
    """C3: an academy's year runs 1 Sep - 31 Aug; its contribution comes from the last January
    census before it starts (January of the year it starts in), as payment is due at the start."""
    year = FinancialYear.of(date(2015, 1, 15), start_month=9)
    assert year == FinancialYear(2014, 9)
    assert (year.first_day, year.last_day) == (date(2014, 9, 1), date(2015, 8, 31))
    assert str(year) == "2014-15 (Sep)"
    assert year.census_year == 2014
    assert year.next() == FinancialYear(2015, 9)


def test_a_january_financial_year_takes_the_previous_census_f2() -> None:
    year = FinancialYear(2014, 1)
    assert str(year) == "2014 (Jan)"
    assert (year.first_day, year.last_day) == (date(2014, 1, 1), date(2014, 12, 31))
    assert year.census_year == 2013


@given(start=years, month=st.integers(1, 12), day=st.dates(date(1901, 1, 1), date(2199, 1, 1)))
def test_financial_year_round_trips_and_contains_its_days_f2(
    start: int, month: int, day: date
) -> None:
    year = FinancialYear(start, month)
    assert FinancialYear.parse(str(year)) == year
    assert FinancialYear.of(year.first_day, month) == FinancialYear.of(year.last_day, month)
    assert year.next().first_day - year.last_day == date(2000, 1, 2) - date(2000, 1, 1)
    assert day in FinancialYear.of(day, month)
    assert year.first_day.day == 1
    assert year.census_year in (start, start - 1)


@pytest.mark.parametrize("bad", ["2014-16", "2014/15", "2014", "2014-15 (Apr)", "2014-15 (sep)"])
def test_a_malformed_financial_year_is_refused_f2(bad: str) -> None:
    with pytest.raises(InvalidValueError, match="such as '2014-15'"):
        FinancialYear.parse(bad)


@pytest.mark.parametrize("month", range(1, 13))
def test_the_last_financial_year_ends_the_day_before_its_successor_would_start(month: int) -> None:
    """FinancialYear(9998) is accepted, so its last day exists although its next year does not."""
    assert FinancialYear(9998, month).last_day == date(9999, month, 1) - timedelta(days=1)


@pytest.mark.parametrize("bad", [0, 13, 4.0])
def test_a_financial_year_starts_in_a_month_c3(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="give 1 to 12"):
        FinancialYear(2014, bad)
    with pytest.raises(InvalidValueError, match="give 1 to 12"):
        FinancialYear.of(date(2014, 1, 1), bad)


# -- codec -------------------------------------------------------------------------------------


@attrs.frozen
class ValuesRecorded:
    amount: Money
    fte: Fte
    urn: Urn
    ukprn: Ukprn
    academic_year: AcademicYear
    financial_year: FinancialYear
    previous_urn: Urn | None = None


def _codec() -> Codec:
    converter = make_converter()
    values.configure_converter(converter)
    return Codec(EventTypes([EventType("test.values_recorded", ValuesRecorded)]), converter)


CODEC = _codec()
digits = st.text("0123456789", min_size=1)
recorded_values = st.builds(
    ValuesRecorded,
    moneys,
    ftes,
    st.builds(Urn, st.text("0123456789", min_size=6, max_size=6)),
    st.builds(Ukprn, st.text("0123456789", min_size=8, max_size=8)),
    st.builds(AcademicYear, all_years),
    st.builds(FinancialYear, all_years, st.integers(1, 12)),
    st.none() | st.builds(Urn, st.text("0123456789", min_size=6, max_size=6)),
)


@given(event=recorded_values)
def test_every_value_round_trips_through_the_codec(event: ValuesRecorded) -> None:
    name, version, payload = CODEC.encode(event)
    assert CODEC.decode_event(name, version, payload) == event
    assert CODEC.encode(CODEC.decode_event(name, version, payload))[2] == payload


def test_values_are_stored_as_strings() -> None:
    event = ValuesRecorded(
        Money.pounds("412.50"),
        Fte.parse("201.5"),
        Urn("105432"),
        Ukprn("10012345"),
        AcademicYear(2013),
        FinancialYear(2014, 9),
    )
    assert json.loads(CODEC.encode(event)[2]) == {
        "amount": "412.50",
        "fte": "201.5",
        "urn": "105432",
        "ukprn": "10012345",
        "academic_year": "2013/14",
        "financial_year": "2014-15 (Sep)",
        "previous_urn": None,
    }


GOOD = json.loads(
    CODEC.encode(
        ValuesRecorded(
            Money(41250), Fte(403), Urn("105432"), Ukprn("10012345"), AcademicYear(2013),
            FinancialYear(2014),
        )
    )[2]
)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("amount", 412.5),  # a float is never money
        ("amount", 41250),  # pence or pounds? refused
        ("amount", "412.505"),  # a fraction of a penny
        ("amount", "£412.50"),  # the display form is not the stored form
        ("amount", "4.125e2"),
        ("fte", 201.5),
        ("fte", "201.25"),
        ("fte", 201),
        ("urn", 105432),
        ("urn", "10543"),
        ("previous_urn", "10543"),
        ("ukprn", "1001234"),
        ("academic_year", "2013/15"),
        ("academic_year", 2013),
        ("financial_year", {"start": 2014, "start_month": 4}),
        ("financial_year", "2014/15"),
    ],
)
def test_a_malformed_stored_value_names_its_field(field: str, bad: object) -> None:
    with pytest.raises(CorruptRecordError) as raised:
        CODEC.decode_event("test.values_recorded", 1, json.dumps({**GOOD, field: bad}), 12)
    assert (raised.value.position, raised.value.field) == (12, field)


def test_a_plain_stored_amount_may_have_fewer_places() -> None:
    for text, pence_ in [("412", 41250 - 50), ("412.5", 41250), ("-0.05", -5)]:
        decoded = CODEC.decode_event(
            "test.values_recorded", 1, json.dumps({**GOOD, "amount": text})
        )
        assert isinstance(decoded, ValuesRecorded)
        assert decoded.amount == Money(pence_)


@attrs.frozen
class UrnRecorded:
    urn: Urn


def test_a_stored_value_error_keeps_its_advice() -> None:
    """C3: a malformed URN in a stored record names the field and says what to do."""
    converter = make_converter()
    values.configure_converter(converter)
    codec = Codec(EventTypes([EventType("test.urn_recorded", UrnRecorded)]), converter)
    with pytest.raises(CorruptRecordError) as raised:
        codec.decode_event("test.urn_recorded", 1, '{"urn":"12345"}', position=4)
    assert raised.value.field == "urn"
    assert "6 digits" in str(raised.value)


# -- every accepted value reads back through the domain's converter ----------------------------

DOMAIN_CONVERTER = make_converter()
domain.configure_converter(DOMAIN_CONVERTER)
ACCEPTED: dict[type, st.SearchStrategy[Any]] = {
    Money: st.builds(Money, st.integers(-(10**38) + 1, 10**38 - 1)),
    Fte: st.builds(Fte, st.integers(0, 10**38 - 1)),
    Urn: st.builds(Urn, st.text("0123456789", min_size=6, max_size=6)),
    Ukprn: st.builds(Ukprn, st.text("0123456789", min_size=8, max_size=8)),
    AcademicYear: st.builds(AcademicYear, all_years),
    FinancialYear: st.builds(FinancialYear, all_years, st.integers(1, 12)),
    TermDates: st.builds(AcademicYear, all_years).map(TermDates.default),
}
"""Every value each constructor accepts: any pence, any FTE >= 0, any digits, years 1 to 9998."""


def test_the_property_covers_every_value_type() -> None:
    """A value type added to values.py must be added to ACCEPTED, or its stored form goes
    unchecked."""
    kinds = {getattr(values, name) for name in values.__all__}
    assert {kind for kind in kinds if attrs.has(kind)} <= ACCEPTED.keys()


@pytest.mark.parametrize(
    ("kind", "value"), [(Money, 10**38), (Money, -(10**38)), (Fte, 10**38)], ids=str
)
def test_c2_an_amount_whose_stored_form_could_not_be_read_back_is_refused(
    kind: type, value: int
) -> None:
    """C2: the largest amounts are refused when made, not when their stored form is read."""
    with pytest.raises(InvalidValueError, match="too large"):
        kind(value)


@pytest.mark.parametrize("kind", list(ACCEPTED), ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_every_accepted_value_reads_back_from_its_stored_form(
    kind: type, data: st.DataObject
) -> None:
    """Whatever a constructor accepts, the converter stores as JSON that structures back to an
    equal value (AcademicYear(999) as "0999/00", FinancialYear(1, 1) as "0001 (Jan)")."""
    value = data.draw(ACCEPTED[kind])
    stored = json.loads(json.dumps(DOMAIN_CONVERTER.unstructure(value, kind)))
    assert DOMAIN_CONVERTER.structure(stored, kind) == value


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (AcademicYear(1), "0001/02"),
        (AcademicYear(99), "0099/00"),
        (AcademicYear(999), "0999/00"),
        (FinancialYear(1, 1), "0001 (Jan)"),
        (FinancialYear(999), "0999-00"),
        (FinancialYear(999, 9), "0999-00 (Sep)"),
    ],
)
def test_years_before_1000_are_stored_with_four_digits(value: object, stored: str) -> None:
    assert DOMAIN_CONVERTER.unstructure(value) == stored
    assert str(value) == stored


LOGGED = (
    '{"amount":"412.50","fte":"201.5","urn":"012345","ukprn":"10012345",'
    '"academic_year":"%s","financial_year":"%s","previous_urn":null}'
)
"""A payload as logs hold it today (before years were zero-padded), to fill with years."""


@pytest.mark.parametrize(
    ("academic", "financial", "expected"),
    [
        ("2013/14", "2014-15 (Sep)", (AcademicYear(2013), FinancialYear(2014, 9))),
        ("1000/01", "1000 (Jan)", (AcademicYear(1000), FinancialYear(1000, 1))),
        ("1999/00", "1999-00", (AcademicYear(1999), FinancialYear(1999))),
        ("9998/99", "9998-99 (Dec)", (AcademicYear(9998), FinancialYear(9998, 12))),
    ],
)
def test_logged_years_still_decode_and_are_stored_unchanged(
    academic: str, financial: str, expected: tuple[AcademicYear, FinancialYear]
) -> None:
    """Zero-padding left years 1000 to 9998 as they were: a logged payload decodes to the same
    years and encodes back to the same bytes."""
    payload = LOGGED % (academic, financial)
    event = CODEC.decode_event("test.values_recorded", 1, payload)
    assert isinstance(event, ValuesRecorded)
    assert (event.academic_year, event.financial_year) == expected
    assert CODEC.encode(event)[2] == payload
