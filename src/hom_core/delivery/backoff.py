"""How long a failed delivery waits before it is tried again: :class:`Backoff`."""

from __future__ import annotations

import attrs

from hom_core.errors import UsageError

__all__ = ["Backoff"]


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise UsageError(f"Backoff.{attribute.name} must be more than 0, got {value!r}")


@attrs.frozen
class Backoff:
    """How long to wait before trying a failed delivery again.

    Before attempt ``n + 1`` (after ``n`` failures): ``base * factor ** (n - 1)`` seconds, at
    most ``maximum``, less a random part of up to ``jitter`` of it (so notifiers that failed
    together do not all retry at the same moment).
    """

    base: float = attrs.field(default=1.0, validator=_positive)
    factor: float = attrs.field(default=2.0, validator=_positive)
    maximum: float = attrs.field(default=300.0, validator=_positive)
    jitter: float = 0.1

    def __attrs_post_init__(self) -> None:
        if self.factor < 1 or self.maximum < self.base or not 0 <= self.jitter < 1:
            raise UsageError(
                f"{self!r} cannot back off: give factor >= 1, maximum >= base and "
                "0 <= jitter < 1, such as Backoff(base=1, factor=2, maximum=300, jitter=0.1)"
            )

    def delay(self, failures: int, draw: float) -> float:
        """Seconds to wait after ``failures`` failures (from 1); ``draw`` is random in [0, 1)."""
        # the exponent is capped so a long outage cannot overflow the float before min()
        raw = min(self.maximum, self.base * self.factor ** min(failures - 1, 64))
        return raw * (1 - self.jitter * draw)
