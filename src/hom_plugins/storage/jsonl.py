"""Builtin plugin: the JSON-lines store, one event per line in a plain text file (``jsonl:///path``).

Its file format and guarantees (the header and record lines, appends and their sync, the one
writer's lock and read-only readers, what opening checks and cuts after a crash, memory, the
snapshot and checkpoint files) are specified in the documentation's reference, "The JSON-lines
log". The lines are read and written by :mod:`~hom_plugins.storage.jsonl_lines`, indexed by
:mod:`~hom_plugins.storage.jsonl_index`; snapshots and checkpoints are
:mod:`~hom_plugins.storage.jsonl_side`'s files. No people store: use a ``sqlite:///`` log for
the personal data that must stay erasable. Writing needs ``fcntl`` (a POSIX system).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs

from hom_core import StorageBackend, hookimpl
from hom_core.appending import append_within, check_batch
from hom_core.envelope import AppendResult
from hom_core.errors import (
    LogNotFoundError,
    StoreError,
)
from hom_core.store import NewRecord, Snapshot, StoredRecord, held_checkpoint
from hom_plugins.storage.jsonl_index import Index
from hom_plugins.storage.jsonl_lines import (
    HEADER,
    encode_batch,
    parse_url,
    sync_directory,
    take_lock,
)
from hom_plugins.storage.jsonl_side import SideFiles
from hom_plugins.storage.jsonl_write import Writer

__all__ = ["PAGE_SIZE", "JsonlStore"]

logger = logging.getLogger("hom.jsonl")

PAGE_SIZE = 1000
"""Records parsed per read of the file."""


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
        self._side = SideFiles(self.path, fsync=fsync)
        flags = os.O_RDONLY if read_only else os.O_RDWR | os.O_CREAT | os.O_APPEND
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as error:
            hint = "exists (a read-only open creates nothing)" if read_only else "is writable"
            raise StoreError(
                f"cannot open the JSONL log at {self.path!r}: {error.strerror}; check the path "
                f"{hint}"
            ) from error
        self._index = Index(self._fd, self.path)
        self._writer = Writer(self._fd, self.path, fsync=fsync)
        try:
            if not read_only:
                take_lock(self._fd, self.path, timeout)
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
        if store._index.offsets[0] == 0:  # not even a header: nothing was ever recorded
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

    def _open(self) -> None:
        size = os.fstat(self._fd).st_size
        header = HEADER.encode()
        first = os.pread(self._fd, len(header), 0)
        if not first or (len(first) < len(header) and header.startswith(first)):
            # a new file, or one whose creation a crash interrupted: it holds no record
            if self.read_only:
                self._index.offsets.append(0)  # no header yet: _refresh waits for the writer's
            else:
                self._create(size)
            return
        self._index.offsets.append(self._index.check_header(size))
        unfinished = self._index.scan()
        if unfinished is not None:
            if self.read_only:
                end = self._index.offsets[-1]
                self.unfinished = f"{unfinished}, {size - end} bytes after byte {end}"
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
        self._writer.write_header()
        if self.fsync:
            sync_directory(Path(self.path).parent)
        self._index.offsets.append(len(HEADER.encode()))

    def _cut_tail(self, size: int, what: str) -> None:
        self.dropped_bytes = self._index.cut_tail(size, what)
        self._writer.sync()

    def _refresh(self) -> None:
        """A read-only handle indexes the batches another process completed since (under lock)."""
        self._check_open()
        if self.read_only:
            self._index.catch_up()

    # -- the store protocol --------------------------------------------------------------

    def append(
        self,
        stream_id: str,
        records: Sequence[NewRecord],
        expected_version: int | None,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        check_batch(records)
        with self._lock:
            self._check_open()
            if self.read_only:
                raise StoreError(
                    f"the JSONL log {self.path!r} is open read-only (?mode=ro): open it without "
                    "mode=ro to append"
                )
            if self._writer.broken is not None:
                raise StoreError(self._writer.broken)
            batch = _Batch(self)
            return append_within(batch, stream_id, records, expected_version, idempotency_key)

    def _write(self, sealed: list[StoredRecord], key: str | None) -> None:
        """Write one sealed batch at the end of the file and index it (under the lock)."""
        data = encode_batch(sealed, key)
        end = self._index.offsets[-1]
        self._writer.write_batch(sealed[0].stream_id, data, end)
        lines = []
        offset = end
        for record, line in zip(sealed, data.split(b"\n"), strict=False):
            lines.append((offset, record))
            offset += len(line) + 1
        self._index.commit(lines, end + len(data), key)

    def read_stream(
        self, stream_id: str, after_version: int = 0, until_version: int | None = None
    ) -> Iterator[StoredRecord]:
        version = max(after_version, 0)
        while True:
            with self._lock:
                self._refresh()
                positions = self._index.streams.get(stream_id)
                if positions is None:
                    return
                end = (
                    len(positions) if until_version is None else min(until_version, len(positions))
                )
                page = positions[version : min(end, version + PAGE_SIZE)]
                if not page:
                    return
                records = self._index.fetch(page)
            yield from records
            version += len(page)

    def read_all(
        self, after_position: int = 0, until_position: int | None = None
    ) -> Iterator[StoredRecord]:
        position = max(after_position, 0)
        while True:
            with self._lock:
                self._refresh()
                head = len(self._index.offsets) - 1
                end = head if until_position is None else min(until_position, head)
                last = min(end, position + PAGE_SIZE)
                if last <= position:
                    return
                records = self._index.read_run(position + 1, last)
            yield from records
            position = last

    def stream_version(self, stream_id: str) -> int:
        with self._lock:
            self._refresh()
            return len(self._index.streams.get(stream_id, ()))

    def recorded_append(self, idempotency_key: str) -> AppendResult | None:
        with self._lock:
            self._refresh()
            earlier = self._index.keys.get(idempotency_key)
        return None if earlier is None else attrs.evolve(earlier, retried=True, hashes=())

    def head(self) -> tuple[int, str]:
        with self._lock:
            self._refresh()
            return len(self._index.offsets) - 1, self._index.head_hash

    # -- snapshots and checkpoints: files beside the log (jsonl_side) ---------------------

    def save_snapshot(self, snapshot: Snapshot) -> None:
        self._check_open()
        self._side.save_snapshot(snapshot)

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        self._check_open()
        return self._side.load_snapshot(name, key)

    def save_checkpoint(self, name: str, position: int) -> None:
        with self._lock:
            self._refresh()
            held = self._index.hash_at(position)
        self._side.save_checkpoint(name, position, held)

    def load_checkpoint(self, name: str) -> int:
        self._check_open()
        kept = self._side.load_checkpoint(name)
        if kept is None:
            return 0
        position, kept_hash = kept
        with self._lock:
            self._refresh()
            held = self._index.hash_at(position)
        return held_checkpoint(name, position, kept_hash, held)

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
        self._check_open()
        return self._side.snapshots()

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint file beside the log, as saved."""
        self._check_open()
        return self._side.checkpoints()

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


class _Batch:
    """The :class:`~hom_core.appending.Batch` of a JSON-lines append (under the store's lock)."""

    def __init__(self, store: JsonlStore) -> None:
        self._store = store
        self._index = store._index

    def recorded(self, key: str) -> AppendResult | None:
        return self._index.keys.get(key)

    def version(self, stream_id: str) -> int:
        return len(self._index.streams.get(stream_id, ()))

    def head(self) -> tuple[int, str]:
        return len(self._index.offsets) - 1, self._index.head_hash

    def write(self, sealed: list[StoredRecord], key: str | None, result: AppendResult) -> None:
        self._store._write(sealed, key)


@contextmanager
def _fresh_url(folder: Path) -> Iterator[str]:
    yield f"jsonl:///{folder / 'hom.jsonl'}"


@hookimpl
def hom_storage_backends() -> list[StorageBackend]:
    """Claim ``jsonl://``: one event per line in a text file, one writer at a time."""
    return [
        StorageBackend(
            "jsonl",
            JsonlStore.from_url,
            "JSON-lines file; one writing process",
            open_existing=JsonlStore.open_existing,
            fresh_url=_fresh_url,
        )
    ]
