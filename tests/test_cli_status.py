"""``hom status``, ``hom export`` and ``hom forget`` on a small partnership recorded by the
library: the command answers what the library's view answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import pytest

from cli_support import ok, run, sqlite_url, user_error
from hom_core import Exporter, Plugins, UsageError, hookimpl, open_log, open_people
from hom_core.application import Partnership
from hom_core.domain import (
    FORGOTTEN,
    AppointBanker,
    CallContributions,
    FinancialYear,
    FormPartnership,
    GiveNotice,
    JoinPartnership,
    Money,
    OrganisationKind,
    Person,
    RecordPayment,
    RotateChair,
    SubmitCensus,
    Urn,
)

SCHOOLS = {"claremont": "105412", "webster": "105430", "st-marys": "105497"}
CENSUS = {"claremont": (402, 26), "webster": (415, 30), "st-marys": (230, 28)}


def head(member_id: str) -> str:
    """The id of the head of ``member_id``."""
    return f"person-{member_id}-head"


@pytest.fixture
def url(tmp_path: Path) -> str:
    """Three schools from 2013; a census, a call and one payment for 2014-15; the chair
    rotated in September 2013; Webster's notice received on 2015-03-02."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    people = open_people(url)
    with open_log(url) as log:
        hom = Partnership(log, "hom", people=people)
        hom.execute(FormPartnership("Hom", date(2013, 7, 1)))
        for member_id, urn in SCHOOLS.items():
            people.put(Person(head(member_id), f"Head of {member_id}"))
            hom.execute(
                JoinPartnership(
                    member_id,
                    member_id.title(),
                    OrganisationKind.PRIMARY,
                    head=head(member_id),
                    chair_of_governors=f"person-{member_id}-cog",
                    partnership_chair="person-chair",
                    signed_on=date(2013, 7, 10),
                    urn=Urn(urn),
                )
            )
        hom.execute(AppointBanker("claremont", date(2013, 7, 10)))
        hom.execute(RotateChair(date(2013, 9, 1)))
        for member_id, (full_time, part_time) in CENSUS.items():
            hom.execute(SubmitCensus(member_id, date(2014, 1, 16), full_time, part_time))
        hom.execute(CallContributions(FinancialYear(2014), date(2014, 4, 1)))
        hom.execute(
            RecordPayment("claremont", FinancialYear(2014), Money.pounds(830), date(2014, 4, 28))
        )
        hom.execute(GiveNotice("webster", date(2015, 3, 2)))
    people.close()
    return url


def _status(url: str, *args: str) -> Any:
    return json.loads(ok(run("status", "--url", url, "-p", "hom", "--json", *args)))


# -- status ----------------------------------------------------------------------------------


def test_status_json_answers_what_the_library_answers_m2_m4_f1_g2(url: str) -> None:
    status = _status(url, "--as-of", "2015-04-01", "--financial-year", "2014-15")
    with open_log(url) as log:
        view = Partnership(log, "hom").as_of(date(2015, 4, 1))
        rows = view.funding.contributions(FinancialYear(2014))
        chair = view.governance.chair()
    assert status["as_of"] == "2015-04-01"
    assert status["name"] == "Hom"
    assert [m["member_id"] for m in status["members"]] == [m.member_id for m in view.members()]
    assert status["members"][0] == {
        "member_id": "claremont",
        "name": "Claremont",
        "kind": "primary",
        "urn": "105412",
        "joined_on": "2013-07-10",
    }
    assert status["notices"] == [
        {"member_id": "webster", "name": "Webster", "leaves_on": str(view.under_notice()[0][1])}
    ]
    money = status["contributions"]
    assert money["financial_year"] == "2014-15"
    assert money["banker"] == "claremont"
    assert money["rate"] == "2.00"
    assert [(r["member_id"], r["due"], r["paid"], r["balance"]) for r in money["rows"]] == [
        (
            r.member_id,
            str(r.due.to_decimal()),
            str(r.paid.to_decimal()),
            str(r.balance.to_decimal()),
        )
        for r in rows
    ]
    assert money["rows"][0]["fte"] == "415"  # 402 + 26 / 2
    assert chair is not None
    assert status["chair"]["current"]["member_id"] == chair.member_id
    assert status["chair"]["current"]["head"] == f"Head of {chair.member_id}"


def test_status_as_of_a_date_counts_only_the_events_effective_by_then_m4(url: str) -> None:
    before = _status(url, "--as-of", "2013-07-05")
    assert before["members"] == []
    assert before["chair"]["current"] is None
    assert before["contributions"]["rows"] == []
    after = _status(url, "--as-of", "2015-09-01")
    assert [m["member_id"] for m in after["members"]] == ["claremont", "st-marys"]


def test_status_defaults_to_the_financial_year_of_the_day_f2(url: str) -> None:
    assert _status(url, "--as-of", "2014-05-01")["contributions"]["financial_year"] == "2014-15"
    assert _status(url, "--as-of", "2014-03-31")["contributions"]["financial_year"] == "2013-14"


def test_status_prints_the_same_as_tables(url: str) -> None:
    text = ok(run("status", "--url", url, "-p", "hom", "--as-of", "2015-04-01"))
    assert text.startswith("Hom (hom) as of 2015-04-01\n")
    for fragment in ("members", "Claremont", "105497", "under notice", "Webster", "2015-08-31"):
        assert fragment in text
    assert "contributions 2015-16 at £2.00 per FTE (banker claremont, holding £830.00)" in text
    assert "none called" in text
    assert "Head of claremont" in text
    assert "next chair: " in text


# -- export ----------------------------------------------------------------------------------


def _members(partnership: Partnership, out: BinaryIO, day: date) -> None:
    for member in partnership.as_of(day).members():
        out.write(f"{member.member_id},{member.name}\n".encode())


def _refusing(partnership: Partnership, out: BinaryIO, day: date) -> None:
    out.write(b"half an export")
    raise UsageError("this exporter needs a census: record one first")


def _exporters() -> Plugins:
    plugins = Plugins()
    records = [
        Exporter("members", "text/csv", ".csv", _members, "members as of the day"),
        Exporter("refusing", "text/plain", ".txt", _refusing),
    ]
    plugins.register(SimpleNamespace(hom_exporters=hookimpl(lambda: records)), "exporters")
    return plugins


def test_export_writes_through_the_named_exporter_to_stdout(url: str) -> None:
    args = ("export", "members", "--url", url, "-p", "hom", "--as-of", "2015-09-01")
    result = run(*args, plugins=_exporters())
    assert ok(result) == "claremont,Claremont\nst-marys,St-Marys\n"


def test_export_to_a_file_replaces_it_only_when_the_export_succeeds(
    url: str, tmp_path: Path
) -> None:
    out = tmp_path / "members.csv"
    args = ("export", "--url", url, "-p", "hom", "--as-of", "2014-01-01", "-o", str(out))
    summary = json.loads(ok(run(*args, "members", "--json", plugins=_exporters())))
    assert summary == {
        "exporter": "members",
        "file": str(out),
        "as_of": "2014-01-01",
        "bytes": out.stat().st_size,
    }
    written = out.read_text()
    assert written.count("\n") == 3
    assert "wrote" in ok(run(*args, "members", plugins=_exporters()))
    line = user_error(run(*args, "refusing", plugins=_exporters()))
    assert line == "hom: this exporter needs a census: record one first"
    assert out.read_text() == written  # the failed export left the file as it was
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".members.csv")]


def test_export_lists_the_installed_exporters(url: str) -> None:
    listed = json.loads(ok(run("export", "--json", plugins=_exporters())))
    names = [row["name"] for row in listed]
    assert names == sorted(names)
    assert {"members", "refusing", "json", "report-html"} <= set(names)  # with the builtins
    assert listed[names.index("members")] == {
        "name": "members",
        "media_type": "text/csv",
        "suffix": ".csv",
        "description": "members as of the day",
    }
    line = user_error(run("export", "nope", "--url", url, "-p", "hom", plugins=_exporters()))
    assert line.startswith("hom: no exporter 'nope': the installed exporters are ")
    assert "json, members, members-csv, refusing" in line
    none = user_error(run("export", "nope", plugins=Plugins(entry_points=False)))
    assert "none (install a plugin that provides one)" in none


def test_export_json_needs_a_file(url: str) -> None:
    args = ("export", "members", "--url", url, "-p", "hom", "--json")
    assert "give -o" in user_error(run(*args, plugins=_exporters()))


# -- forget ----------------------------------------------------------------------------------


def test_forget_erases_a_person_and_the_log_still_verifies(url: str) -> None:
    person = head("claremont")
    result = run("forget", person, "--url", url, "--on", "2016-01-01", "--yes", "--json")
    assert json.loads(ok(result)) == {
        "person": person,
        "forgotten_on": "2016-01-01",
        "already": False,
    }
    status = _status(url, "--as-of", "2013-10-01")
    assert status["chair"]["current"]["head"] == FORGOTTEN
    assert "chain intact" in ok(run("verify", "--url", url))
    again = ok(run("forget", person, "--url", url, "--yes"))
    assert again == f"{person} was already forgotten on 2016-01-01: nothing to do\n"


def test_forget_asks_first_and_does_nothing_when_declined(url: str) -> None:
    person = head("webster")
    declined = run("forget", person, "--url", url, input="n\n")
    assert declined.exit_code == 1
    assert f"Erase the details of {person} (Head of webster) for good?" in declined.stderr
    assert "hom: aborted, nothing was done" in declined.stderr
    people = open_people(url)
    assert people.get(person) is not None
    people.close()
    accepted = run("forget", person, "--url", url, input="y\n")
    assert f"forgot {person} on " in ok(accepted)


def test_forget_refuses_an_unknown_person_and_a_log_with_no_people_store(
    url: str, tmp_path: Path
) -> None:
    assert "no person 'person-nobody'" in user_error(
        run("forget", "person-nobody", "--url", url, "--yes")
    )
    jsonl = f"jsonl:///{tmp_path / 'log.jsonl'}"
    line = user_error(run("forget", "person-x", "--url", jsonl, "--yes"))
    assert line.startswith("hom: the jsonl:// backend keeps no people store")
