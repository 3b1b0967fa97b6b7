"""The webhook (hom_plugins.notifiers.webhook), against a real HTTP server on 127.0.0.1: one POST of
versioned JSON per event with its Idempotency-Key; non-2xx answers and outages retried until
every event arrives, in order; a restarted delivery resumes from its checkpoint."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from hom_core import Backoff, Deliveries, DeliveryStatus, EventLog, PluginError, Plugins
from hom_core.delivery import idempotency_key
from hom_plugins.notifiers import webhook as notify_webhook
from hom_plugins.notifiers.webhook import BODY_VERSION, WEBHOOK_URL_ENV, webhook_notifier
from notify_support import WAIT, FakeTime, HttpServer
from samples import census, joined, log_url, open_sample_log


def fill(log: EventLog, *schools: str) -> None:
    for school in schools:
        log.append(f"school/{school}", [joined(school)], expected_version=None)


def deliveries(
    log: EventLog,
    server: HttpServer,
    time: FakeTime,
    sleep: Callable[[float], object] | None = None,
) -> Deliveries:
    return Deliveries(
        log,
        [webhook_notifier(server.url, timeout=5)],
        backoff=Backoff(base=1, maximum=4, jitter=0),
        timer=time.timer,
        sleep=sleep or time.sleep,
    )


def test_each_event_is_posted_as_versioned_json_with_its_idempotency_key(
    log: EventLog, http: HttpServer
) -> None:
    log.append("school/A", [joined("A"), census("A")], expected_version=0, actor="clerk")
    assert deliveries(log, http, FakeTime()).run_once() == [DeliveryStatus("webhook", 2)]

    recorded = list(log.read_all())
    posts = http.inbox.items
    assert [post.key for post in posts] == [idempotency_key("webhook", r) for r in recorded]
    first = posts[0]
    assert first.path == "/hooks/hom"
    assert first.headers["Content-Type"] == "application/json"
    assert first.body["version"] == BODY_VERSION == 1
    assert first.body["idempotency_key"] == first.key
    assert first.body["event"] == {
        "position": 1,
        "stream_id": "school/A",
        "stream_version": 1,
        "type": "test.school_joined",
        "schema_version": 1,
        "recorded_at": recorded[0].recorded_at.isoformat(),
        "effective_date": recorded[0].effective_date.isoformat(),
        "actor": "clerk",
        "correlation_id": recorded[0].correlation_id,
        "causation_id": None,
        "hash": recorded[0].hash,
        "data": {
            "school": "A",
            "joined_on": "2013-07-10",
            "phase": "primary",
            "urn": 100000,
            "head": {"name": "Head of A", "email": None},
        },
    }
    assert posts[1].body["event"]["data"]["fte"] == "412.5"  # exact, as the codec stores it


@pytest.mark.parametrize("status", [500, 503, 404, 302, 307])
def test_an_answer_other_than_2xx_is_retried_with_the_same_key(
    log: EventLog, http: HttpServer, status: int
) -> None:
    """A redirect is a failure too: urllib would turn a redirected POST into a GET."""
    fill(log, "A", "B")
    time = FakeTime()
    http.statuses = [status, status]
    delivery = deliveries(log, http, time)
    failed = delivery.run_once()[0]
    assert (failed.failing, failed.attempts) == (1, 1)
    assert f"HTTP Error {status}" in (failed.error or "")
    for _ in range(2):
        time.advance(4)
        delivery.run_once()

    assert [post.key for post in http.inbox.items] == [http.inbox.items[0].key] * 3 + [
        http.inbox.items[-1].key
    ]
    assert [post.body["event"]["position"] for post in http.accepted.items] == [1, 2]
    assert {post.path for post in http.inbox.items} == {"/hooks/hom"}  # never redirected


def test_every_event_arrives_in_order_after_an_outage(log: EventLog, http: HttpServer) -> None:
    """Background workers: the server stops, appends go on and succeed, the server comes back,
    and every event arrives, in log order; the backoff ends when the test says so."""
    backing_off, restarted = threading.Event(), threading.Event()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        backing_off.set()
        restarted.wait(WAIT)

    with deliveries(log, http, FakeTime(), sleep) as delivery:
        fill(log, "A", "B")
        assert http.accepted.wait_for(2)
        http.stop()
        fill(log, "C", "D", "E")  # appended while the receiver is down
        assert log.head()[0] == 5
        assert backing_off.wait(WAIT), "the worker did not notice the outage"
        assert delivery.status()[0].failing == 3
        http.start()
        restarted.set()
        assert http.accepted.wait_for(5)
    assert slept == [1.0]
    assert delivery.status() == [DeliveryStatus("webhook", 5)]
    positions = [post.body["event"]["position"] for post in http.accepted.items]
    assert positions == [1, 2, 3, 4, 5]
    assert [post.key for post in http.accepted.items] == [
        idempotency_key("webhook", r) for r in log.read_all()
    ]


def test_a_restarted_delivery_resumes_without_resending(tmp_path: Path, http: HttpServer) -> None:
    url = log_url("sqlite", tmp_path)
    with open_sample_log(url) as log:
        fill(log, "A", "B")
        deliveries(log, http, FakeTime()).run_once()
    with open_sample_log(url) as log:
        fill(log, "C")
        deliveries(log, http, FakeTime()).run_once()
        keys = [idempotency_key("webhook", r) for r in log.read_all()]
    assert [post.key for post in http.inbox.items] == keys


def test_the_plugin_registers_a_webhook_only_when_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(notify_webhook, "webhook")
    monkeypatch.delenv(WEBHOOK_URL_ENV, raising=False)
    assert plugins.notifiers() == {}

    monkeypatch.setenv(WEBHOOK_URL_ENV, "https://example.org/hom/events?token=abc")
    (notifier,) = plugins.notifiers().values()
    assert notifier.name == "webhook"
    assert notifier.event_types is None  # every event
    assert notifier.description == "POST of JSON to https://example.org/hom/events"

    monkeypatch.setenv(WEBHOOK_URL_ENV, "http://clerk:secret@127.0.0.1:8080/hook?token=abc")
    (notifier,) = plugins.notifiers().values()
    assert notifier.description == "POST of JSON to http://127.0.0.1:8080/hook"  # no secrets

    monkeypatch.setenv(WEBHOOK_URL_ENV, "ftp://example.org/hom")
    with pytest.raises(PluginError, match="give an http:// or https:// URL"):
        plugins.notifiers()
