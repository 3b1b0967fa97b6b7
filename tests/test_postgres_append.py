"""The PostgreSQL append's server-side function (hom_plugins.storage.postgres_append): the server
seals as :func:`hom_core.chain.seal` does, over any text, and returns the hashes it sealed; a
layout-1 or layout-2 schema gains the function when it is opened.

Needs a server at HOM_POSTGRES_DSN, as test_postgres_store.py does.
"""

# ruff: noqa: E402 - imports that need psycopg come after require_psycopg()

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from postgres_support import require_psycopg

require_psycopg()  # skips this module without psycopg (fails under CI), before importing it

from hom_core import Loaded
from hom_core.chain import seal, verify
from hom_core.envelope import AppendResult
from hom_core.jsontext import compact
from hom_core.store import NewRecord
from hom_plugins.storage.postgres import SCHEMA_VERSION, PostgresStore
from hom_plugins.storage.postgres_base import parse_url
from postgres_support import execute
from properties import examples
from samples import kept_projection, open_sample_log, roll_projection
from test_handling import CountingReads, admit

pytestmark = pytest.mark.postgres

# any text PostgreSQL can hold: no NUL (text refuses it), no lone surrogate (no UTF-8 holds it);
# control characters, quotes, backslashes, non-ASCII and characters outside the BMP included
_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=12)
_RECORD = st.builds(
    NewRecord,
    event_type=_TEXT,
    schema_version=st.integers(1, 2**31 - 1),
    payload=st.builds(lambda note: compact({"note": note}), _TEXT),
    recorded_at=_TEXT,
    effective_date=_TEXT,
    actor=_TEXT,
    correlation_id=_TEXT,
    causation_id=st.none() | _TEXT,
)


@pytest.fixture
def store(postgres_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore(postgres_url)
    yield store
    store.close()


@settings(
    max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # one store for every example: each appends after the ones before, as a log grows
@given(stream=_TEXT, records=st.lists(_RECORD, min_size=1, max_size=3))
def test_the_server_seals_every_record_as_the_chain_links_it(
    store: PostgresStore, stream: str, records: list[NewRecord]
) -> None:
    """hom_append_one (one record) and hom_append_sealed (more) store exactly the records
    :func:`seal` makes at the head (positions, stream versions, hashes), whatever the text, and
    return those hashes: the chain the server extends is the one hom verifies."""
    position, head_hash = store.head()
    version = store.stream_version(stream)
    result = store.append(stream, records, version)
    assert result == AppendResult(
        stream, version + len(records), position + 1, position + len(records)
    )
    sealed = seal(head_hash, position + 1, stream, version + 1, records)
    assert list(store.read_all(position)) == sealed
    assert result.hashes == tuple(record.hash for record in sealed)
    assert verify(store.read_all()).ok


def test_commands_on_postgresql_decide_on_the_kept_state_without_reading(
    postgres_url: str,
) -> None:
    """The hashes the server returns let a command keep the state its append led to: the next
    command on the stream reads nothing, and the state is the one the log holds."""
    projection, counter = kept_projection()
    with open_sample_log(postgres_url) as log:
        log.handle("s", projection, admit("A"))
        reads = CountingReads(log)
        log.handle("s", projection, admit("B"))
        log.handle("s", projection, admit("C"))
        assert reads.reads == 0
        assert counter.positions == [1, 2, 3]
        full = roll_projection().fold(log.read_stream("s"))
        assert log.load("s", projection) == Loaded(full, 3)
        assert full.members == ("A", "B", "C")


def test_a_schema_of_layout_1_gains_the_append_function_when_opened(
    postgres_dsn: str, postgres_url: str
) -> None:
    """A schema written before the function existed (layout 1: the same tables, no function) is
    upgraded in place: its records stay, its version becomes the current one, appends go on."""
    schema = parse_url(postgres_url).schema
    with closing(PostgresStore(postgres_url)) as store:
        store.append("s", [_record(1), _record(2)], 0)
    _drop_functions(postgres_dsn, schema)
    execute(postgres_dsn, f"UPDATE \"{schema}\".hom_meta SET value = '1'")
    with closing(PostgresStore(postgres_url)) as store:
        assert store.append("s", [_record(3)], 2) == AppendResult("s", 3, 3, 3)
        assert verify(store.read_all()).ok
    rows = execute(postgres_dsn, f'SELECT key, value FROM "{schema}".hom_meta')
    assert rows == [("schema_version", str(SCHEMA_VERSION))]


def test_a_schema_of_layout_2_gains_the_function_that_returns_hashes_and_keeps_the_old_one(
    postgres_dsn: str, postgres_url: str
) -> None:
    """A schema of layout 2 (its function, ``hom_append``, made by that layout's own SQL, which
    returns no hashes) is upgraded when opened: appends of one record and of more go on and
    return their hashes, and the old function, which a process of the older hom may still call,
    still extends the same chain."""
    schema = parse_url(postgres_url).schema
    with closing(PostgresStore(postgres_url)) as store:
        store.append("s", [_record(1), _record(2)], 0)
    layout_2 = (Path(__file__).parent / "postgres_layout_2.sql").read_text()
    _drop_functions(postgres_dsn, schema)
    execute(postgres_dsn, layout_2.replace("{schema}", f'"{schema}"').replace("{{}}", "{}"))
    execute(postgres_dsn, f"UPDATE \"{schema}\".hom_meta SET value = '2'")
    with closing(PostgresStore(postgres_url)) as store:
        result = store.append("s", [_record(3)], 2)
        assert result == AppendResult("s", 3, 3, 3)
        assert result.hashes == (store.head()[1],)
        row = execute(
            postgres_dsn,
            f'SELECT * FROM "{schema}".hom_append(%s, %s, %s, 3, NULL, {_OLD_ARRAYS})',
            (store.lock_key, store.channel, "s", *([value] for value in _record(4))),
        )
        assert row == [("appended", "s", 4, 4, 4)]
        assert store.append("s", [_record(5)], 4).hashes == (store.head()[1],)
        assert len(store.append("s", [_record(6), _record(7)], 5).hashes) == 2
        assert verify(store.read_all()).ok
    rows = execute(postgres_dsn, f'SELECT key, value FROM "{schema}".hom_meta')
    assert rows == [("schema_version", str(SCHEMA_VERSION))]


def _drop_functions(dsn: str, schema: str) -> None:
    """Drop the functions of layout 3, as a schema of an earlier layout lacks them."""
    execute(dsn, f'DROP FUNCTION "{schema}".hom_append_one, "{schema}".hom_append_sealed')


_OLD_ARRAYS = "%s::text[], %s::integer[], " + ", ".join(["%s::text[]"] * 6)


def _record(n: int) -> NewRecord:
    return NewRecord("t", 1, compact({"n": n}), "2026-01-01T00:00:00+00:00", "2026-01-01", "a",
                     f"c{n}", None)  # fmt: skip
