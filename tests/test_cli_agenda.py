"""``hom agenda`` and the arrears in ``hom status``, on the Heart of Manchester example's log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cli_support import PARTNERSHIP, example, ok, quick, sqlite_url, user_error
from hom_core import open_log, open_people
from hom_core.application import Partnership
from hom_core.domain import (
    CallContributions,
    FinancialYear,
    FormPartnership,
    Policies,
    SubmitCensus,
)
from hom_core.testing.strategies import FORMED_ON, join


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite log holding the Heart of Manchester history (examples/), recorded once."""
    url = sqlite_url(tmp_path_factory.mktemp("agenda") / "hom.sqlite3")
    with open_log(url) as log:
        example().record(Partnership(log, PARTNERSHIP, people=open_people(url)))
    return url


def agenda_json(url: str, *args: str) -> dict[str, object]:
    return json.loads(ok(quick("agenda", "--url", url, "-p", PARTNERSHIP, "--json", *args)))


def test_f4_the_agenda_shows_the_banker_successor_due_with_its_rule_and_command(
    source: str,
) -> None:
    document = agenda_json(source, "--as-of", "2016-02-01")
    assert document["as_of"] == "2016-02-01"
    items = document["items"]
    assert isinstance(items, list)
    banker = [item for item in items if item["rule"] == "F4"]
    assert len(banker) == 1
    assert banker[0]["status"] == "due"
    assert banker[0]["due_on"] == "2016-08-31"
    assert banker[0]["command"] == "AppointBanker"
    assert banker[0]["key"] == "F4/banker/rolls-crescent/2016-08-31"
    dues = [item["due_on"] for item in items]
    assert dues == sorted(dues)
    assert {item["status"] for item in items} <= {"upcoming", "due", "overdue", "done"}


def test_g2_the_horizon_brings_the_next_rotation_onto_the_agenda(source: str) -> None:
    def rotations(horizon: str) -> list[object]:
        items = agenda_json(source, "--as-of", "2017-06-01", "--horizon", horizon)["items"]
        assert isinstance(items, list)
        return [item["status"] for item in items if item["rule"] == "G2"]

    assert rotations("4w") == []
    assert rotations("14w") == ["upcoming"]
    table = ok(quick("agenda", "--url", source, "-p", PARTNERSHIP, "--as-of", "2017-06-01"))
    assert "agenda of heart-of-manchester as of 2017-06-01" in table


@pytest.mark.parametrize("horizon", ["4x", "w", "1000d", "-3w"])
def test_a_horizon_that_is_not_days_or_weeks_is_one_line(source: str, horizon: str) -> None:
    line = user_error(quick("agenda", "--url", source, "-p", PARTNERSHIP, "--horizon", horizon))
    assert "is not a horizon: give days or weeks, such as 30d or 8w" in line


def test_f1_status_lists_the_arrears_of_every_year(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "hom.sqlite3")
    with open_log(url) as log:
        hom = Partnership(log, "hom")
        hom.execute(FormPartnership("Heart of Manchester", FORMED_ON, Policies()))
        hom.execute(join("claremont", FORMED_ON))
        for year in (FinancialYear(2014), FinancialYear(2015)):
            hom.execute(SubmitCensus("claremont", date(year.start, 1, 15), 100, 0))
            hom.execute(CallContributions(year, year.first_day))
    status = json.loads(
        ok(quick("status", "--url", url, "-p", "hom", "--as-of", "2015-05-01", "--json"))
    )
    assert status["arrears"] == [
        {
            "member_id": "claremont",
            "financial_year": fy,
            "called": "200.00",
            "paid": "0.00",
            "outstanding": "200.00",
        }
        for fy in ("2014-15", "2015-16")
    ]
    assert [s["held"] for s in status["statements"]] == ["0.00", "0.00"]
    assert "arrears, all years" in ok(quick("status", "--url", url, "-p", "hom"))


def test_g2_an_unrecorded_rotation_is_overdue_with_the_head_whose_turn_it_is(source: str) -> None:
    """G2: the recorded chair stays the truth; the agenda and the status say whose turn it is."""
    day = ("--as-of", "2017-09-05")
    items = agenda_json(source, *day)["items"]
    assert isinstance(items, list)
    rotation = next(item for item in items if item["rule"] == "G2")
    assert rotation["status"] == "overdue"
    assert "the turn of the head of Martenscroft Nursery School" in rotation["subject"]
    status = json.loads(ok(quick("status", "--url", source, "-p", PARTNERSHIP, "--json", *day)))
    assert status["chair"]["current"]["member_id"] == "webster"  # recorded, still in the chair
    assert status["chair"]["rotation_due"] is True
    assert status["chair"]["turn_of"] == "Head, Martenscroft Nursery School"
