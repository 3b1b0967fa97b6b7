"""Reminders when a date arrives: each obligation fallen due is sent through the notifiers that
can remind, once per obligation and due date, surviving a restart, and never once it is done
(G2, G8, F1, ...); with the clock injected, a simulated year runs in milliseconds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cli_support import run
from domain_strategies import new_partnership
from hom_core import Notifier, open_log
from hom_core.application import Partnership
from hom_core.application.agenda import obligations
from hom_core.delivery import REMINDED_SNAPSHOT, Reminder, Reminders, reminder_key
from hom_core.domain import MemoryPeople, RotateChair
from hom_core.obligations import Status
from hom_core.testing.strategies import FORMED_ON, histories, join
from hom_plugins.notifiers.email import email_notifier
from notify_support import HttpServer, SmtpServer
from properties import examples
from test_cli_notify import plugins as webhook_plugins, record
from test_notify_email import heart_of_manchester as mailable


class Sent:
    """A notifier's ``remind``: keeps each reminder it accepted; ``fail`` makes it raise."""

    def __init__(self) -> None:
        self.reminders: list[Reminder] = []
        self.fail = False

    def __call__(self, reminder: Reminder) -> None:
        if self.fail:
            raise ConnectionError("the receiver is down")
        self.reminders.append(reminder)

    @property
    def keys(self) -> list[str]:
        return [reminder.key for reminder in self.reminders]


def _ignore(_: object) -> None:
    """A ``deliver`` that accepts every event (these tests look at the reminders)."""


def reminders_of(hom: Partnership, sent: Sent, day: list[date]) -> Reminders:
    notifier = Notifier("inbox", _ignore, remind=sent)
    return Reminders(hom.log, [notifier], people=hom.people, clock=lambda: day[0])


def formed() -> Partnership:
    """Two schools joined on the day the partnership was formed."""
    _, hom = new_partnership()
    for member_id in ("claremont", "webster"):
        hom.execute(join(member_id, FORMED_ON))
    return hom


def test_g2_a_due_obligation_is_reminded_once_by_its_key_and_not_after_a_restart() -> None:
    hom, sent, day = formed(), Sent(), [FORMED_ON - timedelta(days=1)]
    reminders = reminders_of(hom, sent, day)
    assert reminders.run_once() == []  # before formation, nothing falls due
    day[0] = FORMED_ON + timedelta(days=3)
    first = reminders.run_once()
    chair = [r for r in first if r.obligation.rule == "G2"]
    assert len(chair) == 1
    assert chair[0].status is Status.DUE
    assert chair[0].key == reminder_key("inbox", "hom", chair[0].obligation)
    assert chair[0].key == f"hom.remind.inbox.hom.G2/chair/first/{FORMED_ON + timedelta(28)}"
    assert reminders.run_once() == []  # the same day again: sent already
    day[0] += timedelta(days=40)  # overdue now, but its key was reminded
    assert all(r.obligation.rule != "G2" for r in reminders.run_once())
    again = reminders_of(hom, sent, day)  # a restart: the keys sent are in the store
    assert again.reminded("inbox") == reminders.reminded("inbox")
    assert again.run_once() == []
    assert len(sent.keys) == len(set(sent.keys))
    assert hom.log.store.load_snapshot(REMINDED_SNAPSHOT, "inbox") is not None


def test_g2_an_obligation_done_before_its_day_is_never_reminded() -> None:
    hom, sent, day = formed(), Sent(), [FORMED_ON]
    hom.execute(RotateChair(FORMED_ON))
    reminders_of(hom, sent, day).run_once()
    assert not any(
        key.endswith("G2/chair/first/" + str(FORMED_ON + timedelta(28))) for key in sent.keys
    )


def test_a_reminder_the_receiver_refuses_is_tried_again_on_the_next_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hom, sent, day = formed(), Sent(), [FORMED_ON + timedelta(days=3)]
    reminders = reminders_of(hom, sent, day)
    sent.fail = True
    assert reminders.run_once() == []
    assert "could not send the reminder" in caplog.text
    sent.fail = False
    assert reminders.run_once()
    assert sent.keys


def test_a_notifier_without_remind_is_sent_no_reminder() -> None:
    hom = formed()
    reminders = Reminders(hom.log, [Notifier("events-only", _ignore)])
    assert reminders.notifiers == []
    assert reminders.run_once() == []


@pytest.fixture
def http() -> Iterator[HttpServer]:
    server = HttpServer()
    server.start()
    yield server
    server.stop()


def test_hom_notify_sends_reminders_through_the_webhook_named_in_hom_reminders(
    tmp_path: Any, http: HttpServer
) -> None:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    record(url, "claremont", "webster")
    env = {"HOM_WEBHOOK_URL": http.url, "HOM_SMTP_URL": "", "HOM_REMINDERS": "webhook"}
    first = run("notify", "--url", url, "--json", plugins=webhook_plugins(), env=env)
    assert first.exit_code == 0, first.stderr
    reminders = [post for post in http.accepted.items if "reminder" in post.body]
    assert reminders
    assert '"reminded": ' in first.stdout
    body = reminders[0].body
    assert body["idempotency_key"] == reminders[0].key
    assert body["reminder"]["status"] in ("due", "overdue")
    assert {"rule", "subject", "due_on", "responsible", "command"} <= body["reminder"].keys()
    second = run("notify", "--url", url, plugins=webhook_plugins(), env=env)
    assert "reminders: sent 0 by webhook" in second.stdout
    assert len([p for p in http.accepted.items if "reminder" in p.body]) == len(reminders)


def test_the_email_notifier_mails_a_reminder_to_every_head(tmp_path: Any) -> None:
    smtp = SmtpServer()
    smtp.start()
    try:
        people = MemoryPeople()
        hom = mailable("memory://", people)
        notifier = email_notifier(smtp.url, remind=True)
        day = date(2013, 7, 20)
        reminders = Reminders(hom.log, [notifier], people=people, clock=lambda: day)
        sent = reminders.run_once()
        assert sent
        assert smtp.inbox.wait_for(len(sent))
        mails = smtp.mails
        assert len(mails) == len(sent)
        assert {mail.key.strip() for mail in mails} == {reminder.key for reminder in sent}
        assert any("Appoint the first chair" in mail.subject for mail in mails)
        assert all(len(mail.recipients) == 4 for mail in mails)
    finally:
        smtp.stop()


@settings(max_examples=examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(max_commands=15), st.integers(30, 330), st.integers(1, 7))
def test_a_simulated_year_reminds_each_due_obligation_once_across_a_restart(
    history: list[object], restart_after: int, step: int
) -> None:
    """Every obligation due or overdue on a day the worker ran is reminded exactly once per
    key, by then, across a restart in the middle; none is reminded on a day it was done."""
    hom = Partnership(open_log("memory://"), "hom")
    for command in history:
        hom.execute(command)
    sent, day = Sent(), [FORMED_ON]
    worker, restarted = reminders_of(hom, sent, day), False
    open_keys: set[str] = set()
    for offset in range(0, 365, step):
        day[0] = FORMED_ON + timedelta(days=offset)
        if offset >= restart_after and not restarted:  # a new process on the same store
            worker, restarted = reminders_of(hom, sent, day), True
        worker.run_once()
        current = {
            reminder_key("inbox", "hom", o): o.status_on(day[0])
            for _, o in obligations(hom.as_of(day[0]))
        }
        open_keys |= {
            key for key, status in current.items() if status in (Status.DUE, Status.OVERDUE)
        }
        assert open_keys <= set(sent.keys)
    assert len(sent.keys) == len(set(sent.keys))
    for reminder in sent.reminders:
        state = {o.key: o.status_on(reminder.day) for _, o in obligations(hom.as_of(reminder.day))}
        assert state[reminder.obligation.key] in (Status.DUE, Status.OVERDUE)
