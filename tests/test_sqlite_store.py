"""The SQLite store: the storage conformance suite, plus URLs, schema, durability and rollback."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import hom_core.appending
import hom_plugins.storage.sqlite
from hom_core import GENESIS_HASH, open_log
from hom_core.chain import seal, verify
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError, StoreError, UsageError
from hom_core.store import NewRecord, Snapshot, StoredRecord
from hom_core.testing.storage import StoreConformance, new_record, new_records
from hom_plugins.storage.sqlite import PAGE_SIZE, SQLiteStore
from hom_plugins.storage.sqlite_layout import SCHEMA_VERSION
from properties import examples
from samples import race_appenders


class TestSQLiteStore(StoreConformance):
    page_size = PAGE_SIZE

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SQLiteStore]:
        store = SQLiteStore(tmp_path / "log.sqlite3")
        yield store
        store.close()

    @pytest.fixture
    def second_store(self, store: SQLiteStore) -> Iterator[SQLiteStore]:
        """A second connection on the same file: races go through SQLite's own locking."""
        other = SQLiteStore(store.path)
        yield other
        other.close()


class TestSQLiteInMemory(StoreConformance):
    """``sqlite:///:memory:`` keeps the same promises (one connection, so no second handle)."""

    page_size = PAGE_SIZE

    @pytest.fixture
    def store(self) -> Iterator[SQLiteStore]:
        store = SQLiteStore.from_url("sqlite:///:memory:")
        yield store
        store.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "log.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(path)
    yield store
    store.close()


def _everything(store: SQLiteStore) -> tuple[list[StoredRecord], tuple[int, str]]:
    return list(store.read_all()), store.head()


def _pragma(store: SQLiteStore, name: str) -> object:
    return store._db.execute(f"PRAGMA {name}").fetchone()[0]


# -- URLs ----------------------------------------------------------------------------------


def test_url_with_three_slashes_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = SQLiteStore.from_url("sqlite:///sub/../rel.sqlite3")
    try:
        store.append("s", [new_record()], 0)
        assert store.path == "sub/../rel.sqlite3"
    finally:
        store.close()
    assert (tmp_path / "rel.sqlite3").is_file()


def test_url_with_four_slashes_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    target = tmp_path / "abs.sqlite3"
    assert str(target).startswith("/")
    store = SQLiteStore.from_url(f"sqlite:///{target}")  # "sqlite:///" + "/tmp/..." = 4 slashes
    try:
        assert store.path == str(target)
    finally:
        store.close()
    assert target.is_file()
    assert list(elsewhere.iterdir()) == []


def test_synchronous_defaults_to_full_and_normal_can_be_chosen(path: Path) -> None:
    full = SQLiteStore.from_url(f"sqlite:///{path}")
    normal = SQLiteStore.from_url(f"sqlite:///{path}?synchronous=normal&timeout=2.5")
    try:
        assert _pragma(full, "synchronous") == 2  # FULL
        assert _pragma(normal, "synchronous") == 1  # NORMAL
        assert _pragma(full, "journal_mode") == "wal"
        assert _pragma(normal, "busy_timeout") == 2500
    finally:
        full.close()
        normal.close()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{path}?cache=shared",  # unknown option
        "sqlite:///{path}?timeout=soon",  # not a number
        "sqlite:///{path}?synchronous=sometimes",  # not a SQLite setting
        "sqlite://host/{path}",  # a host is not a path
        "sqlite://",  # no path at all
        "sqlite:///",  # no path at all
    ],
)
def test_bad_urls_raise_store_error(path: Path, url: str) -> None:
    with pytest.raises(StoreError):
        SQLiteStore.from_url(url.format(path=path))
    assert not path.exists()


def test_bad_synchronous_argument_is_a_usage_error(path: Path) -> None:
    with pytest.raises(UsageError):
        SQLiteStore(path, synchronous="sometimes")


def test_open_log_finds_the_sqlite_plugin(path: Path) -> None:
    with open_log(f"sqlite:///{path}") as log:
        assert isinstance(log.store, SQLiteStore)
        assert log.store.path == str(path)


# -- opening -------------------------------------------------------------------------------


def test_newer_schema_version_is_refused(path: Path) -> None:
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE hom_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    db.close()
    with pytest.raises(StoreError, match="newer than this hom"):
        SQLiteStore(path)


def test_schema_version_is_recorded_and_kept(path: Path) -> None:
    SQLiteStore(path).close()
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    rows = db.execute("SELECT key, value FROM hom_meta").fetchall()
    db.close()
    assert rows == [("schema_version", str(SCHEMA_VERSION))]


def test_a_file_that_is_not_a_database_is_refused(path: Path) -> None:
    path.write_bytes(b"this is not a SQLite database, it is a letter to the governors" * 20)
    with pytest.raises(StoreError, match="cannot open the SQLite log"):
        SQLiteStore(path)


def test_a_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        SQLiteStore(tmp_path / "no" / "such" / "dir" / "log.sqlite3")


def test_everything_persists_across_reopen(path: Path) -> None:
    """Records, stream versions, the head, snapshots, checkpoints and idempotency keys."""
    store = SQLiteStore(path)
    first = store.append("s", new_records(3), 0, idempotency_key="import")
    store.append("t", new_records(2, 3), 0)
    snapshot = Snapshot("members", "s", 3, 1, '{"n":3}')
    store.save_snapshot(snapshot)
    store.save_checkpoint("mailer", 4)
    before = _everything(store)
    store.close()

    again = SQLiteStore(path)
    try:
        assert _everything(again) == before
        assert (again.stream_version("s"), again.stream_version("t")) == (3, 2)
        assert again.load_snapshot("members", "s") == snapshot
        assert again.load_checkpoint("mailer") == 4
        # the retry of an append made before a restart is still a no-op
        assert again.append("s", new_records(3), 0, idempotency_key="import") == first
        assert again.append("s", [new_record(9)], 3) == AppendResult("s", 4, 6, 6)
        assert verify(again.read_all()).ok
    finally:
        again.close()


# -- failures inside the append transaction ------------------------------------------------


def test_failure_in_the_middle_of_the_insert_rolls_back_everything(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Atomicity: the 2nd row of a batch violates UNIQUE (stream, version) after the 1st row
    was inserted; the whole batch, its positions and its idempotency key are rolled back."""
    store.append("s", new_records(2), 0)
    before = _everything(store)

    def bad_seal(
        previous: str, position: int, stream: str, version: int, records: list[NewRecord]
    ) -> list[StoredRecord]:
        rows = seal(previous, position, stream, version, records)
        rows[1] = rows[1]._replace(stream_version=rows[0].stream_version)
        return rows

    monkeypatch.setattr(hom_core.appending, "seal", bad_seal)
    with pytest.raises(StoreError, match="rolled back") as raised:
        store.append("s", new_records(3, 2), 2, idempotency_key="k")
    assert isinstance(raised.value.__cause__, sqlite3.IntegrityError)
    assert _everything(store) == before
    monkeypatch.undo()

    assert store.append("s", new_records(3, 2), 2, idempotency_key="k") == AppendResult(
        "s", 5, 3, 5
    )
    assert verify(store.read_all()).ok


@pytest.mark.parametrize("action", ["ABORT", "ROLLBACK", "FAIL"])
def test_trigger_failing_on_the_third_record_rolls_back_everything(
    store: SQLiteStore, path: Path, action: str
) -> None:
    """Atomicity with the database itself refusing a row mid-batch (any RAISE action): nothing
    of the batch stays, the error reaches the caller as a StoreError naming SQLite's reason,
    and the store goes on working."""
    store.append("s", new_records(2), 0)
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.correlation_id = 'correlation-4' "
        f"BEGIN SELECT RAISE({action}, 'refused by the test trigger'); END"
    )
    db.commit()
    db.close()
    before = _everything(store)
    with pytest.raises(StoreError, match="refused by the test trigger"):
        store.append("s", new_records(4, 2), 2, idempotency_key="k")
    assert _everything(store) == before
    assert store.stream_version("s") == 2
    # later appends, and the retry under the same key, still work
    assert store.append("t", new_records(2, 2), 0) == AppendResult("t", 2, 3, 4)
    assert store.append("s", [new_record(5)], 2, idempotency_key="k") == AppendResult("s", 3, 5, 5)
    assert verify(store.read_all()).ok


def test_append_waits_for_the_write_lock_then_gives_up_with_nothing_written(path: Path) -> None:
    store = SQLiteStore(path, timeout=0.05)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        store.append("s", [new_record()], 0)
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="write lock"):
            store.append("s", [new_record(1)], 1)
        blocker.execute("ROLLBACK")
        assert store.stream_version("s") == 1
        assert store.append("s", [new_record(1)], 1).stream_version == 2
    finally:
        blocker.close()
        store.close()


def test_a_half_consumed_reader_does_not_block_another_connection(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads hold no transaction between pages: another connection appends mid-read."""
    monkeypatch.setattr(hom_plugins.storage.sqlite, "PAGE_SIZE", 4)
    store.append("s", new_records(10), 0)
    writer = SQLiteStore(store.path, timeout=0.05)  # would time out if a reader held a lock
    try:
        reader = store.read_all()
        seen = [next(reader) for _ in range(6)]
        assert writer.append("s", new_records(2, 10), 10).last_position == 12
        seen.extend(reader)
    finally:
        writer.close()
    assert [r.position for r in seen] == list(range(1, 13))


@pytest.mark.parametrize("count", [0, 1, 3, 4, 6, 7, 9])
def test_paging_at_exact_page_boundaries(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Reads of 0, 1, page-1, page, 2*page, 2*page+1 and 3*page rows return each row once."""
    monkeypatch.setattr(hom_plugins.storage.sqlite, "PAGE_SIZE", 3)
    store.append("other", [new_record(99)], 0)
    if count:
        store.append("s", new_records(count), 0)
    assert [r.stream_version for r in store.read_stream("s")] == list(range(1, count + 1))
    assert [r.position for r in store.read_all(1)] == list(range(2, count + 2))
    assert [r.position for r in store.read_all(0, count)] == list(range(1, count + 1))


def test_appends_from_two_connections_share_one_chain(path: Path) -> None:
    one, two = SQLiteStore(path), SQLiteStore(path)
    try:
        one.append("s", new_records(2), 0)
        two.append("t", new_records(2, 2), 0)
        with pytest.raises(ConcurrencyError):
            two.append("s", [new_record(4)], 0)
        one.append("s", [new_record(4)], 2)
        assert one.head() == two.head() != (0, GENESIS_HASH)
        assert list(one.read_all()) == list(two.read_all())
        assert verify(two.read_all()).ok
    finally:
        one.close()
        two.close()


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=examples(30), deadline=None)
@given(prior=st.integers(0, 3), sizes=st.lists(st.integers(1, 4), min_size=2, max_size=3))
def test_racing_connections_exactly_one_wins_and_nothing_is_lost(
    prior: int, sizes: list[int]
) -> None:
    """Property (issue): threads appending through separate SQLite connections on one file
    with the same expected version."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.sqlite3"
        stores = [SQLiteStore(path) for _ in sizes]
        try:
            race_appenders(stores, prior, sizes)
        finally:
            for store in stores:
                store.close()


@settings(max_examples=examples(40), deadline=None)
@given(
    prior=st.integers(0, 4),
    size=st.integers(1, 6),
    bad=st.integers(0, 5),
    action=st.sampled_from(["ABORT", "FAIL", "ROLLBACK"]),
)
def test_a_batch_the_database_refuses_mid_way_leaves_no_trace(
    prior: int, size: int, bad: int, action: str
) -> None:
    """Property (issue): SQLite refusing any one row of a batch (after the rows before it were
    inserted) leaves no record, no position and no idempotency key."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.sqlite3"
        store = SQLiteStore(path)
        try:
            if prior:
                store.append("s", new_records(prior), 0)
            store._db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.actor = 'refused' "
                f"BEGIN SELECT RAISE({action}, 'refused'); END"
            )
            before = _everything(store)
            batch = new_records(size, 100)
            index = min(bad, size - 1)
            batch[index] = batch[index]._replace(actor="refused")
            with pytest.raises(StoreError, match="refused"):
                store.append("s", batch, prior, idempotency_key="k")
            assert _everything(store) == before
            retry = store.append("s", new_records(size, 100), prior, idempotency_key="k")
            assert (retry.first_position, retry.stream_version) == (prior + 1, prior + size)
            assert verify(store.read_all()).ok
        finally:
            store.close()
