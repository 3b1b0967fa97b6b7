"""Retractions and corrections (R1) from two writers at once: like any command, they take an
idempotency key and are planned and appended again when another writer appends in between."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import hom_core.application.corrections as corrections
from cli_support import ok, quick, sqlite_url
from hom_core import RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import CorrectFact, FormPartnership, ReportToGovernors, RetractFact
from hom_core.domain.corrections import FactRetracted
from hom_core.errors import ConcurrencyError
from hom_core.log import EventLog
from hom_core.testing.strategies import FORMED_ON, join

CLERK = "person-clerk"
TODAY = date(2014, 1, 6)


def two_writers(tmp_path: Path) -> tuple[Partnership, Partnership, int]:
    """Two writers, each with its own connection to one SQLite log, in which St Mary's joined
    (the position returned) and Birchfields joined after it."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    first = Partnership(open_log(url), "hom")
    first.execute(FormPartnership("Heart of Manchester", FORMED_ON))
    first.execute(join("st-marys", FORMED_ON))
    joined = first.log.head()[0]
    first.execute(join("birchfields", FORMED_ON))
    return first, Partnership(open_log(url), "hom"), joined


def interleaved(
    monkeypatch: pytest.MonkeyPatch, times: int, other: Callable[[], object]
) -> list[int]:
    """Make ``other`` (the second writer) record after each of the first ``times`` plans of a
    retraction, before it is appended; returns the list of plans made (one entry each)."""
    plans: list[int] = []
    plan = corrections.plan_change

    def planned_then_other(partnership: Any, command: Any) -> corrections.Change:
        change = plan(partnership, command)
        plans.append(1)
        if len(plans) <= times:
            other()
        return change

    monkeypatch.setattr(corrections, "plan_change", planned_then_other)
    return plans


def retractions(log: EventLog, stream_id: str) -> list[int]:
    """The positions retracted in the stream, in the order retracted."""
    return [r.event.position for r in log.read_stream(stream_id) if type(r.event) is FactRetracted]


def test_r1_a_retraction_is_planned_again_after_another_writer_appends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1: the second writer records a report between the first's plan and its append; the
    retraction is planned again on the stream as it now is and recorded after the report."""
    first, second, joined = two_writers(tmp_path)
    plans = interleaved(
        monkeypatch, 1, lambda: second.execute(ReportToGovernors("birchfields", TODAY))
    )
    result = first.execute(RetractFact(joined, "wrong school", CLERK, TODAY))
    assert result is not None
    assert len(plans) == 2
    kinds = [type(r.event).__name__ for r in first.log.read_stream(first.stream_id)][-2:]
    assert kinds == ["GovernorsReportIssued", "FactRetracted"]
    assert retractions(first.log, first.stream_id) == [joined]
    assert not first.as_of(TODAY).is_member("st-marys")


def test_r1_a_correction_gives_up_after_its_retries_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1: with the second writer appending after every plan, a correction with ``retries=1``
    raises the ConcurrencyError after three plans: one on the state the first writer kept from
    its own last command (a conflict on a kept state is decided again on the stream as read and
    is not one of the ``retries``), then two on the stream as read; neither its retraction nor
    its replacement is recorded (only the other writer's reports are)."""
    first, second, joined = two_writers(tmp_path)
    days = iter(range(6, 20))
    plans = interleaved(
        monkeypatch,
        5,
        lambda: second.execute(ReportToGovernors("birchfields", date(2014, 1, next(days)))),
    )
    command = CorrectFact(joined, join("st-marys", date(2013, 9, 2)), "date", CLERK, TODAY)
    with pytest.raises(ConcurrencyError):
        first.execute(command, retries=1)
    assert len(plans) == 3
    assert retractions(first.log, first.stream_id) == []
    assert first.log.stream_version(first.stream_id) == 7  # formed (2), two joins, three reports


def test_r1_two_writers_retracting_one_fact_record_one_retraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1: the second writer retracts the fact between the first's plan and its append; planned
    again, the first's retraction is refused (a fact is retracted once) and adds nothing."""
    first, second, joined = two_writers(tmp_path)
    interleaved(
        monkeypatch, 1, lambda: second.execute(RetractFact(joined, "wrong school", "p-2", TODAY))
    )
    with pytest.raises(RuleViolation) as refused:
        first.execute(RetractFact(joined, "wrong school", CLERK, TODAY))
    assert refused.value.rule == "R1"
    assert retractions(first.log, first.stream_id) == [joined]


def test_r1_a_retraction_retried_under_its_idempotency_key_records_nothing_again(
    tmp_path: Path,
) -> None:
    """R1: the second writer retries the first's correction under the same key: the first
    result comes back, marked retried, instead of a refusal; one correction is recorded."""
    first, second, joined = two_writers(tmp_path)
    command = CorrectFact(joined, join("st-marys", date(2013, 9, 2)), "date", CLERK, TODAY)
    done = first.execute(command, idempotency_key="correct-st-marys")
    again = second.execute(command, idempotency_key="correct-st-marys")
    assert done is not None
    assert again is not None
    assert again.retried
    assert not done.retried
    assert (again.first_position, again.last_position) == (done.first_position, done.last_position)
    assert retractions(second.log, second.stream_id) == [joined]


def test_r1_hom_retract_and_correct_take_an_idempotency_key(tmp_path: Path) -> None:
    """R1: `hom retract --idempotency-key` run twice records one retraction and says the second
    time that nothing new was recorded."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    with open_log(url) as log:
        hom = Partnership(log, "hom")
        hom.execute(FormPartnership("Heart of Manchester", FORMED_ON))
        hom.execute(join("st-marys", FORMED_ON))
        joined = log.head()[0]
    args = ("retract", str(joined), "--url", url, "-p", "hom", "--reason", "wrong")
    args += ("--by", CLERK, "--idempotency-key", "k-1")
    first = json.loads(ok(quick(*args, "--json")))
    assert first["retried"] is False
    assert first["retracts"]["position"] == joined
    assert "nothing new recorded" in ok(quick(*args))
    again = json.loads(ok(quick(*args, "--json")))
    assert again["retried"] is True
    assert again["records"] == first["records"]
    with open_log(url) as log:
        assert retractions(log, "partnership/hom") == [joined]
