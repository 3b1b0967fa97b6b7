"""JSON Schemas of the event types (hom_core.schema, ``hom schema``): generated from the attrs
classes, they accept every payload the codec writes and refuse what it refuses."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

from cli_support import ok, run, user_error
from hom_core import open_log
from hom_core.errors import UsageError
from hom_core.events import EventType
from hom_core.log import EventLog
from hom_core.schema import event_schema, event_schemas
from hom_core.testing import strategies
from properties import examples

LOG: EventLog = open_log("memory://")
NAMES = sorted(event_type.name for event_type in LOG.codec.types)
CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = event_schema(LOG.codec.types.by_name(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=CHECKER)


def payload(event: object) -> Any:
    """The payload as the log stores it (and the webhook sends it)."""
    _, _, text = LOG.codec.encode(event)
    return json.loads(text)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventLog]:
    """The golden log (tests/golden): every event type of the core and the packs, stored."""
    copy = tmp_path_factory.mktemp("golden") / "history.jsonl"
    shutil.copyfile(Path(__file__).parent / "golden" / "history.jsonl", copy)
    with open_log(f"jsonl:///{copy}?mode=ro") as log:
        yield log


def test_every_payload_stored_in_the_golden_log_is_valid_against_its_schema(
    golden: EventLog,
) -> None:
    seen = set()
    for record in golden.store.read_all():
        errors = [
            e.message for e in validator(record.event_type).iter_errors(record_payload(record))
        ]
        assert not errors, (record.position, record.event_type, errors)
        seen.add(record.event_type)
    assert seen == set(NAMES)  # every registered type was checked


def record_payload(record: Any) -> Any:
    return json.loads(record.payload)


@settings(max_examples=examples(100), deadline=None)
@given(event=strategies.events(LOG))
def test_every_payload_the_codec_writes_is_valid_against_its_schema(event: object) -> None:
    name = LOG.codec.types.of(event).name
    errors = [error.message for error in validator(name).iter_errors(payload(event))]
    assert not errors, (name, payload(event), errors)


def test_the_schema_refuses_what_the_codec_refuses() -> None:
    check = validator("hom.notice_given")
    good = {"member_id": "webster", "received_on": "2015-03-02", "leaves_on": "2015-08-31"}
    assert check.is_valid(good)
    assert not check.is_valid({**good, "extra": 1})  # unknown keys
    assert not check.is_valid({**good, "received_on": "2015-02-30"})  # not a date
    assert not check.is_valid({key: value for key, value in good.items() if key != "leaves_on"})
    census = validator("hom.census_submitted")
    assert not census.is_valid({**_census(), "full_time": "415"})  # strict: a string is no int


def _census() -> dict[str, Any]:
    from hom_core.domain.funding.events import CensusSubmitted

    return payload(CensusSubmitted("webster", date(2015, 1, 15), 415, 30, date(2015, 1, 15)))


def test_money_and_fte_are_exact_strings() -> None:
    properties = event_schema(LOG.codec.types.by_name("hom.contribution_paid"))["properties"]
    assert properties["amount"]["pattern"] == r"^-?[0-9]+\.[0-9]{2}$"


def test_all_schemas_are_one_document_by_type_name() -> None:
    document = event_schemas(LOG.codec.types)
    jsonschema.Draft202012Validator.check_schema(document)
    assert sorted(document["$defs"]) == NAMES


class Colour:
    """A plugin's value type that says nothing of its JSON form."""


@attrs.frozen
class Painted:
    colour: Colour


def test_a_type_it_cannot_describe_is_an_error_naming_the_field() -> None:
    with pytest.raises(UsageError, match=r"Painted\.colour: cannot describe .*Colour"):
        event_schema(EventType("acme.painted", Painted))


def test_hom_schema_prints_one_type_or_all() -> None:
    one = json.loads(ok(run("schema", "hom.notice_given")))
    assert one["title"] == "hom.notice_given"
    every = json.loads(ok(run("schema")))
    assert sorted(every["$defs"]) == NAMES
    assert "did you mean hom.notice_given?" in user_error(run("schema", "hom.notice_givn"))


def test_the_webhook_body_of_every_event_of_a_history_is_valid_against_its_schema() -> None:
    from export_support import shared_heart_of_manchester
    from hom_core import Notification
    from hom_core.delivery import idempotency_key
    from hom_core.domain import MemoryPeople
    from hom_core.schema import notification_schema
    from hom_plugins.notifiers.webhook import request_body

    hom = shared_heart_of_manchester()
    schema = notification_schema(hom.log.codec.types)
    jsonschema.Draft202012Validator.check_schema(schema)
    check = jsonschema.Draft202012Validator(schema, format_checker=CHECKER)
    for recorded in hom.log.read_all():
        key = idempotency_key("webhook", recorded)
        body = json.loads(
            json.dumps(request_body(Notification(hom.log, recorded, key, MemoryPeople())))
        )
        errors = [error.message for error in check.iter_errors(body)]
        assert not errors, (recorded.position, errors)
    wrong = {**body, "event": {**body["event"], "data": {"nonsense": 1}}}
    assert not check.is_valid(wrong)  # data is checked against its type's schema
