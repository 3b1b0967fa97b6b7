"""The golden log: a history stored once (``tests/golden/history.jsonl``, every event type of the
core and the packs) that every later version of hom must read as it was written.

It decodes to events that encode back to the very bytes stored, its hash chain verifies, and it
replays to the answers stored beside it (``answers.json``, made by ``golden/build.py`` when the log
was written). Reading it changes no byte of it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from golden.questions import answers_of
from hom_core import EventLog, open_log
from hom_core.domain import MemoryPeople, Person

GOLDEN = Path(__file__).parent / "golden"


def people_of(folder: Path) -> MemoryPeople:
    """The people store written beside a golden log (names, and who was forgotten on which day)."""
    people = MemoryPeople()
    written = json.loads((folder / "people.json").read_text())
    for person_id, name in written["names"].items():
        people.put(Person(person_id, name))
    for person_id, on in written["forgotten"].items():
        people.forget(person_id, date.fromisoformat(on))
    return people


@pytest.fixture(scope="module")
def golden_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the golden log to open (opening a log may take a lock file beside it)."""
    copy = tmp_path_factory.mktemp("golden") / "history.jsonl"
    shutil.copyfile(GOLDEN / "history.jsonl", copy)
    return copy


@pytest.fixture(scope="module")
def golden(golden_copy: Path) -> Iterator[EventLog]:
    with open_log(f"jsonl:///{golden_copy}?mode=ro") as log:
        yield log


def test_every_event_type_of_the_core_and_the_packs_is_in_the_golden_log(golden: EventLog) -> None:
    recorded = {golden.codec.types.of(r.event).name for r in golden.read_all()}
    assert recorded == {event_type.name for event_type in golden.codec.types}


def test_every_stored_event_decodes_and_encodes_back_to_the_bytes_stored(golden: EventLog) -> None:
    stored = list(golden.store.read_all())
    decoded = list(golden.read_all())
    assert len(decoded) == len(stored) == 669
    for record, recorded in zip(stored, decoded, strict=True):
        assert golden.codec.encode(recorded.event) == (
            record.event_type,
            record.schema_version,
            record.payload,
        ), f"position {record.position}"


def test_the_golden_chain_verifies_to_the_head_it_was_written_with(golden: EventLog) -> None:
    answers = json.loads((GOLDEN / "answers.json").read_text())
    report = golden.verify()
    assert report.ok, str(report)
    assert list(golden.head()) == answers["head"]


def test_the_golden_log_replays_to_the_answers_stored_with_it(golden: EventLog) -> None:
    expected = json.loads((GOLDEN / "answers.json").read_text())
    actual = json.loads(json.dumps(answers_of(golden, people_of(GOLDEN))))
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == expected[key], key


def test_reading_the_golden_log_changes_none_of_its_bytes(golden_copy: Path) -> None:
    with open_log(f"jsonl:///{golden_copy}?mode=ro") as log:
        assert log.verify().ok
        assert sum(1 for _ in log.read_all()) == 669
    assert golden_copy.read_bytes() == (GOLDEN / "history.jsonl").read_bytes()


FIRST = GOLDEN / "first"
"""The golden log as it was first written (606 records, before corrections existed), kept with
the answers it gave then: a log written by an earlier version must still read, verify and answer
as it did, whatever has been added since."""


def answered_as_before(before: Any, now: Any) -> bool:
    """Whether ``now`` gives every answer ``before`` gave: objects may gain keys, nothing else."""
    if isinstance(before, dict) and isinstance(now, dict):
        return all(
            key in now and answered_as_before(value, now[key]) for key, value in before.items()
        )
    return bool(before == now)


def test_the_first_golden_log_still_reads_verifies_and_answers_as_it_did(tmp_path: Path) -> None:
    copy = tmp_path / "history.jsonl"
    shutil.copyfile(FIRST / "history.jsonl", copy)
    expected = json.loads((FIRST / "answers.json").read_text())
    with open_log(f"jsonl:///{copy}?mode=ro") as log:
        stored = list(log.store.read_all())
        assert len(stored) == 606
        for record, recorded in zip(stored, log.read_all(), strict=True):
            encoded = log.codec.encode(recorded.event)
            assert encoded == (record.event_type, record.schema_version, record.payload)
        report = log.verify()
        assert report.ok, str(report)
        actual = json.loads(json.dumps(answers_of(log, people_of(FIRST))))
    assert actual["head"] == expected["head"]
    for partnership_id, answers in expected.items():
        if partnership_id == "head":
            continue
        now = actual[partnership_id]
        assert now["as_known_at"] == answers["as_known_at"], partnership_id
        for day, before in answers["as_of"].items():
            assert answered_as_before(before["json"], now["as_of"][day]["json"]), (
                partnership_id,
                day,
            )
            assert now["as_of"][day]["report-md"] == before["report-md"], (partnership_id, day)
    assert copy.read_bytes() == (FIRST / "history.jsonl").read_bytes()


def test_answered_as_before_allows_new_keys_and_nothing_else() -> None:
    before = {"members": ["fleet"], "chair": {"id": "fleet"}}
    assert answered_as_before(
        before, {"members": ["fleet"], "chair": {"id": "fleet", "on": 1}, "new": []}
    )
    assert not answered_as_before(before, {"members": ["fleet", "rhyl"], "chair": {"id": "fleet"}})
    assert not answered_as_before(before, {"members": ["fleet"]})
