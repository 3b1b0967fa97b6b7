"""The Camden cluster's history in examples/camden_cluster.py (``003_*.txt``) records once and
replays the answers to the cluster's questions."""

from __future__ import annotations

import pytest

from examples_support import run_twice


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Run the example twice on one SQLite file: it records once, then only replays."""
    path = tmp_path_factory.mktemp("camden") / "camden.sqlite3"
    return run_twice("camden_cluster", f"sqlite:///{path}")


def _section(output: str, day: str) -> str:
    return output.split(f"== {day} ==")[1].split("\n\n")[0]


def test_the_chair_passes_from_head_to_head_in_turn(run: tuple[str, str]) -> None:
    """003: "chaired by each Head in turn"."""
    first, _ = run
    chairs = [
        line for day in ("2015-03-01", "2017-07-20", "2018-03-01")
        for line in _section(first, day).splitlines() if line.startswith("chair: ")
    ]  # fmt: skip
    assert [line.split(" (")[0] for line in chairs] == [
        "chair: Fleet Primary School",
        "chair: Rhyl Primary School",
        "chair: Netley Primary School",
    ]


def test_which_school_has_not_had_its_enquiry_this_year(run: tuple[str, str]) -> None:
    """003: "an annual School Review": Netley's of 2017/18 is still to come on 1 March 2018,
    and in 2016/17 every school has had its own by July."""
    first, _ = run
    assert "not had their enquiry in 2017/18: Netley Primary School" in _section(
        first, "2018-03-01"
    )
    assert "not had their enquiry in 2016/17: none" in _section(first, "2017-07-20")


def test_peer_heads_show_a_forgotten_head_as_forgotten(run: tuple[str, str]) -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools"; Rhyl's former head was
    erased from the people store and shows as forgotten."""
    first, _ = run
    peers = _section(first, "2018-03-01").split("peer heads (times served):")[1]
    assert "(forgotten): 2" in peers
    assert "Headteacher from 2016, Rhyl Primary School: 2" in peers


def test_a_refused_enquiry_cites_its_rule_and_a_second_run_replays_the_same(
    run: tuple[str, str],
) -> None:
    """003: "a peer Head Teacher from one of the Cluster Schools": a head put forward as peer
    head of their own school's enquiry is refused (CAM3), and nothing is recorded."""
    first, second = run
    assert "refused: [CAM3]" in first
    assert "recorded 0 commands" in second
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]
    assert "chain intact" in second
