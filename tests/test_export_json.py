"""The ``json`` exporter (hom_plugins.exporters.json): an export has exactly the shape its module
docstring documents, is the same bytes every time, and says what the views say (M2-M4, F1, F4,
G2, G6, G8, T1), with forgotten people as forgotten."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from export_support import (
    LAST_DAY,
    UNDER_NOTICE_DAY,
    export,
    export_plugins,
    own_people,
    shared_heart_of_manchester,
)
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import FORGOTTEN, FinancialYear, Money
from hom_core.testing.strategies import days
from hom_plugins.exporters import json as export_json
from properties import examples

# -- the documented shape ------------------------------------------------------------------------


def documented_shape() -> dict[str, Any]:
    """The JSON shape written in the module docstring (the block after ``::``)."""
    doc = export_json.__doc__
    assert doc is not None
    block = re.search(r"::\n\n((?:    .*\n|\n)+)", doc)
    assert block is not None, "the docstring has no shape block"
    shape: dict[str, Any] = json.loads(block[1])
    return shape


LEAVES = {
    "str": lambda value: isinstance(value, str),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "bool": lambda value: isinstance(value, bool),
    "date": lambda value: isinstance(value, str) and date.fromisoformat(value).isoformat() == value,
    "money": lambda value: isinstance(value, str) and re.fullmatch(r"-?[0-9]+\.[0-9]{2}", value),
    "fte": lambda value: isinstance(value, str) and re.fullmatch(r"[0-9]+(\.5)?", value),
    "person": lambda value: isinstance(value, str) and value != "",
}


def mismatches(value: Any, shape: Any, path: str = "$") -> list[str]:
    """Where ``value`` departs from ``shape`` (empty: it conforms), and which list shapes it
    left unchecked because the list was empty (reported as ``empty: <path>``)."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{path}: {value!r} is not an object"]
        keys = {key.removesuffix("?"): key.endswith("?") for key in shape}
        extra = sorted(set(value) - set(keys))
        problems = [f"{path}: unexpected keys {extra}"] if extra else []
        for key, nullable in keys.items():
            inner = shape[f"{key}?" if nullable else key]
            if key not in value:
                problems.append(f"{path}.{key}: missing")
            elif not (nullable and value[key] is None):
                problems += mismatches(value[key], inner, f"{path}.{key}")
        return problems
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{path}: {value!r} is not a list"]
        if not value:
            return [f"empty: {path}"]
        return [problem for item in value for problem in mismatches(item, shape[0], f"{path}[]")]
    if isinstance(shape, str):
        return [] if LEAVES[shape](value) else [f"{path}: {value!r} is not a {shape}"]
    return [] if value == shape else [f"{path}: {value!r} is not {shape!r}"]


def errors(value: Any) -> list[str]:
    return [problem for problem in mismatches(value, documented_shape()) if "empty:" not in problem]


@pytest.fixture(scope="module")
def hom() -> Partnership:
    return shared_heart_of_manchester()


def exported(hom: Partnership, day: date) -> Any:
    return json.loads(export(hom, "json", day))


def test_the_docstring_documents_the_schema_version_it_writes() -> None:
    assert documented_shape()["schema_version"] == export_json.SCHEMA_VERSION == 1


@pytest.mark.parametrize("day", [date(2013, 9, 2), UNDER_NOTICE_DAY, LAST_DAY])
def test_an_export_has_the_documented_shape(hom: Partnership, day: date) -> None:
    assert errors(exported(hom, day)) == []


def test_the_heart_of_manchester_history_fills_every_list_of_the_shape(hom: Partnership) -> None:
    """So the item shapes are checked too: no list of the schema is empty on these days."""
    empty = {
        problem
        for day in (UNDER_NOTICE_DAY, LAST_DAY)
        for problem in mismatches(exported(hom, day), documented_shape())
        if problem.startswith("empty:")
    }
    assert empty == set()


def test_the_shape_check_finds_a_key_added_dropped_or_of_the_wrong_kind(hom: Partnership) -> None:
    document = exported(hom, LAST_DAY)
    document["members"][0]["nickname"] = "Clarry"
    del document["holding"]
    document["reviews"]["overdue"] = "no"
    assert errors(document) == [
        "$.members[]: unexpected keys ['nickname']",
        "$.holding: missing",
        "$.reviews.overdue: 'no' is not a bool",
    ]


def test_an_empty_log_exports_nulls_and_empty_lists_in_the_same_shape() -> None:
    empty = Partnership(open_log("memory://", plugins=export_plugins()), "nobody")
    document = json.loads(export(empty, "json", LAST_DAY))
    assert errors(document) == []
    assert document["partnership"] == {"id": "nobody", "name": "", "formed_on": None}
    assert document["members"] == document["contributions"] == []


@settings(max_examples=examples(25))
@given(day=days)
def test_on_any_day_the_export_has_the_shape_and_the_same_sorted_bytes_twice(
    hom: Partnership, day: date
) -> None:
    first, second = export(hom, "json", day), export(hom, "json", day)
    assert first == second
    document = json.loads(first)
    assert errors(document) == []
    assert (
        first.decode() == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    )


# -- what it says --------------------------------------------------------------------------------


def test_m2_m3_members_notice_and_leavers_as_of_the_day(hom: Partnership) -> None:
    document = exported(hom, UNDER_NOTICE_DAY)
    members = {member["member_id"]: member for member in document["members"]}
    assert len(members) == 7
    assert members["rolls-crescent"]["notice_received_on"] == "2016-01-04"
    assert members["rolls-crescent"]["leaves_on"] == "2016-08-31"
    assert members["claremont"]["leaves_on"] is None
    assert members["claremont"]["urn"] == "105412"
    assert document["former_members"] == [
        {"member_id": "st-philips", "name": "St Philip's CE Primary", "left_on": "2015-08-31"}
    ]


def test_f1_f4_the_ledger_and_the_banker_agree_with_the_funding_view(hom: Partnership) -> None:
    document = exported(hom, UNDER_NOTICE_DAY)
    funding = hom.as_of(UNDER_NOTICE_DAY).funding
    for year in (FinancialYear(2014), FinancialYear(2015)):
        lines = [line for line in document["contributions"] if line["financial_year"] == str(year)]
        assert [line["member_id"] for line in lines] == [
            row.member_id for row in funding.contributions(year)
        ]
        assert sum((Money.pounds(line["owed"]) for line in lines), Money.zero()) == sum(
            (row.owed for row in funding.contributions(year)), Money.zero()
        )
    assert document["banker"] == {"member_id": "rolls-crescent", "name": "Rolls Crescent Primary"}
    assert Money.pounds(document["holding"]) == funding.holding()
    assert document["banker_needs_successor"]["leaves_on"] == "2016-08-31"
    assert exported(hom, LAST_DAY)["banker_needs_successor"] is None


def test_g2_g6_g8_t1_chair_decisions_reviews_and_joint_work(hom: Partnership) -> None:
    document = exported(hom, LAST_DAY)
    view = hom.as_of(LAST_DAY)
    chair, after = view.governance.chair(), view.governance.next_chair()
    assert chair is not None
    assert after is not None
    assert document["chair"]["member_id"] == chair.member_id
    assert document["next_chair"]["member_id"] == after.member_id
    assert [d["decision_id"] for d in document["decisions"]] == [
        d.decision_id for d in view.governance.decisions()
    ]
    assert document["decisions"][0]["votes"][0]["vote"] == "for"
    assert document["reviews"]["history"] == [
        "2014-07-10",
        "2015-07-10",
        "2016-07-10",
        "2017-07-10",
    ]
    assert document["reviews"]["next_due"] == "2018-07-10"
    assert [c["theme"] for c in document["conferences"]][-1] == "SEND"
    assert len(document["training_days"]) == 4


def test_forgotten_people_appear_as_forgotten_never_by_name(hom: Partnership) -> None:
    hom = own_people(hom)
    before = export(hom, "json", LAST_DAY).decode()
    assert "Head, Webster Primary" in before
    hom.forget("person-webster-head")
    hom.forget("person-webster-deputy_head")
    after = export(hom, "json", LAST_DAY).decode()
    assert "Head, Webster Primary" not in after
    assert "Deputy head, Webster Primary" not in after
    webster = next(m for m in json.loads(after)["members"] if m["member_id"] == "webster")
    assert webster["head"] == FORGOTTEN
