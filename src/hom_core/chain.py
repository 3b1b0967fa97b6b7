"""Tamper evidence: every record's hash is chained to the one before it.

``hash(n) = SHA-256(hash(n-1) + "\\n" + canonical(record n))`` in hexadecimal (UTF-8), where
``hash(0)`` is :data:`GENESIS_HASH` and ``canonical`` is the compact JSON array (text not
escaped) of every stored field of the record but its hash, in
:class:`~hom_core.store.StoredRecord` order. The payload enters as the exact text stored.

What :func:`verify` proves
    That no record was edited, inserted, removed or reordered *before* the last record it read:
    each of those changes the hash of the record it touches or breaks the link of the next one,
    and the first position where that happens is reported. Positions and stream versions are
    checked to be gap-free as well.

What it does not prove
    - Truncation: removing the newest records leaves a valid shorter chain. Keep the head
      (``EventLog.head()``) somewhere the store's writers cannot edit (the minutes, an email to
      governors) and compare it later.
    - Wholesale rewriting: someone with write access who recomputes every hash after an edit
      produces a valid chain. The chain is evidence against accidental and casual change, not a
      signature; anchor the head externally to detect this too.
    - Personal data held outside the log (see the people store) is not covered, by design: it
      must stay erasable without breaking the chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import attrs

from hom_core.jsontext import compact, quoted as _quoted
from hom_core.store import NewRecord, StoredRecord

__all__ = ["GENESIS_HASH", "ChainReport", "canonical", "link", "seal", "verify"]

GENESIS_HASH = "0" * 64
"""The hash the first record of every log links to."""

_sha256 = hashlib.sha256


def link(previous_hash: str, record: StoredRecord | tuple[object, ...]) -> str:
    """The hash of ``record`` (its fields but the last, ``hash``) chained to ``previous_hash``."""
    return _sha256(f"{previous_hash}\n{canonical(record)}".encode()).hexdigest()


def canonical(record: StoredRecord | tuple[object, ...]) -> str:
    """The text of ``record`` that :func:`link` hashes: the compact JSON array of its fields
    but the last.

    Each string is escaped once, written between the numbers, rather than the array built and
    encoded (the text is the same: the tests hold it to :func:`~hom_core.jsontext.compact`);
    a record holding another type of value (a bool, a number for a string) is encoded whole.
    """
    (position, stream_id, version, event_type, schema, payload, at, effective, actor, corr,
     cause) = record[:11]  # fmt: skip
    if type(position) is int and type(version) is int and type(schema) is int:
        try:
            return (
                f"[{position},{_quoted(stream_id)},{version},{_quoted(event_type)},{schema},"
                f"{_quoted(payload)},{_quoted(at)},{_quoted(effective)},{_quoted(actor)},"
                f"{_quoted(corr)},{'null' if cause is None else _quoted(cause)}]"
            )
        except TypeError:  # a value that is not a string
            pass
    return compact(list(record[:11]))


def seal(
    previous_hash: str,
    first_position: int,
    stream_id: str,
    first_version: int,
    records: Sequence[NewRecord],
) -> list[StoredRecord]:
    """Give new records their positions, stream versions and chained hashes.

    The append algorithm (:func:`hom_core.appending.append_within`) calls this inside each
    backend's append transaction, after reading the head.
    """
    sealed = []
    position = first_position
    version = first_version
    for record in records:
        fields = (position, stream_id, version, *record)
        previous_hash = link(previous_hash, fields)
        sealed.append(StoredRecord(*fields, previous_hash))
        position += 1
        version += 1
    return sealed


@attrs.frozen
class ChainReport:
    """What :func:`verify` found. ``ok`` is true when ``first_bad_position`` is ``None`` and
    nothing else is wrong: ``problems`` lists what was found beside the chain (the store's own
    integrity check, snapshots that do not match the log, a torn tail, an anchor not held)."""

    checked: int
    head_position: int
    head_hash: str
    first_bad_position: int | None = None
    reason: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every record read links to the one before it and nothing else is wrong."""
        return self.first_bad_position is None and not self.problems

    def __str__(self) -> str:
        if self.first_bad_position is None:
            lines = [
                f"chain intact: {self.checked} records, head {self.head_position} {self.head_hash}"
            ]
        else:
            lines = [f"chain broken at position {self.first_bad_position}: {self.reason}"]
        return "\n".join([*lines, *(f"problem: {problem}" for problem in self.problems)])


def verify(records: Iterable[StoredRecord], anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk ``records`` (the whole log, in position order) and report the first broken link.

    With ``anchor`` (a position and hash kept from an earlier :meth:`head
    <hom_core.log.EventLog.head>`), also report when the log no longer holds that record: it
    was cut short, or rewritten from there on.
    """
    previous_hash = GENESIS_HASH
    expected_position = 1
    stream_versions: dict[str, int] = {}
    checked = 0
    for record in records:
        problem = _check(record, previous_hash, expected_position, stream_versions)
        if problem is not None:
            # report where the chain breaks, not the position the bad record claims to have
            return ChainReport(
                checked, expected_position - 1, previous_hash, expected_position, problem
            )
        stream_versions[record.stream_id] = record.stream_version
        previous_hash = record.hash
        expected_position = record.position + 1
        checked += 1
        if anchor is not None and record.position == anchor[0] and record.hash != anchor[1]:
            return ChainReport(
                checked,
                record.position,
                record.hash,
                record.position,
                f"the record has hash {record.hash}, not the {anchor[1]} kept for it: the log "
                "was rewritten from here on (or the kept head is of another log)",
            )
    head = expected_position - 1
    if anchor is not None and anchor[0] > head:
        problem = (
            f"the log ends at position {head}, before the kept head {anchor[0]}: records were "
            "cut off its end (restore them from a backup)"
        )
        return ChainReport(checked, head, previous_hash, head + 1, problem)
    return ChainReport(checked, head, previous_hash)


_FIELD_TYPES = tuple(
    (name, int if name in ("position", "stream_version", "schema_version") else str)
    for name in StoredRecord._fields
)
_TYPES = tuple(kind for _, kind in _FIELD_TYPES)
_TYPES_WITHOUT_CAUSE = tuple(
    type(None) if name == "causation_id" else kind for name, kind in _FIELD_TYPES
)


def _ill_typed(record: StoredRecord) -> str | None:
    """What field of ``record`` holds a value of the wrong type (the check of every record
    is one comparison of the tuple of its types; only a mismatch looks at each field)."""
    types = tuple(map(type, record))
    if types in (_TYPES, _TYPES_WITHOUT_CAUSE):
        return None
    for (name, kind), value in zip(_FIELD_TYPES, record, strict=True):
        if type(value) is not kind and not (value is None and name == "causation_id"):
            return (
                f"field {name} holds {type(value).__name__} {value!r:.40}, not "
                f"{kind.__name__}: the record was edited"
            )
    return None  # pragma: no cover - a tuple of other types has a field of another type


def _check(
    record: StoredRecord, previous_hash: str, expected_position: int, versions: dict[str, int]
) -> str | None:
    problem = _ill_typed(record)
    if problem is not None:
        return problem
    if record.position != expected_position:
        return (
            f"expected position {expected_position}, found {record.position}: "
            "a record was removed or inserted"
        )
    expected_version = versions.get(record.stream_id, 0) + 1
    if record.stream_version != expected_version:
        return (
            f"stream {record.stream_id!r} expected version {expected_version}, found "
            f"{record.stream_version}: a record of the stream was removed or inserted"
        )
    try:
        linked = link(previous_hash, record)
    except UnicodeEncodeError as error:
        return (
            f"the record holds {error.object[error.start : error.end]!a}, which is not Unicode "
            "text (bytes that are not UTF-8, or half a surrogate pair): the record was edited"
        )
    if linked != record.hash:
        return "the hash does not match the record and its predecessor: the record was edited"
    return None
