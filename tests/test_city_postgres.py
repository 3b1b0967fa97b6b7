"""The city-wide read model in PostgreSQL: the table equals the fold from scratch, a restart
resumes from its checkpoint, a failed batch leaves nothing, ``hom city --into`` and
``--follow``; and reading one partnership of a log of many is an index read."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from city_support import Step, append_steps, fold_from_scratch, steps
from cli_support import installed_plugins, ok, quick
from hom_core import open_log
from hom_core.city import (
    Fact,
    FactKind,
    MemoryCity,
    Retraction,
    catch_up,
    catch_up_urls,
    follow,
    source_name,
    totals_of,
)
from hom_core.errors import ConcurrencyError, StoreError
from postgres_support import drop_schema, execute, reachable_dsn, require_psycopg, schema_url
from properties import examples

require_psycopg()

from hom_core.city.postgres import PostgresCity  # noqa: E402  (after the skip)
from hom_plugins.storage.postgres import PostgresStore  # noqa: E402

pytestmark = pytest.mark.postgres


@pytest.fixture
def new_url() -> Iterator[object]:
    """Makes URLs of fresh ``city_test_`` schemas, dropped after the test."""
    dsn = reachable_dsn()
    made: list[str] = []

    def make() -> str:
        made.append(f"city_test_{uuid.uuid4().hex[:12]}")
        return schema_url(dsn, made[-1])

    yield make
    for schema in made:
        drop_schema(dsn, schema)


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(history=steps(sources=2))
def test_the_table_equals_a_fold_from_scratch(new_url: object, history: list[Step]) -> None:
    """R1: the facts and figures the table keeps, fed a batch of three records at a time, are
    those of a fold of the logs from scratch (the figures computed by SQL)."""
    assert callable(new_url)
    logs = [open_log("memory://", plugins=installed_plugins()) for _ in range(2)]
    append_steps(logs, history)
    named = {f"log-{n}": log for n, log in enumerate(logs)}
    with PostgresCity(new_url()) as model:
        catch_up(model, named, batch_size=3)
        expected = fold_from_scratch(named)
        assert model.facts() == expected
        assert model.totals() == totals_of(expected)


def test_a_restart_resumes_from_the_checkpoint_kept_in_the_table(new_url: object) -> None:
    """A new process on the same table reads only what came after its checkpoint, and ends
    with the table a rebuild gives."""
    assert callable(new_url)
    (log,) = [open_log("memory://", plugins=installed_plugins())]
    history = [(0, n % 3, what, n) for n, what in enumerate(["join", "due", "paid"] * 6)]
    append_steps([log], history[:10])
    url = new_url()
    with PostgresCity(url) as first:
        catch_up(first, {"log": log}, batch_size=4)
    append_steps([log], [*history[10:], (0, 0, "retract", 3)])
    with PostgresCity(url) as second:
        assert second.checkpoint("log") == 10
        report = catch_up(second, {"log": log}, batch_size=4)
        assert report.records == log.head()[0] - 10
        rebuilt = MemoryCity()
        catch_up(rebuilt, {"log": log})
        assert second.facts() == rebuilt.facts() == fold_from_scratch({"log": log})


def test_a_failed_batch_leaves_neither_its_rows_nor_its_checkpoint(new_url: object) -> None:
    """Exactly once: the rows and the checkpoint of a batch are one transaction; a batch that
    fails (here a fact kept already) leaves the table as it was, and a batch read behind the
    checkpoint is refused."""
    assert callable(new_url)
    fact = Fact("log", 1, "p", FactKind.CALLED, "p/a", 100)
    with PostgresCity(new_url()) as model:
        model.apply("log", 0, [fact], 1)
        other = Fact("log", 2, "p", FactKind.PAID, "p/a", -50)
        with pytest.raises(StoreError, match="resume from the checkpoint"):
            model.apply("log", 1, [other, fact], 3)
        assert (model.facts(), model.checkpoint("log")) == ([fact], 1)
        with pytest.raises(ConcurrencyError):
            model.apply("log", 0, [Retraction("log", 1)], 3)
        assert model.facts() == [fact]


def test_hom_city_into_postgresql_resumes_and_rebuilds(new_url: object) -> None:
    """``hom city --into``: a second run reads nothing new and gives the same figures;
    ``--rebuild`` reads every record again and gives them too."""
    assert callable(new_url)
    source, into = new_url(), new_url()
    with open_log(source, plugins=installed_plugins()) as log:
        append_steps([log], [(0, n % 2, w, n) for n, w in enumerate(["join", "due"] * 5)])
        head = log.head()[0]
    arguments = ("city", "--source", source, "--into", into, "--json")
    first = json.loads(ok(quick(*arguments)))
    again = json.loads(ok(quick(*arguments)))
    rebuilt = json.loads(ok(quick(*arguments, "--rebuild")))
    assert (first["records_read"], again["records_read"], rebuilt["records_read"]) == (
        head,
        0,
        head,
    )
    figures = ("schools_reached", "owed_pence", "partnerships")
    assert (
        [first[k] for k in figures] == [again[k] for k in figures] == [rebuilt[k] for k in figures]
    )
    assert first["schools_reached"] > 0


def test_follow_takes_in_what_other_writers_append(new_url: object) -> None:
    """``follow`` keeps the table caught up as records are appended, until stopped."""
    assert callable(new_url)
    source, into = new_url(), new_url()
    with open_log(source, plugins=installed_plugins()) as log, PostgresCity(into) as model:
        append_steps([log], [(0, 0, "due", 1)])
        stop = threading.Event()
        worker = threading.Thread(
            target=follow, args=(model, [source], stop), kwargs={"poll_interval": 0.2}
        )
        worker.start()
        try:
            append_steps([log], [(0, 1, "due", 2), (0, 1, "join", 3)])
            name = source_name(source)
            deadline = time.monotonic() + 20
            while model.checkpoint(name) < log.head()[0] and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            worker.join(timeout=10)
        assert model.facts() == fold_from_scratch({name: log})


def _log_of_many_partnerships(url: str, streams: int, each: int) -> None:
    PostgresStore(url).close()  # the layout, then rows written straight in: only the plan counts
    dsn, _, schema = url.rpartition("?schema=")
    execute(
        dsn,
        f"INSERT INTO {schema}.events SELECT n, 'partnership/p' || (n % {streams}), "
        f"n / {streams} + 1, 't', 1, '{{}}', '', '', '', '', NULL, '' "
        f"FROM generate_series(1, {streams * each}) AS n",
    )
    execute(dsn, f"ANALYZE {schema}.events")


def test_reading_one_partnership_of_many_is_an_index_read(new_url: object) -> None:
    """A city's shared log of 200 partnerships of 100 events: the store's read of one
    partnership is an index scan of that stream, never a scan of the table."""
    assert callable(new_url)
    url = new_url()
    _log_of_many_partnerships(url, 200, 100)
    store = PostgresStore(url)
    try:
        query = store._q.read_stream  # the very statement read_stream runs
        with store._pool.connection() as connection:
            plan = "\n".join(
                row[0]
                for row in connection.execute(
                    b"EXPLAIN " + query.as_bytes(connection), ("partnership/p7", 0, 1 << 62, 1000)
                )
            )
        assert "Index Scan" in plan, plan
        assert "Seq Scan" not in plan, plan
        assert sum(1 for _ in store.read_stream("partnership/p7")) == 100
    finally:
        store.close()


def test_sources_are_read_one_at_a_time_by_url(new_url: object) -> None:
    """``catch_up_urls`` opens the logs by URL (read-only, one at a time): a log per schema
    gives the same figures as the same partnerships in one shared log."""
    assert callable(new_url)
    shared, own = new_url(), [new_url(), new_url()]
    history: list[Step] = [(0, n % 2, w, n) for n, w in enumerate(["join", "due", "paid"] * 3)]
    with open_log(shared, plugins=installed_plugins()) as log:
        append_steps([log], history)
    for number, url in enumerate(own):
        with open_log(url, plugins=installed_plugins()) as log:
            append_steps([log], [(0, p, w, n) for (_, p, w, n) in history if p == number])
    one, many = MemoryCity(), MemoryCity()
    catch_up_urls(one, [shared], plugins=installed_plugins())
    report = catch_up_urls(many, own, plugins=installed_plugins())
    assert report.records == len(history)
    assert one.totals() == many.totals()
