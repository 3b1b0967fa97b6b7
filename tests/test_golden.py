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

import pytest

from golden.questions import answers_of
from hom_core import EventLog, open_log
from hom_core.domain import MemoryPeople, Person

GOLDEN = Path(__file__).parent / "golden"


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
    people = MemoryPeople()
    written = json.loads((GOLDEN / "people.json").read_text())
    for person_id, name in written["names"].items():
        people.put(Person(person_id, name))
    for person_id, on in written["forgotten"].items():
        people.forget(person_id, date.fromisoformat(on))
    expected = json.loads((GOLDEN / "answers.json").read_text())
    actual = json.loads(json.dumps(answers_of(golden, people)))
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == expected[key], key


def test_reading_the_golden_log_changes_none_of_its_bytes(golden_copy: Path) -> None:
    with open_log(f"jsonl:///{golden_copy}?mode=ro") as log:
        assert log.verify().ok
        assert sum(1 for _ in log.read_all()) == 669
    assert golden_copy.read_bytes() == (GOLDEN / "history.jsonl").read_bytes()
