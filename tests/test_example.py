"""The README's main job: the Heart of Manchester history in examples/ records and replays."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from examples_support import run_twice


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """Run the example twice on one SQLite file: it records once, then only replays."""
    path = tmp_path_factory.mktemp("example") / "hom.sqlite3"
    return *run_twice("heart_of_manchester", f"sqlite:///{path}"), path


def _section(output: str, day: str) -> str:
    return output.split(f"== {day} ==")[1].split("==")[0]


def test_the_agreement_s_eight_members_and_the_later_text_s_six(run: tuple[str, str, Path]) -> None:
    first, _, _ = run
    assert "members (8)" in _section(first, "2013-09-02")
    final = _section(first, "2017-07-20")
    assert "members (6)" in final
    assert "St Philip's" not in final.split("\n")[1]
    assert "Rolls Crescent" not in final.split("\n")[1]


def test_the_banker_hand_over_shows_while_no_successor_is_appointed(
    run: tuple[str, str, Path],
) -> None:
    first, _, _ = run
    assert "WARNING: Rolls Crescent Primary, the banker school, is under notice" in _section(
        first, "2016-02-01"
    )
    assert "banker: Claremont Primary" in _section(first, "2017-07-20")


def test_a_second_run_records_nothing_and_replays_the_same_answers(
    run: tuple[str, str, Path],
) -> None:
    first, second, path = run
    assert "recorded 0 commands" in second
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]
    assert "chain intact" in second
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM people").fetchone()[0] > 0
