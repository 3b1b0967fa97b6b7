"""The PostgreSQL URL's ``notify`` option: appends with or without ``NOTIFY``.

``?notify=off`` makes appends (alone and in a commit group) send no ``NOTIFY``, and the store
then is no :class:`~hom_core.store.AppendWaiter`: subscriptions in other processes find appends
by polling. Needs a server at HOM_POSTGRES_DSN; skips without one, fails without one under CI.
"""

# ruff: noqa: E402 - imports that need psycopg come after require_psycopg()

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import pytest

from postgres_support import require_psycopg

require_psycopg()  # skips this module without psycopg (fails under CI), before importing it

import psycopg
from psycopg import sql

from hom_core.errors import StoreError
from hom_core.group_commit import Waiting
from hom_core.store import AppendWaiter
from hom_core.testing.storage import new_record, new_records
from hom_plugins.storage.postgres import ListeningPostgresStore, PostgresStore
from hom_plugins.storage.postgres_base import parse_url
from hom_plugins.storage.postgres_group import Request
from hom_plugins.storage.postgres_queries import channel_name
from samples import consuming, joined, open_sample_log

pytestmark = pytest.mark.postgres

WAIT = 10.0  # seconds: the most a test waits for something that should happen at once
QUIET = 0.5  # seconds a test listens to find that nothing is announced


@contextmanager
def listening(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection of the test's own that LISTENs on the channel of ``url``'s schema."""
    parsed = parse_url(url)
    with psycopg.connect(parsed.conninfo, autocommit=True) as connection:
        channel = sql.Identifier(channel_name(parsed.schema))
        connection.execute(sql.SQL("LISTEN {}").format(channel))
        yield connection


def announced(connection: psycopg.Connection[Any], timeout: float) -> list[str]:
    """The payloads of the notifications that arrive within ``timeout`` seconds."""
    return [notice.payload for notice in connection.notifies(timeout=timeout)]


def quiet(postgres_url: str) -> str:
    return postgres_url + "&notify=off"


def test_notify_is_on_unless_the_url_turns_it_off(postgres_url: str) -> None:
    assert parse_url(postgres_url).notify
    assert parse_url(postgres_url + "&notify=on").notify
    assert not parse_url(quiet(postgres_url)).notify
    assert "notify" not in parse_url(quiet(postgres_url)).conninfo  # hom's, not libpq's


@pytest.mark.parametrize("value", ["no", "false", "OFF", ""])
def test_a_notify_value_other_than_on_or_off_is_refused(value: str) -> None:
    with pytest.raises(StoreError, match=r"notify in .* must be on or off"):
        parse_url(f"postgresql://h/db?notify={value}")


def test_appends_without_notify_announce_nothing(postgres_url: str) -> None:
    with closing(PostgresStore(quiet(postgres_url))) as store, listening(postgres_url) as ear:
        store.append("s", [new_record()], 0)  # hom_append_one
        store.append("s", new_records(3, start=1), 1)  # hom_append_sealed
        group: list[Waiting[Request, Any]] = [
            Waiting(("t", [new_record()], 0, None)),
            Waiting(("u", new_records(2), 0, "key-u")),
        ]
        store._append_together(group)  # the group commit's path: one transaction for both
        assert [waiting.outcome().last_position for waiting in group] == [5, 7]
        assert announced(ear, QUIET) == []
        assert store.head()[0] == 7


def test_appends_with_notify_announce_their_last_position(postgres_url: str) -> None:
    with closing(PostgresStore(postgres_url)) as store, listening(postgres_url) as ear:
        store.append("s", [new_record()], 0)
        store.append("s", new_records(3, start=1), 1)
        group: list[Waiting[Request, Any]] = [Waiting(("t", [new_record()], 0, None))]
        store._append_together(group)
        payloads: list[str] = []
        while len(payloads) < 3 and (more := announced(ear, WAIT)):
            payloads += more
        assert payloads == ["1", "4", "5"]


def test_only_a_store_that_notifies_offers_to_wait_for_appends(postgres_url: str) -> None:
    with closing(PostgresStore(quiet(postgres_url))) as silent:
        assert type(silent) is PostgresStore
        assert not isinstance(silent, AppendWaiter)
    with closing(PostgresStore(postgres_url)) as heard:
        assert isinstance(heard, ListeningPostgresStore)
        assert isinstance(heard, AppendWaiter)
    with closing(PostgresStore.from_url(quiet(postgres_url))) as opened:
        assert not isinstance(opened, AppendWaiter)
    with pytest.raises(StoreError, match="notify=off"):
        ListeningPostgresStore(quiet(postgres_url))


def test_a_subscription_in_another_store_finds_quiet_appends_by_polling(postgres_url: str) -> None:
    """Two logs on one schema stand for two processes; neither notifies, so the reader's
    subscription finds the writer's appends at its next poll."""
    reader = open_sample_log(quiet(postgres_url))
    writer = open_sample_log(quiet(postgres_url))
    subscription = reader.subscribe(poll_interval=0.1)
    received, thread = consuming(subscription)
    try:
        writer.append("s", [joined("A")], 0)
        writer.append("t", [joined("B"), joined("C")], 0)
        got = [received.get(timeout=WAIT) for _ in range(3)]
        assert [r.event.school for r in got] == ["A", "B", "C"]
    finally:
        subscription.stop()
        thread.join(WAIT)
        reader.close()
        writer.close()
