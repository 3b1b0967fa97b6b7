"""The index of a JSON-lines log: where each record's line starts, each stream's positions, the
idempotency keys and the head's hash, built by scanning the file once on open (and the lines
another process added since, for a read-only handle); and reading records back by position."""

from __future__ import annotations

import json
import logging
import os
from array import array
from collections.abc import Iterator, Sequence

from hom_core.chain import GENESIS_HASH
from hom_core.envelope import AppendResult
from hom_core.errors import CorruptLogError, StoreError
from hom_core.store import StoredRecord
from hom_plugins.storage.jsonl_lines import (
    FORMAT,
    HEADER,
    CorruptLineError,
    parse_line,
    read_exactly,
    read_lines,
    record_of,
)

__all__ = ["Index"]

logger = logging.getLogger("hom.jsonl")


class Index:
    """The index of the log file ``path`` open as ``fd`` (see the module docstring).

    ``offsets[p - 1]`` is where the line of position ``p`` starts and ``offsets[-1]`` the end
    of the last complete batch; ``streams`` holds each stream's positions, ``keys`` the append
    each idempotency key recorded.
    """

    def __init__(self, fd: int, path: str) -> None:
        self.fd = fd
        self.path = path
        self.offsets = array("q")
        self.streams: dict[str, array[int]] = {}
        self.keys: dict[str, AppendResult] = {}
        self.head_hash = GENESIS_HASH

    def check_header(self, size: int) -> int:
        """Check the header line; return where the first record starts."""
        line = os.pread(self.fd, min(size, 4096), 0).split(b"\n", 1)
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

    def scan(self) -> str | None:
        """Index the complete batches after the indexed end; ``None`` when the file ends there.

        Otherwise the file holds an unfinished batch (or the start of one) after the end, and
        the returned text says what it holds; raises :class:`CorruptLogError` when what follows
        cannot be a crash's unfinished write.
        """
        start = self.offsets[-1]
        position = len(self.offsets) - 1
        pending: list[tuple[int, StoredRecord]] = []
        batch_end = 0
        lines = read_lines(self.fd, start)
        for offset, raw in lines:
            line_number = position + len(pending) + 2
            if not raw.endswith(b"\n"):
                what = "a last line with no newline"
                return self._unfinished(pending, batch_end, lines, what, offset)
            try:
                value = parse_line(raw)
            except ValueError:
                what = f"line {line_number} is not JSON"
                return self._unfinished(pending, batch_end, lines, what, offset)
            try:
                record, this_end, key = record_of(value)
                expected_position = position + len(pending) + 1
                if record.position != expected_position:
                    raise CorruptLineError(
                        f"position {record.position}, expected {expected_position}"
                    )
                if pending:
                    first = pending[0][1]
                    if this_end != batch_end:
                        raise CorruptLineError(
                            f"batch_end {this_end} in the batch that ends at {batch_end}: the "
                            "batch before it was cut short"
                        )
                    if record.stream_id != first.stream_id:
                        raise CorruptLineError(
                            f"stream {record.stream_id!r} in a batch of stream {first.stream_id!r}"
                        )
                else:
                    batch_end = this_end
                    if batch_end < record.position:
                        raise CorruptLineError(
                            f"batch_end {batch_end} before the record's own position"
                        )
                known = self.streams.get(record.stream_id)
                expected_version = (0 if known is None else len(known)) + len(pending) + 1
                if record.stream_version != expected_version:
                    raise CorruptLineError(
                        f"stream {record.stream_id!r} version {record.stream_version}, expected "
                        f"{expected_version}"
                    )
                if key is not None:
                    if record.position != batch_end:
                        raise CorruptLineError(
                            "an idempotency key on a line that does not end its batch"
                        )
                    if key in self.keys:
                        raise CorruptLineError(f"idempotency key {key!r} recorded a second time")
            except CorruptLineError as problem:
                raise self._corrupt(line_number, offset, str(problem)) from None
            pending.append((offset, record))
            if record.position == batch_end:
                self.commit(pending, offset + len(raw), key)
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
        first = len(self.offsets)  # the position the unfinished batch starts at
        batch_end: int | None = None
        if pending:
            what = f"{len(pending)} complete records of a batch, then {what}"
            batch_end = pending_end
        for offset, raw in lines:
            if not raw.endswith(b"\n"):
                break
            try:
                value = parse_line(raw)
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
        count = len(self.offsets) + 1
        data = os.pread(self.fd, offset - self.offsets[-1], self.offsets[-1])
        return count + data.count(b"\n")

    def _corrupt(self, line: int, offset: int, reason: str) -> CorruptLogError:
        intact = len(self.offsets) - 1
        return CorruptLogError(
            f"{self.path!r} line {line} (byte {offset}) is not a valid record: {reason}. This is "
            "not what a crash leaves (a crash can only cut the last batch short), so the file "
            "was damaged or edited: restore it from a backup, or cut it at byte "
            f"{self.offsets[-1]} to keep the {intact} records of the complete batches before "
            "it (and lose the ones after)",
            position=line - 1,
        )

    def commit(
        self, batch: list[tuple[int, StoredRecord]], end: int, key: str | None
    ) -> AppendResult:
        """Add a complete batch (each record with the offset of its line) to the index."""
        offsets = self.offsets
        offsets.pop()
        offsets.extend(offset for offset, _ in batch)
        offsets.append(end)
        first = batch[0][1]
        last = batch[-1][1]
        positions = self.streams.get(first.stream_id)
        if positions is None:
            positions = self.streams[first.stream_id] = array("q")
        positions.extend(range(first.position, last.position + 1))
        self.head_hash = last.hash
        result = AppendResult(first.stream_id, last.stream_version, first.position, last.position)
        if key is not None:
            self.keys[key] = result
        return result

    def fetch(self, positions: Sequence[int]) -> list[StoredRecord]:
        """The records at ``positions`` (ascending), reading runs of consecutive lines at once."""
        records: list[StoredRecord] = []
        start = previous = positions[0]
        for position in positions[1:]:
            if position != previous + 1:
                records.extend(self.read_run(start, previous))
                start = position
            previous = position
        records.extend(self.read_run(start, previous))
        return records

    def read_run(self, first: int, last: int) -> list[StoredRecord]:
        """Parse the lines of positions ``first`` to ``last``."""
        begin = self.offsets[first - 1]
        data = read_exactly(self.fd, self.offsets[last] - begin, begin)
        records = []
        position = first
        for raw in data.split(b"\n")[:-1]:
            try:
                record = record_of(parse_line(raw))[0]
                if record.position != position:
                    raise CorruptLineError(f"position {record.position}, expected {position}")
            except (ValueError, CorruptLineError) as problem:
                raise CorruptLogError(
                    f"{self.path!r} changed under this handle: the line of position {position} "
                    f"no longer holds it ({problem}); reopen the log (opening checks the file)"
                ) from None
            records.append(record)
            position += 1
        return records

    def catch_up(self) -> None:
        """Index the batches another process completed since (a read-only handle, under its
        lock); :class:`CorruptLogError` when the file shrank under it."""
        size = os.fstat(self.fd).st_size
        end = self.offsets[-1]
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
            self.offsets[0] = self.check_header(size)
        self.scan()

    def hash_at(self, position: int) -> str | None:
        """The hash of the record at ``position``, or ``None`` when the log holds none."""
        if not 0 < position < len(self.offsets):
            return None
        return self.fetch([position])[0].hash

    def cut_tail(self, size: int, what: str) -> int:
        """Cut the unfinished batch ``what`` off the end of the file (``size`` bytes long), with
        a warning; the bytes dropped."""
        end = self.offsets[-1]
        logger.warning(
            "dropped %d bytes at the end of %s: an unfinished append left by a crash (%s); the "
            "%d records of the complete appends before it are intact",
            size - end,
            self.path,
            what,
            len(self.offsets) - 1,
        )
        os.ftruncate(self.fd, end)
        return size - end
