"""The one exception hierarchy of hom.

Every failure a user can cause raises a subclass of :class:`HomError`. Each message says what
happened and what to do about it, so a caller can show ``str(error)`` to a person as it is.

    HomError
    ├── ConcurrencyError          the stream moved since it was read
    ├── IdempotencyConflictError  an idempotency key was reused for another stream
    ├── EventTypeError            an event type is unknown, or registered twice
    ├── CodecError                an event or record cannot be encoded or decoded
    │   └── CorruptRecordError    a stored record is malformed (names position and field)
    │       └── UnknownEventTypeError  ... because no registered type has its name
    ├── CorruptLogError           the stored log breaks an invariant of the store
    ├── StoreError                a backend failed, or a URL names no backend
    │   ├── LogNotFoundError      ... because no log is where the URL points
    │   ├── NotAHomLogError       ... because what is there is not a hom log
    │   └── DamagedLogError       ... because the stored file or database is damaged
    ├── RuleViolation             a command breaks a rule of the agreement
    │   ├── TimelineViolation     ... by a fact recorded already, read in date order (R2)
    │   └── UnknownPartnershipError  ... in a partnership never formed (also a UsageError)
    ├── UsageError                an API was called with arguments that cannot work
    ├── InvalidValueError         a value (URN, money, FTE, date range) is malformed
    └── PluginError               a plugin is broken or registers something invalid
"""

from __future__ import annotations

import difflib
from datetime import date

__all__ = [
    "CodecError",
    "ConcurrencyError",
    "CorruptLogError",
    "CorruptRecordError",
    "DamagedLogError",
    "EventTypeError",
    "HomError",
    "IdempotencyConflictError",
    "InvalidValueError",
    "LogNotFoundError",
    "NotAHomLogError",
    "PluginError",
    "RuleViolation",
    "StoreError",
    "TimelineViolation",
    "UnknownEventTypeError",
    "UnknownPartnershipError",
    "UsageError",
]


class HomError(Exception):
    """Base of every error hom raises on purpose.

    Subclasses whose constructor takes fields list them in ``_fields``, so an error pickles
    (crosses a process boundary) with its fields intact.
    """

    _fields: tuple[str, ...] = ()

    def __reduce__(self) -> str | tuple[object, ...]:
        if not self._fields:
            return super().__reduce__()
        return (type(self), tuple(getattr(self, name) for name in self._fields))


class ConcurrencyError(HomError):
    """An append's ``expected_version`` is not the stream's current version.

    Another writer appended to the stream after the caller read it. Reload the stream, decide
    again against the new state, and append with the new version.
    """

    _fields = ("stream_id", "expected", "actual")

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, not the expected {expected}: "
            "another writer appended first; reload the stream, decide again and retry"
        )


class IdempotencyConflictError(HomError):
    """An idempotency key that already recorded an append was reused for a different stream."""

    _fields = ("key", "recorded_stream", "requested_stream")

    def __init__(self, key: str, recorded_stream: str, requested_stream: str) -> None:
        self.key = key
        self.recorded_stream = recorded_stream
        self.requested_stream = requested_stream
        super().__init__(
            f"idempotency key {key!r} already recorded an append to stream {recorded_stream!r}, "
            f"so it cannot be used for {requested_stream!r}: use a fresh key for each new append"
        )


class EventTypeError(HomError):
    """An event type is unknown to the registry, or two plugins register the same name."""


class CodecError(HomError):
    """An event cannot be encoded, or a payload cannot be decoded into its event type."""


class CorruptRecordError(CodecError):
    """A stored record cannot be decoded: bad JSON, unknown type, or a missing or ill-typed field.

    ``position`` is the record's global position (``None`` when the record is not yet stored),
    ``field`` the dotted path of the offending field where one is known.
    """

    _fields: tuple[str, ...] = ("position", "field", "reason")

    def __init__(self, position: int | None, field: str | None, reason: str) -> None:
        self.position = position
        self.field = field
        self.reason = reason
        where = f"record at position {position}" if position is not None else "record"
        what = f" field {field!r}:" if field else ""
        super().__init__(
            f"{where} cannot be decoded:{what} {reason}; the stored data does not match the "
            "registered event type: register an upcaster for old schema versions, install the "
            "plugin that defines the type, or restore the record from a backup"
        )


class UnknownEventTypeError(CorruptRecordError, EventTypeError):
    """A stored record names an event type no installed plugin registers."""

    _fields = ("position", "event_type")

    def __init__(self, position: int | None, event_type: str) -> None:
        self.event_type = event_type
        super().__init__(
            position,
            None,
            f"unknown event type {event_type!r} (install or enable the plugin that defines it; "
            "`hom plugins` lists what is loaded)",
        )


class CorruptLogError(HomError):
    """The stored log breaks an invariant (a gap, a bad hash link) that the store relies on.

    ``position`` is the first position found bad, where one is known.
    """

    _fields: tuple[str, ...] = ("message", "position")

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position
        super().__init__(message)


class StoreError(HomError):
    """A storage backend failed, or no backend claims the URL's scheme."""


class LogNotFoundError(StoreError):
    """A command that only reads (or adds to a log) found no log where the URL points.

    Reading never creates a log: ``hom init`` (or :func:`~hom_core.open_log`, which creates)
    makes one. ``hint`` says more where the backend can (such as a relative SQLite path that
    four slashes would make absolute).
    """

    _fields = ("where", "hint")

    def __init__(self, where: str, hint: str = "") -> None:
        self.where = where
        self.hint = hint
        extra = f" ({hint})" if hint else ""
        super().__init__(f"no log at {where}{extra}: run hom init to create one, or check the URL")


class NotAHomLogError(StoreError):
    """The URL names a database or file that exists but was not made by hom.

    hom writes nothing to it (it adds no tables): check the URL.
    """

    _fields = ("where", "reason")

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(
            f"{where} is not a hom log ({reason}): check the URL; nothing was written to it"
        )


class DamagedLogError(StoreError, CorruptLogError):
    """The stored log (its file or database) is damaged: the store itself reports an error.

    ``reason`` is what the store said. Restore the log from a backup.
    """

    _fields = ("where", "reason")

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"the log at {where} is damaged ({reason}): restore it from a backup")


class RuleViolation(HomError):  # noqa: N818 - reads as the domain says it: a rule violation
    """A command breaks a rule of the partnership's agreement; nothing was appended.

    ``rule`` is the id of the rule the command breaks (``"M2"``, ``"F1"``, ...), as the
    rulebook of hom's documentation numbers them (``docs/rulebook/``).
    """

    _fields: tuple[str, ...] = ("rule", "detail")

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        self.detail = message
        super().__init__(f"[{rule}] {message}")


class TimelineViolation(RuleViolation):
    """R2: a command (new, back-dated, or a correction) would make a fact already recorded
    break a rule, read in effective-date order; nothing was appended.

    ``rule`` is the rule the later fact would break, ``position`` and ``effective_date`` say
    which fact it is (``position`` is ``None`` when it is one of the command's own facts, read
    after those dated before it), ``event_type`` its type in the log.
    """

    _fields = ("rule", "detail", "position", "effective_date", "event_type")

    def __init__(
        self,
        rule: str,
        detail: str,
        position: int | None,
        effective_date: date,
        event_type: str,
    ) -> None:
        self.position = position
        self.effective_date = effective_date
        self.event_type = event_type
        super().__init__(rule, detail)


class PluginError(HomError):
    """A plugin failed to load, or registered something invalid."""


class UsageError(HomError):
    """An API was called with arguments that cannot work (an empty batch, a naive clock, ...)."""


class UnknownPartnershipError(RuleViolation, UsageError):
    """A command, an import or a question names a partnership never formed in the log.

    Nothing but its formation may be recorded for such an id, so a typo never becomes a stream
    of its own. ``formed`` lists the partnership ids the log holds, and the message suggests the
    closest one. It is a :class:`UsageError` (the id is wrong) and a :class:`RuleViolation`
    whose ``rule`` is the one the command breaks in a partnership not yet formed (``"M1"``,
    formation, when there is no command or the rules name none), so code that catches either
    keeps working; the message leads with the id, not the rule.
    """

    _fields = ("partnership_id", "formed", "rule")

    def __init__(self, partnership_id: str, formed: tuple[str, ...], rule: str = "M1") -> None:
        self.partnership_id = partnership_id
        self.formed = formed
        self.rule = rule
        close = difflib.get_close_matches(partnership_id, formed, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        shown = ", ".join(formed[:10]) + (f" and {len(formed) - 10} more" if formed[10:] else "")
        held = f"it holds {shown}" if formed else "it holds none yet"
        self.detail = (
            f"the log holds no partnership {partnership_id!r}: {hint}({held}); check the id, or "
            f"form the partnership first (FormPartnership; hom init --partnership "
            f"{partnership_id} --name NAME)"
        )
        HomError.__init__(self, self.detail)


class InvalidValueError(HomError, ValueError):
    """A value is malformed: a URN that is not 6 digits, money with fractions of a penny, ...

    Also a :class:`ValueError`, so the codec reports it as an ill-typed field when a stored
    record holds such a value.
    """
