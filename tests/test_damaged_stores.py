"""Damaged, foreign and tampered stores (issue 16, section 3): each case gives one typed error in
one line, or a "chain broken at N" report from ``hom verify``, never a traceback; a foreign
database is refused and left untouched; what lies outside the chain (snapshots, checkpoints,
idempotency keys, a JSONL log's torn tail) is checked against the log."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from cli_support import PARTNERSHIP, example, installed_plugins, ok, quick, sqlite_url, user_error
from hom_core import CorruptLogError, EventLog, NotAHomLogError, open_log
from hom_core.application import Partnership
from hom_core.domain import FormPartnership

STATUS = ("status", "-p", PARTNERSHIP, "--as-of", "2016-09-01")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a SQLite log of the example's history (over 200 KiB), made once."""
    path = tmp_path_factory.mktemp("history") / "hom.sqlite3"
    with open_log(sqlite_url(path), plugins=installed_plugins()) as log:
        example().record(Partnership(log, PARTNERSHIP))
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path.read_bytes()


@pytest.fixture(scope="module")
def last(history: bytes, tmp_path_factory: pytest.TempPathFactory) -> int:
    """The position of the history's last record."""
    copy = tmp_path_factory.mktemp("last") / "hom.sqlite3"
    copy.write_bytes(history)
    with open_log(sqlite_url(copy)) as log:
        return log.head()[0]


@pytest.fixture
def path(tmp_path: Path, history: bytes) -> Path:
    """A copy of the history of the test's own."""
    copy = tmp_path / "hom.sqlite3"
    copy.write_bytes(history)
    return copy


def _edit(path: Path, *statements: str) -> None:
    """Run SQL on the file as someone editing it by hand would."""
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _verify(url: str, *args: str) -> Result:
    return quick("verify", "--url", url, *args)


def _broken_at(result: Result) -> int:
    """The position a failed verification names (exit 1, a report, no traceback)."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert "Traceback" not in result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("chain broken at position "), result.stdout
    return int(first.removeprefix("chain broken at position ").split(":")[0])


def _one_line(result: Result) -> str:
    """A failure that is one typed error in one line (exit 2) or a verification report
    (exit 1); never a traceback."""
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        return result.stdout
    return user_error(result)


# -- damaged SQLite files ----------------------------------------------------------------------


@pytest.mark.parametrize("offset", [65536, 8192])
def test_a_damaged_sqlite_file_is_one_line_for_status_and_never_intact_for_verify(
    path: Path, offset: int
) -> None:
    """4 KiB of garbage inside a valid log: status says the log is damaged and to restore it;
    verify runs SQLite's integrity check too, so it never says intact."""
    data = bytearray(path.read_bytes())
    data[offset : offset + 4096] = bytes(range(256)) * 16
    path.write_bytes(bytes(data))
    url = sqlite_url(path)
    status = _one_line(quick(*STATUS, "--url", url))
    assert f"the log at {path} is damaged (SQLite: " in status
    assert status.endswith("restore it from a backup")
    report = _one_line(_verify(url))
    assert "chain intact" not in report or "problem: " in report
    assert _verify(url).exit_code != 0


def test_verify_reports_what_sqlite_s_integrity_check_finds(path: Path) -> None:
    """The index of the stream versions damaged, the table whole: the chain walk (by
    position) reads nothing wrong, SQLite's own check does."""
    db = sqlite3.connect(path)
    root = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_events_1'"
    ).fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * 4096
    data[start + 200 : start + 4000] = b"\x00" * 3800
    path.write_bytes(bytes(data))
    result = _verify(sqlite_url(path))
    assert result.exit_code == 1, result.output
    assert "problem: " in result.stdout
    assert "Traceback" not in result.output


# -- a database that is not hom's --------------------------------------------------------------


def test_an_unrelated_database_with_an_events_table_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crm.sqlite3"
    _edit(
        path,
        "CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, starts TEXT)",
        "INSERT INTO events VALUES (1, 'Open evening', '2026-10-01')",
    )
    before = path.read_bytes()
    url = sqlite_url(path)
    for args in [("verify",), STATUS, ("init",), ("head",)]:
        line = user_error(quick(*args, "--url", url))
        assert f"{path} is not a hom log (its tables are events, without hom's hom_meta" in line
        assert line.endswith("check the URL; nothing was written to it")
    with pytest.raises(NotAHomLogError):
        open_log(url)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.sqlite3"]


def test_the_people_store_refuses_an_unrelated_database_too(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    _edit(path, "CREATE TABLE contacts (email TEXT)")
    before = path.read_bytes()
    line = user_error(
        quick("people", "add", "person-1", "--name", "A Head", "--url", sqlite_url(path))
    )
    assert "is not a hom log" in line
    assert path.read_bytes() == before


# -- snapshots, checkpoints and idempotency keys are bound to the log ----------------------------


def test_an_edited_snapshot_is_ignored_and_reported_by_verify(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A snapshot row edited to charge a rate of 200.00 no event sets answers nothing: the
    state is rebuilt from the events, and verify reports the snapshot (exit 1)."""
    url = sqlite_url(path)
    with open_log(url, plugins=installed_plugins()) as log:
        hom = Partnership(log, PARTNERSHIP)
        truth = hom.state()
        hom.runner.snapshot()
    assert ok(_verify(url)).startswith("chain intact")
    db = sqlite3.connect(path)
    name, key, text = db.execute("SELECT name, key, state FROM snapshots").fetchone()
    state = json.loads(text)
    calls = state["state"]["funding"]["calls"]
    first_call = next(iter(calls.values()))
    next(iter(first_call.values()))["due"]["rate"] = "200.00"
    db.execute(
        "UPDATE snapshots SET state = ? WHERE name = ? AND key = ?",
        (json.dumps(state), name, key),
    )
    db.commit()
    db.close()
    with (
        caplog.at_level(logging.WARNING, logger="hom.projections"),
        open_log(url, plugins=installed_plugins()) as log,
    ):
        assert Partnership(log, PARTNERSHIP).state() == truth
    assert "its seal does not match its content: it was edited" in caplog.text
    result = _verify(url)
    assert result.exit_code == 1
    assert result.stdout.startswith("chain intact")
    assert f"problem: snapshot {name!r} of {key!r}" in result.stdout


def test_a_snapshot_of_another_log_is_ignored_and_reported(path: Path, tmp_path: Path) -> None:
    """A snapshot bound to a record the log no longer holds (copied from another log)."""
    url = sqlite_url(path)
    with open_log(url, plugins=installed_plugins()) as log:
        Partnership(log, PARTNERSHIP).runner.snapshot()
    db = sqlite3.connect(path)
    row = db.execute("SELECT name, key, version, code_version, state FROM snapshots").fetchone()
    db.close()
    other = tmp_path / "other.sqlite3"
    with open_log(sqlite_url(other), plugins=installed_plugins()) as log:
        Partnership(log, PARTNERSHIP).execute(FormPartnership("Other", date(2013, 7, 1)))
    db = sqlite3.connect(other)
    db.execute("INSERT INTO snapshots VALUES (?, ?, ?, ?, ?)", row)
    db.commit()
    db.close()
    result = _verify(sqlite_url(other))
    assert result.exit_code == 1
    assert "does not match the log and is ignored: the log holds no record at its version" in (
        result.stdout
    )


def test_a_checkpoint_beyond_the_head_is_reported(path: Path, last: int) -> None:
    _edit(path, "INSERT INTO checkpoints VALUES ('hom.notify/email', 100000)")
    result = _verify(sqlite_url(path))
    assert result.exit_code == 1
    assert f"checkpoint 'hom.notify/email' is at position 100000, beyond the head {last}" in (
        result.stdout
    )


def test_a_checkpoint_saved_at_a_record_the_log_no_longer_holds_is_ignored_and_reported(
    path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A checkpoint is bound to the hash of the record at its position: carried over to a log
    whose record there differs (here, the same history recorded again), it is ignored."""
    with open_log(sqlite_url(path)) as log:
        log.store.save_checkpoint("hom.notify/email", 300)
        assert log.store.load_checkpoint("hom.notify/email") == 300
    other = tmp_path / "other.sqlite3"
    with open_log(sqlite_url(other), plugins=installed_plugins()) as log:
        example().record(Partnership(log, PARTNERSHIP))
    db = sqlite3.connect(other)
    db.execute("ATTACH DATABASE ? AS kept", (str(path),))
    db.execute("INSERT INTO checkpoints SELECT * FROM kept.checkpoints")
    db.execute("INSERT INTO snapshots SELECT * FROM kept.snapshots")
    db.commit()
    db.close()
    with caplog.at_level(logging.WARNING, logger="hom.store"), open_log(sqlite_url(other)) as log:
        assert log.store.load_checkpoint("hom.notify/email") == 0
    assert "checkpoint 'hom.notify/email' at position 300 is ignored" in caplog.text
    result = _verify(sqlite_url(other))
    assert result.exit_code == 1
    assert "checkpoint 'hom.notify/email' at position 300 was saved at a record the log no" in (
        result.stdout
    )


def test_a_jsonl_checkpoint_is_bound_to_its_record_too(
    tmp_path: Path, path: Path, last: int
) -> None:
    target = _jsonl_log(tmp_path, path)
    url = f"jsonl:///{target}"
    with open_log(url) as log:
        log.store.save_checkpoint("reader", 10)
        log.store.save_checkpoint("ahead", 1000)  # no record there yet: taken as it is
    with open_log(url) as log:
        assert (log.store.load_checkpoint("reader"), log.store.load_checkpoint("ahead")) == (
            10,
            1000,
        )
    folder = Path(f"{target}.checkpoints")
    for file in folder.iterdir():
        content = json.loads(file.read_text())
        if "hash" in content:
            file.write_text(json.dumps({**content, "hash": "0" * 64}))
    with open_log(url) as log:
        assert log.store.load_checkpoint("reader") == 0
    result = _verify(url)
    assert "checkpoint 'reader' at position 10 was saved at a record" in result.stdout
    assert f"checkpoint 'ahead' is at position 1000, beyond the head {last}" in result.stdout


def test_a_hand_inserted_idempotency_key_does_not_make_a_later_append_skip(path: Path) -> None:
    url = sqlite_url(path)
    _edit(
        path,
        "INSERT INTO idempotency VALUES ('import-7', 'partnership/heart-of-manchester', 3, 10, 12)",
    )
    before = path.read_bytes()
    with open_log(url, plugins=installed_plugins()) as log:
        hom = Partnership(log, PARTNERSHIP)
        head = log.head()
        with pytest.raises(CorruptLogError, match="added or changed by hand"):
            hom.execute(FormPartnership("Again", date(2020, 1, 1)), idempotency_key="import-7")
        with pytest.raises(CorruptLogError, match="nothing was appended"):
            log.store.append(
                hom.stream_id, [next(iter(log.store.read_all()))[3:11]], None, "import-7"
            )  # type: ignore[list-item]
        assert log.head() == head
    assert path.read_bytes() == before


# -- hand edits give the "chain broken at N" report --------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE events SET payload = CAST(payload AS BLOB) WHERE position = 7",
        "UPDATE events SET payload = CAST(X'7B2266223A22FF227D' AS TEXT) WHERE position = 7",
        "UPDATE events SET schema_version = 'x' WHERE position = 7",
        "UPDATE events SET payload = '{\"a\":' || printf('%.*c', 100000, '[') || '1' "
        "|| printf('%.*c', 100000, ']') || '}' WHERE position = 7",
    ],
    ids=["payload-blob", "payload-not-utf8", "schema-version-x", "payload-100000-deep"],
)
def test_a_hand_edit_of_a_record_is_chain_broken_at_its_position(path: Path, edit: str) -> None:
    _edit(path, edit)
    url = sqlite_url(path)
    assert _broken_at(_verify(url)) == 7
    _one_line(quick(*STATUS, "--url", url))


def test_a_meta_schema_version_that_is_not_a_number_is_one_line(path: Path) -> None:
    _edit(path, "UPDATE hom_meta SET value = 'x' WHERE key = 'schema_version'")
    url = sqlite_url(path)
    for args in [("verify",), STATUS]:
        line = user_error(quick(*args, "--url", url))
        assert line == (
            f"hom: the log at {path} is damaged (hom_meta.schema_version is 'x', not a version "
            "number): restore it from a backup"
        )


# -- the head as an anchor ---------------------------------------------------------------------


def test_hom_head_is_an_anchor_verify_proves_the_log_still_holds(path: Path, last: int) -> None:
    url = sqlite_url(path)
    anchor = ok(quick("head", "--url", url)).strip()
    position, digest = anchor.split(":")
    assert position == str(last)
    assert len(digest) == 64
    assert json.loads(ok(quick("head", "--url", url, "--json")))["head"] == anchor
    assert ok(_verify(url, "--head", anchor)).startswith(f"chain intact: {last} records")
    with open_log(url, plugins=installed_plugins()) as log:
        log.store.append("another", [next(log.store.read_all())[3:11]], None)  # type: ignore[list-item]
    assert ok(_verify(url, "--head", anchor)).startswith(f"chain intact: {last + 1} records")
    _edit(path, f"DELETE FROM events WHERE position >= {last}")
    result = _verify(url, "--head", anchor)
    assert _broken_at(result) == last
    assert f"the log ends at position {last - 1}, before the kept head {last}" in result.stdout


def test_verify_head_catches_a_log_rewritten_with_a_valid_chain(
    path: Path, tmp_path: Path, last: int
) -> None:
    """Another log of the same length has a valid chain of its own, not the kept record."""
    anchor = ok(quick("head", "--url", sqlite_url(path))).strip()
    other = tmp_path / "other.sqlite3"
    with open_log(sqlite_url(other), plugins=installed_plugins()) as log:
        hom = Partnership(log, PARTNERSHIP)
        example().record(hom)
    result = _verify(sqlite_url(other), "--head", anchor)
    assert _broken_at(result) == last
    assert "was rewritten from here on" in result.stdout
    line = user_error(_verify(sqlite_url(path), "--head", f"{last}:abc"))
    assert "is not a head: give POSITION:HASH as hom head prints it" in line


# -- JSONL -------------------------------------------------------------------------------------


def _jsonl_log(tmp_path: Path, path: Path) -> Path:
    """The history as a JSONL log."""
    target = tmp_path / "hom.jsonl"
    with (
        open_log(sqlite_url(path), plugins=installed_plugins()) as source,
        open_log(f"jsonl:///{target}", plugins=installed_plugins()) as log,
    ):
        _copy(source, log)
    return target


def _copy(source: EventLog, target: EventLog) -> None:
    for stored in source.store.read_all():
        target.store.append(stored.stream_id, [stored[3:11]], None)  # type: ignore[list-item]


def test_jsonl_verify_reports_a_torn_tail_and_fails_and_only_a_writer_cuts_it(
    tmp_path: Path, path: Path, caplog: pytest.LogCaptureFixture, last: int
) -> None:
    target = _jsonl_log(tmp_path, path)
    whole = target.read_bytes()
    target.write_bytes(whole + b'{"position":%d,"stream_id":"partn' % (last + 1))
    torn = target.read_bytes()
    url = f"jsonl:///{target}"
    result = _verify(url)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"chain intact: {last} records")
    assert "problem: the log ends in an unfinished append (a last line with no newline" in (
        result.stdout
    )
    assert target.read_bytes() == torn  # verification cut nothing
    with caplog.at_level(logging.WARNING, logger="hom.jsonl"), open_log(url) as log:
        assert log.head()[0] == last
    assert "dropped 34 bytes" in caplog.text
    assert target.read_bytes() == whole
    assert ok(_verify(url)).startswith(f"chain intact: {last} records")


def test_jsonl_verify_fails_on_a_tampered_last_batch(tmp_path: Path, path: Path, last: int) -> None:
    """The last batch edited into a line that is not JSON looks like a torn write to a
    writer; verification reports it and fails instead of saying intact."""
    target = _jsonl_log(tmp_path, path)
    lines = target.read_bytes().splitlines(keepends=True)
    lines[-1] = lines[-1][:-2] + b"\n"  # its closing brace gone
    target.write_bytes(b"".join(lines))
    result = _verify(f"jsonl:///{target}")
    assert result.exit_code == 1
    assert f"line {last + 1} is not JSON" in result.stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [("payload", '"\\ud800"'), ("actor", "[" * 100000 + "]" * 100000)],
    ids=["lone-surrogate", "nested-100000-deep"],
)
def test_a_jsonl_line_edited_by_hand_is_chain_broken_at_its_position(
    tmp_path: Path, path: Path, field: str, value: str
) -> None:
    target = _jsonl_log(tmp_path, path)
    lines = target.read_text().splitlines(keepends=True)
    record = json.loads(lines[7])
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    old = f'"{field}":' + json.dumps(record[field], ensure_ascii=False)
    assert old in text
    lines[7] = text.replace(old, f'"{field}":{value}') + "\n"
    target.write_text("".join(lines))
    url = f"jsonl:///{target}"
    assert _broken_at(_verify(url)) == 7
    _one_line(quick(*STATUS, "--url", url))


# -- PostgreSQL --------------------------------------------------------------------------------


def test_a_postgres_schema_that_is_not_hom_s_is_refused_and_left_untouched(
    postgres_url: str, postgres_dsn: str
) -> None:
    psycopg = pytest.importorskip("psycopg")
    schema = postgres_url.rsplit("schema=", 1)[1].split("&")[0]
    line = user_error(quick("verify", "--url", postgres_url))
    assert line.startswith("hom: no log at ")
    assert f"its schema {schema!r} holds no log" in line
    with psycopg.connect(postgres_dsn, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(f"CREATE TABLE {schema}.events (id int, title text)")
    for args in [("verify",), ("init",)]:
        line = user_error(quick(*args, "--url", postgres_url))
        assert f"its schema {schema!r} has an events table but no hom_meta table" in line
    with psycopg.connect(postgres_dsn) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
    assert tables == [("events",)]


def test_a_hand_inserted_idempotency_key_is_refused_on_postgres(
    postgres_url: str, postgres_dsn: str
) -> None:
    psycopg = pytest.importorskip("psycopg")
    schema = postgres_url.rsplit("schema=", 1)[1].split("&")[0]
    with open_log(postgres_url, plugins=installed_plugins()) as log:
        Partnership(log, PARTNERSHIP).execute(FormPartnership("Hom", date(2013, 7, 1)))
        record = next(log.store.read_all())
        head = log.head()
        with psycopg.connect(postgres_dsn, autocommit=True) as connection:
            connection.execute(
                f"INSERT INTO {schema}.idempotency VALUES ('k', %s, 3, 10, 12)",
                (record.stream_id,),
            )
        with pytest.raises(CorruptLogError, match="added or changed by hand"):
            log.store.append(record.stream_id, [record[3:11]], None, "k")  # type: ignore[list-item]
        with pytest.raises(CorruptLogError, match="added or changed by hand"):
            log.store.recorded_append("k")
        assert log.head() == head
