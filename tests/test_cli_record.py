"""``hom init`` and ``hom record``: creating a log, forming a partnership, recording commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cli_support import ok, run, sqlite_url, user_error
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import (
    FinancialYear,
    FormPartnership,
    JoinPartnership,
    Money,
    OrganisationKind,
    Urn,
    Vote,
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite log in which 'hom' was formed through ``hom init``."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(run("init", "--url", url, "-p", "hom", "--name", "Hom", "--formed-on", "2013-07-01"))
    return url


WEBSTER = (
    "JoinPartnership",
    *("-f", "member_id=webster", "-f", "name=Webster Primary", "-f", "kind=primary"),
    *("-f", "head=person-1", "-f", "chair_of_governors=person-2"),
    *("-f", "partnership_chair=person-3", "-f", "signed_on=2013-07-10", "-f", "urn=105430"),
)


def _commands(url: str) -> list[object]:
    with open_log(url) as log:
        return [recorded.event for recorded in log.read_all()]


def _record(url: str, *args: str) -> Any:
    """``hom record ARGS --json`` on the partnership 'hom', parsed."""
    return json.loads(ok(run("record", "--url", url, "-p", "hom", "--json", *args)))


# -- init ------------------------------------------------------------------------------------


def test_init_creates_a_log_and_forms_the_partnership(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.sqlite3")
    args = ("init", "--url", url, "-p", "hom", "--name", "Hom", "--formed-on", "2013-07-01")
    created = json.loads(ok(run(*args, "--json")))
    assert created["formed"] == {
        "partnership": "hom",
        "name": "Hom",
        "formed_on": "2013-07-01",
        "first_position": 1,
        "last_position": created["events"],
    }
    with open_log(url) as log:
        view = Partnership(log, "hom").as_of(date(2013, 7, 1))
        assert view.state.framework.name == "Hom"
        assert (created["events"], created["head_hash"]) == log.head()


def test_init_without_a_partnership_creates_an_empty_log(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "empty.sqlite3")
    assert "a log of 0 events (new)" in ok(run("init", "--url", url))
    assert (tmp_path / "empty.sqlite3").exists()


def test_init_refuses_a_log_that_holds_events_unless_existing_is_given(url: str) -> None:
    line = user_error(run("init", "--url", url, "-p", "other", "--name", "Other"))
    assert "already holds 2 events" in line
    assert "--existing" in line
    assert len(_commands(url)) == 2  # nothing changed
    ok(run("init", "--url", url, "-p", "other", "--name", "Other", "--existing"))
    with open_log(url) as log:
        assert log.stream_version("partnership/other") == 2
        assert log.stream_version("partnership/hom") == 2  # left as it was


def test_init_forming_twice_is_refused_by_the_rules_m1(url: str) -> None:
    line = user_error(run("init", "--url", url, "-p", "hom", "--name", "Again", "--existing"))
    assert line.startswith("hom: [M1] the partnership 'Hom' was already formed on 2013-07-01")


@pytest.mark.parametrize("args", [("-p", "hom"), ("--name", "Hom"), ("--formed-on", "2013-07-01")])
def test_init_needs_the_id_and_the_name_together(tmp_path: Path, args: tuple[str, ...]) -> None:
    url = sqlite_url(tmp_path / "x.sqlite3")
    assert "--partnership" in user_error(run("init", "--url", url, *args))


# -- record ----------------------------------------------------------------------------------


def test_record_from_options_reads_values_as_the_log_stores_them(url: str) -> None:
    recorded = _record(url, *WEBSTER, "--actor", "clerk")
    (event,) = recorded["events"]
    assert event["event"] == "hom.member_joined"
    assert event["effective_date"] == "2013-07-10"
    assert event["position"] == 3
    assert _commands(url)[-1].urn == Urn("105430")
    assert _commands(url)[-1].kind is OrganisationKind.PRIMARY
    with open_log(url) as log:
        assert [r.actor for r in log.read_all()][-1] == "clerk"


def test_record_reads_ints_money_years_and_json_lists(url: str) -> None:
    _record(url, *WEBSTER)
    census = ("-f", "member_id=webster", "-f", "census_date=2014-01-16")
    _record(url, "SubmitCensus", *census, "-f", "full_time=402", "-f", "part_time=26")
    votes = '[["webster", "for"]]'
    _record(
        url,
        "TakeDecision",
        "-f",
        "decision_id=d1",
        "-f",
        "motion=402",
        "-f",
        "taken_on=2014-02-01",
        "-f",
        f"votes={votes}",
    )
    events = _commands(url)
    assert events[-2].full_time == 402  # JSON when the field is an int
    assert events[-1].motion == "402"  # text when the field is text
    assert events[-1].votes == (("webster", Vote.FOR),)


def test_record_reads_money_and_financial_years_f3(url: str) -> None:
    rate = ("-f", "financial_year=2014-15", "-f", "rate=2.50", "-f", "set_on=2014-03-01")
    recorded = _record(url, "SetContributionRate", *rate)
    (event,) = recorded["events"]
    assert event["payload"]["rate"] == "2.50"
    assert event["payload"]["financial_year"] == "2014-15"
    stored = _commands(url)[-1]
    assert (stored.rate, stored.financial_year) == (Money.pounds("2.50"), FinancialYear(2014))


def test_record_from_a_json_file_and_from_stdin(url: str, tmp_path: Path) -> None:
    _record(url, *WEBSTER)
    command = {
        "command": "GiveNotice",
        "fields": {"member_id": "webster", "received_on": "2015-03-02"},
    }
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(command))
    from_file = _record(url, "--file", str(path))
    assert from_file["command"] == "GiveNotice"
    assert _commands(url)[-1].leaves_on == date(2015, 8, 31)
    withdraw = {
        "command": "WithdrawNotice",
        "fields": {"member_id": "webster", "withdrawn_on": "2015-03-03"},
    }
    result = run("record", "--url", url, "-p", "hom", "--file", "-", input=json.dumps(withdraw))
    assert "recorded WithdrawNotice: 1 event(s)" in ok(result)


def test_dry_run_shows_the_events_and_records_nothing(url: str) -> None:
    _record(url, *WEBSTER)
    before = len(_commands(url))
    notice = ("GiveNotice", "-f", "member_id=webster", "-f", "received_on=2015-03-02")
    preview = _record(url, *notice, "--dry-run")
    assert [(e["event"], e["position"]) for e in preview["events"]] == [("hom.notice_given", None)]
    assert preview["events"][0]["payload"]["leaves_on"] == "2015-08-31"
    assert len(_commands(url)) == before
    text = ok(run("record", "--url", url, "-p", "hom", *notice, "--dry-run"))
    assert "would record 1 event(s) (dry run: nothing was recorded)" in text
    assert "hom.notice_given" in text


def test_a_rule_violation_prints_its_rule_id_on_one_line_m2(url: str) -> None:
    notice = ("GiveNotice", "-f", "member_id=nobody", "-f", "received_on=2015-03-02")
    line = user_error(run("record", "--url", url, "-p", "hom", *notice))
    assert line == "hom: [M2] 'nobody' has never joined the partnership: check the member id"
    assert len(_commands(url)) == 2


def test_an_idempotency_key_records_a_command_once(url: str) -> None:
    key = ("--idempotency-key", "join-webster")
    first = _record(url, *WEBSTER, *key)
    again = _record(url, *WEBSTER, *key)
    assert again["retried"] is True
    assert again["events"] == first["events"]
    assert len(_commands(url)) == 3
    assert "nothing new recorded" in ok(run("record", "--url", url, "-p", "hom", *WEBSTER, *key))


FIELD_ERRORS = {
    "no =": (("GiveNotice", "-f", "member_id"), "has no '='"),
    "unknown field": (
        ("GiveNotice", "-f", "school=x"),
        "GiveNotice has no field 'school': GiveNotice(member_id: str, received_on: date)",
    ),
    "twice": (("GiveNotice", "-f", "member_id=a", "-f", "member_id=b"), "given twice"),
    "missing field": (
        ("GiveNotice", "-f", "member_id=a"),
        "GiveNotice: received_on: required field missing",
    ),
    "bad enum": (
        ("AppointRoleHolder", "-f", "member_id=a", "-f", "role=boss", "-f", "person=p"),
        "role: use one of head|deputy_head|",
    ),
    "list as text": (
        ("HoldTrainingDay", "-f", "held_on=2015-01-05", "-f", "theme=t", "-f", "member_ids=a"),
        "write them as a JSON list",
    ),
    "money with fractions of a penny": (
        (
            "SpendFunds",
            *("-f", "amount=1.005", "-f", "spent_on=2015-01-01", "-f", "purpose=x"),
        ),
        "amount: '1.005' is not stored money",
    ),
    "unknown command": (("GiveNotic",), "'GiveNotic' is not a command: did you mean GiveNotice?"),
    "fields without a command": (("-f", "a=b"), "--field needs a COMMAND"),
}


@pytest.mark.parametrize("case", sorted(FIELD_ERRORS))
def test_a_malformed_command_is_one_line_naming_what_to_fix(url: str, case: str) -> None:
    args, expected = FIELD_ERRORS[case]
    assert expected in user_error(run("record", "--url", url, "-p", "hom", *args))


def test_a_command_file_that_is_not_a_command(url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    for text, expected in [
        ("{", "is not JSON"),
        ('{"command": "GiveNotice", "fieldz": {}}', "unknown key(s) fieldz"),
        ('{"command": "GiveNotice", "fields": []}', '"fields" must be a JSON object'),
        ("[1]", "a command is a JSON object"),
    ]:
        path.write_text(text)
        assert expected in user_error(run("record", "--url", url, "-p", "hom", "--file", str(path)))


def test_record_needs_a_partnership_and_one_source(url: str, tmp_path: Path) -> None:
    notice = ("GiveNotice", "-f", "member_id=a", "-f", "received_on=2015-03-02")
    assert "pass --partnership" in user_error(run("record", "--url", url, *notice))
    path = tmp_path / "c.json"
    path.write_text("{}")
    assert "not both" in user_error(
        run("record", "--url", url, "-p", "hom", *notice, "--file", str(path))
    )


def test_record_without_a_command_lists_every_command_with_its_fields(url: str) -> None:
    with open_log(url) as log:
        expected = sorted(Partnership(log, "hom").command_types())
    listed = json.loads(ok(run("record", "--json")))
    assert [row["command"] for row in listed] == expected
    fields = {row["command"]: row["fields"] for row in listed}
    assert fields["GiveNotice"] == "member_id: str, received_on: date"
    assert fields["AppointBanker"] == "member_id: str, from_date: date, [appointed_on: date | None]"
    assert "GiveNotice" in ok(run("record"))


def test_a_command_through_hom_record_is_the_one_the_library_records(url: str) -> None:
    _record(url, *WEBSTER)
    expected = JoinPartnership(
        "webster",
        "Webster Primary",
        OrganisationKind.PRIMARY,
        head="person-1",
        chair_of_governors="person-2",
        partnership_chair="person-3",
        signed_on=date(2013, 7, 10),
        urn=Urn("105430"),
    )
    with open_log("memory://") as log:
        library = Partnership(log, "hom")
        library.execute(FormPartnership("Hom", date(2013, 7, 1)))
        library.execute(expected)
        assert [r.event for r in log.read_all()] == _commands(url)
