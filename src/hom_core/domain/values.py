"""Value types of the domain, gathered here with how each is stored: exact money and FTE
(:mod:`~hom_core.domain.money`), school identifiers (:mod:`~hom_core.domain.identifiers`),
academic and financial years (:mod:`~hom_core.domain.years`).

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

"""

from __future__ import annotations

from typing import Any, TypeVar

import cattrs

from hom_core.domain.identifiers import Ukprn, Urn
from hom_core.domain.money import Fte, Money
from hom_core.domain.years import AcademicYear, FinancialYear

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


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` to store the values of this module as strings, strictly.

    Money is stored as pounds with two places (``"412.50"``) and read back from a plain decimal
    string with at most two places; FTE as ``"201.5"``; identifiers and years as ``str`` shows
    them. A value of the wrong JSON type (a float, a number for a URN) is a ``TypeError`` and a
    malformed string an :class:`~hom_core.errors.InvalidValueError` (a ``ValueError``), so the
    codec names the offending field.
    """
    hooks: list[tuple[type[Any], Any, str]] = [
        (Money, Money.parse_stored, "412.50"),
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
