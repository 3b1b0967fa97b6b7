"""Importing a JSON-lines history into a log: atomically, or in batches that resume.

One JSON object a line (blank lines are skipped), either an event or a command::

    {"event": "hom.notice_given", "payload": {"member_id": "st-philips", "received_on":
     "2015-03-02", "leaves_on": "2015-08-31"}}
    {"command": "GiveNotice", "fields": {"member_id": "st-philips", "received_on": "2015-03-02"}}

An **event line** is recorded as it is: the registered type name (``hom plugins`` shows which
plugin registers it) and its payload exactly as the log stores it (the codec's rules: ISO dates,
money and FTE as strings, no unknown keys). It may name its ``"stream"`` (default: the
partnership's), its ``"effective_date"`` (default: the date the event is about, for the events
that have one) and the ``"schema_version"`` it was written at (older versions are upcast). Use
event lines to bring in a history that was decided elsewhere, such as the records of another
system: the rules are not asked again.

A **command line** is decided against the partnership as it stands after the lines before it,
exactly as ``hom record`` would: a command that breaks a rule stops the import at that line.
Use command lines to enter new facts in bulk (a year's censuses, payments).

Atomic
    Every line is read and decided first, then recorded in one append (one stream only), or
    nothing is recorded.
Resumable (the default)
    Lines are recorded in batches of consecutive lines of one stream; each batch's idempotency
    key is derived from its stream, its line numbers and its lines' text. A run that stops (a
    bad line, an interrupt, a crash) leaves whole batches in the log; running the same import
    again skips the batches already recorded and records the rest, never twice. Fix only lines
    from the one that failed on: editing a recorded line changes its batch's key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hom_core.application import STREAM_PREFIX, Partnership, formed_partnerships
from hom_core.cli.commands import CommandReader
from hom_core.domain import FormPartnership
from hom_core.domain.bounds import check_entry, parse_date
from hom_core.domain.framework.events import PartnershipFormed
from hom_core.envelope import Pending
from hom_core.errors import (
    CorruptRecordError,
    HomError,
    InvalidValueError,
    UnknownPartnershipError,
    UsageError,
)
from hom_core.imports.batches import BATCH_SIZE, ImportReport, Line, LineError, record_lines
from hom_core.jsontext import compact, loads
from hom_core.log import EventLog

__all__ = ["BATCH_SIZE", "ImportReport", "Line", "import_history"]

_EVENT_KEYS = {"event", "payload", "stream", "effective_date", "schema_version"}


class _Reader:
    """Reads lines of a history for the log and (when given) the partnership."""

    def __init__(self, log: EventLog, partnership: Partnership | None) -> None:
        self.log = log
        self.partnership = partnership
        self.formed: set[str] = set()  # partnership streams known to be formed
        self.commands = (
            CommandReader(partnership.command_types(), log.codec.converter)
            if partnership is not None
            else None
        )

    def read(self, number: int, text: bytes) -> Line:
        try:
            document = loads(text)
        except InvalidValueError as error:
            raise UsageError(str(error)) from None
        except ValueError as error:  # also a line that is not UTF-8
            raise UsageError(f"not a JSON object ({error})") from None
        if not isinstance(document, dict) or ("event" in document) == ("command" in document):
            raise UsageError(
                'a line is a JSON object with "event" and "payload", or "command" and "fields"'
            )
        line = (self._command if "command" in document else self._event)(number, text, document)
        self._require_formed(line)
        return line

    def _require_formed(self, line: Line) -> None:
        """A partnership's stream takes a line only once the log (or a line before) formed it."""
        stream_id = line.stream_id
        if not stream_id.startswith(STREAM_PREFIX) or stream_id in self.formed:
            return
        event = None if line.event is None else line.event.event
        forms = isinstance(line.command, FormPartnership) or isinstance(event, PartnershipFormed)
        if not (forms or self.log.stream_version(stream_id)):
            partnership_id = stream_id.removeprefix(STREAM_PREFIX)
            raise UnknownPartnershipError(partnership_id, formed_partnerships(self.log))
        self.formed.add(stream_id)

    def _stream(self, what: str) -> str:
        if self.partnership is None:
            raise UsageError(f"{what}: pass --partnership ID (or set HOM_PARTNERSHIP)")
        return self.partnership.stream_id

    def _command(self, number: int, text: bytes, document: dict[str, Any]) -> Line:
        stream_id = self._stream("a command line is recorded in a partnership")
        assert self.commands is not None
        command = self.commands.from_json(document)
        check_entry(command, type(command).__name__)
        return Line(number, text, stream_id, command=command)

    def _event(self, number: int, text: bytes, document: dict[str, Any]) -> Line:
        unknown = sorted(set(document) - _EVENT_KEYS)
        if unknown:
            raise UsageError(
                f"unknown key(s) {', '.join(unknown)}: an event line has {', '.join(_EVENT_KEYS)}"
            )
        name, payload = document["event"], document.get("payload")
        if not isinstance(name, str) or not isinstance(payload, dict):
            raise UsageError('"event" must be a type name and "payload" a JSON object')
        stream_id = document.get("stream")
        if stream_id is None:
            stream_id = self._stream('an event line without "stream"')
        elif not isinstance(stream_id, str) or not stream_id:
            raise UsageError(f'"stream" must name a stream, such as "visits/1", not {stream_id!r}')
        event = self._decode(name, document.get("schema_version"), payload)
        check_entry(event, name)
        return Line(number, text, stream_id, event=Pending(event, self._day(document, event)))

    def _decode(self, name: str, version: Any, payload: dict[str, Any]) -> object:
        types = self.log.codec.types
        if name not in types:
            known = ", ".join(sorted(event_type.name for event_type in types))
            raise UsageError(
                f"unknown event type {name!r}: the installed ones are {known} (a plugin may "
                "define it: hom plugins lists what is loaded)"
            )
        if version is None:
            version = types.by_name(name).version
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise UsageError(f'"schema_version" must be a whole number from 1, not {version!r}')
        try:
            return self.log.codec.decode_event(name, version, compact(payload))
        except CorruptRecordError as error:
            field = f"payload.{error.field}: " if error.field else ""
            raise UsageError(f"{name} {field}{error.reason}") from None

    @staticmethod
    def _day(document: dict[str, Any], event: object) -> date:
        given = document.get("effective_date")
        if given is None:
            day = getattr(event, "effective_date", None)
            if not isinstance(day, date):
                raise UsageError(
                    f'{type(event).__name__} has no date of its own: give "effective_date"'
                )
            return day
        return parse_date(given, '"effective_date"')


def _numbered(path: Path, counts: dict[str, int]) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of ``path`` with their numbers (from 1); ``counts["bytes"]`` says
    how far into the file the lines handed out reach."""
    with path.open("rb") as lines:
        for number, text in enumerate(lines, 1):
            counts["bytes"] += len(text)
            if text.strip():
                yield number, text


Progress = Callable[[int, int], None]
"""Told ``(bytes read, lines read)`` after each batch, and every 1,000 lines read."""

_PROGRESS_EVERY = 1000


def import_history(
    log: EventLog,
    partnership: Partnership | None,
    path: Path,
    *,
    atomic: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the JSON-lines history at ``path`` into ``log`` (see the module docstring).

    Raises :class:`~hom_core.errors.UsageError` naming ``path:line`` and what is wrong there,
    and what is in the log by then (nothing, for an atomic import).
    """
    reader = _Reader(log, partnership)
    counts = {"lines": 0, "bytes": 0}

    def read() -> Iterator[Line]:
        for number, text in _numbered(path, counts):
            try:
                line = reader.read(number, text)
            except HomError as error:
                raise LineError(number, error) from None
            counts["lines"] += 1
            if progress is not None and not counts["lines"] % _PROGRESS_EVERY:
                progress(counts["bytes"], counts["lines"])
            yield line

    def after_batch() -> None:
        if progress is not None:
            progress(counts["bytes"], counts["lines"])

    return record_lines(
        log,
        partnership,
        read(),
        str(path),
        atomic=atomic,
        batch_size=batch_size,
        after_batch=after_batch,
    )
