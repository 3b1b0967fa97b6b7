"""Erasure that is complete (issue 16, section 5): ``hom forget`` scrubs every text the store
keeps that quotes the person (a notifier's stuck state holds the SMTP error naming them), and on
SQLite it never reports an erasure another process's read kept on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import ok, quick, sqlite_url, user_error
from hom_core import Snapshot, open_log, open_people
from hom_core.delivery import STUCK_SNAPSHOT
from hom_core.people import Person
from hom_core.store import ERASED

NAME = "Philippa Quist-Ansah"  # in no other byte of the files
EMAIL = "p.quist-ansah@school.example"
STUCK = {
    "position": 7,
    "attempts": 5,
    "error": f"SMTP 550 <{EMAIL}>: mailbox unavailable (to {NAME})",
}


def _files(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _stuck_log(url: str) -> None:
    """A log whose email notifier is stuck on an error naming the person."""
    ok(quick("init", "--url", url))
    people = open_people(url)
    people.put(Person("person-1", NAME, EMAIL))
    people.close()  # type: ignore[attr-defined]
    with open_log(url) as log:
        log.store.save_snapshot(Snapshot(STUCK_SNAPSHOT, "email", 7, 1, json.dumps(STUCK)))


def _stuck_state(url: str) -> dict[str, object]:
    with open_log(url) as log:
        snapshot = log.store.load_snapshot(STUCK_SNAPSHOT, "email")
    assert snapshot is not None
    state = json.loads(snapshot.state)
    assert isinstance(state, dict)
    return state


def test_forget_scrubs_the_stuck_state_of_a_notifier_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "hom.sqlite3"
    url = sqlite_url(path)
    _stuck_log(url)
    assert EMAIL.encode() in _files(path)
    ok(quick("forget", "person-1", "--yes", "--url", url))
    for detail in (NAME, EMAIL):
        assert detail.encode() not in _files(path)
    assert _stuck_state(url) == {
        "position": 7,
        "attempts": 5,
        "error": f"SMTP 550 <{ERASED}>: mailbox unavailable (to {ERASED})",
    }
    assert ok(quick("verify", "--url", url)).startswith("chain intact")


def test_forget_scrubs_the_stuck_state_of_a_notifier_on_postgres(postgres_url: str) -> None:
    pytest.importorskip("psycopg")
    _stuck_log(postgres_url)
    ok(quick("forget", "person-1", "--yes", "--url", postgres_url))
    error = _stuck_state(postgres_url)["error"]
    assert isinstance(error, str)
    assert NAME not in error
    assert EMAIL not in error
    people = open_people(postgres_url)
    assert people.get("person-1") is None
    people.close()  # type: ignore[attr-defined]


_READER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM people").fetchall()
print("reading", flush=True)
sys.stdin.readline()
"""


def test_forget_fails_saying_what_holds_the_file_and_a_second_run_completes_it(
    tmp_path: Path,
) -> None:
    """Another process's read transaction keeps the name in the -wal file: forget says so,
    naming the process, instead of reporting the erasure; once the reader is gone, running it
    again finishes it."""
    path = tmp_path / "hom.sqlite3"
    url = sqlite_url(path)
    ok(quick("init", "--url", url))
    people = open_people(url)
    people.put(Person("person-1", NAME, EMAIL))
    people.put(Person("person-2", "Someone Else"))  # the reader's snapshot predates the delete
    people.close()  # type: ignore[attr-defined]
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline() == "reading\n"
        line = user_error(quick("forget", "person-1", "--yes", "--url", f"{url}?timeout=0.2"))
        assert "person-1 is deleted from the people store, but another connection" in line
        assert f"held open by process {reader.pid} (" in line
        assert "run hom forget person-1 again to complete the erasure" in line
        assert NAME.encode() in _files(path)  # what the message says: still on disk
    finally:
        assert reader.stdin is not None
        reader.stdin.write("\n")
        reader.stdin.close()
        reader.wait(timeout=10)
        assert reader.stdout is not None
        reader.stdout.close()
    again = ok(quick("forget", "person-1", "--yes", "--url", url))
    assert again.startswith("person-1 was already forgotten on ")
    assert NAME.encode() not in _files(path)
    assert EMAIL.encode() not in _files(path)
