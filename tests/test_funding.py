"""Funding (F1-F6, C2 and the banker rules), through the public Partnership API."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from domain_strategies import new_partnership
from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import (
    PARTNERSHIP,
    AdoptPolicies,
    AppointBanker,
    CallContributions,
    FinancialYear,
    Fte,
    GiveNotice,
    JoinerCharge,
    Money,
    OrganisationKind,
    PartnershipState,
    Policies,
    RecordPayment,
    SetContributionRate,
    SpendFunds,
    SubmitCensus,
    WithdrawNotice,
)
from hom_core.domain.funding.amounts import AGREED_RATE, contribution
from hom_core.domain.funding.events import ContributionAdjusted, ContributionDue, ContributionPaid
from hom_core.testing.strategies import FORMED_ON, join
from properties import examples

evolve = PARTNERSHIP.evolve

FY13 = FinancialYear(2013)
FY14 = FinancialYear(2014)
FY15 = FinancialYear(2015)
JAN14 = date(2014, 1, 16)
JAN15 = date(2015, 1, 15)


def pounds(text: str) -> Money:
    return Money.pounds(text)


def hom_of(*members: str, policies: Policies | None = None) -> Partnership:
    """A partnership whose ``members`` all signed when it was formed."""
    _, hom = new_partnership(policies=policies)
    for member_id in members:
        hom.execute(join(member_id, FORMED_ON))
    return hom


def refused(hom: Partnership, command: object, rule: str, *words: str) -> RuleViolation:
    """``command`` breaks ``rule``, its message says ``words``, and nothing was appended."""
    before = hom.log.stream_version(hom.stream_id)
    with pytest.raises(RuleViolation) as caught:
        hom.execute(command)
    assert caught.value.rule == rule
    for word in words:
        assert word in str(caught.value)
    assert hom.log.stream_version(hom.stream_id) == before
    return caught.value


def billed(hom: Partnership, year: FinancialYear = FY14, day: date | None = None) -> set[str]:
    view = hom.as_of(day or year.last_day).funding
    return {row.member_id for row in view.contributions(year)}


# -- C2: the census --------------------------------------------------------------------------


def test_c2_fte_counts_a_part_time_pupil_as_half() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 3))
    hom.execute(CallContributions(FY14, FY14.first_day))
    row = hom.as_of(FY14.first_day).funding.contributions(FY14)[0]
    assert row.fte == Fte.parse("201.5")
    assert row.due == pounds("403.00")
    assert hom.as_of(JAN14).funding.census("claremont", 2014) is not None


def test_c2_only_a_january_census_from_a_member_school_is_recorded() -> None:
    hom = hom_of("claremont")
    hom.execute(join("city-council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    refused(hom, SubmitCensus("claremont", date(2014, 10, 2), 200, 0), "C2", "January")
    refused(hom, SubmitCensus("claremont", JAN14, -1, 0), "C2", "whole number")
    refused(hom, SubmitCensus("claremont", JAN14, 200, 0, date(2014, 1, 10)), "C2", "before")
    refused(hom, SubmitCensus("nobody", JAN14, 200, 0), "C2", "never joined")
    refused(hom, SubmitCensus("city-council", JAN14, 200, 0), "C2", "not a school")
    refused(hom, SubmitCensus("claremont", datetime(2014, 1, 16, 9), 200, 0), "C2", "date")


def test_c2_a_census_before_joining_is_submitted_once_the_school_has_signed() -> None:
    hom = hom_of("claremont")
    refused(hom, SubmitCensus("webster", JAN14, 300, 0), "C2", "never joined")
    hom.execute(join("webster", date(2014, 6, 1)))
    refused(hom, SubmitCensus("webster", JAN14, 300, 0), "C2", "not a member on 2014-01-16")
    hom.execute(SubmitCensus("webster", JAN14, 300, 0, submitted_on=date(2014, 6, 1)))
    assert hom.as_of(date(2014, 6, 1)).funding.census("webster", 2014) is not None


def test_c2_a_corrected_census_replaces_the_first_and_adjusts_its_contribution() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 3))
    hom.execute(SubmitCensus("claremont", JAN14, 200, 5))  # before the call: replaced, no trace
    hom.execute(CallContributions(FY14, FY14.first_day))
    assert hom.as_of(FY14.first_day).funding.owed("claremont", FY14) == pounds("405.00")
    hom.execute(RecordPayment("claremont", FY14, pounds("405.00"), date(2014, 4, 10)))

    hom.execute(SubmitCensus("claremont", date(2014, 1, 17), 210, 5, date(2014, 6, 2)))

    before, after = hom.as_of(date(2014, 6, 1)).funding, hom.as_of(date(2014, 6, 2)).funding
    assert before.owed("claremont", FY14) == pounds("405.00")
    row = after.contributions(FY14)[0]
    assert (row.due, row.adjustments, row.owed) == (
        pounds("405.00"),
        pounds("20.00"),
        pounds("425.00"),
    )
    assert row.fte == Fte.parse("212.5")
    assert row.balance == pounds("20.00")
    census = after.census("claremont", 2014)
    assert census is not None
    assert census.census_date == date(2014, 1, 17)  # the date was corrected too
    adjustments = [
        r.event
        for r in hom.log.read_stream(hom.stream_id)
        if isinstance(r.event, ContributionAdjusted)
    ]
    assert [a.amount for a in adjustments] == [pounds("20.00")]
    assert "202.5 FTE -> 212.5 FTE" in adjustments[0].reason

    # corrected downwards below what was paid: the balance is a credit, nothing more is taken
    hom.execute(SubmitCensus("claremont", JAN14, 190, 0, date(2014, 7, 1)))
    later = hom.as_of(date(2014, 7, 1)).funding
    assert later.owed("claremont", FY14) == pounds("380.00")
    assert later.outstanding("claremont", FY14) == pounds("-25.00")
    refused(hom, RecordPayment("claremont", FY14, pounds("0.01"), date(2014, 7, 2)), "F1")


# -- F1: contributions -----------------------------------------------------------------------


def test_f1_contribution_is_fte_times_rate() -> None:
    hom = hom_of("claremont", "webster")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 3))
    hom.execute(SubmitCensus("webster", JAN14, 412, 1))
    hom.execute(CallContributions(FY14, date(2014, 3, 20)))
    view = hom.as_of(FY14.first_day).funding
    assert view.owed("claremont", FY14) == pounds("403.00")
    assert view.owed("webster", FY14) == pounds("825.00")
    rows = view.contributions(FY14)
    assert [(r.name, r.rate, r.months, r.due_on) for r in rows] == [
        ("Claremont", AGREED_RATE, 12, FY14.first_day),
        ("Webster", AGREED_RATE, 12, FY14.first_day),
    ]
    # payable at the start of the year: not owed the day before
    assert hom.as_of(date(2014, 3, 31)).funding.owed("claremont", FY14) == Money.zero()


def test_f1_only_member_schools_contribute() -> None:
    hom = hom_of("claremont")
    hom.execute(join("city-council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    assert billed(hom) == {"claremont"}


def test_f1_calling_without_a_census_names_the_school_and_the_census_to_submit() -> None:
    hom = hom_of("claremont", "webster", "martenscroft")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 0))
    hom.execute(
        SubmitCensus("webster", date(2013, 1, 17), 300, 0, FORMED_ON)
    )  # an older census is not used
    error = refused(hom, CallContributions(FY14, FY14.first_day), "F1")
    assert "Webster (its January 2014 census)" in error.detail
    assert "Martenscroft (its January 2014 census)" in error.detail
    assert "SubmitCensus" in error.detail
    assert "Claremont" not in error.detail


def test_f1_a_call_is_made_within_its_year_and_only_once() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 0))
    refused(hom, CallContributions(FY14, date(2015, 4, 1)), "F1", "ended on 2015-03-31")
    hom.execute(CallContributions(FY14, FY14.first_day))
    refused(hom, CallContributions(FY14, date(2014, 5, 1)), "F1", "already been billed")


def test_f1_payments_go_to_a_called_contribution_and_never_overpay() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 200, 3))
    refused(hom, RecordPayment("claremont", FY14, pounds("10.00"), date(2014, 4, 2)), "F1", "call")
    hom.execute(CallContributions(FY14, date(2014, 3, 1)))
    refused(hom, RecordPayment("claremont", FY14, Money.zero(), date(2014, 4, 2)), "F1", "£0.00")
    refused(hom, RecordPayment("claremont", FY14, pounds("1.00"), date(2014, 3, 31)), "F1", "due")
    refused(hom, RecordPayment("webster", FY14, pounds("1.00"), date(2014, 4, 2)), "F1", "never")
    hom.execute(RecordPayment("claremont", FY14, pounds("400.00"), date(2014, 4, 2)))
    refused(
        hom,
        RecordPayment("claremont", FY14, pounds("3.01"), date(2014, 4, 3)),
        "F1",
        "at most £3.00",
    )
    hom.execute(RecordPayment("claremont", FY14, pounds("3.00"), date(2014, 4, 3)))
    view = hom.as_of(date(2014, 4, 2)).funding
    assert (view.paid("claremont", FY14), view.outstanding("claremont", FY14)) == (
        pounds("400.00"),
        pounds("3.00"),
    )
    assert hom.as_of(date(2014, 4, 3)).funding.outstanding("claremont", FY14) == Money.zero()


# -- F2: financial years and the census that sets them ---------------------------------------


def test_f2_the_january_census_of_year_y_sets_the_year_from_1_april_y() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(SubmitCensus("claremont", JAN15, 150, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    hom.execute(CallContributions(FY15, FY15.first_day))
    view = hom.as_of(FY15.first_day).funding
    assert [(r.census_date, r.due) for r in view.contributions(FY14)] == [(JAN14, pounds("200.00"))]
    assert [(r.census_date, r.due) for r in view.contributions(FY15)] == [(JAN15, pounds("300.00"))]
    assert view.contributions(FY15)[0].due_on == date(2015, 4, 1)


def test_f2_the_financial_year_follows_the_policy() -> None:
    hom = hom_of("claremont", policies=Policies(financial_year_start_month=9))
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    refused(hom, CallContributions(FY14, FY14.first_day), "F2", "2014-15 (Sep)")
    refused(hom, SetContributionRate(FY14, pounds("3.00"), FORMED_ON), "F2")
    academy_year = FinancialYear(2014, 9)
    hom.execute(CallContributions(academy_year, academy_year.first_day))
    row = hom.as_of(date(2014, 9, 1)).funding.contributions(academy_year)[0]
    assert (row.census_date, row.due_on) == (JAN14, date(2014, 9, 1))


# -- F3: the rate ----------------------------------------------------------------------------


def test_f3_the_rate_is_the_agreed_two_pounds_until_one_is_set() -> None:
    hom = hom_of("claremont")
    assert hom.as_of(FORMED_ON).funding.rate_for(FY14) == pounds("2.00") == AGREED_RATE


def test_f3_a_new_rate_applies_from_the_start_of_a_financial_year() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(SubmitCensus("claremont", JAN15, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    hom.execute(SetContributionRate(FY15, pounds("2.50"), date(2015, 3, 1)))
    view = hom.as_of(date(2015, 3, 1)).funding
    assert (view.rate_for(FY13), view.rate_for(FY14)) == (pounds("2.00"), pounds("2.00"))
    assert (view.rate_for(FY15), view.rate_for(FinancialYear(2016))) == (pounds("2.50"),) * 2
    assert hom.as_of(date(2015, 2, 28)).funding.rate_for(FY15) == pounds("2.00")
    hom.execute(CallContributions(FY15, FY15.first_day))
    later = hom.as_of(FY15.first_day).funding
    assert later.owed("claremont", FY14) == pounds("200.00")
    assert later.owed("claremont", FY15) == pounds("250.00")


def test_f3_a_rate_never_changes_a_year_already_called() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    refused(hom, SetContributionRate(FY14, pounds("3.00"), date(2014, 5, 1)), "F3", "2014-15")
    refused(hom, SetContributionRate(FY13, pounds("3.00"), date(2014, 5, 1)), "F3", "2014-15")
    refused(hom, SetContributionRate(FY15, pounds("-1.00"), date(2014, 5, 1)), "F3", "negative")
    hom.execute(SetContributionRate(FY15, pounds("3.00"), date(2014, 5, 1)))
    # 2016-17 would otherwise take the 2015-16 rate: neither is called, so it can be set
    hom.execute(SetContributionRate(FinancialYear(2016), pounds("3.50"), date(2014, 5, 1)))
    assert hom.as_of(date(2014, 5, 1)).funding.owed("claremont", FY14) == pounds("200.00")


# -- F4 and the banker rules -----------------------------------------------------------------


def test_f4_the_banker_is_a_member_school_not_under_notice() -> None:
    hom = hom_of("claremont", "rolls-crescent", "st-philips")
    hom.execute(join("city-council", FORMED_ON, kind=OrganisationKind.COUNCIL))
    hom.execute(GiveNotice("st-philips", date(2014, 2, 1)))
    refused(hom, AppointBanker("nobody", FORMED_ON), "F4", "never joined")
    refused(hom, AppointBanker("city-council", FORMED_ON), "F4", "not a school")
    refused(hom, AppointBanker("rolls-crescent", date(2013, 6, 1)), "F4", "formed")
    refused(hom, AppointBanker("st-philips", date(2014, 3, 1)), "F4", "notice")
    refused(hom, AppointBanker("st-philips", date(2014, 9, 1)), "F4", "not a member")
    refused(
        hom,
        AppointBanker("claremont", date(2014, 3, 1), appointed_on=date(2014, 3, 2)),
        "F4",
        "earlier",
    )
    hom.execute(AppointBanker("rolls-crescent", FORMED_ON))
    refused(hom, AppointBanker("rolls-crescent", date(2014, 1, 1)), "F4", "already the banker")
    banker = hom.as_of(FORMED_ON).funding.banker()
    assert banker is not None
    assert banker.member_id == "rolls-crescent"
    assert hom.as_of(FORMED_ON - timedelta(days=1)).funding.banker() is None


def paid_partnership(policies: Policies | None = None) -> Partnership:
    """Two schools, each paid £200.00 for 2014-15, Rolls Crescent the banker."""
    hom = hom_of("claremont", "rolls-crescent", policies=policies)
    hom.execute(AppointBanker("rolls-crescent", FORMED_ON))
    for member_id in ("claremont", "rolls-crescent"):
        hom.execute(SubmitCensus(member_id, JAN14, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    hom.execute(RecordPayment("claremont", FY14, pounds("200.00"), date(2014, 4, 10)))
    hom.execute(RecordPayment("rolls-crescent", FY14, pounds("200.00"), date(2014, 4, 20)))
    return hom


def test_f4_the_banker_keeps_its_admin_share_and_holds_the_rest() -> None:
    hom = paid_partnership(Policies(banker_admin_share=Decimal("0.05")))
    view = hom.as_of(date(2014, 4, 10)).funding
    assert (view.admin_share(FY14), view.holding()) == (pounds("10.00"), pounds("190.00"))
    view = hom.as_of(date(2014, 4, 20)).funding
    assert (view.admin_share(FY14), view.holding()) == (pounds("20.00"), pounds("380.00"))

    hom.execute(SpendFunds(pounds("300.00"), date(2014, 6, 1), "joint conference"))
    assert hom.as_of(date(2014, 6, 1)).funding.holding() == pounds("80.00")
    assert hom.as_of(date(2014, 5, 31)).funding.holding() == pounds("380.00")
    refused(hom, SpendFunds(pounds("80.01"), date(2014, 7, 1), "training"), "F4", "at most £80.00")
    # back-dated: there was £380.00 on 1 May, but it would leave too little for 1 June
    refused(hom, SpendFunds(pounds("100.00"), date(2014, 5, 1), "training"), "F4", "2014-06-01")
    refused(hom, SpendFunds(pounds("1.00"), date(2014, 4, 5), "training"), "F4", "£0.00 on")
    refused(hom, SpendFunds(pounds("1.00"), date(2014, 7, 1), "  "), "F4", "purpose")
    refused(hom, SpendFunds(Money.zero(), date(2014, 7, 1), "training"), "F4", "more than")
    hom.execute(SpendFunds(pounds("80.00"), date(2014, 7, 1), "training"))
    assert hom.as_of(date(2014, 7, 1)).funding.holding() == Money.zero()


def test_f4_the_admin_share_is_the_policy_in_force_at_the_start_of_the_year() -> None:
    hom = paid_partnership(Policies(banker_admin_share=Decimal("0.05")))
    hom.execute(AdoptPolicies(Policies(banker_admin_share=Decimal("0.10")), date(2014, 9, 1)))
    hom.execute(SubmitCensus("claremont", JAN15, 100, 0))
    hom.execute(SubmitCensus("rolls-crescent", JAN15, 100, 0))
    hom.execute(CallContributions(FY15, FY15.first_day))
    hom.execute(RecordPayment("claremont", FY15, pounds("200.00"), date(2015, 4, 2)))
    view = hom.as_of(date(2015, 4, 2)).funding
    assert view.admin_share(FY14) == pounds("20.00")  # 5 %: the policy on 1 April 2014
    assert view.admin_share(FY15) == pounds("20.00")  # 10 %: the policy on 1 April 2015
    assert view.holding() == pounds("380.00") + pounds("180.00")


def test_f4_no_admin_share_until_the_partnership_adopts_one() -> None:
    hom = paid_partnership()
    view = hom.as_of(FY14.last_day).funding
    assert (view.admin_share(FY14), view.holding()) == (Money.zero(), pounds("400.00"))


def test_banker_under_notice_needs_a_successor_until_one_is_appointed() -> None:
    hom = paid_partnership()
    assert hom.as_of(date(2014, 5, 1)).funding.banker_needs_successor() is None
    hom.execute(GiveNotice("rolls-crescent", date(2014, 9, 1)))  # leaves 31 Dec 2014
    alert = hom.as_of(date(2014, 9, 1)).funding.banker_needs_successor()
    assert alert is not None
    assert (alert.banker.member_id, alert.leaves_on, alert.has_left) == (
        "rolls-crescent",
        date(2014, 12, 31),
        False,
    )
    assert "2015-01-01" in alert.reason
    # a successor taking over later than the day after the leaving date leaves a gap
    hom.execute(AppointBanker("claremont", date(2015, 1, 2), appointed_on=date(2014, 10, 1)))
    assert hom.as_of(date(2014, 10, 1)).funding.banker_needs_successor() is not None
    hom.execute(AppointBanker("claremont", date(2015, 1, 1), appointed_on=date(2014, 11, 1)))
    assert hom.as_of(date(2014, 10, 31)).funding.banker_needs_successor() is not None
    assert hom.as_of(date(2014, 11, 1)).funding.banker_needs_successor() is None
    after = hom.as_of(date(2015, 1, 1)).funding
    banker = after.banker()
    assert banker is not None
    assert banker.member_id == "claremont"
    assert after.banker_needs_successor() is None


def test_banker_that_has_left_without_a_successor_is_no_longer_a_member() -> None:
    hom = paid_partnership()
    hom.execute(GiveNotice("rolls-crescent", date(2014, 9, 1)))
    alert = hom.as_of(date(2015, 2, 1)).funding.banker_needs_successor()
    assert alert is not None
    assert (alert.leaves_on, alert.has_left) == (date(2014, 12, 31), True)
    assert "no longer a member" in alert.reason


def test_banker_notice_withdrawn_needs_no_successor() -> None:
    hom = paid_partnership()
    hom.execute(GiveNotice("rolls-crescent", date(2014, 9, 1)))
    hom.execute(WithdrawNotice("rolls-crescent", date(2014, 10, 1)))
    assert hom.as_of(date(2014, 9, 15)).funding.banker_needs_successor() is not None
    assert hom.as_of(date(2014, 10, 1)).funding.banker_needs_successor() is None


# -- F5: no refunds --------------------------------------------------------------------------


def test_f5_a_leaver_keeps_what_was_due_and_paid_and_the_banker_keeps_the_money() -> None:
    hom = paid_partnership()
    hom.execute(GiveNotice("claremont", date(2014, 4, 15)))  # leaves 31 Aug 2014
    hom.execute(SubmitCensus("rolls-crescent", JAN15, 100, 0))
    gone = hom.as_of(date(2014, 9, 1))
    assert not gone.is_member("claremont")
    view = gone.funding
    assert (view.owed("claremont", FY14), view.paid("claremont", FY14)) == (pounds("200.00"),) * 2
    assert view.holding() == pounds("400.00")
    assert "claremont" in {row.member_id for row in view.contributions(FY14)}
    # a leaver's census can no longer be corrected, so what it owed stays as it was
    refused(hom, SubmitCensus("claremont", JAN14, 10, 0, date(2014, 9, 2)), "C2", "F5")
    # and it is not billed for the next year
    hom.execute(CallContributions(FY15, FY15.first_day))
    assert billed(hom, FY15) == {"rolls-crescent"}


def test_f5_a_school_leaving_early_in_the_year_owes_the_whole_year() -> None:
    hom = hom_of("claremont", "st-philips")
    hom.execute(GiveNotice("st-philips", date(2014, 1, 1)))  # leaves 30 Apr 2014
    for member_id in ("claremont", "st-philips"):
        hom.execute(SubmitCensus(member_id, JAN14, 100, 0))
    hom.execute(CallContributions(FY14, date(2014, 6, 1)))  # called after it left
    view = hom.as_of(date(2014, 6, 1)).funding
    assert view.owed("st-philips", FY14) == pounds("200.00")
    hom.execute(RecordPayment("st-philips", FY14, pounds("200.00"), date(2014, 6, 5)))
    assert hom.as_of(date(2014, 6, 5)).funding.holding() == pounds("200.00")


# -- F6: joining mid-year --------------------------------------------------------------------


def test_f6_a_mid_year_joiner_owes_the_full_contribution_from_its_latest_census() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    hom.execute(join("st-marys", date(2014, 6, 16)))
    hom.execute(SubmitCensus("st-marys", JAN14, 300, 1, submitted_on=date(2014, 6, 16)))
    before = hom.log.stream_version(hom.stream_id)
    hom.execute(CallContributions(FY14, date(2014, 6, 20)))
    new = [r.event for r in hom.log.read_stream(hom.stream_id)][before:]
    assert [type(e) for e in new] == [ContributionDue]  # only the joiner is billed
    row = hom.as_of(date(2014, 6, 20)).funding.contributions(FY14)[1]
    assert (row.member_id, row.due, row.months, row.due_on) == (
        "st-marys",
        pounds("601.00"),
        12,
        date(2014, 6, 16),
    )
    assert hom.as_of(date(2014, 6, 15)).funding.owed("st-marys", FY14) == Money.zero()
    refused(hom, CallContributions(FY14, date(2014, 7, 1)), "F1", "nothing to call")


def test_f6_pro_rata_charges_the_months_left_including_the_joining_month() -> None:
    hom = hom_of("claremont", policies=Policies(joiner_charge=JoinerCharge.PRO_RATA))
    hom.execute(join("st-marys", date(2014, 6, 16)))
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(SubmitCensus("st-marys", JAN14, 200, 3, submitted_on=date(2014, 6, 16)))
    hom.execute(CallContributions(FY14, date(2014, 6, 30)))
    view = hom.as_of(date(2014, 6, 30)).funding
    assert view.owed("claremont", FY14) == pounds("200.00")  # a member on 1 April: a full year
    row = view.contributions(FY14)[1]
    assert (row.months, row.due) == (10, pounds("335.83"))  # 403.00 x 10 / 12 = 335.833...


def test_f6_a_joiner_needs_its_most_recent_january_census() -> None:
    hom = hom_of("claremont")
    hom.execute(join("st-marys", date(2014, 6, 16)))
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(SubmitCensus("st-marys", date(2013, 1, 17), 300, 0, date(2014, 6, 16)))
    error = refused(hom, CallContributions(FY14, date(2014, 6, 30)), "F1", "St Marys")
    assert "joined on 2014-06-16 (its January 2014 census)" in error.detail


def test_f6_a_school_joining_in_january_before_the_census_pays_from_the_one_before() -> None:
    hom = hom_of("claremont")
    hom.execute(SubmitCensus("claremont", JAN14, 100, 0))
    hom.execute(CallContributions(FY14, FY14.first_day))
    hom.execute(join("webster", date(2015, 1, 5)))
    hom.execute(SubmitCensus("webster", JAN14, 50, 0, submitted_on=date(2015, 1, 5)))
    hom.execute(SubmitCensus("webster", JAN15, 80, 0, submitted_on=date(2015, 1, 20)))
    hom.execute(CallContributions(FY14, date(2015, 1, 20)))
    row = hom.as_of(date(2015, 1, 20)).funding.contributions(FY14)[1]
    assert (row.census_date, row.due) == (JAN14, pounds("100.00"))


# -- state, replay, snapshot -----------------------------------------------------------------


def test_funding_evolve_is_total_for_events_the_rules_would_refuse() -> None:
    state = PartnershipState()
    assert evolve(state, ContributionPaid("nobody", FY14, pounds("1.00"), FORMED_ON)) == state
    assert (
        evolve(state, ContributionAdjusted("nobody", FY14, pounds("1.00"), Fte(2), "", FORMED_ON))
        == state
    )


def test_f1_contributions_are_kept_year_by_year_in_the_order_they_were_called() -> None:
    """A back-dated call files under its own year; a payment changes only its contribution."""

    def due(member_id: str, year: FinancialYear) -> ContributionDue:
        amount = pounds("200.00")
        return ContributionDue(
            member_id, year, JAN14, Fte(100), AGREED_RATE, 12, amount, year.first_day, FORMED_ON
        )

    state = PartnershipState()
    for event in (due("webster", FY15), due("claremont", FY14), due("abbey", FY15)):
        state = evolve(state, event)
    state = evolve(state, due("abbey", FY14))
    before = state.funding
    after = evolve(state, ContributionPaid("webster", FY15, pounds("5.00"), JAN15)).funding

    assert [(c.financial_year, c.member_id) for c in after.contributions] == [
        (FY15, "webster"),
        (FY15, "abbey"),
        (FY14, "claremont"),
        (FY14, "abbey"),
    ]
    assert (after.called(FY14), after.called(FY13)) == (True, False)
    nothing = Money.zero()
    assert [c.paid for c in after.contributions] == [pounds("5.00"), nothing, nothing, nothing]
    assert [c.paid for c in before.contributions] == [nothing] * 4
    assert after.calls[FY14] is before.calls[FY14]
    assert after.contribution("abbey", FY15) is before.contribution("abbey", FY15)


def test_funding_state_survives_a_snapshot() -> None:
    hom = paid_partnership(Policies(banker_admin_share=Decimal("0.05")))
    hom.execute(SpendFunds(pounds("1.00"), date(2014, 6, 1), "stamps"))
    hom.execute(SubmitCensus("claremont", JAN14, 101, 0, date(2014, 6, 2)))
    state = hom.state()
    converter = hom.log.codec.converter
    stored = converter.unstructure(state, PartnershipState)
    assert converter.structure(stored, PartnershipState) == state


# -- property: every contribution is the rate in force x the FTE of its census ---------------


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 99)), min_size=2, max_size=4),
    rates=st.lists(st.one_of(st.none(), st.integers(0, 999)), min_size=2, max_size=2),
)
def test_f1_property_every_contribution_is_the_rate_in_force_times_the_census_fte(
    counts: list[tuple[int, int]], rates: list[int | None]
) -> None:
    schools = [f"school-{n}" for n in range(len(counts) // 2 + len(counts) % 2)]
    hom = hom_of(*schools)
    years = (FY14, FY15)
    for year, pence in zip(years, rates, strict=True):
        if pence is not None:
            hom.execute(SetContributionRate(year, Money(pence), FORMED_ON))
    censuses = {}
    for index, (full_time, part_time) in enumerate(counts):
        member_id = schools[index % len(schools)]
        for year in years:
            census_date = date(year.census_year, 1, 16)
            hom.execute(SubmitCensus(member_id, census_date, full_time + year.start, part_time))
            censuses[member_id, census_date] = (full_time + year.start, part_time)
    for year in years:
        hom.execute(CallContributions(year, year.first_day))
    dues = [r.event for r in hom.log.read_stream(hom.stream_id)]
    dues = [e for e in dues if isinstance(e, ContributionDue)]
    assert len(dues) == len(schools) * len(years)
    view = hom.as_of(FY15.last_day).funding
    for due in dues:
        full_time, part_time = censuses[due.member_id, due.census_date]
        fte = Decimal(full_time) + Decimal(part_time) / 2
        set_until = [p for p in rates[: years.index(due.financial_year) + 1] if p is not None]
        rate = Decimal(set_until[-1]) / 100 if set_until else Decimal(2)  # F3, else the agreed
        expected = (rate * fte).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert due.rate == view.rate_for(due.financial_year)
        assert due.amount.to_decimal() == expected
        assert due.amount == contribution(due.rate, due.fte) == due.rate.times(due.fte)
