"""The city model in PostgreSQL: two tables in the schema a ``postgresql://`` URL names.

``city_facts`` holds one row per counted fact (``PRIMARY KEY (source, position)``: a fact is
named by where its log recorded it, which is what a retraction names), ``city_checkpoints`` the
position reached in each source. Each batch is one transaction: the source's checkpoint row is
locked and checked, the facts are copied in, the retracted ones deleted and the checkpoint
moved, so the table never holds a batch's rows without its checkpoint, or the reverse. The
figures are SQL over the facts: reports may read them from a replica.

Needs psycopg (the ``postgres`` extra); the URL takes the store's options (``schema``,
``timeout``; see :mod:`hom_plugins.storage.postgres_base`). The tables are created when missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hom_core.city.facts import Change, Fact, FactKind, Retraction
from hom_core.city.model import CityTotals, PartnershipTotals, moved_to
from hom_core.domain.money import Money
from hom_core.errors import StoreError

try:
    import psycopg
except ImportError as error:
    raise StoreError(
        f"the city model in PostgreSQL needs psycopg ({error}): pip install 'hom[postgres]'"
    ) from error

from hom_plugins.storage.postgres_base import Tables, connect, parse_url

__all__ = ["PostgresCity"]

T = TypeVar("T")

_TABLES = """
CREATE TABLE IF NOT EXISTS {schema}.city_facts (
    source text NOT NULL,
    position bigint NOT NULL,
    partnership text NOT NULL,
    kind text NOT NULL,
    school text NOT NULL,
    pence bigint NOT NULL,
    PRIMARY KEY (source, position)
);
CREATE TABLE IF NOT EXISTS {schema}.city_checkpoints (
    source text PRIMARY KEY,
    position bigint NOT NULL
);
"""


class PostgresCity:
    """The city model in the schema ``url`` names (see the module docstring); one connection,
    closed by :meth:`close` (or ``with``)."""

    def __init__(self, url: str) -> None:
        self.url = parse_url(url)
        q = Tables(self.url.schema).query
        self._connection = connect(self.url)
        self._run(lambda c: _create(c, q))
        self._checkpoint = q("SELECT position FROM {schema}.city_checkpoints WHERE source = %s")
        self._lock = q(
            "INSERT INTO {schema}.city_checkpoints VALUES (%s, 0) ON CONFLICT (source) DO "
            "UPDATE SET position = {schema}.city_checkpoints.position RETURNING position"
        )
        self._copy = q(
            "COPY {schema}.city_facts (source, position, partnership, kind, school, pence) "
            "FROM STDIN"
        )
        self._delete = q("DELETE FROM {schema}.city_facts WHERE source = %s AND position = %s")
        self._move = q("UPDATE {schema}.city_checkpoints SET position = %s WHERE source = %s")
        self._clear = q("TRUNCATE {schema}.city_facts, {schema}.city_checkpoints")
        self._schools = q(
            "SELECT count(DISTINCT school) FROM {schema}.city_facts WHERE kind = 'joined'"
        )
        self._each = q(
            "SELECT partnership, count(DISTINCT school) FILTER (WHERE kind = 'joined'), "
            "sum(pence) FROM {schema}.city_facts GROUP BY partnership ORDER BY partnership"
        )
        self._all = q(
            "SELECT source, position, partnership, kind, school, pence FROM {schema}.city_facts "
            "ORDER BY source, position"
        )

    def __repr__(self) -> str:
        return f"PostgresCity({self.url.shown!r})"

    def checkpoint(self, source: str) -> int:
        row = self._run(lambda c: c.execute(self._checkpoint, (source,)).fetchone())
        return 0 if row is None else int(row[0])

    def apply(self, source: str, after: int, changes: Sequence[Change], position: int) -> None:
        def apply(connection: psycopg.Connection[Any]) -> None:
            with connection.transaction():
                row = connection.execute(self._lock, (source,)).fetchone()
                moved_to(0 if row is None else int(row[0]), after, source)
                facts = [change for change in changes if isinstance(change, Fact)]
                if facts:
                    with connection.cursor().copy(self._copy) as copy:
                        for fact in facts:
                            copy.write_row(_row(fact))
                gone = [(r.source, r.position) for r in changes if isinstance(r, Retraction)]
                if gone:
                    connection.cursor().executemany(self._delete, gone)
                connection.execute(self._move, (position, source))

        self._run(apply)

    def clear(self) -> None:
        self._run(lambda c: c.execute(self._clear))

    def totals(self) -> CityTotals:
        def read(connection: psycopg.Connection[Any]) -> CityTotals:
            with connection.transaction():  # one snapshot for both queries
                connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                row = connection.execute(self._schools).fetchone()
                each = connection.execute(self._each).fetchall()
            partnerships = {
                name: PartnershipTotals(int(schools), Money(int(pence)))
                for name, schools, pence in each
            }
            owed = sum((totals.owed for totals in partnerships.values()), Money.zero())
            return CityTotals(0 if row is None else int(row[0]), owed, partnerships)

        return self._run(read)

    def facts(self) -> list[Fact]:
        rows = self._run(lambda c: c.execute(self._all).fetchall())
        return [
            Fact(source, int(position), partnership, FactKind(kind), school, int(pence))
            for source, position, partnership, kind, school, pence in rows
        ]

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> PostgresCity:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        try:
            return work(self._connection)
        except psycopg.Error as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise StoreError(
                f"the city model at {self.url.shown!r} failed: {reason}; nothing of the batch "
                "was kept, run again to resume from the checkpoint"
            ) from error


def _row(fact: Fact) -> tuple[object, ...]:
    return (fact.source, fact.position, fact.partnership, fact.kind.value, fact.school, fact.pence)


def _create(connection: psycopg.Connection[Any], q: Any) -> None:
    connection.execute(q("CREATE SCHEMA IF NOT EXISTS {schema}"))
    connection.execute(q(_TABLES))
