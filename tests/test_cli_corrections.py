"""``hom log``, ``hom retract`` and ``hom correct`` (R1): the record readable, and a mistake put
right from the terminal, with a dry run showing what would change."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cli_support import installed_plugins, ok, quick, sqlite_url, user_error
from export_support import export
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import CorrectFact, FormPartnership, GiveNotice, ReportToGovernors
from hom_core.testing.strategies import join

JOIN = (
    *("-f", "member_id=st-marys", "-f", "name=St Mary's", "-f", "kind=primary"),
    *("-f", "head=person-1", "-f", "chair_of_governors=person-2", "-f", "partnership_chair=p3"),
)
CORRECTED = ("--reason", "typed 2014", "--by", "person-clerk", "--on", "2014-10-01")


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A log in which 'hom' was formed (positions 1 and 2) and St Mary's joined on 2014-09-01
    (position 3) and gave notice (position 4)."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(quick("init", "--url", url, "-p", "hom", "--name", "Hom", "--formed-on", "2013-07-01"))
    ok(
        quick(
            "record",
            "--url",
            url,
            "-p",
            "hom",
            "JoinPartnership",
            *JOIN,
            "-f",
            "signed_on=2014-09-01",
        )
    )
    notice = ("-f", "member_id=st-marys", "-f", "received_on=2015-03-02")
    ok(quick("record", "--url", url, "-p", "hom", "GiveNotice", *notice))
    return url


def facts(url: str, *options: str) -> list[dict[str, object]]:
    rows = json.loads(ok(quick("log", "--url", url, "-p", "hom", "--json", *options)))["facts"]
    assert isinstance(rows, list)
    return rows


def test_r1_hom_log_lists_each_fact_with_its_position_dates_author_type_and_summary(
    url: str,
) -> None:
    """R1: `hom log` shows what `hom retract` and `hom correct` take; filters by member, type
    and date range; the table shows the same facts."""
    rows = facts(url)
    assert [row["position"] for row in rows] == [1, 2, 3, 4]
    joined = rows[2]
    assert joined["effective_date"] == "2014-09-01"
    assert joined["type"] == "hom.member_joined"
    assert joined["by"] == "system"
    assert "member_id=st-marys" in str(joined["summary"])
    assert [row["position"] for row in facts(url, "--member", "st-marys")] == [3, 4]
    assert [row["position"] for row in facts(url, "--type", "notice")] == [4]
    assert [row["position"] for row in facts(url, "--since", "2014-01-01")] == [3, 4]
    assert [row["position"] for row in facts(url, "--until", "2014-12-31")] == [1, 2, 3]
    table = ok(quick("log", "--url", url, "-p", "hom", "--member", "st-marys"))
    assert "hom.notice_given" in table
    assert "2014-09-01" in table


def test_r1_hom_correct_with_dry_run_shows_the_change_and_records_nothing(url: str) -> None:
    """R1: --dry-run names the fact retracted and the facts it would record."""
    with open_log(url) as log:
        head = log.head()
    args = ("correct", "3", "JoinPartnership", *JOIN, "-f", "signed_on=2013-09-02", *CORRECTED)
    shown = json.loads(ok(quick(*args, "--url", url, "-p", "hom", "--dry-run", "--json")))
    assert shown["dry_run"] is True
    assert shown["retracts"]["position"] == 3
    assert [each["type"] for each in shown["records"]] == [
        "hom.fact_retracted",
        "hom.member_joined",
    ]
    assert "would retract position 3" in ok(quick(*args, "--url", url, "-p", "hom", "--dry-run"))
    with open_log(url) as log:
        assert log.head() == head


def test_r1_hom_correct_records_the_retraction_and_the_replacement(url: str) -> None:
    """R1: after `hom correct`, St Mary's is a member from 2013-09-02; `hom log` marks the
    original as retracted; status as of 2014-01-01 lists it."""
    args = ("correct", "3", "JoinPartnership", *JOIN, "-f", "signed_on=2013-09-02", *CORRECTED)
    done = json.loads(ok(quick(*args, "--url", url, "-p", "hom", "--json")))
    assert [each["position"] for each in done["records"]] == [5, 6]
    rows = {row["position"]: row for row in facts(url)}
    assert rows[3]["retracted_by"] == 5
    status = quick("status", "--url", url, "-p", "hom", "--as-of", "2014-01-01", "--json")
    assert [m["member_id"] for m in json.loads(ok(status))["members"]] == ["st-marys"]


def test_r1_hom_retract_refusals_are_one_line_and_record_nothing(url: str) -> None:
    """R1, R2: retracting the joining the notice rests on is refused naming the notice (its
    position, date and rule M2); an unknown position is refused too; nothing is recorded."""
    retract = ("retract", "--url", url, "-p", "hom", "--reason", "wrong", "--by", "person-clerk")
    line = user_error(quick(*retract, "3"))
    assert "[M2]" in line
    assert "position 4" in line
    assert "2015-03-02" in line
    assert "[R1]" in user_error(quick(*retract, "99"))
    assert len(facts(url)) == 4
    ok(quick(*retract, "4"))
    assert facts(url)[3]["retracted_by"] == 5


def _log_with_corrections() -> Partnership:
    """Two member schools, a report to Alpha's governors on 2014-01-20, a payment corrected
    before it (2014-01-10) and a joining date corrected after it (2014-02-03)."""
    hom = Partnership(open_log("memory://", plugins=installed_plugins()), "small")
    hom.execute(FormPartnership("Small Partnership", date(2013, 7, 1)))
    for school in ("alpha", "beta"):
        hom.execute(join(school, date(2013, 7, 10)))
    beta = hom.log.head()[0]
    hom.execute(GiveNotice("alpha", date(2013, 12, 2)))
    notice = hom.log.head()[0]
    hom.execute(
        CorrectFact(
            notice, GiveNotice("alpha", date(2013, 12, 9)), "letter dated 9th", "p-1",
            date(2014, 1, 10),
        )
    )  # fmt: skip
    hom.execute(ReportToGovernors("alpha", date(2014, 1, 20)))
    hom.execute(
        CorrectFact(
            beta, join("beta", date(2013, 7, 11)), "signed on 11th", "p-2", date(2014, 2, 3)
        )
    )
    return hom


def test_r1_the_governors_report_shows_the_corrections_since_the_last_report() -> None:
    """R1, G7: the report of 2014-03-03 lists the joining date corrected on 2014-02-03, since
    the last report (2014-01-20), not the notice corrected before it; a report before any
    correction has no such section."""
    hom = _log_with_corrections()
    text = export(hom, "report-md", date(2014, 3, 3)).decode()
    section = text.split("Corrections to the record", 1)[1]
    assert "since the last report, on 20 January 2014: 1." in section
    assert "signed on 11th" in section
    assert "letter dated 9th" not in section
    assert "Corrections to the record" not in export(hom, "report-md", date(2014, 1, 5)).decode()


def test_r1_the_exports_show_every_correction_with_its_date() -> None:
    """R1: the json export's ``corrections`` and ``corrections-csv`` list both corrections made
    by the day, each with the fact it put right; filtering on corrected_on gives what changed
    since a date."""
    hom = _log_with_corrections()
    document = json.loads(export(hom, "json", date(2014, 3, 3)))
    made = [
        (row["corrected_on"], row["event_type"], row["replaced"]) for row in document["corrections"]
    ]
    assert made == [
        ("2014-01-10", "hom.notice_given", True),
        ("2014-02-03", "hom.member_joined", True),
    ]
    assert document["corrections"][1]["effective_date"] == "2013-07-10"
    assert json.loads(export(hom, "json", date(2014, 1, 15)))["corrections"][0]["reason"] == (
        "letter dated 9th"
    )
    rows = export(hom, "corrections-csv", date(2014, 3, 3)).decode().splitlines()
    assert rows[0] == "corrected_on,position,event_type,effective_date,replaced,reason,by"
    assert rows[2].startswith("2014-02-03,")
