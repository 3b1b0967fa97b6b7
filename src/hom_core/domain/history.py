"""Keeping a family's dated records in order, as the evolve functions do.

Events may be recorded late (back-dated), so an evolve function inserts each record in date
order rather than appending it; recording the same thing again replaces it. Most events arrive
in date order, so :func:`inserted` and :func:`placed` append without searching when the record
sorts last; either way they copy the tuple, so a family keeps its long histories in small
tuples (per member, per group, per year) rather than one that grows with the stream.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["in_order", "inserted", "placed"]

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
    key = order(new)
    if not items or order(items[-1]) <= key:
        return items + (new,)  # noqa: RUF005 - a copy in C, half the time of (*items, new)
    at = bisect_right(items, key, key=order)
    return (*items[:at], new, *items[at:])


def placed(items: tuple[T, ...], new: T, order: Callable[[T], Any]) -> tuple[T, ...]:
    """``items`` (sorted by ``order``, one per key) with ``new`` in its place: replacing the item
    whose key is the same, else inserted where its key sorts. A binary search, as
    :func:`inserted`."""
    key = order(new)
    if not items or order(items[-1]) < key:
        return items + (new,)  # noqa: RUF005 - as above
    at = bisect_left(items, key, key=order)
    after = at + 1 if at < len(items) and order(items[at]) == key else at
    return (*items[:at], new, *items[after:])
