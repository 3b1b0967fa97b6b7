"""The reminded keys are pruned: a key goes from the store once its obligation is neither due nor
overdue and its due date is half a year past (``KEEP_FOR``), so a year of reminders keeps the
snapshot bounded, and nothing is sent twice, across restarts (F1, G1, G7, ...)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from export_support import heart_of_manchester
from hom_core.application import Partnership
from hom_core.application.agenda import obligations
from hom_core.delivery import KEEP_FOR, REMINDED_SNAPSHOT, reminder_key
from hom_core.domain import AppointBanker, CallContributions, FinancialYear, SubmitCensus
from hom_core.obligations import Status
from test_reminders import Sent, formed, reminders_of


def stored(hom: Partnership) -> set[str]:
    """The keys the store holds for the notifier ``inbox``."""
    snapshot = hom.log.store.load_snapshot(REMINDED_SNAPSHOT, "inbox")
    return set() if snapshot is None else set(json.loads(snapshot.state)["keys"])


def open_keys(hom: Partnership, day: date) -> set[str]:
    """The keys of the obligations due or overdue on ``day``."""
    return {
        reminder_key("inbox", hom.partnership_id, each)
        for _, each in obligations(hom.as_of(day))
        if each.status_on(day) in (Status.DUE, Status.OVERDUE)
    }


def test_g1_g7_a_year_of_reminders_keeps_the_store_bounded_and_sends_nothing_twice() -> None:
    """G1, G7, F1: a year of runs every other day on the Heart of Manchester example, restarted
    in each new month: each key is sent once; after each run the store holds exactly what
    is due or overdue that day and what fell due within KEEP_FOR, so it holds fewer keys than
    the year sent."""
    hom, sent = heart_of_manchester(), Sent()
    day = [date(2015, 9, 1)]
    worker = reminders_of(hom, sent, day)
    largest, month = 0, day[0].month
    while day[0] < date(2016, 9, 1):
        if day[0].month != month:
            worker, month = reminders_of(hom, sent, day), day[0].month  # a new process
        worker.run_once()
        keys = stored(hom)
        assert keys == worker.reminded("inbox")
        opened = open_keys(hom, day[0])
        assert opened <= keys
        assert all(key in opened or day[0] - KEEP_FOR <= due(key) for key in keys)
        largest = max(largest, len(keys))
        day[0] += timedelta(days=2)
    assert len(sent.keys) == len(set(sent.keys))
    assert any(due(key) < day[0] - KEEP_FOR for key in sent.keys)  # some were pruned...
    assert largest < len(sent.keys)  # ...so the store never held the whole year's


def test_f1_a_contribution_overdue_for_a_year_keeps_its_key_and_is_not_sent_again() -> None:
    """F1: a payment overdue longer than KEEP_FOR is still overdue, so its key stays: a restart
    a year on sends it no second time; a key of an obligation gone from the list is pruned."""
    hom, sent = formed(), Sent()
    hom.execute(AppointBanker("claremont", date(2013, 7, 1)))
    for member_id in ("claremont", "webster"):
        hom.execute(SubmitCensus(member_id, date(2014, 1, 16), 100, 0))
    hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 1)))
    day = [date(2014, 5, 10)]
    reminders_of(hom, sent, day).run_once()
    payment = "hom.remind.inbox.hom.F1/pay/2014-15/webster/2014-05-01"
    assert payment in sent.keys
    day[0] = date(2015, 6, 1)
    reminders_of(hom, sent, day).run_once()  # a restart over a year on
    assert sent.keys.count(payment) == 1
    assert payment in stored(hom)
    gone = [key for key in sent.keys if key not in stored(hom)]
    assert gone
    assert all(due(key) < day[0] - KEEP_FOR for key in gone)


def test_a_run_that_prunes_nothing_leaves_the_store_as_it_was() -> None:
    hom, sent = formed(), Sent()
    day = [date(2013, 7, 20)]
    reminders_of(hom, sent, day).run_once()
    before = hom.log.store.load_snapshot(REMINDED_SNAPSHOT, "inbox")
    assert reminders_of(hom, sent, day).run_once() == []
    assert hom.log.store.load_snapshot(REMINDED_SNAPSHOT, "inbox") == before


def due(key: str) -> date:
    """The due date a reminder key ends with."""
    return date.fromisoformat(key.rpartition("/")[2])
