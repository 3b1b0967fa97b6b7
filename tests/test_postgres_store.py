"""The PostgreSQL store (hom_plugins.storage.postgres): the conformance suite, then what is its own.

Needs a server at HOM_POSTGRES_DSN (default postgresql://postgres@127.0.0.1:5432/test); skips
without one, fails without one when CI is set. Each test works in a schema of its own.
"""

# ruff: noqa: E402 - imports that need psycopg come after require_psycopg()

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest

from postgres_support import require_psycopg

require_psycopg()  # skips this module without psycopg (fails under CI), before importing it

import hom_plugins.storage.postgres
from hom_core import GENESIS_HASH, EventLog, Plugins, open_log, open_people
from hom_core.chain import verify
from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError, InvalidValueError, StoreError
from hom_core.people import FORGOTTEN, Person, display_name
from hom_core.store import AppendWaiter, Snapshot, StoredRecord
from hom_core.testing.storage import StoreConformance, new_record, new_records
from hom_plugins.storage import postgres_plugin
from hom_plugins.storage.postgres import PAGE_SIZE, SCHEMA_VERSION, PostgresStore
from hom_plugins.storage.postgres_base import DEFAULT_SCHEMA, parse_url, redact
from hom_plugins.storage.postgres_people import PostgresPeople
from hom_plugins.storage.postgres_queries import channel_name
from postgres_support import drop_schema, execute, new_schema, schema_url
from samples import consuming, joined, open_sample_log

pytestmark = pytest.mark.postgres

WAIT = 10.0  # seconds: the most a test waits for something that should happen at once


class TestPostgresStore(StoreConformance):
    page_size = PAGE_SIZE

    @pytest.fixture
    def store(self, postgres_url: str) -> Iterator[PostgresStore]:
        store = PostgresStore(postgres_url)
        yield store
        store.close()

    @pytest.fixture
    def second_store(self, postgres_url: str) -> Iterator[PostgresStore]:
        """Another pool on the same schema: races go through PostgreSQL's own locking."""
        other = PostgresStore(postgres_url)
        yield other
        other.close()


@pytest.fixture
def store(postgres_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore(postgres_url)
    yield store
    store.close()


def _everything(store: PostgresStore) -> tuple[list[StoredRecord], tuple[int, str]]:
    return list(store.read_all()), store.head()


def _sql(store: PostgresStore, text: str) -> str:
    """``text`` with ``{schema}`` replaced by the store's quoted schema."""
    return text.replace("{schema}", f'"{store.schema}"')


# -- URLs ----------------------------------------------------------------------------------


def test_hom_options_are_taken_out_and_the_rest_goes_to_libpq() -> None:
    url = parse_url(
        "postgresql://hom:s3cret@db.example:6543/partnerships"
        "?sslmode=require&schema=hom_mcr&pool_size=2&timeout=2.5&application_name=hom"
    )
    assert url.conninfo == (
        "postgresql://hom:s3cret@db.example:6543/partnerships?sslmode=require&application_name=hom"
    )
    assert (url.schema, url.pool_size, url.timeout) == ("hom_mcr", 2, 2.5)
    assert "s3cret" not in url.shown
    assert url.shown.startswith("postgresql://hom:***@db.example:6543/")


def test_a_libpq_option_holding_a_space_reaches_the_server_as_written(postgres_url: str) -> None:
    """``options=-c name=value`` (a space, percent-encoded or as ``+``) is passed to libpq with
    the space percent-encoded: libpq reads ``+`` in a URI as a plus sign, not a space."""
    for space in ("%20", "+"):
        url = f"{postgres_url}&options=-c{space}work_mem%3D5MB"
        assert "options=-c%20work_mem%3D5MB" in parse_url(url).conninfo
        store = PostgresStore(url)
        try:
            with store._pool.connection() as connection:
                assert connection.execute("SHOW work_mem").fetchone() == ("5MB",)
        finally:
            store.close()


def test_defaults_and_the_short_scheme() -> None:
    url = parse_url("postgres://postgres@127.0.0.1/test")
    assert url.conninfo == "postgres://postgres@127.0.0.1/test"
    assert (url.schema, url.pool_size, url.timeout) == (DEFAULT_SCHEMA, 4, 30.0)


def test_passwords_are_hidden_in_messages() -> None:
    assert redact("postgresql://u:pw@h/db?password=pw2&x=1") == (
        "postgresql://u:***@h/db?password=***&x=1"
    )
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://h/db?pool_size=many",
        "postgresql://h/db?timeout=soon",
        "postgresql://h/db?pool_size=0",
        "postgresql://h/db?timeout=-1",
        "postgresql://h/db?schema=",
        f"postgresql://h/db?schema={'x' * 64}",
        "mysql://h/db",
    ],
)
def test_bad_urls_raise_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        parse_url(url)


def test_an_unreachable_server_says_what_to_do() -> None:
    with pytest.raises(StoreError) as raised:
        PostgresStore("postgresql://hom:pw@127.0.0.1:1/nowhere?connect_timeout=2")
    message = str(raised.value)
    assert "cannot connect to PostgreSQL at 'postgresql://hom:***@127.0.0.1:1/" in message
    assert "check that the server is up" in message
    assert "HOM_POSTGRES_DSN" in message
    assert "pw@" not in message


def test_open_log_and_open_people_find_the_plugin_under_both_schemes(postgres_url: str) -> None:
    for url in (postgres_url, postgres_url.replace("postgresql://", "postgres://", 1)):
        with open_log(url, plugins=Plugins(environ={})) as log:
            assert isinstance(log.store, PostgresStore)
        people = open_people(url, plugins=Plugins(environ={}))
        assert isinstance(people, PostgresPeople)
        people.close()


def test_the_plugin_is_discovered_and_not_broken() -> None:
    plugins = Plugins(environ={})
    backends = plugins.storage_backends()
    assert backends["postgresql"].open is postgres_plugin.open_store
    assert backends["postgres"].open_people is postgres_plugin.open_people
    assert not [broken for broken in plugins.broken if broken.name == "postgres"]


def test_without_psycopg_opening_says_what_to_install_and_nothing_is_broken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [name for name in sys.modules if name.startswith("hom_plugins.storage.postgres")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # "import psycopg" now fails
    with pytest.raises(ImportError, match=r"pip install 'hom\[postgres\]'"):
        importlib.import_module("hom_plugins.storage.postgres")
    plugins = Plugins(environ={})
    assert not plugins.broken
    with pytest.raises(StoreError, match=r"pip install 'hom\[postgres\]'"):
        open_log("postgresql://postgres@127.0.0.1:5432/test", plugins=plugins)


# -- the schema ----------------------------------------------------------------------------


def test_the_schema_is_created_on_first_use_and_its_version_recorded(
    postgres_dsn: str, postgres_url: str
) -> None:
    schema = parse_url(postgres_url).schema
    PostgresStore(postgres_url).close()
    PostgresStore(postgres_url).close()
    rows = execute(postgres_dsn, f'SELECT key, value FROM "{schema}".hom_meta')
    assert rows == [("schema_version", str(SCHEMA_VERSION))]
    tables = execute(
        postgres_dsn,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (schema,),
    )
    assert {name for (name,) in tables} >= {
        "events",
        "idempotency",
        "snapshots",
        "checkpoints",
        "hom_meta",
        "people",
        "people_forgotten",
    }


def test_a_newer_schema_version_is_refused(postgres_dsn: str, postgres_url: str) -> None:
    schema = parse_url(postgres_url).schema
    PostgresStore(postgres_url).close()
    execute(
        postgres_dsn,
        f"UPDATE \"{schema}\".hom_meta SET value = %s WHERE key = 'schema_version'",
        (str(SCHEMA_VERSION + 1),),
    )
    with pytest.raises(StoreError, match="newer than this hom"):
        PostgresStore(postgres_url)
    with pytest.raises(StoreError, match="newer than this hom"):
        PostgresPeople(postgres_url)


def test_processes_opening_a_new_schema_at_once_do_not_race(postgres_url: str) -> None:
    """The advisory lock serialises CREATE TABLE IF NOT EXISTS, which races without it."""
    outcomes: list[object] = []

    def open_and_close() -> None:
        try:
            PostgresStore(postgres_url).close()
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert outcomes == ["ok"] * 4


def test_everything_persists_across_reopen(postgres_url: str) -> None:
    store = PostgresStore(postgres_url)
    first = store.append("s", new_records(3), 0, idempotency_key="import")
    store.append("t", new_records(2, 3), 0)
    snapshot = Snapshot("members", "s", 3, 1, '{"n":3}')
    store.save_snapshot(snapshot)
    store.save_checkpoint("mailer", 4)
    before = _everything(store)
    store.close()

    again = PostgresStore(postgres_url)
    try:
        assert _everything(again) == before
        assert again.load_snapshot("members", "s") == snapshot
        assert again.load_checkpoint("mailer") == 4
        assert again.append("s", new_records(3), 0, idempotency_key="import") == first
        assert again.append("s", [new_record(9)], 3) == AppendResult("s", 4, 6, 6)
        assert verify(again.read_all()).ok
    finally:
        again.close()


# -- the write lock and failures inside the append transaction -----------------------------


def test_readers_never_wait_for_the_write_lock_and_appends_give_up_after_the_timeout(
    postgres_dsn: str, postgres_url: str
) -> None:
    store = PostgresStore(postgres_url + "&timeout=0.2")
    try:
        store.append("s", new_records(2), 0)
        import psycopg

        with psycopg.connect(postgres_dsn) as blocker:
            blocker.execute("SELECT pg_advisory_xact_lock(%s)", (store.lock_key,))  # an append
            # readers go on while another transaction holds the write lock ...
            assert [r.position for r in store.read_all()] == [1, 2]
            assert store.stream_version("s") == 2
            assert store.head()[0] == 2
            # ... an appender waits, then gives up with nothing written
            started = time.monotonic()
            with pytest.raises(StoreError, match="write lock") as raised:
                store.append("s", [new_record(2)], 2, idempotency_key="k")
            assert time.monotonic() - started < 5
            assert "nothing was written" in str(raised.value)
            blocker.rollback()
        assert store.stream_version("s") == 2
        assert store.recorded_append("k") is None
        assert store.append("s", [new_record(2)], 2, idempotency_key="k").stream_version == 3
    finally:
        store.close()


def test_a_role_granted_only_select_and_insert_can_append_but_not_edit_the_log(
    postgres_dsn: str, postgres_url: str
) -> None:
    """The write lock is an advisory lock, which needs no privilege: the database itself can
    then refuse to edit or delete recorded events."""
    if not _is_superuser(postgres_dsn):
        pytest.skip("creating a role needs a superuser")
    import psycopg
    from psycopg import sql

    PostgresStore(postgres_url).close()  # the owner creates the schema
    schema = parse_url(postgres_url).schema
    role = f"hom_appender_{schema[-12:]}"
    ident = sql.Identifier(role)
    name = sql.Identifier(schema)
    execute(postgres_dsn, sql.SQL("CREATE ROLE {} LOGIN").format(ident))
    try:
        for statement in (
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}",
            "GRANT INSERT ON {schema}.events, {schema}.idempotency TO {role}",
            "GRANT INSERT, UPDATE ON {schema}.snapshots, {schema}.checkpoints TO {role}",
        ):
            execute(postgres_dsn, sql.SQL(statement).format(schema=name, role=ident))
        parts = postgres_url.split("://", 1)
        as_role = f"{parts[0]}://{role}@{parts[1].split('@', 1)[-1]}"
        store = PostgresStore(as_role)
        try:
            store.append("s", new_records(2), 0, idempotency_key="k")
            store.save_checkpoint("mailer", 2)
            assert store.append("s", [new_record(2)], 2).last_position == 3
            with pytest.raises(ConcurrencyError):
                store.append("s", [new_record(3)], 0)
            assert verify(store.read_all()).ok
            with (
                psycopg.connect(store.url.conninfo, autocommit=True) as connection,
                pytest.raises(psycopg.errors.InsufficientPrivilege),
            ):
                connection.execute(_sql(store, "UPDATE {schema}.events SET actor = 'mallory'"))
        finally:
            store.close()
    finally:
        execute(postgres_dsn, sql.SQL("DROP OWNED BY {}").format(ident))
        execute(postgres_dsn, sql.SQL("DROP ROLE {}").format(ident))


def test_a_failure_in_the_middle_of_the_insert_rolls_back_everything(
    store: PostgresStore,
) -> None:
    """The batch's 2nd row breaks UNIQUE (stream, version) (a trigger gives it the version of
    the 1st): nothing of it, no position and no idempotency key remain, and the store goes on
    working."""
    store.append("s", new_records(2), 0)
    before = _everything(store)
    execute(
        store.url.conninfo,
        _sql(
            store,
            "CREATE FUNCTION {schema}.clash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.correlation_id = 'correlation-3' THEN "
            "NEW.stream_version := NEW.stream_version - 1; END IF; RETURN NEW; END $$",
        ),
    )
    trigger = (
        "CREATE TRIGGER clash BEFORE INSERT ON {schema}.events "
        "FOR EACH ROW EXECUTE FUNCTION {schema}.clash()"
    )
    execute(store.url.conninfo, _sql(store, trigger))
    with pytest.raises(StoreError, match="rolled back") as raised:
        store.append("s", new_records(3, 2), 2, idempotency_key="k")
    import psycopg.errors

    assert isinstance(raised.value.__cause__, psycopg.errors.UniqueViolation)
    assert _everything(store) == before
    execute(store.url.conninfo, _sql(store, "DROP TRIGGER clash ON {schema}.events"))
    assert store.append("s", new_records(3, 2), 2, idempotency_key="k") == AppendResult(
        "s", 5, 3, 5
    )
    assert verify(store.read_all()).ok


def test_the_database_refusing_a_row_mid_batch_leaves_no_trace(store: PostgresStore) -> None:
    store.append("s", new_records(2), 0)
    execute(
        store.url.conninfo,
        _sql(
            store,
            "CREATE FUNCTION {schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.correlation_id = 'correlation-4' THEN "
            "RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$",
        ),
    )
    execute(
        store.url.conninfo,
        _sql(
            store,
            "CREATE TRIGGER refuse BEFORE INSERT ON {schema}.events "
            "FOR EACH ROW EXECUTE FUNCTION {schema}.refuse()",
        ),
    )
    before = _everything(store)
    with pytest.raises(StoreError, match="refused by the test trigger"):
        store.append("s", new_records(4, 2), 2, idempotency_key="k")
    assert _everything(store) == before
    assert store.append("t", new_records(2, 2), 0) == AppendResult("t", 2, 3, 4)
    assert store.append("s", [new_record(5)], 2, idempotency_key="k") == AppendResult("s", 3, 5, 5)
    assert verify(store.read_all()).ok


def test_a_lost_connection_is_a_store_error_and_the_next_call_reconnects(
    postgres_dsn: str, postgres_url: str
) -> None:
    name = f"hom-test-{parse_url(postgres_url).schema}"
    store = PostgresStore(f"{postgres_url}&pool_size=1&application_name={name}")
    try:
        store.append("s", [new_record()], 0)
        execute(
            postgres_dsn,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (name,),
        )
        with pytest.raises(StoreError, match="connection to PostgreSQL") as raised:
            store.append("s", [new_record(1)], 1)
        assert "retry with an idempotency key" in str(raised.value)
        assert store.append("s", [new_record(1)], 1).stream_version == 2  # a new connection
        execute(
            postgres_dsn,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (name,),
        )
        with pytest.raises(StoreError, match="check that the server is up"):
            store.head()
        assert store.head()[0] == 2
    finally:
        store.close()


# -- reads ---------------------------------------------------------------------------------


def test_a_half_consumed_reader_does_not_block_another_store(
    store: PostgresStore, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hom_plugins.storage.postgres, "PAGE_SIZE", 4)
    store.append("s", new_records(10), 0)
    writer = PostgresStore(postgres_url + "&timeout=0.5")  # would time out behind a reader's lock
    try:
        reader = store.read_all()
        seen = [next(reader) for _ in range(6)]
        assert writer.append("s", new_records(2, 10), 10).last_position == 12
        seen.extend(reader)
    finally:
        writer.close()
    assert [r.position for r in seen] == list(range(1, 13))


@pytest.mark.parametrize("count", [0, 1, 3, 6, 7])
def test_paging_at_exact_page_boundaries(
    store: PostgresStore, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(hom_plugins.storage.postgres, "PAGE_SIZE", 3)
    store.append("other", [new_record(99)], 0)
    if count:
        store.append("s", new_records(count), 0)
    assert [r.stream_version for r in store.read_stream("s")] == list(range(1, count + 1))
    assert [r.position for r in store.read_all(1)] == list(range(2, count + 2))
    assert [r.position for r in store.read_all(0, count)] == list(range(1, count + 1))


# -- waking subscribers with LISTEN/NOTIFY -------------------------------------------------


def test_the_store_waits_for_appends_from_other_connections(postgres_url: str) -> None:
    waiter, writer = PostgresStore(postgres_url), PostgresStore(postgres_url)
    try:
        assert isinstance(waiter, AppendWaiter)
        assert not waiter.wait_for_append(0, 0.05)  # nothing yet: times out
        writer.append("s", [new_record()], 0)
        assert waiter.wait_for_append(0, WAIT)  # already there: at once
        woken: list[tuple[bool, float]] = []

        def wait() -> None:
            started = time.monotonic()
            woken.append((waiter.wait_for_append(1, WAIT), time.monotonic() - started))

        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(0.2)
        writer.append("s", [new_record(1)], 1)
        thread.join(WAIT)
        ((answer, waited),) = woken
        assert answer
        assert waited < 2.0  # woken by NOTIFY, not by the 10 s timeout
    finally:
        writer.close()
        waiter.close()


def test_a_subscription_is_woken_promptly_by_another_process_s_log(postgres_url: str) -> None:
    """Two logs on one schema stand for two processes: with a 60 s poll interval the consumer
    still sees the other log's appends within moments, and stop() still ends it promptly."""
    reader: EventLog = open_sample_log(postgres_url)
    writer: EventLog = open_sample_log(postgres_url)
    subscription = reader.subscribe(poll_interval=60)
    received, thread = consuming(subscription)
    try:
        time.sleep(0.3)  # the consumer is waiting now
        started = time.monotonic()
        writer.append("s", [joined("A")], 0)
        writer.append("t", [joined("B"), joined("C")], 0)
        got = [received.get(timeout=WAIT) for _ in range(3)]
        assert [r.event.school for r in got] == ["A", "B", "C"]
        assert time.monotonic() - started < 3.0
        stopping = time.monotonic()
        subscription.stop()
        thread.join(WAIT)
        assert not thread.is_alive()
        assert time.monotonic() - stopping < 2.0
    finally:
        subscription.stop()
        reader.close()
        writer.close()


def test_the_notify_channel_is_named_after_the_schema() -> None:
    assert channel_name("hom") == "hom:hom"
    assert len(channel_name("x" * 63).encode()) <= 63


def test_closing_a_store_that_listens_stops_its_listener(postgres_url: str) -> None:
    store = PostgresStore(postgres_url)
    store.wait_for_append(0, 0.01)
    listeners = [t for t in threading.enumerate() if t.name.startswith("hom-listen-")]
    assert listeners
    store.close()
    store.close()  # twice is fine
    assert not any(t.is_alive() for t in listeners)
    with pytest.raises(StoreError, match="closed"):
        store.wait_for_append(0, 0.01)


# -- the people store ----------------------------------------------------------------------

NAME = "Philippa Quist-Ansah"  # a name that appears nowhere else in the database


@pytest.fixture
def people(postgres_url: str) -> Iterator[PostgresPeople]:
    people = PostgresPeople(postgres_url)
    yield people
    people.close()


def _is_superuser(dsn: str) -> bool:
    return execute(dsn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0][0]


def test_people_put_get_and_update(people: PostgresPeople, postgres_url: str) -> None:
    people.put(Person("person-1", NAME, "head@school.example"))
    people.put(Person("person-2", "Someone Else"))
    again = PostgresPeople(postgres_url)
    try:
        assert again.get("person-1") == Person("person-1", NAME, "head@school.example")
        again.put(Person("person-1", NAME, "chair@school.example"))
        assert people.get("person-1") == Person("person-1", NAME, "chair@school.example")
        assert people.get("person-9") is None
    finally:
        again.close()


def test_forget_erases_the_name_from_the_table_file(
    people: PostgresPeople, postgres_dsn: str
) -> None:
    """UK GDPR right to erasure: after forget, VACUUM FULL has rewritten the table without the
    dead row (a DELETE alone leaves its bytes in the page until vacuumed).

    A transaction older than the DELETE anywhere in the database (another user of a shared test
    server) keeps the row "recently dead" and VACUUM FULL copies it, as the module documents;
    forgetting again once that transaction has ended completes the erasure, so the test allows
    a few seconds of that."""
    people.put(Person("person-1", NAME, "head@school.example"))
    people.put(Person("person-2", "Someone Else"))
    people.forget("person-1", date(2026, 11, 1))
    assert people.get("person-1") is None
    assert people.forgotten_on("person-1") == date(2026, 11, 1)
    assert display_name(people, "person-1") == FORGOTTEN
    assert display_name(people, "person-2") == "Someone Else"
    if not _is_superuser(postgres_dsn):
        pytest.skip("reading the table's file needs a superuser")
    table = f'"{people.url.schema}".people'
    deadline = time.monotonic() + WAIT
    while True:
        (content,) = execute(
            postgres_dsn,
            "SELECT pg_read_binary_file(pg_relation_filepath(%s::regclass))",
            (table,),
        )[0]
        if NAME.encode() not in bytes(content) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
        people.forget("person-1", date(2026, 11, 1))  # VACUUM FULL again
    assert NAME.encode() not in bytes(content), execute(
        postgres_dsn,
        "SELECT pid, state, xact_start, query FROM pg_stat_activity "
        "WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()",
    )
    assert b"head@school.example" not in bytes(content)
    assert b"Someone Else" in bytes(content)


def test_a_forgotten_person_cannot_be_recorded_again(people: PostgresPeople) -> None:
    people.put(Person("person-1", NAME))
    people.forget("person-1", date(2026, 11, 1))
    people.forget("person-1", date(2027, 1, 1))  # again: the first date stays
    assert people.forgotten_on("person-1") == date(2026, 11, 1)
    with pytest.raises(InvalidValueError, match="new id"):
        people.put(Person("person-1", NAME))


def test_a_failed_vacuum_is_logged_and_the_row_is_still_gone(
    people: PostgresPeople, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psycopg import sql

    people.put(Person("person-1", NAME))
    monkeypatch.setattr(people, "_vacuum", sql.SQL("VACUUM FULL no_such_schema.people"))
    with caplog.at_level("WARNING", logger="hom.postgres"):
        people.forget("person-1", date(2026, 11, 1))
    assert people.get("person-1") is None
    assert "VACUUM FULL failed" in caplog.text


def test_an_unreachable_people_store_says_what_to_do() -> None:
    with pytest.raises(StoreError, match="check that the server is up"):
        PostgresPeople("postgresql://127.0.0.1:1/nowhere?connect_timeout=2")


# -- one schema per partnership ------------------------------------------------------------


def test_two_schemas_on_one_database_are_two_logs(postgres_dsn: str) -> None:
    first, second = new_schema(), new_schema()
    one = PostgresStore(schema_url(postgres_dsn, first))
    two = PostgresStore(schema_url(postgres_dsn, second))
    try:
        one.append("s", new_records(2), 0)
        assert two.head() == (0, GENESIS_HASH)
        assert two.append("s", [new_record(7)], 0) == AppendResult("s", 1, 1, 1)
        assert one.head()[0] == 2
    finally:
        one.close()
        two.close()
        drop_schema(postgres_dsn, first)
        drop_schema(postgres_dsn, second)
