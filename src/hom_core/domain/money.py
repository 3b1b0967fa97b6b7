"""Exact amounts (F1, C2): money in whole pence, FTE in whole halves, never a float."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TypeGuard

import attrs

from hom_core.errors import InvalidValueError

__all__ = ["Fte", "Money"]


def _is_int(value: object) -> TypeGuard[int]:
    return type(value) is int  # not bool, not a float that happens to be whole


def _round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


_LONGEST_NUMBER = 40
_LARGEST = 10**38
"""A bound on pence and on halves: an amount under it is written in at most
:data:`_LONGEST_NUMBER` characters, sign included, so every value made reads back."""


def _check_length(text: str, what: str) -> None:
    """Refuse text far longer than any amount (it would run past Python's limit on digits)."""
    if len(text) > _LONGEST_NUMBER:
        raise InvalidValueError(
            f"{text[:12]!r}... ({len(text):,} characters) is too long to be {what}: write at "
            f"most {_LONGEST_NUMBER} characters, such as '412.50'"
        )


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
    if not -_LARGEST < value < _LARGEST:
        raise InvalidValueError(
            f"an amount of {len(str(abs(value)))} digits of pence is too large to be money: "
            "keep it under 10**38 pence"
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
    def parse_stored(cls, text: str) -> Money:
        """Money as it is stored: pounds as a plain decimal with at most two places
        (``"412.50"``, ``"-3"``); the forms :meth:`parse` also reads are refused."""
        if not _PLAIN_POUNDS.fullmatch(text):
            raise InvalidValueError(
                f"{text!r} is not stored money: write pounds as a plain decimal with at most 2 "
                "places, such as '412.50'"
            )
        return cls.parse(text)

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
    if value >= _LARGEST:
        raise InvalidValueError(
            f"{len(str(value))} digits of half pupils is too large to be an FTE: keep it under "
            "10**38 halves"
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
