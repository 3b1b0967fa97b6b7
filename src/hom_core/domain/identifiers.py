"""School identifiers (C3): a URN of 6 digits, a UKPRN of 8, each validated on construction."""

from __future__ import annotations

import re
from typing import Any

import attrs

from hom_core.errors import InvalidValueError

__all__ = ["Ukprn", "Urn"]


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
