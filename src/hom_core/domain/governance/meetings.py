"""A group's meetings (G1): a sequence that builds each meeting only when it is read.

A standing group or network meets every half term for as long as the partnership lasts, so on a
long history a few groups hold most of the state's records (91,000 of the meetings of a
100,000-event partnership). A snapshot keeps them, per group, as one text of rows
(:func:`meetings_text`, format 2) instead of a JSON object per meeting (format 1), and a state
loaded from it keeps that text: :class:`Meetings` splits it into rows when first read and builds
a :class:`~hom_core.domain.governance.events.MeetingHeld` from a row only when that meeting is
read. A command touches the last meeting or the few around a date (a binary search), a report
the meetings of one school year, so loading a snapshot no longer costs the whole history.

:class:`Meetings` behaves as the tuple of its meetings: ``len``, indexing (negative too),
slicing (a tuple), iteration, ``in``, ``index``, ``count``, ``+`` a tuple, equality with a tuple
or another :class:`Meetings` of the same meetings, the same hash and ``repr`` as that tuple.
Meetings recorded after the snapshot are kept as built records after the stored rows, so
appending one copies only those, never the stored rows.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, overload

import cattrs

from hom_core.domain.governance.events import MeetingHeld
from hom_core.jsontext import compact

__all__ = ["MEETINGS_FORMAT", "Meetings", "configure_converter", "meetings_text"]

MEETINGS_FORMAT = 2
"""The form of a group's meetings in a snapshot: 1, a JSON list of meeting objects (still read);
2, one JSON string of rows (:func:`meetings_text`)."""

_ROWS = "\n"
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner


_quoted = json.encoder.encode_basestring  # C: as compact quotes a string


def _text(value: str | None) -> str:
    return "null" if value is None else _quoted(value)


def _row(meeting: MeetingHeld) -> str:
    """``compact([held_on, host_member_id, chair, summary])``, written directly (a tenth of the
    time: a snapshot writes one row per meeting of the history)."""
    held_on, host, chair = meeting.held_on.isoformat(), meeting.host_member_id, meeting.chair
    return f'["{held_on}",{_text(host)},{_text(chair)},{_quoted(meeting.summary)}]'


def meetings_text(meetings: Sequence[MeetingHeld]) -> str | None:
    """The meetings as one text (format 2): a header row ``[2, group id]``, then a JSON array
    ``[held_on, host_member_id, chair, summary]`` per meeting, one a line (compact JSON holds
    no line break); ``None`` when they are not all of one group (no group holds such meetings:
    they are stored in format 1)."""
    if not meetings:
        return None
    stored: list[str] = []
    group_id, built = meetings[0].group_id, meetings
    if isinstance(meetings, Meetings) and meetings.stored_group is not None:
        (stored, built), group_id = meetings.stored_rows_and_added(), meetings.stored_group
    if any(meeting.group_id != group_id for meeting in built):
        return None  # the stored rows are all of their group: only the others are looked at
    return _ROWS.join([compact([MEETINGS_FORMAT, group_id]), *stored, *map(_row, built)])


class _Stored:
    """The rows of a text of meetings, split when first read, and the meetings built from them
    (each when first read); shared by every :class:`Meetings` made from the same text."""

    __slots__ = ("built", "group_id", "rows", "text")

    def __init__(self, group_id: str, text: str) -> None:
        self.group_id = group_id
        self.text = text
        self.rows: list[str] | None = None
        self.built: list[MeetingHeld | None] = []

    def split(self) -> list[str]:
        rows = self.rows
        if rows is None:
            rows = self.text.split(_ROWS)[1:]
            self.built = [None] * len(rows)
            self.rows = rows
        return rows

    def meeting(self, index: int) -> MeetingHeld:
        rows = self.split()
        built = self.built[index]
        if built is None:
            held_on, host, chair, summary = _scan(rows[index], 0)[0]
            built = MeetingHeld(self.group_id, date.fromisoformat(held_on), host, chair, summary)
            self.built[index] = built
        return built


def _header(text: str) -> str:
    """The group id of a text of meetings (format 2); ValueError when it is not one."""
    end = text.find(_ROWS)
    header = json.loads(text if end < 0 else text[:end])
    if not (
        isinstance(header, list)
        and len(header) == 2
        and header[0] == MEETINGS_FORMAT
        and isinstance(header[1], str)
    ):
        raise ValueError(f"not a text of meetings in format {MEETINGS_FORMAT}: {text[:80]!r}")
    return header[1]


class Meetings(Sequence[MeetingHeld]):
    """A group's meetings in date order, as a tuple of them would be (see the module)."""

    __slots__ = ("_added", "_count", "_stored")

    def __init__(self, meetings: Iterable[MeetingHeld] = ()) -> None:
        self._stored: _Stored | None = None
        self._count = 0
        self._added: tuple[MeetingHeld, ...] = tuple(meetings)

    @classmethod
    def from_text(cls, text: str) -> Meetings:
        """The meetings of a text :func:`meetings_text` made, read lazily; ValueError when its
        header is not one."""
        meetings = cls()
        stored = _Stored(_header(text), text)
        meetings._stored = stored
        meetings._count = text.count(_ROWS)
        return meetings

    def _with_added(self, added: tuple[MeetingHeld, ...]) -> Meetings:
        meetings = Meetings()
        meetings._stored, meetings._count, meetings._added = self._stored, self._count, added
        return meetings

    @property
    def stored_group(self) -> str | None:
        """The group id of the stored rows, ``None`` when there are none."""
        return None if self._stored is None else self._stored.group_id

    def stored_rows_and_added(self) -> tuple[list[str], tuple[MeetingHeld, ...]]:
        """The stored rows (as text) and the meetings added after them."""
        rows = [] if self._stored is None else self._stored.split()
        return rows, self._added

    def __len__(self) -> int:
        return self._count + len(self._added)

    @overload
    def __getitem__(self, index: int) -> MeetingHeld: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[MeetingHeld, ...]: ...

    def __getitem__(self, index: int | slice) -> MeetingHeld | tuple[MeetingHeld, ...]:
        if isinstance(index, slice):
            return tuple(self[at] for at in range(*index.indices(len(self))))
        count = self._count
        if index < 0:
            index += count + len(self._added)
            if index < 0:
                raise IndexError("meeting index out of range")
        if index < count:
            assert self._stored is not None  # a count of stored rows comes with them
            return self._stored.meeting(index)
        return self._added[index - count]

    def __iter__(self) -> Iterator[MeetingHeld]:
        stored = self._stored
        if stored is not None:
            meeting = stored.meeting
            for index in range(self._count):
                yield meeting(index)
        yield from self._added

    def __add__(self, other: object) -> Meetings:
        if not isinstance(other, tuple | Meetings):
            return NotImplemented
        return self._with_added(self._added + tuple(other))

    def __radd__(self, other: object) -> tuple[MeetingHeld, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return other + tuple(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Meetings):
            if other._stored is self._stored and other._count == self._count:
                return other._added == self._added
        elif not isinstance(other, tuple):
            return NotImplemented
        return len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def between(self, first: date, last: date) -> tuple[MeetingHeld, ...]:
        """The meetings from ``first`` to ``last`` (both included), by binary search."""
        start = bisect_left(self, first, key=_held_on)
        return self[start : bisect_right(self, last, lo=start, key=_held_on)]

    def last_by(self, day: date) -> MeetingHeld | None:
        """The last meeting on or before ``day`` (``None``: none by then)."""
        at = bisect_right(self, day, key=_held_on)
        return self[at - 1] if at else None

    def added(self, meeting: MeetingHeld) -> Meetings:
        """These meetings with ``meeting`` after those held on or before its day (a binary
        search; recorded in date order, it is appended without copying the stored rows)."""
        if not len(self) or self[-1].held_on <= meeting.held_on:
            return self._with_added(self._added + (meeting,))  # noqa: RUF005 - a copy in C
        at = bisect_right(self, meeting.held_on, key=_held_on)
        return Meetings((*self[:at], meeting, *self[at:]))


def _held_on(meeting: MeetingHeld) -> date:
    return meeting.held_on


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` :class:`Meetings`: stored as a text of rows (format 2,
    :func:`meetings_text`), or, for meetings not all of one group and for none, as the list of
    the meetings (format 1, as a tuple of them is); either form is read back."""
    as_tuple = tuple[MeetingHeld, ...]

    def structure(value: Any, _: type) -> Meetings:
        if type(value) is str:
            return Meetings.from_text(value)
        return Meetings(converter.structure(value, as_tuple))

    def unstructure(meetings: Sequence[MeetingHeld]) -> Any:
        text = meetings_text(meetings)
        return converter.unstructure(tuple(meetings), as_tuple) if text is None else text

    converter.register_structure_hook(Meetings, structure)
    converter.register_unstructure_hook(Meetings, unstructure)
