"""The erasable people store beside a PostgreSQL log: same URL, same schema, tables of its own.

Erasure must really erase, and PostgreSQL's MVCC makes that the operator's business as much as
hom's. A ``DELETE`` only marks the row dead: its bytes stay in the table's pages until a vacuum
removes them, and a plain ``VACUUM`` frees the space without overwriting it. So ``forget``
deletes the row (keeping the person id and the date in ``people_forgotten``), commits, then runs
``VACUUM FULL`` on the people table, which rewrites it into a new file without the dead row
(the people table is small; it is locked for the moment the rewrite takes).

What hom cannot reach, and the operator must see to:

- A transaction older than the ``DELETE`` still running anywhere in the cluster keeps the dead
  row "recently dead", and ``VACUUM FULL`` copies it into the new file. ``forget`` is then
  incomplete until the next ``VACUUM FULL people`` after that transaction ends.
- ``VACUUM FULL`` needs the table's owner (or a superuser). When it fails (or waits longer than
  ``?timeout=`` for its lock) the row is still deleted and hidden from every reader, a warning
  is logged, and the operator must run ``VACUUM FULL <schema>.people``.
- The write-ahead log, WAL archives, base backups, replicas and the file system's freed blocks
  hold the name until they are recycled: keep their retention within what the data-protection
  policy allows, and encrypt them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg

from hom_core.errors import StoreError
from hom_core.people import Person, PersonId, refuse_forgotten
from hom_core.store import scrubbed
from hom_plugins.storage.postgres_base import (
    Tables,
    cannot_reach,
    open_pool,
    parse_url,
    pooled,
    prepare_schema,
)

__all__ = ["PostgresPeople"]

logger = logging.getLogger("hom.postgres")


class PostgresPeople:
    """A :class:`~hom_core.people.PeopleStore` in the PostgreSQL schema of a log."""

    def __init__(self, url: str) -> None:
        self.url = parse_url(url)
        tables = Tables(self.url.schema)
        q = tables.query
        self._put = q(
            "INSERT INTO {schema}.people VALUES (%s, %s, %s) ON CONFLICT (person_id) "
            "DO UPDATE SET name = excluded.name, contact = excluded.contact"
        )
        self._get = q("SELECT person_id, name, contact FROM {schema}.people WHERE person_id = %s")
        self._forgotten = q(
            "SELECT forgotten_on FROM {schema}.people_forgotten WHERE person_id = %s"
        )
        self._delete = q("DELETE FROM {schema}.people WHERE person_id = %s")
        self._remember = q(
            "INSERT INTO {schema}.people_forgotten VALUES (%s, %s) ON CONFLICT DO NOTHING"
        )
        self._lock_people = q("LOCK TABLE {schema}.people IN SHARE ROW EXCLUSIVE MODE")
        self._vacuum = q("VACUUM FULL {schema}.people")
        self._snapshots = q("SELECT name, key, state FROM {schema}.snapshots FOR UPDATE")
        self._rewrite = q("UPDATE {schema}.snapshots SET state = %s WHERE name = %s AND key = %s")
        self._vacuum_snapshots = q("VACUUM FULL {schema}.snapshots")
        prepare_schema(self.url)
        self._pool = open_pool(self.url, max_size=2)

    @classmethod
    def from_url(cls, url: str) -> PostgresPeople:
        """The people store of the log at a ``postgresql://`` URL."""
        return cls(url)

    def put(self, person: Person) -> None:
        """Record or update a person; refused for a person who was forgotten."""
        with self._connection() as connection, connection.transaction():
            # the lock orders this against a forget of the same person in another process
            connection.execute(self._lock_people)
            row = connection.execute(self._forgotten, (person.person_id,)).fetchone()
            if row is not None:
                raise refuse_forgotten(person.person_id, row[0])
            connection.execute(self._put, (person.person_id, person.name, person.contact))

    def get(self, person_id: PersonId) -> Person | None:
        """The person's details, or ``None``."""
        with self._connection() as connection:
            row = connection.execute(self._get, (person_id,)).fetchone()
        return None if row is None else Person(*row)

    def forget(self, person_id: PersonId, on: date) -> None:
        """Delete the person's details, keep the date, scrub the texts the log keeps that quote
        them (a notifier's stuck state), and rewrite both tables without the old rows."""
        with self._connection() as connection:
            with connection.transaction():
                connection.execute(self._lock_people)
                row = connection.execute(self._get, (person_id,)).fetchone()
                if row is not None:
                    details = [detail for detail in row[1:] if detail]
                    for name, key, state in connection.execute(self._snapshots).fetchall():
                        clean = scrubbed(state, details)
                        if clean != state:
                            connection.execute(self._rewrite, (clean, name, key))
                connection.execute(self._delete, (person_id,))
                connection.execute(self._remember, (person_id, on))
            for table, vacuum in (("people", self._vacuum), ("snapshots", self._vacuum_snapshots)):
                try:
                    connection.execute(vacuum)  # outside a transaction, as VACUUM must be
                except psycopg.Error as error:
                    logger.warning(
                        "hom: %s was deleted from %s.%s, but VACUUM FULL failed (%s): its bytes "
                        "stay in the table's free space until the table's owner runs VACUUM "
                        "FULL %s.%s",
                        person_id,
                        self.url.schema,
                        table,
                        " ".join(str(error).split()),
                        self.url.schema,
                        table,
                    )

    def forgotten_on(self, person_id: PersonId) -> date | None:
        """When the person was forgotten, or ``None``."""
        with self._connection() as connection:
            row = connection.execute(self._forgotten, (person_id,)).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        """Close the pool's connections."""
        self._pool.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection whose PostgreSQL errors become :class:`StoreError`."""
        try:
            with pooled(self._pool, self.url) as connection:
                yield connection
        except psycopg.OperationalError as error:
            raise cannot_reach(self.url, error) from error
        except psycopg.Error as error:
            raise StoreError(
                f"the people store at {self.url.shown!r} failed: {' '.join(str(error).split())}"
            ) from error
