"""Keeping a family's dated records in order, as the evolve functions do.

Events may be recorded late (back-dated), so an evolve function inserts each record in date
order rather than appending it; recording the same thing again replaces it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["in_order", "inserted"]

T = TypeVar("T")


def in_order(
    items: Iterable[T],
    new: T,
    order: Callable[[T], Any],
    same: Callable[[T], object] | None = None,
) -> tuple[T, ...]:
    """``items`` with ``new`` added, sorted by ``order``, replacing any item that ``same``
    (by default ``order``) says is the same record."""
    identity = order if same is None else same
    key = identity(new)
    kept = [item for item in items if identity(item) != key]
    kept.append(new)
    kept.sort(key=order)
    return tuple(kept)


def inserted(items: tuple[T, ...], new: T, order: Callable[[T], Any]) -> tuple[T, ...]:
    """``items`` (sorted by ``order``) with ``new`` inserted after those that sort equal to it.

    A binary search, so a history of many records (meetings, reports) replays in linear time
    rather than re-sorting at each event; records are kept, never replaced.
    """
    at = bisect_right(items, order(new), key=order)
    return (*items[:at], new, *items[at:])
