"""Given/when/then scenarios (hom_core.testing.scenario): what they assert, and what a failure
says."""

from __future__ import annotations

from datetime import date

import pytest

from hom_core import HomError, RuleViolation, UsageError, open_log
from hom_core.application import Partnership
from hom_core.domain import FormPartnership, GiveNotice, Money, OrganisationKind
from hom_core.domain.funding.events import CensusSubmitted
from hom_core.domain.membership.events import MemberJoined, NoticeGiven
from hom_core.testing import PartnershipScenario, join

FORMED = FormPartnership("Heart of Manchester", date(2013, 7, 1))


def formed_with_st_marys() -> PartnershipScenario:
    return PartnershipScenario().given_commands(FORMED, join("st-marys", date(2013, 7, 10)))


def test_m2_then_passes_for_the_events_appended_and_chains() -> None:
    """M2: notice after the first day of the spring term ends membership with the summer term;
    a second notice is refused."""
    scenario = formed_with_st_marys()
    outcome = scenario.when(GiveNotice("st-marys", date(2015, 1, 5)))
    after = outcome.then(NoticeGiven("st-marys", date(2015, 1, 5), date(2015, 8, 31)))
    assert after is scenario
    error = after.when(GiveNotice("st-marys", date(2015, 2, 1))).then_raises(
        RuleViolation, rule="M2", match="already gave notice"
    )
    assert error.rule == "M2"


def test_a_wrong_expectation_shows_expected_and_actual_and_the_field_that_differs() -> None:
    outcome = formed_with_st_marys().when(GiveNotice("st-marys", date(2015, 1, 5)))
    with pytest.raises(AssertionError) as failed:
        outcome.then(NoticeGiven("st-marys", date(2015, 1, 5), date(2015, 4, 30)))
    assert str(failed.value).splitlines() == [
        "when GiveNotice(member_id='st-marys', received_on=datetime.date(2015, 1, 5))",
        "expected 1 event:",
        "  1. NoticeGiven(member_id='st-marys', received_on=datetime.date(2015, 1, 5), "
        "leaves_on=datetime.date(2015, 4, 30))",
        "got 1 event:",
        "  1. NoticeGiven(member_id='st-marys', received_on=datetime.date(2015, 1, 5), "
        "leaves_on=datetime.date(2015, 8, 31))",
        "event 1 differs in leaves_on: expected datetime.date(2015, 4, 30), "
        "got datetime.date(2015, 8, 31)",
    ]


def test_expecting_nothing_when_events_were_appended_lists_them() -> None:
    outcome = formed_with_st_marys().when(GiveNotice("st-marys", date(2015, 1, 5)))
    with pytest.raises(AssertionError, match="expected 0 events") as failed:
        outcome.then()
    assert "got 1 event:\n  1. NoticeGiven(" in str(failed.value)
    assert str(failed.value).endswith("the first 0 events agree; then more were appended")


def test_expecting_events_of_another_type_names_both() -> None:
    outcome = formed_with_st_marys().when(GiveNotice("st-marys", date(2015, 1, 5)))
    other = CensusSubmitted("st-marys", date(2015, 1, 15), 200, 0, date(2015, 1, 15))
    with pytest.raises(AssertionError, match="expected CensusSubmitted, got NoticeGiven"):
        outcome.then(other)


def test_expecting_events_from_a_refused_command_shows_the_rule_it_broke() -> None:
    """M2: notice from a school that never joined is refused."""
    outcome = formed_with_st_marys().when(GiveNotice("never-joined", date(2015, 1, 5)))
    expected = NoticeGiven("never-joined", date(2015, 1, 5), date(2015, 8, 31))
    with pytest.raises(AssertionError, match=r"but it raised RuleViolation \(M2\): .*never"):
        outcome.then(expected)


def test_then_raises_fails_when_the_command_went_through() -> None:
    outcome = formed_with_st_marys().when(GiveNotice("st-marys", date(2015, 1, 5)))
    with pytest.raises(AssertionError) as failed:
        outcome.then_raises(RuleViolation, rule="M2")
    assert "citing M2, but it appended 1 event:\n  1. NoticeGiven(" in str(failed.value)


@pytest.mark.parametrize(
    ("kind", "rule", "match", "says"),
    [
        (UsageError, None, None, "expected UsageError, but it raised RuleViolation (M2)"),
        (RuleViolation, "M1", None, "expected a violation of rule M1, but it raised"),
        (HomError, None, "quorum", "expected the message to contain 'quorum', but it raised"),
    ],
)
def test_then_raises_fails_for_another_error_rule_or_message(
    kind: type[HomError], rule: str | None, match: str | None, says: str
) -> None:
    """M2: the error raised is a violation of M2, not of what the test expects."""
    outcome = formed_with_st_marys().when(GiveNotice("never-joined", date(2015, 1, 5)))
    with pytest.raises(AssertionError) as failed:
        outcome.then_raises(kind, rule=rule, match=match)
    assert says in str(failed.value)


def test_any_hom_error_can_be_expected() -> None:
    """A command that is not a partnership command is a usage error, not a rule violation."""
    outcome = formed_with_st_marys().when(Money(200))
    assert isinstance(outcome.then_raises(UsageError, match="not a partnership command"), HomError)


def test_other_exceptions_propagate_from_when(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(command: object) -> None:
        raise RuntimeError("a bug, not a refusal")

    scenario = PartnershipScenario()
    monkeypatch.setattr(scenario.partnership, "execute", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        scenario.when(FORMED)


def test_m1_given_events_are_appended_as_they_are_effective_on_their_day() -> None:
    """M1, M4: events given are recorded without asking the rules (a join before the
    partnership was formed), each effective on its own date."""
    joined = MemberJoined(
        "st-marys", "St Mary's", OrganisationKind.PRIMARY, None, "h", "c", "p", date(2013, 7, 10)
    )
    scenario = PartnershipScenario().given(joined)
    assert scenario.partnership.as_of(date(2013, 7, 9)).members() == []
    assert [m.member_id for m in scenario.partnership.as_of(date(2013, 7, 10)).members()] == [
        "st-marys"
    ]
    assert scenario.given() is scenario


def test_given_refuses_a_command_and_says_where_commands_go() -> None:
    with pytest.raises(UsageError, match=r"given\(FormPartnership\(...\)\): not a registered"):
        PartnershipScenario().given(FORMED)


def test_m1_a_given_command_the_rules_refuse_fails_noting_which_it_was() -> None:
    """M1: joining before the partnership is formed is refused."""
    with pytest.raises(RuleViolation) as refused:
        PartnershipScenario().given_commands(join("st-marys", date(2013, 7, 10)), FORMED)
    assert refused.value.rule == "M1"
    assert refused.value.__notes__ == [
        f"raised by given command 1 of 2: {join('st-marys', date(2013, 7, 10))!r}"
    ]


def test_a_scenario_runs_on_the_log_and_partnership_given() -> None:
    log = open_log("memory://")
    scenario = PartnershipScenario(log, "camden")
    scenario.given_commands(FORMED)
    assert scenario.log is log
    assert isinstance(scenario.partnership, Partnership)
    assert log.stream_version("partnership/camden") == 2


def test_then_raises_fails_when_events_were_appended_all_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refusal appends nothing: then_raises checks that too."""
    scenario = formed_with_st_marys()
    notice = NoticeGiven("st-marys", date(2015, 1, 5), date(2015, 8, 31))

    def appends_then_refuses(command: object) -> None:
        scenario.log.append(scenario.partnership.stream_id, [notice], expected_version=None)
        raise RuleViolation("M2", "refused after appending")

    monkeypatch.setattr(scenario.partnership, "execute", appends_then_refuses)
    outcome = scenario.when(GiveNotice("st-marys", date(2015, 1, 5)))
    with pytest.raises(AssertionError, match=r"raised RuleViolation \(M2\).* but appended 1"):
        outcome.then_raises(RuleViolation, rule="M2")
