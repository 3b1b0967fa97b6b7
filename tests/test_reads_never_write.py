"""Reads never write (issue 16, section 2): a command that reads, on a log that does not exist,
says "no log at ...: run hom init", exits 2 and creates nothing; only ``init`` and the commands
that record create a log."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_support import PARTNERSHIP, ok, quick, run, sqlite_url, user_error
from hom_core import LogNotFoundError, StoreError, UsageError, open_log, open_people
from hom_core.application import SNAPSHOT_EVERY, Partnership, projection_of
from hom_core.domain import PARTNERSHIP as PARTNERSHIP_RULES, EstablishGroup, GroupKind, HoldMeeting
from hom_plugins.storage.sqlite import SQLiteStore

READS = {
    "status": ("status", "-p", PARTNERSHIP),
    "verify": ("verify",),
    "head": ("head",),
    "export": ("export", "json", "-p", PARTNERSHIP, "-o", "-"),
    "forget": ("forget", "person-1", "--yes"),
    "notify": ("notify", "--status"),
    "people list": ("people", "list", "-p", PARTNERSHIP),
}


WEBHOOK = {"HOM_WEBHOOK_URL": "http://127.0.0.1:9/hom"}  # a notifier, so notify opens the log


def _read(command: str, url: str) -> str:
    """The one line ``hom COMMAND`` prints on ``url``, a user error."""
    if command == "notify":
        return user_error(run(*READS[command], "--url", url, env=WEBHOOK))
    return user_error(quick(*READS[command], "--url", url))


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("command", sorted(READS))
@pytest.mark.parametrize("scheme", ["sqlite", "jsonl"])
def test_a_read_on_a_missing_log_says_run_hom_init_and_creates_nothing(
    tmp_path: Path, command: str, scheme: str
) -> None:
    url = f"{scheme}:///{tmp_path / 'hom.log'}"
    line = _read(command, url)
    if scheme == "jsonl" and command in ("forget", "people list"):
        assert "no people store" in line or "no log at" in line
    else:
        assert line.startswith(f"hom: no log at {tmp_path / 'hom.log'}"), line
        assert line.endswith("run hom init to create one, or check the URL"), line
    assert _names(tmp_path) == []


@pytest.mark.parametrize("command", sorted(READS))
def test_a_read_on_an_empty_file_creates_no_log_in_it(tmp_path: Path, command: str) -> None:
    path = tmp_path / "hom.sqlite3"
    path.touch()
    line = _read(command, sqlite_url(path))
    assert "no log at" in line
    assert "the file holds no log yet" in line
    assert path.read_bytes() == b""
    assert _names(tmp_path) == ["hom.sqlite3"]


def test_three_slashes_are_relative_and_the_error_says_when_four_would_find_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite:///var/hom.sqlite3 is var/hom.sqlite3 here; /var/hom.sqlite3 is named when it
    exists."""
    absolute = tmp_path / "hom.sqlite3"
    ok(quick("init", "--url", sqlite_url(absolute)))
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    relative = str(absolute).lstrip("/")
    line = user_error(quick("verify", "--url", f"sqlite:///{relative}"))
    assert f"no log at {relative}" in line
    assert f"{absolute} exists: write sqlite:///{absolute} (four slashes) for it" in line
    assert _names(here) == []
    missing = user_error(quick("verify", "--url", "sqlite:///var/nothing.sqlite3"))
    assert f"relative to {here}" in missing
    assert "four slashes" not in missing


def test_init_and_the_commands_that_record_create_the_log(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(quick("init", "--url", url, "-p", PARTNERSHIP, "--name", "Heart of Manchester"))
    assert ok(quick("verify", "--url", url)).startswith("chain intact: 2 records")
    other = sqlite_url(tmp_path / "people.sqlite3")
    ok(quick("people", "add", "person-1", "--name", "A Head", "--url", other))
    assert (tmp_path / "people.sqlite3").is_file()


def test_the_library_opens_without_creating_when_asked(tmp_path: Path) -> None:
    """open_log and open_people with create=False raise LogNotFoundError (a StoreError)."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    with pytest.raises(LogNotFoundError) as caught:
        open_log(url, create=False)
    assert isinstance(caught.value, StoreError)
    with pytest.raises(LogNotFoundError):
        open_people(url, create=False)
    with pytest.raises(LogNotFoundError):
        SQLiteStore.open_existing(url)
    assert _names(tmp_path) == []
    open_log(url).close()  # the default still creates
    open_log(url, create=False).close()
    with open_log("memory://", create=False) as log:  # a backend with nothing to find
        assert log.head()[0] == 0


def test_a_read_of_an_existing_log_leaves_its_files_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "hom.sqlite3"
    ok(quick("init", "--url", sqlite_url(path), "-p", PARTNERSHIP, "--name", "Heart"))
    before = {name: (tmp_path / name).read_bytes() for name in _names(tmp_path)}
    for command in ("status", "verify", "head"):
        ok(quick(*READS[command], "--url", sqlite_url(path)))
    assert {name: (tmp_path / name).read_bytes() for name in _names(tmp_path)} == before


def test_reading_a_long_history_saves_no_snapshot_and_leaves_the_files_as_they_were(
    tmp_path: Path,
) -> None:
    """More events than a runner snapshots after: the commands that only read load the
    partnership without saving its snapshot (a read of a backup on read-only media works)."""
    path = tmp_path / "hom.sqlite3"
    url = sqlite_url(path)
    ok(
        quick(
            "init", "--url", url, "-p", PARTNERSHIP, "--name", "Heart", "--formed-on", "2020-01-06"
        )
    )
    with open_log(url) as log:
        hom = Partnership(log, PARTNERSHIP)
        hom.execute(EstablishGroup("eyfs", "EYFS Network", GroupKind.NETWORK, date(2020, 1, 6)))
        for day in range(SNAPSHOT_EVERY + 10):
            hom.execute(HoldMeeting("eyfs", date(2020, 1, 7) + timedelta(days=day)))
    with closing(sqlite3.connect(path)) as db, db:  # as a writer that keeps no snapshots left it
        db.execute("DELETE FROM snapshots")
    before = {name: (tmp_path / name).read_bytes() for name in _names(tmp_path)}
    reads = [
        ("status", "-p", PARTNERSHIP),
        ("agenda", "-p", PARTNERSHIP, "--as-of", "2022-01-01"),
        ("export", "report-md", "-p", PARTNERSHIP, "-o", "-"),
        ("log", "-p", PARTNERSHIP, "--json"),
        ("verify",),
        ("head",),
    ]
    for command in reads:
        ok(quick(*command, "--url", url))
    dry_runs = [
        ("record", "HoldMeeting", "--field", "group_id=eyfs", "--field", "held_on=2022-01-03"),
        # the last meeting: the meetings rest on the group's establishment (3), R2
        ("retract", str(3 + SNAPSHOT_EVERY + 10), "--reason", "twice", "--by", "person-1"),
    ]
    for command in dry_runs:
        ok(quick(*command, "-p", PARTNERSHIP, "--dry-run", "--url", url))
    assert {name: (tmp_path / name).read_bytes() for name in _names(tmp_path)} == before
    with open_log(url, read_only=True) as log:
        assert Partnership(log, PARTNERSHIP).state().governance.groups["eyfs"].meetings
        assert Partnership(log, PARTNERSHIP).decide(HoldMeeting("eyfs", date(2022, 1, 3)))
        assert list(log.store.snapshots()) == []
        with pytest.raises(UsageError, match="opened for reading only"):
            Partnership(log, PARTNERSHIP).execute(HoldMeeting("eyfs", date(2022, 1, 3)))
        with pytest.raises(UsageError, match="opened for reading only"):
            log.snapshot(f"partnership/{PARTNERSHIP}", projection_of(PARTNERSHIP_RULES))
    with open_log(url) as log:  # a log opened to write keeps its snapshots as it loads
        Partnership(log, PARTNERSHIP).state()
        assert list(log.store.snapshots()) != []


def test_export_to_a_dash_writes_to_stdout_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(quick("init", "--url", url, "-p", PARTNERSHIP, "--name", "Heart"))
    monkeypatch.chdir(tmp_path)
    written = ok(quick("export", "report-md", "-p", PARTNERSHIP, "-o", "-", "--url", url))
    assert written.startswith("# Heart: report to governors")
    assert _names(tmp_path) == ["hom.sqlite3"]
