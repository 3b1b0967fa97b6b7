"""The JSON-lines store: the storage conformance suite, plus its file, crash recovery, the writer's
lock, read-only handles, failed writes and URLs."""

from __future__ import annotations

import errno
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import hom_plugins.storage.jsonl
import hom_plugins.storage.jsonl_write
from hom_core import open_log, open_people
from hom_core.chain import verify
from hom_core.envelope import AppendResult
from hom_core.errors import CorruptLogError, StoreError, UsageError
from hom_core.store import Snapshot, StoredRecord
from hom_core.testing.storage import StoreConformance, new_record, new_records
from hom_plugins.storage.jsonl import HEADER, PAGE_SIZE, JsonlStore


class TestJsonlStore(StoreConformance):
    """One writing handle per file (a second one is refused), so the race tests race threads on
    the same handle: the suite's default ``second_store``."""

    page_size = PAGE_SIZE

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[JsonlStore]:
        store = JsonlStore(tmp_path / "log.jsonl")
        yield store
        store.close()


class TestJsonlStoreWithoutFsync(StoreConformance):
    """``?fsync=off`` keeps every promise but the one about power loss."""

    page_size = PAGE_SIZE

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[JsonlStore]:
        store = JsonlStore.from_url(f"jsonl:///{tmp_path / 'log.jsonl'}?fsync=off")
        yield store
        store.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "log.jsonl"


@pytest.fixture
def store(path: Path) -> Iterator[JsonlStore]:
    store = JsonlStore(path)
    yield store
    store.close()


def _everything(store: JsonlStore) -> tuple[list[StoredRecord], tuple[int, str]]:
    return list(store.read_all()), store.head()


def _fill(store: JsonlStore) -> list[AppendResult]:
    """Three batches: s (3 records, keyed), t (2), s (1)."""
    return [
        store.append("s", new_records(3), 0, idempotency_key="import"),
        store.append("t", new_records(2, 3), 0),
        store.append("s", [new_record(5)], 3),
    ]


def _reopen(path: Path, caplog: pytest.LogCaptureFixture) -> tuple[JsonlStore, list[str]]:
    """Open ``path`` and return the store with the warnings it logged."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hom.jsonl"):
        store = JsonlStore(path)
    return store, [r.getMessage() for r in caplog.records if r.name == "hom.jsonl"]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


# -- the file ------------------------------------------------------------------------------


def test_the_file_is_a_header_then_one_record_per_line(store: JsonlStore, path: Path) -> None:
    _fill(store)
    lines = _lines(path)
    assert lines[0] == HEADER.encode()
    assert len(lines) == 7
    records = [json.loads(line) for line in lines[1:]]
    stored = list(store.read_all())
    for line, record in zip(records, stored, strict=True):
        assert [line[field] for field in StoredRecord._fields] == list(record)
    assert [line["batch_end"] for line in records] == [3, 3, 3, 5, 5, 6]
    # only the line that ends (commits) the keyed batch holds the key
    assert [line.get("idempotency_key") for line in records] == [None, None, "import", *[None] * 3]
    # text stays readable: no ASCII escapes of accented letters and symbols
    assert "Saint-Émile ☃ 𝄞" in lines[1].decode()


def test_everything_persists_across_reopen(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Records, stream versions, the head, snapshots, checkpoints and idempotency keys."""
    store = JsonlStore(path)
    first = _fill(store)[0]
    snapshot = Snapshot("members", "partnership/hom ☃", 3, 1, '{"n":3}')
    store.save_snapshot(snapshot)
    store.save_checkpoint("mailer", 4)
    store.save_checkpoint("mailer ☃/2", 2)
    before = _everything(store)
    store.close()

    again, warnings = _reopen(path, caplog)
    try:
        assert warnings == []
        assert again.dropped_bytes == 0
        assert _everything(again) == before
        assert (again.stream_version("s"), again.stream_version("t")) == (4, 2)
        assert again.load_snapshot("members", "partnership/hom ☃") == snapshot
        assert again.load_snapshot("members", "other") is None
        assert (again.load_checkpoint("mailer"), again.load_checkpoint("mailer ☃/2")) == (4, 2)
        assert again.recorded_append("import") == first
        # the retry of an append made before a restart is still a no-op
        assert again.append("s", new_records(3), 0, idempotency_key="import") == first
        assert again.append("s", [new_record(9)], 4) == AppendResult("s", 5, 7, 7)
        assert verify(again.read_all()).ok
    finally:
        again.close()


def test_snapshots_and_checkpoints_live_beside_the_log(store: JsonlStore, path: Path) -> None:
    store.save_snapshot(Snapshot("members", "s", 1, 1, "{}"))
    store.save_snapshot(Snapshot("members", "s", 2, 1, '{"a":1}'))
    store.save_checkpoint("mailer", 1)
    snapshots = list(Path(f"{path}.snapshots").iterdir())
    checkpoints = list(Path(f"{path}.checkpoints").iterdir())
    assert len(snapshots) == len(checkpoints) == 1  # replaced, and no temporary file left
    assert json.loads(snapshots[0].read_text())["state"] == '{"a":1}'
    assert json.loads(checkpoints[0].read_text()) == {"name": "mailer", "position": 1}


@pytest.mark.parametrize("kind", ["snapshot", "checkpoint"])
def test_a_damaged_snapshot_or_checkpoint_file_is_reported(
    store: JsonlStore, path: Path, kind: str
) -> None:
    store.save_snapshot(Snapshot("members", "s", 1, 1, "{}"))
    store.save_checkpoint("mailer", 1)
    (damaged,) = Path(f"{path}.{kind}s").iterdir()
    damaged.write_text('{"name": "mailer", "pos')
    load = {
        "snapshot": lambda: store.load_snapshot("members", "s"),
        "checkpoint": lambda: store.load_checkpoint("mailer"),
    }[kind]
    with pytest.raises(CorruptLogError, match=f"the {kind} file .* is damaged .* delete it"):
        load()


def test_records_that_cannot_be_stored_are_a_usage_error_and_write_nothing(
    store: JsonlStore, path: Path
) -> None:
    store.append("s", [new_record()], 0)
    size = path.stat().st_size
    with pytest.raises(UsageError, match="field 'schema_version'"):
        store.append("s", [new_record(1), new_record(2)._replace(schema_version="2")], 1)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="field 'idempotency_key'"):
        store.append("s", [new_record(1)], 1, idempotency_key=7)  # type: ignore[arg-type]
    with pytest.raises(UnicodeEncodeError):  # the hash cannot be computed: seal refuses it
        store.append("s", [new_record(1)._replace(actor="\ud800")], 1)
    assert path.stat().st_size == size
    assert store.append("s", [new_record(1)], 1) == AppendResult("s", 2, 2, 2)


# -- after a crash: the unfinished last batch is cut off -----------------------------------


def test_a_torn_last_line_is_cut_off_with_a_warning_naming_the_bytes(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = JsonlStore(path)
    store.append("s", new_records(2), 0)
    kept = _everything(store)
    store.close()
    size = path.stat().st_size
    with path.open("ab") as file:
        file.write(b'{"position":3,"stream_id":"s","stream_ver')  # a crash mid-line

    again, warnings = _reopen(path, caplog)
    try:
        assert warnings == [
            f"dropped 41 bytes at the end of {path}: an unfinished append left by a crash (a last "
            "line with no newline); the 2 records of the complete appends before it are intact"
        ]
        assert again.dropped_bytes == 41
        assert path.stat().st_size == size
        assert _everything(again) == kept
        assert again.append("s", [new_record(2)], 2) == AppendResult("s", 3, 3, 3)
        assert verify(again.read_all()).ok
    finally:
        again.close()


def test_every_cut_inside_the_last_batch_drops_exactly_that_batch(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A crash during the write of a batch leaves a prefix of its bytes: whatever the prefix,
    the batch is dropped whole, the ones before it are kept, and the log goes on."""
    store = JsonlStore(path)
    store.append("s", new_records(2), 0)
    kept = _everything(store)
    store.append("t", new_records(2, 2), 0, idempotency_key="k")
    store.close()
    data = path.read_bytes()
    complete = len(HEADER) + sum(len(line) for line in data.splitlines(True)[1:3])
    assert complete < len(data)
    for cut in range(complete + 1, len(data)):
        path.write_bytes(data[:cut])
        again, warnings = _reopen(path, caplog)
        try:
            assert len(warnings) == 1, cut
            assert warnings[0].startswith(f"dropped {cut - complete} bytes at the end of "), cut
            assert again.dropped_bytes == cut - complete
            assert _everything(again) == kept, cut
            assert again.recorded_append("k") is None
            assert again.stream_version("t") == 0
        finally:
            again.close()
        assert path.stat().st_size == complete
    path.write_bytes(data)
    again, warnings = _reopen(path, caplog)
    again.close()
    assert warnings == []


def test_a_batch_missing_its_last_line_is_dropped(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = JsonlStore(path)
    store.append("s", new_records(2), 0)
    store.append("s", new_records(3, 2), 2)
    store.close()
    lines = _lines(path)
    path.write_bytes(b"".join(lines[:-1]))  # records 3 and 4 are whole, 5 (the commit) is not
    again, warnings = _reopen(path, caplog)
    try:
        assert len(warnings) == 1
        assert "(2 of the 3 records of a batch)" in warnings[0]
        assert again.dropped_bytes == len(lines[3]) + len(lines[4])
        assert [r.position for r in again.read_all()] == [1, 2]
        assert again.stream_version("s") == 2
    finally:
        again.close()


@pytest.mark.parametrize("zeroed", ["tail", "middle"])
def test_zeros_a_power_cut_leaves_in_the_last_batch_are_dropped(
    path: Path, caplog: pytest.LogCaptureFixture, zeroed: str
) -> None:
    """After a power cut the file may have its new length but zeros where a block of the last
    (unsynced) batch should be: at its end, or in its middle with later lines intact."""
    store = JsonlStore(path)
    store.append("s", new_records(2), 0)
    kept = _everything(store)
    store.append("s", new_records(3, 2), 2)
    store.close()
    lines = _lines(path)
    if zeroed == "tail":
        lines[-2:] = [b"\0" * (len(lines[-2]) + len(lines[-1]))]
    else:
        lines[4] = b"\0" * 100 + lines[4][100:]
    path.write_bytes(b"".join(lines))
    again, warnings = _reopen(path, caplog)
    try:
        assert len(warnings) == 1
        assert _everything(again) == kept
    finally:
        again.close()


def test_a_torn_header_is_rewritten(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path.write_bytes(HEADER.encode()[:7])  # a crash while the log was being created
    store, warnings = _reopen(path, caplog)
    try:
        assert len(warnings) == 1
        assert "the start of a header" in warnings[0]
        assert store.append("s", [new_record()], 0).last_position == 1
    finally:
        store.close()
    assert _lines(path)[0] == HEADER.encode()


# -- damage that is not a crash: refused, and the file is left alone -----------------------


def _damage_line(lines: list[bytes], index: int, change: str) -> None:
    record = json.loads(lines[index])
    if change == "not JSON":
        lines[index] = lines[index][:30] + b"#" + lines[index][31:]
    elif change == "position":
        record["position"] += 1
        lines[index] = json.dumps(record).encode() + b"\n"
    elif change == "version":
        record["stream_version"] = 7
        lines[index] = json.dumps(record).encode() + b"\n"
    elif change == "field type":
        record["schema_version"] = "1"
        lines[index] = json.dumps(record).encode() + b"\n"
    elif change == "removed":
        del lines[index]
    elif change == "batch cut short":
        record["batch_end"] += 1
        lines[index] = json.dumps(record).encode() + b"\n"
    else:
        raise AssertionError(change)


@pytest.mark.parametrize(
    "change", ["not JSON", "position", "version", "field type", "removed", "batch cut short"]
)
@pytest.mark.parametrize("line", [1, 2, 4])
def test_damage_before_the_last_batch_is_a_corrupt_log_error(
    path: Path, change: str, line: int
) -> None:
    store = JsonlStore(path)
    _fill(store)
    store.close()
    lines = _lines(path)
    _damage_line(lines, line, change)
    damaged = b"".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(CorruptLogError) as raised:
        JsonlStore(path)
    message = str(raised.value)
    assert f"{str(path)!r} line " in message
    assert "(byte " in message
    assert "restore it from a backup" in message
    assert path.read_bytes() == damaged  # nothing was cut


def test_the_corrupt_log_error_names_the_line_and_the_way_out(path: Path) -> None:
    """It names the damaged line and its byte offset, and the cut that keeps the complete
    batches before it; following the advice gives a log that opens."""
    store = JsonlStore(path)
    _fill(store)
    store.close()
    lines = _lines(path)
    _damage_line(lines, 5, "not JSON")  # record 5: the second line of the batch of stream t
    path.write_bytes(b"".join(lines))
    start_of_t = sum(len(line) for line in lines[:4])
    damaged_at = start_of_t + len(lines[4])
    with pytest.raises(CorruptLogError) as raised:
        JsonlStore(path)
    assert f"line 6 (byte {damaged_at}) is not a valid record: 1 complete records" in str(
        raised.value
    )
    assert f"cut it at byte {start_of_t} to keep the 3 records" in str(raised.value)
    os.truncate(path, start_of_t)
    store = JsonlStore(path)
    try:
        assert store.head()[0] == 3
        assert store.recorded_append("import") is not None
    finally:
        store.close()


@pytest.mark.parametrize("change", ["position", "version", "field type"])
def test_a_well_formed_but_wrong_last_line_is_not_taken_for_a_crash(
    path: Path, change: str
) -> None:
    """A crash leaves torn or zeroed bytes, never a whole JSON line that says something wrong."""
    store = JsonlStore(path)
    _fill(store)
    store.close()
    lines = _lines(path)
    _damage_line(lines, len(lines) - 1, change)
    path.write_bytes(b"".join(lines))
    with pytest.raises(CorruptLogError, match="line 7 "):
        JsonlStore(path)


def test_something_else_appended_to_the_file_is_a_corrupt_log_error(path: Path) -> None:
    store = JsonlStore(path)
    _fill(store)
    store.close()
    with path.open("a") as file:
        file.write('{"note": "added by hand"}\n')
    with pytest.raises(CorruptLogError, match=r"line 8 \(byte \d+\).*fields missing"):
        JsonlStore(path)


def test_a_file_that_is_not_a_log_is_refused(path: Path) -> None:
    path.write_text("position,stream\n1,s\n")
    with pytest.raises(StoreError, match="is not a hom JSONL log"):
        JsonlStore(path)
    assert path.read_text() == "position,stream\n1,s\n"


def test_a_newer_format_is_refused(path: Path) -> None:
    path.write_text('{"hom":"jsonl","format":2}\n')
    with pytest.raises(StoreError, match="newer than this hom"):
        JsonlStore(path)


def test_a_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the JSONL log"):
        JsonlStore(tmp_path / "no" / "such" / "log.jsonl")


# -- failed writes -------------------------------------------------------------------------


def test_a_write_that_fails_half_way_is_rolled_back(
    store: JsonlStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk after half the batch's bytes: the half is cut off and the store goes on."""
    store.append("s", new_records(2), 0)
    before = (_everything(store), path.read_bytes())

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(hom_plugins.storage.jsonl_write, "_write_all", half_then_full)
    with pytest.raises(StoreError, match="rolled back: No space left"):
        store.append("s", new_records(3, 2), 2, idempotency_key="k")
    monkeypatch.undo()
    assert (_everything(store), path.read_bytes()) == before
    assert store.append("s", new_records(3, 2), 2, idempotency_key="k") == AppendResult(
        "s", 5, 3, 5
    )
    assert verify(store.read_all()).ok


def test_a_failed_sync_rolls_back_and_the_handle_refuses_to_append(
    store: JsonlStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append("s", new_records(2), 0)
    before = (_everything(store), path.read_bytes())
    calls = []

    def failing_sync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(hom_plugins.storage.jsonl_write, "_fdatasync", failing_sync)
    with pytest.raises(StoreError, match="the disk did not confirm the write"):
        store.append("s", new_records(3, 2), 2)
    assert (_everything(store), path.read_bytes()) == before
    with pytest.raises(StoreError, match="reopen it"):
        store.append("s", new_records(3, 2), 2)
    store.close()
    monkeypatch.undo()
    again = JsonlStore(path)  # reopening reads the file again, and appends go on
    try:
        assert _everything(again) == before[0]
        assert again.append("s", new_records(3, 2), 2) == AppendResult("s", 5, 3, 5)
    finally:
        again.close()


def test_a_write_by_someone_else_is_noticed_before_appending(store: JsonlStore, path: Path) -> None:
    store.append("s", [new_record()], 0)
    with path.open("ab") as file:  # flock is advisory: an editor can still write
        file.write(b"\n")
    with pytest.raises(StoreError, match="changed under this handle"):
        store.append("s", [new_record(1)], 1)
    with pytest.raises(StoreError, match="changed under this handle"):
        store.append("s", [new_record(1)], 1)


# -- one writer ----------------------------------------------------------------------------


def test_a_second_writer_in_the_same_process_is_refused(store: JsonlStore, path: Path) -> None:
    with pytest.raises(StoreError, match="open for writing in another process") as raised:
        JsonlStore(path)
    assert "?mode=ro" in str(raised.value)
    store.append("s", [new_record()], 0)  # the first writer is unaffected
    store.close()
    JsonlStore(path).close()  # closing released the lock


@pytest.fixture
def hold(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that opens ``path`` for writing and waits to be killed."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from hom_plugins.storage.jsonl import JsonlStore
        store = JsonlStore({str(path)!r})
        print("open", flush=True)
        time.sleep(60)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "open\n"
        try:
            yield process
        finally:
            process.kill()


def test_a_second_writer_in_another_process_is_refused_until_the_first_dies(
    path: Path, hold: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match="open for writing in another process"):
        JsonlStore(path, timeout=0.2)
    assert time.monotonic() - started >= 0.2  # it waited for the timeout
    reader = JsonlStore(path, read_only=True)  # a reader needs no lock
    reader.close()
    hold.kill()
    hold.wait()
    store = JsonlStore(path)  # the kernel released the dead process's lock
    store.close()


def test_a_writer_waits_for_the_lock_with_a_timeout(
    path: Path, hold: subprocess.Popen[str]
) -> None:
    killer = threading.Timer(0.3, hold.kill)
    killer.start()
    started = time.monotonic()
    store = JsonlStore.from_url(f"jsonl:///{path}?timeout=30")
    store.close()
    killer.join()
    assert 0.3 <= time.monotonic() - started < 30


# -- read-only handles ---------------------------------------------------------------------


def test_a_read_only_handle_follows_the_writer(store: JsonlStore, path: Path) -> None:
    reader = JsonlStore.from_url(f"jsonl:///{path}?mode=ro")
    try:
        assert reader.head() == store.head()
        _fill(store)
        assert _everything(reader) == _everything(store)
        assert reader.stream_version("s") == 4
        assert reader.recorded_append("import") == store.recorded_append("import")
        store.append("t", [new_record(6)], 2)
        assert [r.position for r in reader.read_stream("t")] == [4, 5, 7]
    finally:
        reader.close()


def test_a_read_only_handle_sees_a_batch_only_when_all_of_it_is_written(path: Path) -> None:
    store = JsonlStore(path)
    _fill(store)
    store.append("u", new_records(2, 10), 0)
    store.close()
    data = path.read_bytes()
    batch = b"".join(data.splitlines(keepends=True)[-2:])
    path.write_bytes(data[: -len(batch)])  # as it was before the batch was written
    reader = JsonlStore(path, read_only=True)
    try:
        assert reader.head()[0] == 6
        for cut in (1, len(batch) // 2, len(batch) - 1):  # a writer's write in progress
            path.write_bytes(data[: -len(batch)] + batch[:cut])
            assert reader.head()[0] == 6
            assert reader.stream_version("u") == 0
            assert [r.position for r in reader.read_all()] == list(range(1, 7))
        path.write_bytes(data)
        assert reader.head()[0] == 8
        assert [r.position for r in reader.read_stream("u")] == [7, 8]
    finally:
        reader.close()


def test_a_read_only_handle_refuses_to_append_and_changes_nothing(
    store: JsonlStore, path: Path
) -> None:
    store.append("s", [new_record()], 0)
    with path.open("ab") as file:
        file.write(b'{"position":2,"str')  # what a crashed writer would have left
    data = path.read_bytes()
    reader = JsonlStore(path, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            reader.append("s", [new_record(1)], 1)
        assert [r.position for r in reader.read_all()] == [1]
        assert reader.dropped_bytes == 0
        reader.save_checkpoint("reader", 1)  # its own files beside the log are fine
        assert store.load_checkpoint("reader") == 1
    finally:
        reader.close()
    assert path.read_bytes() == data


def test_a_read_only_handle_opens_an_empty_log_and_waits_for_the_header(path: Path) -> None:
    path.touch()
    reader = JsonlStore(path, read_only=True)
    try:
        assert reader.head()[0] == 0
        writer = JsonlStore(path)
        writer.append("s", new_records(2), 0)
        writer.close()
        assert [r.position for r in reader.read_all()] == [1, 2]
    finally:
        reader.close()


def test_a_read_only_open_of_a_missing_file_is_a_store_error(path: Path) -> None:
    with pytest.raises(StoreError, match="a read-only open creates nothing"):
        JsonlStore(path, read_only=True)
    assert not path.exists()


# -- reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 3, 4, 6, 7, 9])
def test_paging_at_exact_page_boundaries(
    store: JsonlStore, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(hom_plugins.storage.jsonl, "PAGE_SIZE", 3)
    store.append("other", [new_record(99)], 0)
    for n in range(count):  # one record a batch, interleaved: stream reads skip lines
        store.append("s", [new_record(n)], n)
        store.append("noise", [new_record(100 + n)], None)
    assert [r.stream_version for r in store.read_stream("s")] == list(range(1, count + 1))
    assert [r.stream_version for r in store.read_stream("s", 2, 5)] == list(
        range(3, min(count, 5) + 1)
    )
    assert [r.position for r in store.read_all(1)] == list(range(2, 2 * count + 2))


def test_reads_see_lines_changed_under_the_handle_as_corruption(
    store: JsonlStore, path: Path
) -> None:
    store.append("s", new_records(3), 0)
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"position":2,', b'"position":9,'))
    with pytest.raises(CorruptLogError, match="changed under this handle"):
        list(store.read_all())


# -- URLs ----------------------------------------------------------------------------------


def test_url_with_three_slashes_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    store = JsonlStore.from_url("jsonl:///sub/rel.jsonl")
    try:
        store.append("s", [new_record()], 0)
        assert store.path == "sub/rel.jsonl"
    finally:
        store.close()
    assert (tmp_path / "sub" / "rel.jsonl").is_file()


def test_url_with_four_slashes_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    target = tmp_path / "abs.jsonl"
    store = JsonlStore.from_url(f"jsonl:///{target}")
    try:
        assert store.path == str(target)
        assert (store.read_only, store.fsync) == (False, True)
    finally:
        store.close()
    assert target.is_file()
    assert list(elsewhere.iterdir()) == []


def test_url_options(path: Path) -> None:
    JsonlStore(path).close()
    store = JsonlStore.from_url(f"jsonl:///{path}?mode=ro&fsync=off&timeout=1.5")
    try:
        assert (store.read_only, store.fsync) == (True, False)
    finally:
        store.close()


@pytest.mark.parametrize(
    "url",
    [
        "jsonl:///{path}?cache=shared",  # unknown option
        "jsonl:///{path}?timeout=soon",  # not a number
        "jsonl:///{path}?timeout=-1",  # not a duration
        "jsonl:///{path}?mode=rwc",  # not a mode
        "jsonl:///{path}?fsync=sometimes",  # neither on nor off
        "jsonl://host/{path}",  # a host is not a path
        "jsonl://",  # no path at all
        "jsonl:///",  # no path at all
    ],
)
def test_bad_urls_raise_store_error(path: Path, url: str) -> None:
    with pytest.raises(StoreError):
        JsonlStore.from_url(url.format(path=path))
    assert not path.exists()


def test_open_log_finds_the_jsonl_plugin(path: Path) -> None:
    with open_log(f"jsonl:///{path}") as log:
        assert isinstance(log.store, JsonlStore)
        assert log.store.path == str(path)


def test_the_jsonl_backend_keeps_no_people_store(path: Path) -> None:
    with pytest.raises(StoreError, match="keeps no people store"):
        open_people(f"jsonl:///{path}")


def test_closing_twice_is_harmless(path: Path) -> None:
    store = JsonlStore(path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.head()
