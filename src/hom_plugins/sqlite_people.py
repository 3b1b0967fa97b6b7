"""The erasable people store beside a SQLite log: same file, tables of their own.

Erasure must really erase. ``forget`` deletes the row with SQLite's ``secure_delete`` on (the
freed page is overwritten with zeros) and then checkpoints and truncates the write-ahead log,
so the name survives neither in the database file nor in its ``-wal`` file. Only the person id
and the date of erasure remain, so projections can say the person was forgotten.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

from hom_core.domain.people import Person, PersonId, refuse_forgotten
from hom_core.errors import StoreError
from hom_plugins.sqlite_file import PEOPLE_SCHEMA, connect, holds_log
from hom_plugins.sqlite_url import parse_url

__all__ = ["SQLitePeople"]


class SQLitePeople:
    """A :class:`~hom_core.domain.people.PeopleStore` in a SQLite file (usually the log's)."""

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
        """Erase the person's details from the file and its write-ahead log."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM people WHERE person_id = ?", (person_id,))
                self._db.execute(
                    "INSERT OR IGNORE INTO people_forgotten VALUES (?, ?)",
                    (person_id, on.isoformat()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def forgotten_on(self, person_id: PersonId) -> date | None:
        """When the person was forgotten, or ``None``."""
        row = self._db.execute(
            "SELECT forgotten_on FROM people_forgotten WHERE person_id = ?", (person_id,)
        ).fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
