"""Value types of the domain: exact money and FTE, school identifiers, academic and financial years.

Every value is a frozen attrs class, validated on construction: a malformed value raises
:class:`~hom_core.errors.InvalidValueError` saying what is wrong and what to write instead. No
value ever holds a float: money is whole pence, FTE whole halves (the rulebook's "Funding").

In events each value is stored as a short string (see :func:`configure_converter`):

========================  ========================  =========================================
value                     stored as                 read back from
========================  ========================  =========================================
``Money``                 ``"412.50"``              a decimal string, at most 2 places
``Fte``                   ``"201.5"``               a decimal string, a multiple of 0.5
``Urn`` / ``Ukprn``       ``"105432"``              6 / 8 ASCII digits
``AcademicYear``          ``"2013/14"``             the same form
``FinancialYear``         ``"2014-15"``             the same form (``"2014-15 (Sep)"`` for
                                                    a year starting in September)
========================  ========================  =========================================

Years run from 1 to 9998 (so that the year after each is still a :class:`~datetime.date`) and
are always written with four digits, zero-padded as ISO 8601 dates are: ``AcademicYear(999)``
is ``"0999/00"`` and ``FinancialYear(1, 1)`` is ``"0001 (Jan)"``, so every year reads back.
Years 1000 to 9998 are written as they always were.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeGuard, TypeVar

import attrs
import cattrs

from hom_core.errors import InvalidValueError

__all__ = [
    "AcademicYear",
    "FinancialYear",
    "Fte",
    "Money",
    "Ukprn",
    "Urn",
    "configure_converter",
]

T = TypeVar("T")

_MIN_YEAR = 1
_MAX_YEAR = 9998  # so that the year after it is still a date


def _four_digits(year: int) -> str:
    """``year`` as the four digits of an ISO 8601 date (``"0999"``), which parsing demands."""
    return f"{year:04d}"


def _is_int(value: object) -> TypeGuard[int]:
    return type(value) is int  # not bool, not a float that happens to be whole


def _round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def _check_year(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not _is_int(value) or not _MIN_YEAR <= value <= _MAX_YEAR:
        raise InvalidValueError(
            f"{attribute.name} {value!r} is not a year: give the calendar year as an int "
            f"between {_MIN_YEAR} and {_MAX_YEAR}, such as 2014"
        )


def _check_length(text: str, what: str) -> None:
    """Refuse text far longer than any amount (it would run past Python's limit on digits)."""
    if len(text) > _LONGEST_NUMBER:
        raise InvalidValueError(
            f"{text[:12]!r}... ({len(text):,} characters) is too long to be {what}: write at "
            f"most {_LONGEST_NUMBER} characters, such as '412.50'"
        )


_LONGEST_NUMBER = 40


# -- money -------------------------------------------------------------------------------------

_PLAIN_POUNDS = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?")
_SHOWN_POUNDS = re.compile(
    r"(?P<sign>-?)£?(?P<whole>0|[1-9][0-9]{0,2}(?:,[0-9]{3})*|[1-9][0-9]*)(?:\.(?P<pence>[0-9]{1,2}))?"
)


def _check_pence(_: object, __: object, value: int) -> None:
    if not _is_int(value):
        raise InvalidValueError(
            f"Money holds whole pence, not {type(value).__name__} {value!r}: pass an int of "
            "pence, or build it from pounds with Money.pounds('2.00')"
        )


@attrs.frozen(order=True)
class Money:
    """An exact amount of money in pounds sterling, held as whole pence (never a float).

    Build it with :meth:`pounds` (``Money.pounds("2.00")``), :meth:`parse` (also reads what
    ``str`` shows, ``"£1,234.50"``) or from pence (``Money(200)``). Money adds, subtracts and
    negates with money, multiplies by an ``int``, orders, and sums (``sum(amounts, Money.zero())``
    or plain ``sum(amounts)``). Only :meth:`times` and :meth:`share` round, each documented.

    ``str(Money(123450))`` is ``"£1,234.50"``; a negative amount shows as ``"-£3.00"``.
    """

    pence: int = attrs.field(validator=_check_pence)

    @classmethod
    def zero(cls) -> Money:
        """No money: £0.00."""
        return cls(0)

    @classmethod
    def pounds(cls, value: str | Decimal | int) -> Money:
        """``value`` pounds, exactly: ``"412.50"``, ``Decimal("412.5")`` or ``412``.

        A string is read as :meth:`parse` reads it. Fractions of a penny and floats are refused
        with :class:`~hom_core.errors.InvalidValueError`: a float cannot hold money exactly.
        """
        if isinstance(value, str):
            return cls.parse(value)
        if _is_int(value):
            return cls(value * 100)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise InvalidValueError(
                    f"{value!r} is not an amount of money: give a finite number of pounds"
                )
            numerator, denominator = value.as_integer_ratio()
            pence, remainder = divmod(numerator * 100, denominator)
            if remainder:
                raise InvalidValueError(
                    f"£{value} has a fraction of a penny: round it to whole pence first "
                    "(at most 2 decimal places)"
                )
            return cls(pence)
        if isinstance(value, float):
            raise InvalidValueError(
                f"money cannot be a float ({value!r}): a float cannot hold pence exactly; pass "
                f"a string such as '{value:.2f}' or a Decimal"
            )
        raise InvalidValueError(
            f"{type(value).__name__} {value!r} is not an amount of money: pass pounds as a "
            "string such as '412.50', a Decimal or an int"
        )

    @classmethod
    def parse(cls, text: str) -> Money:
        """The amount ``text`` writes in pounds: ``"412.50"``, ``"412.5"``, ``"412"``, or as
        ``str`` shows it, ``"£1,234.50"`` and ``"-£3.00"``.

        Thousands separators must sit every three digits. More than two decimal places (a
        fraction of a penny), exponents, spaces and other currencies are refused.
        """
        if not isinstance(text, str):
            raise InvalidValueError(
                f"Money.parse reads a string, not {type(text).__name__} {text!r}: "
                "use Money.pounds for a Decimal or an int"
            )
        _check_length(text, "an amount in pounds")
        if _PLAIN_POUNDS.fullmatch(text):
            return cls._from_plain(text)
        shown = _SHOWN_POUNDS.fullmatch(text)
        if shown is None:
            raise InvalidValueError(
                f"{text!r} is not an amount in pounds: write it like '412.50', '1,234.50' or "
                "'£1,234.50' (at most 2 decimal places, no fractions of a penny)"
            )
        whole = int(shown["whole"].replace(",", ""))
        pence = whole * 100 + int((shown["pence"] or "").ljust(2, "0"))
        return cls(-pence if shown["sign"] else pence)

    @classmethod
    def _from_plain(cls, text: str) -> Money:
        negative = text.startswith("-")
        whole, _, fraction = text.removeprefix("-").partition(".")
        pence = int(whole) * 100 + int(fraction.ljust(2, "0"))
        return cls(-pence if negative else pence)

    def to_decimal(self) -> Decimal:
        """The amount in pounds, exactly, with two places: ``Decimal("412.50")``."""
        return Decimal(f"{self.pence}E-2")

    def times(self, fte: Fte) -> Money:
        """The contribution for ``fte`` at this rate per FTE (F1), to the nearest penny.

        FTE is counted in halves, so the exact product is a whole number of half pence; only an
        odd number of halves times an odd number of pence leaves half a penny, and that half is
        rounded up (away from zero): 0.5 FTE at £0.01 is £0.01, 201.5 FTE at £2.01 is £405.02.
        """
        if not isinstance(fte, Fte):
            raise InvalidValueError(
                f"Money.times takes an Fte, not {type(fte).__name__} {fte!r}: build one with "
                "Fte.of(full_time, part_time) or Fte.parse('201.5'); multiply by an int with *"
            )
        return Money(_round_half_up(self.pence * fte.halves, 2))

    def share(self, numerator: int, denominator: int) -> Money:
        """``numerator / denominator`` of this amount (0 <= share <= 1), to the nearest penny.

        For the banker school's administration share (F4): ``total.share(1, 20)`` is 5 %. Half a
        penny is rounded up (away from zero). The rest of the total is ``total - share``, so the
        two parts always add up to the total exactly.
        """
        if not (_is_int(numerator) and _is_int(denominator)):
            raise InvalidValueError(
                f"a share is a fraction of two ints, not {numerator!r}/{denominator!r}: "
                "write 5 % as share(5, 100), or use portion(Decimal('0.05'))"
            )
        if denominator <= 0 or not 0 <= numerator <= denominator:
            raise InvalidValueError(
                f"{numerator}/{denominator} is not a share of an amount: give a fraction between "
                "0 and 1 with a positive denominator, such as share(5, 100) for 5 %"
            )
        return Money(_round_half_up(self.pence * numerator, denominator))

    def portion(self, fraction: Decimal) -> Money:
        """The ``fraction`` (a Decimal from 0 to 1) of this amount, to the nearest penny.

        ``total.portion(Decimal("0.05"))`` is ``total.share(5, 100)``, rounded the same way.
        """
        if not isinstance(fraction, Decimal) or not fraction.is_finite():
            raise InvalidValueError(
                f"a portion is a finite Decimal between 0 and 1, not {fraction!r}: write 5 % as "
                "Decimal('0.05') (never a float)"
            )
        if not 0 <= fraction <= 1:
            raise InvalidValueError(
                f"{fraction} is not a portion of an amount: give a Decimal between 0 and 1, "
                "such as Decimal('0.05') for 5 %"
            )
        return self.share(*fraction.as_integer_ratio())

    def __str__(self) -> str:
        sign = "-" if self.pence < 0 else ""
        pounds, pence = divmod(abs(self.pence), 100)
        return f"{sign}£{pounds:,}.{pence:02d}"

    def __add__(self, other: Money) -> Money:
        if isinstance(other, Money):
            return Money(self.pence + other.pence)
        return NotImplemented

    def __radd__(self, other: int) -> Money:
        """``0 + money`` is ``money``, so ``sum()`` of amounts needs no start value."""
        if _is_int(other) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if isinstance(other, Money):
            return Money(self.pence - other.pence)
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(-self.pence)

    def __abs__(self) -> Money:
        return Money(abs(self.pence))

    def __mul__(self, factor: int) -> Money:
        if _is_int(factor):
            return Money(self.pence * factor)
        return NotImplemented

    __rmul__ = __mul__


# -- FTE ---------------------------------------------------------------------------------------

_PLAIN_FTE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def _check_halves(_: object, __: object, value: int) -> None:
    if not _is_int(value) or value < 0:
        raise InvalidValueError(
            f"Fte holds a count of half pupils >= 0, not {value!r}: build it with "
            "Fte.of(full_time, part_time) or Fte.parse('201.5')"
        )


@attrs.frozen(order=True)
class Fte:
    """Full-time-equivalent pupils, exactly, as a whole number of halves (C2).

    A part-time pupil counts 0.5, so every FTE is a multiple of 0.5: ``Fte.of(200, 3)`` is 201.5
    FTE, ``halves == 403``. FTEs add, order and sum; ``str`` gives ``"201.5"`` or ``"200"``.
    """

    halves: int = attrs.field(validator=_check_halves)

    @classmethod
    def zero(cls) -> Fte:
        """No pupils."""
        return cls(0)

    @classmethod
    def of(cls, full_time: int, part_time: int) -> Fte:
        """The FTE of a census: ``full_time`` pupils + 0.5 x ``part_time`` pupils (C2)."""
        for name, count in (("full_time", full_time), ("part_time", part_time)):
            if not _is_int(count) or count < 0:
                raise InvalidValueError(
                    f"{name} {count!r} is not a count of pupils: give a whole number >= 0 "
                    "(a part-time pupil is counted as one part-time pupil, not 0.5)"
                )
        return cls(2 * full_time + part_time)

    @classmethod
    def parse(cls, value: str | Decimal | int) -> Fte:
        """The FTE ``value`` writes: ``"201.5"``, ``Decimal("201.5")`` or ``201``.

        It must be >= 0 and a multiple of 0.5 (a pupil is full- or part-time, C2); floats are
        refused, since an FTE must be exact.
        """
        number: Decimal
        if isinstance(value, str):
            _check_length(value, "an FTE")
            if not _PLAIN_FTE.fullmatch(value):
                raise InvalidValueError(
                    f"{value!r} is not an FTE: write a number >= 0 in halves, such as '201.5' "
                    "or '200'"
                )
            number = Decimal(value)
        elif _is_int(value):
            number = Decimal(value)
        elif isinstance(value, Decimal) and value.is_finite():
            number = value
        else:
            raise InvalidValueError(
                f"{type(value).__name__} {value!r} is not an FTE: pass a string such as "
                "'201.5', a Decimal or an int (never a float)"
            )
        numerator, denominator = number.as_integer_ratio()
        halves, remainder = divmod(numerator * 2, denominator)
        if remainder or halves < 0:
            raise InvalidValueError(
                f"FTE {value} is not a multiple of 0.5 that is >= 0: count full-time pupils as "
                "1 and part-time pupils as 0.5 (Fte.of(full_time, part_time))"
            )
        return cls(halves)

    def to_decimal(self) -> Decimal:
        """The FTE as an exact Decimal: ``Decimal("201.5")`` or ``Decimal("200")``."""
        return Decimal(str(self))

    def __str__(self) -> str:
        whole, half = divmod(self.halves, 2)
        return f"{whole}.5" if half else str(whole)

    def __add__(self, other: Fte) -> Fte:
        if isinstance(other, Fte):
            return Fte(self.halves + other.halves)
        return NotImplemented

    def __radd__(self, other: int) -> Fte:
        """``0 + fte`` is ``fte``, so ``sum()`` of FTEs needs no start value."""
        if _is_int(other) and other == 0:
            return self
        return NotImplemented


# -- identifiers -------------------------------------------------------------------------------


def _digits(count: int, what: str, example: str) -> Any:
    pattern = re.compile(f"[0-9]{{{count}}}")

    def check(_: object, __: object, value: str) -> None:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise InvalidValueError(
                f"{value!r} is not a {what}: a {what} is exactly {count} digits, given as a "
                f"string such as '{example}' (keep any leading zeros)"
            )

    return check


@attrs.frozen(order=True)
class Urn:
    """A school's Unique Reference Number: exactly 6 digits (C3), e.g. ``Urn("105432")``.

    A school that converts to an academy gets a new URN; it stays the same member.
    """

    digits: str = attrs.field(validator=_digits(6, "URN", "105432"))

    def __str__(self) -> str:
        return self.digits


@attrs.frozen(order=True)
class Ukprn:
    """A UK Provider Reference Number: exactly 8 digits (C3), e.g. ``Ukprn("10012345")``."""

    digits: str = attrs.field(validator=_digits(8, "UKPRN", "10012345"))

    def __str__(self) -> str:
        return self.digits


# -- years -------------------------------------------------------------------------------------

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
    if not _is_int(value) or not 1 <= value <= 12:
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


# -- codec -------------------------------------------------------------------------------------


def _from_string(kind: type[T], parse: Any, example: str) -> Any:
    def structure(value: Any, _: type) -> T:
        if type(value) is not str:
            raise TypeError(
                f"expected {kind.__name__} as a string such as {example!r}, "
                f"got {type(value).__name__} {value!r}"
            )
        result: T = parse(value)
        return result

    return structure


def _plain_money(text: str) -> Money:
    if not _PLAIN_POUNDS.fullmatch(text):
        raise InvalidValueError(
            f"{text!r} is not stored money: write pounds as a plain decimal with at most 2 "
            "places, such as '412.50'"
        )
    return Money.parse(text)


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` to store the values of this module as strings, strictly.

    Money is stored as pounds with two places (``"412.50"``) and read back from a plain decimal
    string with at most two places; FTE as ``"201.5"``; identifiers and years as ``str`` shows
    them. A value of the wrong JSON type (a float, a number for a URN) is a ``TypeError`` and a
    malformed string an :class:`~hom_core.errors.InvalidValueError` (a ``ValueError``), so the
    codec names the offending field.
    """
    hooks: list[tuple[type[Any], Any, str]] = [
        (Money, _plain_money, "412.50"),
        (Fte, Fte.parse, "201.5"),
        (Urn, Urn, "105432"),
        (Ukprn, Ukprn, "10012345"),
        (AcademicYear, AcademicYear.parse, "2013/14"),
        (FinancialYear, FinancialYear.parse, "2014-15"),
    ]
    for kind, parse, example in hooks:
        converter.register_structure_hook(kind, _from_string(kind, parse, example))
    converter.register_unstructure_hook(Money, lambda money: str(money.to_decimal()))
    for kind in (Fte, Urn, Ukprn, AcademicYear, FinancialYear):
        converter.register_unstructure_hook(kind, str)
