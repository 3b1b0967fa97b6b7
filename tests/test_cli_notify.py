"""``hom notify`` against a real HTTP receiver on 127.0.0.1 (the webhook notifier): pending
events delivered once, from each notifier's checkpoint; a receiver that is down leaves the
notifier stuck and the command says so; ``--status`` delivers nothing; ``--follow`` delivers as
events are recorded until SIGTERM, and looks for reminders every ``--remind-every``."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cli_support import ok, run, sqlite_url, user_error
from hom_core import Plugins, open_log
from hom_core.application import Partnership
from hom_core.cli.notify import STUCK
from hom_core.delivery import Reminders, idempotency_key
from hom_core.domain import FormPartnership
from hom_core.errors import UsageError
from hom_core.testing.strategies import join
from hom_plugins.notifiers import webhook as notify_webhook
from hom_plugins.packs import partnership
from hom_plugins.storage import sqlite
from notify_support import WAIT, HttpServer


def plugins() -> Plugins:
    """SQLite, the partnership domain and the webhook (configured by HOM_WEBHOOK_URL)."""
    manager = Plugins(entry_points=False)
    for module in (sqlite, partnership, notify_webhook):
        manager.register(module)
    return manager


def record(url: str, *member_ids: str) -> int:
    """``member_ids`` join the partnership ``hom`` (formed first if it is not); the log's head."""
    with open_log(url, plugins=plugins()) as log:
        hom = Partnership(log, "hom")
        if not log.stream_version(hom.stream_id):
            hom.execute(FormPartnership("Hom", date(2013, 7, 1)))
        for member_id in member_ids:
            hom.execute(join(member_id, date(2013, 7, 10)))
        return log.head()[0]


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A log with the partnership formed and two schools joined."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    record(url, "claremont", "webster")
    return url


def notify(url: str, http: HttpServer | None, *args: str) -> Result:
    """``hom notify --url URL ARGS``, with the webhook posting to ``http`` (no notifier when
    ``None``)."""
    env = {"HOM_WEBHOOK_URL": "" if http is None else http.url, "HOM_SMTP_URL": ""}
    return run("notify", "--url", url, *args, plugins=plugins(), env=env)


def as_json(stdout: str) -> Any:
    return json.loads(stdout)


def positions(server: HttpServer) -> list[int]:
    """The positions of the events the receiver accepted, in the order it accepted them."""
    return [post.body["event"]["position"] for post in server.accepted.items]


def test_pending_events_are_delivered_once_and_a_rerun_resumes_from_the_checkpoint(
    url: str, http: HttpServer
) -> None:
    head = record(url)
    first = ok(notify(url, http))
    assert first == (
        f"webhook: delivered {head} events; acknowledged up to position {head} of {head}\n"
    )
    assert positions(http) == list(range(1, head + 1))
    with open_log(url, plugins=plugins()) as log:
        keys = [idempotency_key("webhook", recorded) for recorded in log.read_all()]
    assert [post.key for post in http.accepted.items] == keys

    assert ok(notify(url, http)).startswith("webhook: delivered 0 events;")
    assert len(http.inbox.items) == head  # nothing sent again
    later = record(url, "st-marys")
    (row,) = as_json(ok(notify(url, http, "--json")))["notifiers"]
    assert (row["delivered"], row["acknowledged"], row["behind"]) == (later - head, later, 0)
    assert positions(http) == list(range(1, later + 1))


def test_a_receiver_that_fails_leaves_the_notifier_stuck_and_the_status_non_zero(
    url: str, http: HttpServer
) -> None:
    """The first event is accepted, the second answered 503: the notifier stops there, says
    why, and exits 1, and ``--status`` in a later run says the same; the next run, with the
    receiver well again, delivers from that event, and the stuck state is gone."""
    head = record(url)
    http.statuses = [200, 503]
    stuck = notify(url, http, "--json")
    assert stuck.exit_code == STUCK == 1
    (row,) = as_json(stuck.stdout)["notifiers"]
    assert (row["delivered"], row["acknowledged"], row["behind"]) == (1, 1, head - 1)
    assert row["stuck"]["position"] == 2
    assert row["stuck"]["attempts"] == 1
    assert row["stuck"]["error"].startswith("HTTPError: HTTP Error 503")
    status = notify(url, http, "--status", "--json")  # a new run sees what the last one saved
    assert status.exit_code == STUCK
    assert as_json(status.stdout)["notifiers"][0]["stuck"] == row["stuck"]

    text = notify(url, http)  # the receiver answers 200 again
    assert text.exit_code == 0
    assert positions(http) == list(range(1, head + 1))
    assert as_json(ok(notify(url, http, "--status", "--json")))["notifiers"][0]["stuck"] is None


def test_a_receiver_that_is_down_is_named_in_one_line(url: str, http: HttpServer) -> None:
    http.stop()
    result = notify(url, http)
    assert result.exit_code == STUCK
    assert result.stdout.startswith("webhook: delivered 0 events; acknowledged up to position 0 ")
    assert "stuck at position 1 after 1 failed attempt (URLError: " in result.stdout
    assert result.stdout.endswith("fix the receiver, then run hom notify again\n")
    assert result.stdout.count("\n") == 1


def test_status_delivers_nothing_and_shows_each_checkpoint(url: str, http: HttpServer) -> None:
    head = record(url)
    before = as_json(ok(notify(url, http, "--status", "--json")))
    assert before["head"] == head
    assert before["notifiers"] == [
        {
            "notifier": "webhook",
            "description": f"POST of JSON to {http.url}",
            "acknowledged": 0,
            "behind": head,
            "stuck": None,
        }
    ]
    assert http.inbox.items == []
    ok(notify(url, http))
    later = record(url, "st-marys")
    assert ok(notify(url, http, "--status")) == (
        f"webhook: acknowledged up to position {head} of {later}\n"
    )
    assert len(http.inbox.items) == head


def test_without_a_notifier_it_says_how_to_configure_one(url: str) -> None:
    line = user_error(notify(url, None))
    assert line.startswith("hom: no notifier is configured: set HOM_SMTP_URL")
    assert "HOM_WEBHOOK_URL" in line


def test_follow_and_status_do_not_go_together(url: str, http: HttpServer) -> None:
    assert "give one of them" in user_error(notify(url, http, "--follow", "--status"))


def test_follow_delivers_events_as_they_are_recorded_until_sigterm(
    url: str, http: HttpServer
) -> None:
    """The running command delivers what was pending, then an event recorded by another
    connection while it runs; SIGTERM stops it cleanly (status 0, the checkpoint saved)."""
    head = record(url)
    missed: list[int] = []  # SIGTERM that arrived when the command was not running
    previous = signal.signal(signal.SIGTERM, lambda number, _: missed.append(number))

    def record_then_stop() -> None:
        if http.accepted.wait_for(head):
            record(url, "st-marys")
            http.accepted.wait_for(head + 1)
        os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=record_then_stop)
    helper.start()
    try:
        result = notify(url, http, "--follow", "--json")
    finally:
        helper.join(WAIT)
        signal.signal(signal.SIGTERM, previous)
    assert missed == []
    (row,) = as_json(ok(result))["notifiers"]
    assert (row["delivered"], row["acknowledged"], row["stuck"]) == (head + 1, head + 1, None)
    assert positions(http) == list(range(1, head + 2))
    assert result.stderr.startswith("delivering to webhook; Ctrl-C stops\n")
    assert result.stderr.endswith("stopped\n")
    assert ok(notify(url, http, "--status")).startswith(
        f"webhook: acknowledged up to position {head + 1} "
    )


# -- --remind-every: how often --follow looks for reminders (G7) --------------------------------


def reminding(url: str, http: HttpServer, *args: str) -> Result:
    """``hom notify --url URL ARGS``, the webhook posting to ``http`` and sending reminders."""
    env = {"HOM_WEBHOOK_URL": http.url, "HOM_SMTP_URL": "", "HOM_REMINDERS": "webhook"}
    return run("notify", "--url", url, *args, plugins=plugins(), env=env)


def reminded(http: HttpServer, member_id: str) -> bool:
    """Whether the receiver accepted a reminder of an obligation of ``member_id``'s."""
    return any(
        "reminder" in post.body and f"/{member_id}/" in post.body["idempotency_key"]
        for post in http.accepted.items
    )


def test_g7_follow_looks_for_reminders_every_remind_every(url: str, http: HttpServer) -> None:
    """G7: a school recorded while the command runs is reminded of its report to governors at
    the next look, a second later (the default would wait a minute)."""
    missed: list[int] = []  # SIGTERM that arrived when the command was not running
    previous = signal.signal(signal.SIGTERM, lambda number, _: missed.append(number))
    seen: list[bool] = []

    def record_then_stop() -> None:
        deadline = time.monotonic() + WAIT
        while not reminded(http, "webster") and time.monotonic() < deadline:
            time.sleep(0.05)
        record(url, "st-marys")
        while not reminded(http, "st-marys") and time.monotonic() < deadline + WAIT:
            time.sleep(0.05)
        seen.append(reminded(http, "st-marys"))
        os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=record_then_stop)
    helper.start()
    try:
        result = reminding(url, http, "--follow", "--remind-every", "1s")
    finally:
        helper.join(2 * WAIT)
        signal.signal(signal.SIGTERM, previous)
    ok(result)
    assert missed == []
    assert seen == [True]


@pytest.mark.parametrize("span", ["0", "0s", "25h", "86401", "5x", "-1", "1.5m", ""])
def test_a_remind_every_that_is_not_from_a_second_to_a_day_is_one_line(
    url: str, http: HttpServer, span: str
) -> None:
    line = user_error(reminding(url, http, "--follow", "--remind-every", span))
    assert "is not an interval from 1s to 24h: give seconds, minutes or hours" in line


def test_remind_every_without_follow_is_one_line(url: str, http: HttpServer) -> None:
    assert "add --follow" in user_error(reminding(url, http, "--remind-every", "5m"))


@pytest.mark.parametrize("interval", [0.0, -1.0])
def test_reminders_refuse_an_interval_of_no_time(url: str, interval: float) -> None:
    with open_log(url, plugins=plugins()) as log, pytest.raises(UsageError, match="more than 0"):
        Reminders(log, [], interval=interval)
