"""The lines of a JSON-lines log: the header, one record a line, and how a line is read and written.

The layout is described in :mod:`hom_plugins.storage.jsonl`; this module reads and writes it and
knows nothing of the store built on it.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import json.scanner
import operator
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from hom_core.errors import StoreError, UsageError
from hom_core.file_urls import file_url
from hom_core.jsontext import compact
from hom_core.store import StoredRecord

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "FORMAT",
    "HEADER",
    "CorruptLineError",
    "check_storable",
    "digest",
    "encode_batch",
    "parse_line",
    "parse_url",
    "read_exactly",
    "read_lines",
    "record_of",
    "sync_directory",
    "take_lock",
]

FORMAT = 1
"""The version of the line layout described above; a file of a newer format is refused."""

HEADER = compact({"hom": "jsonl", "format": FORMAT}) + "\n"
"""The first line of every log file."""

_FIELDS = StoredRecord._fields
_TEXT_FIELDS = frozenset(
    {"stream_id", "event_type", "payload", "recorded_at", "effective_date", "actor"}
    | {"correlation_id", "hash"}
)
_INT_FIELDS = frozenset(("position", "stream_version", "schema_version", "batch_end"))
_KEYS = frozenset((*_FIELDS, "batch_end"))
_KEYS_WITH_IDEMPOTENCY = _KEYS | {"idempotency_key"}
_get_fields = operator.itemgetter(*_FIELDS)
_make_record = functools.partial(tuple.__new__, StoredRecord)  # StoredRecord(*fields), cheaper
# the types json.loads gives the fields of a well-formed record
_TYPES = tuple(int if name in _INT_FIELDS else str for name in _FIELDS)
_TYPES_WITHOUT_CAUSE = tuple(
    type(None) if name == "causation_id" else t for name, t in zip(_FIELDS, _TYPES, strict=True)
)
_CHUNK = 1 << 20
_ON = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}


class CorruptLineError(Exception):
    """Raised while a line is read; the index turns it into a :class:`CorruptLogError` naming
    the file."""


def sync_directory(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_exactly(fd: int, size: int, offset: int) -> bytes:
    data = os.pread(fd, size, offset)
    while len(data) < size:
        more = os.pread(fd, size - len(data), offset + len(data))
        if not more:
            break
        data += more
    return data


def read_lines(fd: int, start: int) -> Iterator[tuple[int, bytes]]:
    """``(offset, line)`` for each line from ``start`` to the end of the file; the last line
    has no newline when the file does not end with one."""
    offset = start
    rest = b""
    while True:
        chunk = os.pread(fd, _CHUNK, offset + len(rest))
        if not chunk:
            if rest:
                yield offset, rest
            return
        data = rest + chunk
        begin = 0
        while True:
            newline = data.find(b"\n", begin)
            if newline < 0:
                break
            yield offset, data[begin : newline + 1]
            offset += newline + 1 - begin
            begin = newline + 1
        rest = data[begin:]


_scan_once = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def parse_line(raw: bytes) -> object:
    """The JSON value of one line; :class:`ValueError` if the line is not UTF-8 JSON.

    The common case calls the decoder's scanner directly, without ``json.loads``'s wrappers.
    """
    text = raw.decode()
    try:
        value, end = _scan_once(text, 0)
        if end == len(text) or text[end:] == "\n":
            return value
    except StopIteration:
        pass
    except RecursionError:
        raise ValueError("the line is JSON nested too deep for a record") from None
    try:
        return json.loads(text)  # anything unusual (spaces around the value, ...): says why
    except RecursionError:
        raise ValueError("the line is JSON nested too deep for a record") from None


def record_of(value: object) -> tuple[StoredRecord, int, str | None]:
    """The record, ``batch_end`` and idempotency key of a parsed line.

    Raises :class:`CorruptLineError` when it is not a well-formed record line. (Run once per
    record on open and on every read, so the common case is a few C-level comparisons.)
    """
    if type(value) is not dict:
        raise CorruptLineError("the line is not a JSON object")
    keys = value.keys()
    keyed = keys != _KEYS
    if keyed and keys != _KEYS_WITH_IDEMPOTENCY:
        missing = sorted(_KEYS - keys)
        extra = sorted(keys - _KEYS_WITH_IDEMPOTENCY)
        raise CorruptLineError(f"fields missing {missing}, unknown {extra}")
    fields = _get_fields(value)
    types = tuple(map(type, fields))
    if types != _TYPES and types != _TYPES_WITHOUT_CAUSE:
        check_storable(value)  # names the ill-typed field
    batch_end = value["batch_end"]
    key = value["idempotency_key"] if keyed else None
    if type(batch_end) is not int or (keyed and type(key) is not str):
        check_storable(value)
    return _make_record(fields), batch_end, key


def check_storable(value: Mapping[str, object]) -> None:
    """Raise :class:`CorruptLineError` naming the first field of the wrong type."""
    for name, field in value.items():
        if name in _TEXT_FIELDS:
            ok = isinstance(field, str)
        elif name in _INT_FIELDS:
            ok = isinstance(field, int) and not isinstance(field, bool)
        else:  # causation_id and idempotency_key
            ok = isinstance(field, str) or (field is None and name == "causation_id")
        if not ok:
            raise CorruptLineError(f"field {name!r} holds {field!r}")


def encode_batch(sealed: list[StoredRecord], idempotency_key: str | None) -> bytes:
    """The lines of one batch, checked to read back as the records they hold."""
    batch_end = sealed[-1].position
    lines = []
    for index, record in enumerate(sealed):
        line = dict(zip(_FIELDS, record, strict=True))
        line["batch_end"] = batch_end
        if idempotency_key is not None and record.position == batch_end:
            line["idempotency_key"] = idempotency_key
        try:
            check_storable(line)
        except CorruptLineError as problem:
            raise UsageError(
                f"record {index + 1} of the batch cannot be stored: {problem}; records hold "
                "text and whole numbers only (see hom_core.store.NewRecord)"
            ) from None
        lines.append(compact(line))
    lines.append("")
    return "\n".join(lines).encode()


def digest(value: object) -> str:
    return hashlib.sha256(compact(value).encode()).hexdigest()


def parse_url(url: str) -> tuple[str, bool, float, bool]:
    """The file path, read-only flag, lock ``timeout`` and ``fsync`` flag of a ``jsonl://`` URL."""
    path, options = file_url(
        url, "JSONL", "jsonl:///relative/log.jsonl", ("mode", "timeout", "fsync")
    )
    mode = options.get("mode", "rw")
    if mode not in ("rw", "ro"):
        raise StoreError(f"mode={mode!r} in {url!r} is not a mode: use rw (the default) or ro")
    try:
        timeout = float(options.get("timeout", 0.0))
    except ValueError:
        timeout = -1.0
    if not timeout >= 0:
        raise StoreError(
            f"timeout={options['timeout']!r} in {url!r} is not a number of seconds"
        ) from None
    fsync = _ON.get(options.get("fsync", "on").lower())
    if fsync is None:
        raise StoreError(f"fsync={options['fsync']!r} in {url!r} is not on or off")
    return path, mode == "ro", timeout, fsync


def take_lock(fd: int, path: str, timeout: float) -> None:
    """Take the writer's exclusive lock on the log open as ``fd``, waiting up to ``timeout``
    seconds for another writer to close; :class:`StoreError` otherwise."""
    if fcntl is None:  # pragma: no cover - not POSIX
        raise StoreError("writing a jsonl:// log needs fcntl (a POSIX system): use sqlite:///")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise StoreError(
                    f"cannot lock the JSONL log {path!r}: {error.strerror}; keep the "
                    "log on a local file system"
                ) from error
        if time.monotonic() >= deadline:
            raise StoreError(
                f"the JSONL log {path!r} is open for writing in another process (or "
                "another handle), which holds its lock: close that one first, open this one "
                "read-only (?mode=ro), or wait for it with ?timeout=<seconds>"
            )
        time.sleep(min(0.01, max(deadline - time.monotonic(), 0)))
