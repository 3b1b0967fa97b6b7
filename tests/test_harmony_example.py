"""examples/harmony_support.py (004_*.txt): the alliance's support recorded once, then replayed."""

from __future__ import annotations

import pytest

from examples_support import run_twice


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Two runs of the example on one SQLite file."""
    path = tmp_path_factory.mktemp("example") / "harmony.sqlite3"
    return run_twice("harmony_support", f"sqlite:///{path}")


def _on(output: str, heading: str) -> str:
    return output.split(f"== {heading} ==")[1].split("==")[0]


def test_the_five_terms_end_on_the_alliance_s_recorded_term_dates(
    outputs: tuple[str, str],
) -> None:
    """HAR3, C1: Hollin Brook's five terms end with the recorded spring term 2016 (24 March);
    HAR2: its leadership resisted, so its support is interventionist."""
    first, _ = outputs
    before = _on(first, "2015-02-02")
    assert "Hollin Brook Primary (URN 105901), interventionist, 2014-10-01 to 2016-03-24" in before
    assert "Sholver Lane Primary (URN 105917), supportive, 2015-01-26 to 2016-07-20" in before
    assert "ending this term (spring term 2014/15" in before
    assert "): none" in before.split("ending this term")[1].split("\n")[0]


def test_the_questions_as_of_each_day(outputs: tuple[str, str]) -> None:
    """The issue's questions: agreements ending this term, in follow-up, outcomes, support."""
    first, _ = outputs
    assert "(2016-01-04 to 2016-03-24)): hollin-brook-2014" in _on(first, "2016-02-01")
    summer = _on(first, "2016-06-15")
    assert "(2016-04-11 to 2016-07-20)): sholver-lane-2015" in summer
    assert "in follow-up: hollin-brook-2014" in summer
    final = _on(first, "2017-03-01")
    assert "outcomes met (3)" in final
    assert "outcomes missed (1): Hollin Brook Primary: y6-rwm" in final
    assert "outcomes not yet measured (2)" in final
    assert "support given to Hollin Brook Primary: 28 activities" in final
    assert "Follow-up mentoring 3" in final
    assert "Alder Academy: the Principal: 8" in final


def test_refused_commands_cite_their_rules_and_append_nothing(outputs: tuple[str, str]) -> None:
    """HAR1, HAR2, HAR4, HAR5, HAR6, HAR8: refusals append nothing."""
    first, _ = outputs
    refused = _on(first, "refused")
    for rule in ("HAR1", "HAR2", "HAR4", "HAR5", "HAR6", "HAR8"):
        assert f"[{rule}]" in refused
    assert "the log is unchanged" in refused


def test_a_second_run_records_nothing_and_replays_the_same_answers(
    outputs: tuple[str, str],
) -> None:
    """The log is the record: a second run only replays it, and the chain is intact."""
    first, second = outputs
    assert "recorded 61 commands" in first
    assert "recorded 0 commands" in second
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]
    assert "chain intact" in second
