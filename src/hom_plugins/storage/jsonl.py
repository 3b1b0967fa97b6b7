"""Builtin plugin: the JSON-lines store, one event per line in a plain text file (``jsonl:///path``).

The file
    The first line is a header, ``{"hom":"jsonl","format":1}``. Every later line is one record:
    a JSON object (UTF-8, compact, key order fixed) holding every
    :class:`~hom_core.store.StoredRecord` field under its own name, plus ``batch_end``, the
    position of the last record of the append that wrote it; the last line of an append made
    with an idempotency key also holds ``idempotency_key``. Record ``p`` is on line ``p + 1``.
    The payload is kept as the exact text the hash covers (a JSON string holding JSON).

Appends
    An append builds the lines of its whole batch in one buffer, writes it with one ``write``
    at the end of the file (``O_APPEND``) and ``fdatasync``\\ s it before returning, so a returned
    append survives power loss (``?fsync=off`` skips the sync: still safe against a crashed
    process, not against a lost machine). A batch is complete when the line whose ``position``
    equals its ``batch_end`` is there; that line is the batch's commit. If the write or the
    sync fails, the file is cut back to where the batch began; after a failed sync the handle
    refuses further appends (the page cache can no longer be trusted): reopen the log.

One writer
    The writing handle holds an exclusive ``flock`` on the file from open to close, so a second
    writer (another process, or another handle in this one) is refused with a
    :class:`~hom_core.errors.StoreError` saying another process holds the log; ``?timeout=``
    makes it wait that many seconds for the holder to close first (default 0: fail at once).
    The kernel drops the lock when the holding process dies, however it dies. The lock is
    advisory and local: keep the file on a local disk, not a network share. A process that
    forks while it holds the writer shares the lock with its child.

Readers in other processes
    ``?mode=ro`` opens the log without the lock and never writes it: any number of read-only
    handles may follow one writer. Before each call a read-only handle looks for lines added
    since and indexes the complete batches among them; a batch still being written (or left
    unfinished by a crash) stays invisible until it is complete. A reader can see a batch the
    moment its bytes are written, a little before the writer's sync confirms it: should that
    sync fail (a failing disk), the writer cuts the batch off again and the reader's next call
    raises :class:`~hom_core.errors.CorruptLogError` (the file shrank): reopen it. Appending
    through a read-only handle raises :class:`~hom_core.errors.StoreError`.

After a crash
    Only the last batch can be unfinished: a batch is synced before its append returns, and the
    next one is written after that. On open, the writer finds the end of the last complete
    batch and looks at what follows. Bytes that can only be an unfinished write (a last line
    with no newline, lines that are not JSON such as the zeros a power cut can leave, a batch
    whose last line is missing) and that hold no record of any later batch are cut off, and a
    warning on the ``hom.jsonl`` logger says how many bytes, and which records, were
    dropped; :attr:`JsonlStore.dropped_bytes` says it too. (A read-only handle leaves them for
    the next writer to cut.) Bit rot that makes a line of the *last* batch unreadable looks the
    same as a torn write and is dropped with the same warning. Anything else raises
    :class:`~hom_core.errors.CorruptLogError` naming the line and the byte offset: a line that
    is JSON but not a valid record, positions or stream versions that skip or repeat, or an
    unreadable line with records after it. Such damage is not what a crash leaves, so the
    store does not guess: restore the file from a backup (or cut it at the offset named, losing
    the records after it).

What opening checks
    The file is read once, line by line: every line must be a well-formed record, positions
    must run 1, 2, 3, ..., stream versions 1, 2, 3, ... per stream, each batch must be one
    stream's consecutive versions, and an idempotency key may appear once. The hash chain is
    *not* recomputed on open (that doubles the cost of opening): :meth:`EventLog.verify
    <hom_core.log.EventLog.verify>` does that. Opening parses every line: about 10 us a record
    on a small 2-core machine, so 1 s per 100,000 records; reading costs about the same again
    per record read. This backend suits logs of thousands to a few hundred thousand events that
    people may want to read, grep or diff; SQLite is the default for a reason.

Memory
    The index built on open holds, per record, its line's byte offset and its position in its
    stream's list (two 8-byte integers, about 16 bytes a record), plus a dictionary entry per
    stream and per idempotency key (about 100-250 bytes each, with the key's text).
    Reads seek to the lines they need and parse :data:`PAGE_SIZE` records at a time, so a
    reader holds one page beyond the index.

Snapshots and checkpoints
    Kept beside the log, one small JSON file each, in ``<log>.snapshots/`` and
    ``<log>.checkpoints/`` (file names are hashes of the snapshot's name and key, or of the
    checkpoint's name). Each save writes a temporary file, syncs it and renames it over the old
    one, so a file is always whole; a read-only handle may save them too (the last save of a
    name wins, as in any store). A crash can leave a stray ``*.tmp-*`` file there; it is
    ignored and may be deleted.

No people store: the personal data that must stay erasable needs a store that can delete, which
an append-only text file is not; use a ``sqlite:///`` log for it, or pass a people store of your
own. The backend needs ``fcntl`` (Linux, macOS and other POSIX systems).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import json.scanner
import logging
import operator
import os
import threading
import time
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import attrs

from hom_core import StorageBackend, hookimpl
from hom_core.chain import GENESIS_HASH, seal
from hom_core.envelope import AppendResult
from hom_core.errors import (
    ConcurrencyError,
    CorruptLogError,
    LogNotFoundError,
    StoreError,
    UsageError,
)
from hom_core.jsontext import compact
from hom_core.store import NewRecord, Snapshot, StoredRecord, held_checkpoint, retried_append

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["FORMAT", "HEADER", "PAGE_SIZE", "JsonlStore"]

logger = logging.getLogger("hom.jsonl")

FORMAT = 1
"""The version of the line layout described above; a file of a newer format is refused."""

HEADER = compact({"hom": "jsonl", "format": FORMAT}) + "\n"
"""The first line of every log file."""

PAGE_SIZE = 1000
"""Records parsed per read of the file."""

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


class _CorruptLineError(Exception):
    """Raised inside the scan; becomes a :class:`CorruptLogError` naming the file."""


class JsonlStore:
    """A :class:`~hom_core.store.Store` in one JSON-lines file; see the module docstring.

    ``read_only`` opens without the writer's lock (appends are refused); ``timeout`` is how long
    a writer waits for another process to release the log; ``fsync=False`` skips syncing
    appends and saves to disk.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        timeout: float = 0.0,
        fsync: bool = True,
    ) -> None:
        if fcntl is None:  # pragma: no cover - not POSIX
            raise StoreError("the jsonl:// backend needs fcntl (a POSIX system): use sqlite:///")
        self.path = str(path)
        self.read_only = read_only
        self.fsync = fsync
        self.dropped_bytes = 0
        """Bytes of an unfinished batch cut off the end of the file when it was opened."""
        self.unfinished: str | None = None
        """What a read-only handle found after the last complete batch when it was opened
        (a writer opening the log would cut it off), or ``None``."""
        self._lock = threading.RLock()
        self._closed = False
        self._broken: str | None = None
        # the index: _offsets[p - 1] is where the line of position p starts, and _offsets[-1]
        # is the end of the last complete batch; _streams holds each stream's positions
        self._offsets = array("q")
        self._streams: dict[str, array[int]] = {}
        self._keys: dict[str, AppendResult] = {}
        self._head_hash = GENESIS_HASH
        flags = os.O_RDONLY if read_only else os.O_RDWR | os.O_CREAT | os.O_APPEND
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as error:
            hint = "exists (a read-only open creates nothing)" if read_only else "is writable"
            raise StoreError(
                f"cannot open the JSONL log at {self.path!r}: {error.strerror}; check the path "
                f"{hint}"
            ) from error
        try:
            if not read_only:
                self._take_lock(timeout)
            self._open()
        except BaseException as error:
            os.close(self._fd)
            if isinstance(error, OSError):
                raise StoreError(
                    f"cannot read the JSONL log at {self.path!r}: {error.strerror or error}"
                ) from error
            raise

    @classmethod
    def open_existing(cls, url: str) -> JsonlStore:
        """Open the log at a ``jsonl://`` URL read-only, only if it exists: nothing is created,
        locked or cut (an unfinished last append is left for a writer, and reported by
        :meth:`check_integrity`)."""
        path, _, _, fsync = parse_url(url)
        if not os.path.isfile(path):
            raise LogNotFoundError(
                path, "" if os.path.isabs(path) else f"relative to {os.getcwd()}"
            )
        store = cls(path, read_only=True, fsync=fsync)
        if store._offsets[0] == 0:  # not even a header: nothing was ever recorded
            store.close()
            raise LogNotFoundError(path, "the file holds no log yet")
        return store

    @classmethod
    def from_url(cls, url: str) -> JsonlStore:
        """Open ``jsonl:///relative/path.jsonl`` or ``jsonl:////absolute/path.jsonl``.

        Query options: ``mode`` (``rw``, the default, or ``ro``), ``timeout`` (seconds a writer
        waits for another to close) and ``fsync`` (``on``, the default, or ``off``).
        """
        path, read_only, timeout, fsync = parse_url(url)
        return cls(path, read_only=read_only, timeout=timeout, fsync=fsync)

    # -- opening -------------------------------------------------------------------------

    def _take_lock(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise StoreError(
                        f"cannot lock the JSONL log {self.path!r}: {error.strerror}; keep the "
                        "log on a local file system"
                    ) from error
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"the JSONL log {self.path!r} is open for writing in another process (or "
                    "another handle), which holds its lock: close that one first, open this one "
                    "read-only (?mode=ro), or wait for it with ?timeout=<seconds>"
                )
            time.sleep(min(0.01, max(deadline - time.monotonic(), 0)))

    def _open(self) -> None:
        size = os.fstat(self._fd).st_size
        header = HEADER.encode()
        first = os.pread(self._fd, len(header), 0)
        if not first or (len(first) < len(header) and header.startswith(first)):
            # a new file, or one whose creation a crash interrupted: it holds no record
            if self.read_only:
                self._offsets.append(0)  # no header yet: _refresh waits for the writer's
            else:
                self._create(size)
            return
        self._offsets.append(self._check_header(size))
        unfinished = self._scan()
        if unfinished is not None:
            if self.read_only:
                self.unfinished = (
                    f"{unfinished}, {size - self._offsets[-1]} bytes after byte {self._offsets[-1]}"
                )
            else:
                self._cut_tail(size, unfinished)

    def _create(self, size: int) -> None:
        if size:
            self.dropped_bytes = size
            logger.warning(
                "dropped %d bytes at the end of %s: the start of a header left by a crash "
                "while the log was created; it held no record",
                size,
                self.path,
            )
            os.ftruncate(self._fd, 0)
        _write_all(self._fd, HEADER.encode())
        self._sync(self._fd)
        self._sync_directory(Path(self.path).parent)
        self._offsets.append(len(HEADER.encode()))

    def _check_header(self, size: int) -> int:
        """Check the header line; return where the first record starts."""
        line = os.pread(self._fd, min(size, 4096), 0).split(b"\n", 1)
        try:
            header = json.loads(line[0].decode()) if len(line) == 2 else None
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("hom") != "jsonl":
            raise StoreError(
                f"{self.path!r} is not a hom JSONL log (its first line is not the header "
                f"{HEADER.strip()}): check the path"
            )
        version = header.get("format")
        if not isinstance(version, int) or version > FORMAT:
            raise StoreError(
                f"{self.path!r} has format {version!r}, newer than this hom ({FORMAT}): upgrade "
                "hom to open it"
            )
        return len(line[0]) + 1

    def _cut_tail(self, size: int, what: str) -> None:
        end = self._offsets[-1]
        dropped = size - end
        self.dropped_bytes = dropped
        logger.warning(
            "dropped %d bytes at the end of %s: an unfinished append left by a crash (%s); the "
            "%d records of the complete appends before it are intact",
            dropped,
            self.path,
            what,
            len(self._offsets) - 1,
        )
        os.ftruncate(self._fd, end)
        self._sync(self._fd)

    # -- scanning the file into the index ------------------------------------------------

    def _scan(self) -> str | None:
        """Index the complete batches after the indexed end; ``None`` when the file ends there.

        Otherwise the file holds an unfinished batch (or the start of one) after the end, and
        the returned text says what it holds; raises :class:`CorruptLogError` when what follows
        cannot be a crash's unfinished write.
        """
        start = self._offsets[-1]
        position = len(self._offsets) - 1
        pending: list[tuple[int, StoredRecord]] = []
        batch_end = 0
        lines = _lines(self._fd, start)
        for offset, raw in lines:
            line_number = position + len(pending) + 2
            if not raw.endswith(b"\n"):
                what = "a last line with no newline"
                return self._unfinished(pending, batch_end, lines, what, offset)
            try:
                value = _parse_line(raw)
            except ValueError:
                what = f"line {line_number} is not JSON"
                return self._unfinished(pending, batch_end, lines, what, offset)
            try:
                record, this_end, key = _record(value)
                expected_position = position + len(pending) + 1
                if record.position != expected_position:
                    raise _CorruptLineError(
                        f"position {record.position}, expected {expected_position}"
                    )
                if pending:
                    first = pending[0][1]
                    if this_end != batch_end:
                        raise _CorruptLineError(
                            f"batch_end {this_end} in the batch that ends at {batch_end}: the "
                            "batch before it was cut short"
                        )
                    if record.stream_id != first.stream_id:
                        raise _CorruptLineError(
                            f"stream {record.stream_id!r} in a batch of stream {first.stream_id!r}"
                        )
                else:
                    batch_end = this_end
                    if batch_end < record.position:
                        raise _CorruptLineError(
                            f"batch_end {batch_end} before the record's own position"
                        )
                known = self._streams.get(record.stream_id)
                expected_version = (0 if known is None else len(known)) + len(pending) + 1
                if record.stream_version != expected_version:
                    raise _CorruptLineError(
                        f"stream {record.stream_id!r} version {record.stream_version}, expected "
                        f"{expected_version}"
                    )
                if key is not None:
                    if record.position != batch_end:
                        raise _CorruptLineError(
                            "an idempotency key on a line that does not end its batch"
                        )
                    if key in self._keys:
                        raise _CorruptLineError(f"idempotency key {key!r} recorded a second time")
            except _CorruptLineError as problem:
                raise self._corrupt(line_number, offset, str(problem)) from None
            pending.append((offset, record))
            if record.position == batch_end:
                self._commit(pending, offset + len(raw), key)
                position = record.position
                pending = []
        if pending:
            return f"{len(pending)} of the {batch_end - position} records of a batch"
        return None

    def _unfinished(
        self,
        pending: list[tuple[int, StoredRecord]],
        pending_end: int,
        lines: Iterator[tuple[int, bytes]],
        what: str,
        bad_offset: int,
    ) -> str:
        """The scan met bytes a crash can leave: check nothing of a later batch follows them."""
        first = len(self._offsets)  # the position the unfinished batch starts at
        batch_end: int | None = None
        if pending:
            what = f"{len(pending)} complete records of a batch, then {what}"
            batch_end = pending_end
        for offset, raw in lines:
            if not raw.endswith(b"\n"):
                break
            try:
                value = _parse_line(raw)
            except ValueError:
                continue
            position = value.get("position") if isinstance(value, dict) else None
            end = value.get("batch_end") if isinstance(value, dict) else None
            if batch_end is None and isinstance(end, int):
                batch_end = end
            if (
                not isinstance(position, int)
                or not isinstance(end, int)
                or end != batch_end
                or not first <= position <= end
            ):
                raise self._corrupt(
                    self._line_at(bad_offset),
                    bad_offset,
                    f"{what}, but a record of a later batch (line at byte {offset}) follows it",
                )
        return what

    def _line_at(self, offset: int) -> int:
        """The line number at byte ``offset`` (at or after the indexed end)."""
        count = len(self._offsets) + 1
        data = os.pread(self._fd, offset - self._offsets[-1], self._offsets[-1])
        return count + data.count(b"\n")

    def _corrupt(self, line: int, offset: int, reason: str) -> CorruptLogError:
        intact = len(self._offsets) - 1
        return CorruptLogError(
            f"{self.path!r} line {line} (byte {offset}) is not a valid record: {reason}. This is "
            "not what a crash leaves (a crash can only cut the last batch short), so the file "
            "was damaged or edited: restore it from a backup, or cut it at byte "
            f"{self._offsets[-1]} to keep the {intact} records of the complete batches before "
            "it (and lose the ones after)",
            position=line - 1,
        )

    def _commit(
        self, batch: list[tuple[int, StoredRecord]], end: int, key: str | None
    ) -> AppendResult:
        """Add a complete batch (each record with the offset of its line) to the index."""
        offsets = self._offsets
        offsets.pop()
        offsets.extend(offset for offset, _ in batch)
        offsets.append(end)
        first = batch[0][1]
        last = batch[-1][1]
        positions = self._streams.get(first.stream_id)
        if positions is None:
            positions = self._streams[first.stream_id] = array("q")
        positions.extend(range(first.position, last.position + 1))
        self._head_hash = last.hash
        result = AppendResult(first.stream_id, last.stream_version, first.position, last.position)
        if key is not None:
            self._keys[key] = result
        return result

    def _refresh(self) -> None:
        """A read-only handle indexes the batches another process completed since (under lock)."""
        self._check_open()
        if not self.read_only:
            return
        size = os.fstat(self._fd).st_size
        end = self._offsets[-1]
        if size < end:
            raise CorruptLogError(
                f"{self.path!r} is shorter ({size} bytes) than the {end} bytes this handle has "
                "read: records were removed from the file; reopen the log and check it with "
                "`verify`"
            )
        if size == end:
            return
        if end == 0:  # the file was empty when opened: wait for the writer's header
            if size < len(HEADER.encode()):
                return
            self._offsets[0] = self._check_header(size)
        self._scan()

    # -- the store protocol --------------------------------------------------------------

    def append(
        self,
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        if not records:
            raise UsageError("nothing to append: pass at least one event")
        with self._lock:
            self._check_open()
            if self.read_only:
                raise StoreError(
                    f"the JSONL log {self.path!r} is open read-only (?mode=ro): open it without "
                    "mode=ro to append"
                )
            if self._broken is not None:
                raise StoreError(self._broken)
            if idempotency_key is not None:
                earlier = self._keys.get(idempotency_key)
                if earlier is not None:
                    return retried_append(earlier, idempotency_key, stream_id)
            known = self._streams.get(stream_id)
            version = 0 if known is None else len(known)
            if expected_version is not None and expected_version != version:
                raise ConcurrencyError(stream_id, expected_version, version)
            first = len(self._offsets)
            sealed = seal(self._head_hash, first, stream_id, version + 1, records)
            data = _encode(sealed, idempotency_key)
            end = self._offsets[-1]
            self._write_batch(stream_id, data, end)
            batch = []
            offset = end
            for record, line in zip(sealed, data.split(b"\n"), strict=False):
                batch.append((offset, record))
                offset += len(line) + 1
            return self._commit(batch, end + len(data), idempotency_key)

    def _write_batch(self, stream_id: str, data: bytes, end: int) -> None:
        """Write and sync one batch at ``end``; on failure cut the file back to ``end``."""
        size = os.fstat(self._fd).st_size
        if size != end:
            self._broken = (
                f"the JSONL log {self.path!r} changed under this handle (it is {size} bytes, "
                f"this handle wrote {end}): something wrote to it without the lock; close the "
                "log and reopen it (opening checks the file)"
            )
            raise StoreError(self._broken)
        try:
            _write_all(self._fd, data)
        except OSError as error:
            self._roll_back(end, error)
            raise StoreError(
                f"append to {stream_id!r} in {self.path!r} failed and was rolled back: "
                f"{error.strerror or error}"
            ) from error
        except BaseException as error:
            self._roll_back(end, error)
            raise
        try:
            self._sync(self._fd)
        except OSError as error:
            self._roll_back(end, error)
            self._broken = (
                f"syncing an append to {self.path!r} failed ({error.strerror or error}), so this "
                "handle no longer trusts what the disk holds and refuses to append: close the log "
                "and reopen it"
            )
            raise StoreError(
                f"append to {stream_id!r} in {self.path!r} failed and was rolled back: the "
                f"disk did not confirm the write ({error.strerror or error})"
            ) from error

    def _roll_back(self, end: int, error: BaseException) -> None:
        try:
            os.ftruncate(self._fd, end)
            self._sync(self._fd)
        except OSError as truncating:
            self._broken = (
                f"an append to {self.path!r} failed ({error}) and cutting the file back failed "
                f"too ({truncating.strerror}): close the log and reopen it, which drops the "
                "unfinished batch"
            )

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        version = max(after_version, 0)
        while True:
            with self._lock:
                self._refresh()
                positions = self._streams.get(stream_id)
                if positions is None:
                    return
                end = (
                    len(positions) if until_version is None else min(until_version, len(positions))
                )
                page = positions[version : min(end, version + PAGE_SIZE)]
                if not page:
                    return
                records = self._fetch(page)
            yield from records
            version += len(page)

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        position = max(after_position, 0)
        while True:
            with self._lock:
                self._refresh()
                head = len(self._offsets) - 1
                end = head if until_position is None else min(until_position, head)
                last = min(end, position + PAGE_SIZE)
                if last <= position:
                    return
                records = self._read_run(position + 1, last)
            yield from records
            position = last

    def _fetch(self, positions: Sequence[int]) -> list[StoredRecord]:
        """The records at ``positions`` (ascending), reading runs of consecutive lines at once."""
        records: list[StoredRecord] = []
        start = previous = positions[0]
        for position in positions[1:]:
            if position != previous + 1:
                records.extend(self._read_run(start, previous))
                start = position
            previous = position
        records.extend(self._read_run(start, previous))
        return records

    def _read_run(self, first: int, last: int) -> list[StoredRecord]:
        """Parse the lines of positions ``first`` to ``last``."""
        begin = self._offsets[first - 1]
        data = _read_exactly(self._fd, self._offsets[last] - begin, begin)
        records = []
        position = first
        for raw in data.split(b"\n")[:-1]:
            try:
                record = _record(_parse_line(raw))[0]
                if record.position != position:
                    raise _CorruptLineError(f"position {record.position}, expected {position}")
            except (ValueError, _CorruptLineError) as problem:
                raise CorruptLogError(
                    f"{self.path!r} changed under this handle: the line of position {position} "
                    f"no longer holds it ({problem}); reopen the log (opening checks the file)"
                ) from None
            records.append(record)
            position += 1
        return records

    def stream_version(self, stream_id: str) -> int:
        with self._lock:
            self._refresh()
            return len(self._streams.get(stream_id, ()))

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        with self._lock:
            self._refresh()
            earlier = self._keys.get(idempotency_key)
        return None if earlier is None else attrs.evolve(earlier, retried=True)

    def head(self) -> tuple[int, str]:
        with self._lock:
            self._refresh()
            return len(self._offsets) - 1, self._head_hash

    # -- snapshots and checkpoints: one file each, replaced atomically -------------------

    def save_snapshot(self, snapshot: Snapshot) -> None:
        content = {
            "name": snapshot.name,
            "key": snapshot.key,
            "version": snapshot.version,
            "code_version": snapshot.code_version,
            "state": snapshot.state,
        }
        self._save(self._snapshot_file(snapshot.name, snapshot.key), content)

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        path = self._snapshot_file(name, key)
        content = self._load(path, "snapshot", "the projection is then rebuilt from the log")
        if content is None:
            return None
        name_, key_, version, code_version, state = (
            content.get(field) for field in ("name", "key", "version", "code_version", "state")
        )
        if not (
            isinstance(name_, str)
            and isinstance(key_, str)
            and isinstance(version, int)
            and isinstance(code_version, int)
            and isinstance(state, str)
        ):
            advice = "the projection is then rebuilt from the log"
            raise self._bad_file(path, "snapshot", "a field is missing or ill-typed", advice)
        if (name_, key_) != (name, key):
            return None
        return Snapshot(name, key, version, code_version, state)

    def save_checkpoint(self, name: str, position: int) -> None:
        with self._lock:
            self._refresh()
            held = self._held_hash(position)
        content: dict[str, object] = {"name": name, "position": position}
        if held is not None:  # the record it was saved at, to tell a rewritten log
            content["hash"] = held
        self._save(self._checkpoint_file(name), content)

    def _held_hash(self, position: int) -> str | None:
        """The hash of the record at ``position``, or ``None`` (under the lock)."""
        if not 0 < position < len(self._offsets):
            return None
        return self._fetch([position])[0].hash

    def load_checkpoint(self, name: str) -> int:
        path = self._checkpoint_file(name)
        advice = "the consumer then starts again from position 0, or write the right position"
        content = self._load(path, "checkpoint", advice)
        if content is None or content.get("name") != name:
            return 0
        position, kept = content.get("position"), content.get("hash", "")
        if not isinstance(position, int) or not isinstance(kept, str):
            raise self._bad_file(path, "checkpoint", "its position is not a number", advice)
        with self._lock:
            self._refresh()
            held = self._held_hash(position)
        return held_checkpoint(name, position, kept, held)

    def check_integrity(self) -> list[str]:
        """The unfinished append a read-only open found at the end of the file, if any."""
        if self.unfinished is None:
            return []
        return [
            f"the log ends in an unfinished append ({self.unfinished}): a writer opening the "
            "log cuts it off, with a warning; if no append was interrupted by a crash, the "
            "file was edited: restore it from a backup"
        ]

    def snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot file beside the log."""
        for path in sorted(Path(f"{self.path}.snapshots").glob("*.json")):
            content = self._load(path, "snapshot", "the projection is then rebuilt from the log")
            if content is not None:
                snapshot = self.load_snapshot(str(content.get("name")), str(content.get("key")))
                if snapshot is not None:
                    yield snapshot

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint file beside the log, as saved."""
        for path in sorted(Path(f"{self.path}.checkpoints").glob("*.json")):
            content = self._load(path, "checkpoint", "the consumer then starts from 0")
            name, position = (
                (None, None) if content is None else (content.get("name"), content.get("position"))
            )
            if isinstance(name, str) and isinstance(position, int):
                yield name, position

    def _snapshot_file(self, name: str, key: str) -> Path:
        return Path(f"{self.path}.snapshots") / f"{_digest([name, key])}.json"

    def _checkpoint_file(self, name: str) -> Path:
        return Path(f"{self.path}.checkpoints") / f"{_digest(name)}.json"

    def _save(self, path: Path, content: dict[str, object]) -> None:
        data = (compact(content) + "\n").encode()
        with self._lock:
            self._check_open()
        directory = path.parent
        temporary = directory / f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}"
        try:
            if not directory.is_dir():
                directory.mkdir(exist_ok=True)
                self._sync_directory(directory.parent)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                _write_all(fd, data)
                self._sync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, path)
            self._sync_directory(directory)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StoreError(
                f"cannot save {path} beside the JSONL log: {error.strerror or error}; check the "
                "directory is writable"
            ) from error

    def _load(self, path: Path, kind: str, advice: str) -> dict[str, object] | None:
        with self._lock:
            self._check_open()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"cannot read the {kind} file {path}: {error.strerror}") from error
        try:
            content = json.loads(data.decode())
        except ValueError:
            content = None
        if not isinstance(content, dict):
            raise self._bad_file(path, kind, "it is not a JSON object", advice)
        return content

    def _bad_file(self, path: Path, kind: str, problem: str, advice: str) -> CorruptLogError:
        return CorruptLogError(
            f"the {kind} file {path} of {self.path!r} is damaged ({problem}): delete it ({advice})"
        )

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                # closing the descriptor releases the lock; an explicit LOCK_UN would also
                # release it for a child process this one forked, which shares it
                os.close(self._fd)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the JSONL log {self.path!r} is closed: open it again to go on")

    def _sync(self, fd: int) -> None:
        if self.fsync:
            _fdatasync(fd)

    def _sync_directory(self, directory: Path) -> None:
        if not self.fsync:
            return
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_fdatasync = getattr(os, "fdatasync", os.fsync)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (one ``write`` unless the system writes less)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int, offset: int) -> bytes:
    data = os.pread(fd, size, offset)
    while len(data) < size:
        more = os.pread(fd, size - len(data), offset + len(data))
        if not more:
            break
        data += more
    return data


def _lines(fd: int, start: int) -> Iterator[tuple[int, bytes]]:
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


def _parse_line(raw: bytes) -> object:
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


def _record(value: object) -> tuple[StoredRecord, int, str | None]:
    """The record, ``batch_end`` and idempotency key of a parsed line.

    Raises :class:`_CorruptLineError` when it is not a well-formed record line. (Run once per
    record on open and on every read, so the common case is a few C-level comparisons.)
    """
    if type(value) is not dict:
        raise _CorruptLineError("the line is not a JSON object")
    keys = value.keys()
    keyed = keys != _KEYS
    if keyed and keys != _KEYS_WITH_IDEMPOTENCY:
        missing = sorted(_KEYS - keys)
        extra = sorted(keys - _KEYS_WITH_IDEMPOTENCY)
        raise _CorruptLineError(f"fields missing {missing}, unknown {extra}")
    fields = _get_fields(value)
    types = tuple(map(type, fields))
    if types != _TYPES and types != _TYPES_WITHOUT_CAUSE:
        _check_storable(value)  # names the ill-typed field
    batch_end = value["batch_end"]
    key = value["idempotency_key"] if keyed else None
    if type(batch_end) is not int or (keyed and type(key) is not str):
        _check_storable(value)
    return _make_record(fields), batch_end, key


def _check_storable(value: Mapping[str, object]) -> None:
    """Raise :class:`_CorruptLineError` naming the first field of the wrong type."""
    for name, field in value.items():
        if name in _TEXT_FIELDS:
            ok = isinstance(field, str)
        elif name in _INT_FIELDS:
            ok = isinstance(field, int) and not isinstance(field, bool)
        else:  # causation_id and idempotency_key
            ok = isinstance(field, str) or (field is None and name == "causation_id")
        if not ok:
            raise _CorruptLineError(f"field {name!r} holds {field!r}")


def _encode(sealed: list[StoredRecord], idempotency_key: str | None) -> bytes:
    """The lines of one batch, checked to read back as the records they hold."""
    batch_end = sealed[-1].position
    lines = []
    for index, record in enumerate(sealed):
        line = dict(zip(_FIELDS, record, strict=True))
        line["batch_end"] = batch_end
        if idempotency_key is not None and record.position == batch_end:
            line["idempotency_key"] = idempotency_key
        try:
            _check_storable(line)
        except _CorruptLineError as problem:
            raise UsageError(
                f"record {index + 1} of the batch cannot be stored: {problem}; records hold "
                "text and whole numbers only (see hom_core.store.NewRecord)"
            ) from None
        lines.append(compact(line))
    lines.append("")
    return "\n".join(lines).encode()


def _digest(value: object) -> str:
    return hashlib.sha256(compact(value).encode()).hexdigest()


def parse_url(url: str) -> tuple[str, bool, float, bool]:
    """The file path, read-only flag, lock ``timeout`` and ``fsync`` flag of a ``jsonl://`` URL."""
    parts = urlsplit(url)
    path = parts.path[1:] if parts.path.startswith("/") else parts.path
    if parts.netloc or not path:
        raise StoreError(
            f"{url!r} is not a JSONL URL: write jsonl:///relative/log.jsonl or "
            "jsonl:////absolute/log.jsonl"
        )
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"mode", "timeout", "fsync"}
    if unknown:
        raise StoreError(f"unknown JSONL URL option(s) {sorted(unknown)}: use mode, timeout, fsync")
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


@hookimpl
def hom_storage_backends() -> list[StorageBackend]:
    """Claim ``jsonl://``: one event per line in a text file, one writer at a time."""
    return [
        StorageBackend(
            "jsonl",
            JsonlStore.from_url,
            "JSON-lines file; one writing process",
            open_existing=JsonlStore.open_existing,
        )
    ]
