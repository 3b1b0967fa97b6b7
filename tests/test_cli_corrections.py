"""``hom log``, ``hom retract`` and ``hom correct`` (R1): the record readable, and a mistake put
right from the terminal, with a dry run showing what would change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import ok, quick, sqlite_url, user_error
from hom_core import open_log

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
