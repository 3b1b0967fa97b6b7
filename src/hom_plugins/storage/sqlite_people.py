"""The erasable people store beside a SQLite log: same file, tables of their own.

Erasure must really erase. ``forget`` deletes the row with SQLite's ``secure_delete`` on (the
freed page is overwritten with zeros) and then checkpoints and truncates the write-ahead log,
so the name survives neither in the database file nor in its ``-wal`` file. Only the person id
and the date of erasure remain, so projections can say the person was forgotten.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date

from hom_core.errors import StoreError
from hom_core.people import Person, PersonId, refuse_forgotten
from hom_core.store import scrubbed
from hom_plugins.storage.sqlite_file import connect, holders, holds_log
from hom_plugins.storage.sqlite_layout import PEOPLE_SCHEMA
from hom_plugins.storage.sqlite_url import parse_url

__all__ = ["SQLitePeople"]

_CHECKPOINT_TRIES = 3
"""How often ``forget`` tries to empty the write-ahead log before it says what holds it."""


class SQLitePeople:
    """A :class:`~hom_core.people.PeopleStore` in a SQLite file (usually the log's)."""

    def __init__(self, path: str, *, timeout: float = 30.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = connect(path, create=True, timeout=timeout)
        try:
            holds_log(self._db, path)  # refuses a file that is not hom's, writing nothing
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.executescript(PEOPLE_SCHEMA)
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(
                f"cannot open the people store in {path!r}: {error}; check the path is writable"
            ) from error
        except StoreError:
            self._db.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> SQLitePeople:
        """The people store of the log at a ``sqlite://`` URL."""
        path, _, timeout = parse_url(url)
        return cls(path, timeout=timeout)

    def put(self, person: Person) -> None:
        """Record or update a person; refused for a person who was forgotten."""
        with self._lock:
            forgotten = self.forgotten_on(person.person_id)
            if forgotten is not None:
                raise refuse_forgotten(person.person_id, forgotten)
            self._db.execute(
                "INSERT OR REPLACE INTO people VALUES (?, ?, ?)",
                (person.person_id, person.name, person.contact),
            )

    def get(self, person_id: PersonId) -> Person | None:
        """The person's details, or ``None``."""
        row = self._db.execute(
            "SELECT person_id, name, contact FROM people WHERE person_id = ?", (person_id,)
        ).fetchone()
        return None if row is None else Person(*row)

    def forget(self, person_id: PersonId, on: date) -> None:
        """Erase the person's details from the file and its write-ahead log, and from every
        text the log keeps that quotes them (a notifier's stuck state).

        Forgetting a person forgotten before finishes an erasure a reader held up. Raises
        :class:`StoreError` (naming what holds the file) when another connection's read
        keeps the old pages in the write-ahead log past the timeout: the details are then
        deleted but still in the ``-wal`` file, and the erasure is not reported done.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT name, contact FROM people WHERE person_id = ?", (person_id,)
                ).fetchone()
                if row is not None:
                    self._scrub([detail for detail in row if detail])
                self._db.execute("DELETE FROM people WHERE person_id = ?", (person_id,))
                self._db.execute(
                    "INSERT OR IGNORE INTO people_forgotten VALUES (?, ?)",
                    (person_id, on.isoformat()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._truncate_wal(person_id)

    def _scrub(self, details: list[str]) -> None:
        """Replace the details in the snapshots kept in the same file (stuck states)."""
        if not self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'"
        ).fetchone():
            return
        rows = self._db.execute("SELECT name, key, state FROM snapshots").fetchall()
        for name, key, state in rows:
            clean = scrubbed(state, details)
            if clean != state:
                self._db.execute(
                    "UPDATE snapshots SET state = ? WHERE name = ? AND key = ?", (clean, name, key)
                )

    def _truncate_wal(self, person_id: PersonId) -> None:
        """Copy the write-ahead log into the file and empty it; each try waits for readers up
        to the timeout (SQLite's busy handler)."""
        for _ in range(_CHECKPOINT_TRIES):
            busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return
            time.sleep(0.05)
        held = holders(self.path)
        by = f" (it is held open by {', '.join(held)})" if held else ""
        raise StoreError(
            f"{person_id} is deleted from the people store, but another connection reading "
            f"{self.path!r} keeps the old pages in its write-ahead log {self.path}-wal{by}, so "
            f"the details are still on disk: let that reader finish (or stop it), then run hom "
            f"forget {person_id} again to complete the erasure"
        )

    def forgotten_on(self, person_id: PersonId) -> date | None:
        """When the person was forgotten, or ``None``."""
        row = self._db.execute(
            "SELECT forgotten_on FROM people_forgotten WHERE person_id = ?", (person_id,)
        ).fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
