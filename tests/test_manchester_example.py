"""The Manchester example (``examples/manchester_alliance.py``, from ``002_*.txt``): the alliance
and the Heart of Manchester Partnership recorded in one log, and the answers across them."""

from __future__ import annotations

from datetime import date

import pytest

from examples_support import load_example, run_twice
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import Role
from hom_plugins.exporters.rows import NO_HOLDER, member_rows
from hom_plugins.notifiers.email import every_head


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Run the example twice on one SQLite file: it records once, then only replays. The
    example imports its sibling ``heart_of_manchester`` as a script would (examples/ on the
    path)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('manchester') / 'log.sqlite3'}?synchronous=off"
    return run_twice("manchester_alliance", url)


@pytest.fixture(scope="module")
def alliance() -> Partnership:
    """The alliance's history and Heart of Manchester's, recorded in memory."""
    example = load_example("manchester_alliance")
    recorded = Partnership(open_log("memory://", plugins=example.plugins()), example.ALLIANCE)
    example.record(recorded)
    return recorded


def _on(output: str, day: str) -> str:
    return output.split(f"== {day} ==")[1].split("==")[0]


def test_members_of_every_kind_the_document_names(run: tuple[str, str]) -> None:
    """002_*.txt: schools, a sixth form college, the council, businesses, health partners,
    universities; and the Heart of Manchester Partnership from 2013-09-16."""
    first, _ = run
    before, after = _on(first, "2013-09-02"), _on(first, "2014-01-15")
    for kind in ("primary", "secondary", "special", "college 1", "council 1", "business 2"):
        assert kind in before
    assert "health 1, university 2" in before
    assert "partnership" not in before.splitlines()[1]
    assert "partnership 1" in after.splitlines()[1]


def test_schools_reached_through_the_heart_of_manchester_partnership(run: tuple[str, str]) -> None:
    """MAN12: HOM's eight schools are reached once it joins, Webster and Claremont once each
    though they are members directly too; St Philip's and Rolls Crescent no longer after they
    leave HOM."""
    first, _ = run
    assert "schools reached: 13 (0 through member partnerships)" in _on(first, "2013-09-02")
    joined = _on(first, "2014-01-15")
    assert "schools reached: 19 (8 through member partnerships)" in joined
    assert "Webster Primary (105430): direct and through Heart of Manchester Partnership" in joined
    assert "St Philip's CE Primary (105488): through Heart of Manchester Partnership" in joined
    assert joined.count("Webster Primary (105430)") == 1
    also = "also direct members, of Heart of Manchester Partnership: Webster Primary, Claremont"
    assert also in joined
    assert "schools reached by kind: nursery 1, primary 12, secondary 4, special 2" in joined
    assert "schools reached: 17 (6 through member partnerships)" in _on(first, "2016-09-01")


def test_the_think_tank_groups_and_sep_chair(run: tuple[str, str]) -> None:
    """MAN1-MAN11: the think tank's education seat replaced in 2015; the groups as submitted;
    the new Leader flagged until appointed chair."""
    first, _ = run
    assert "think tank, education: Headteacher, Northbrook" in _on(first, "2014-01-15")
    assert "think tank, education: Dean of Education, City University" in _on(first, "2016-09-01")
    assert "supporting group: 7 schools" in _on(first, "2014-01-15")
    assert "submitted on 2013-03-28, asking for £60,000.00" in _on(first, "2014-01-15")
    assert "WARNING: Leader of the Council, Manchester City Council chairs the SEP" in _on(
        first, "2022-01-10"
    )
    final = _on(first, "2022-02-01")
    assert "SEP chair: Leader of the Council from December 2021" in final
    assert "WARNING" not in final


def test_a_second_run_records_nothing_and_replays_the_same_answers(run: tuple[str, str]) -> None:
    """Both histories are recorded once; a second run only replays them."""
    first, second = run
    assert "recorded 0 commands" in second
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]
    assert "chain intact" in second


def test_m1_members_that_are_not_schools_join_with_no_head_or_chair(alliance: Partnership) -> None:
    """M1 (002_*.txt): the schools sign by head and chair of governors; the council, college,
    businesses, health partner, universities and Heart of Manchester join with neither, and the
    members table shows a dash for them."""
    view = alliance.as_of(date(2014, 1, 15))
    rows = {row.member_id: row for row in member_rows(view)}
    for member in view.members():
        head = member.holder_on(Role.HEAD, view.day)
        chair = member.holder_on(Role.CHAIR_OF_GOVERNORS, view.day)
        row = rows[member.member_id]
        if member.kind.is_school:
            assert None not in (head, chair)
            assert (row.head, row.chair_of_governors) == (view.name_of(head), view.name_of(chair))
            assert member.name in row.head
        else:
            assert (head, chair, row.head, row.chair_of_governors) == (
                None,
                None,
                NO_HOLDER,
                NO_HOLDER,
            )
    kinds = {member.kind.value for member in view.members() if not member.kind.is_school}
    assert kinds == {"council", "college", "business", "health", "university", "partnership"}


def test_g1_the_strategic_group_is_the_heads_of_member_schools_only(alliance: Partnership) -> None:
    """G1: mail to the strategic group goes to the heads of the member schools; the alliance's
    other members have none to mail."""
    view = alliance.as_of(date(2014, 1, 15))
    schools = [member for member in view.members() if member.kind.is_school]
    assert every_head(view) == tuple(member.holder_on(Role.HEAD, view.day) for member in schools)
    assert len(every_head(view)) == 13  # its own 11 schools, Webster and Claremont
