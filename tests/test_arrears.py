"""Money owed, all years (F1, F4, F5): arrears per member school and financial year, and the
banker's statement of each year, from the totals the funding state keeps as it folds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from domain_strategies import new_partnership
from hom_core.application import Partnership
from hom_core.domain import (
    AppointBanker,
    CallContributions,
    FinancialYear,
    GiveNotice,
    Money,
    Policies,
    RecordPayment,
    SpendFunds,
    SubmitCensus,
)
from hom_core.domain.funding.holding import paid_by_year
from hom_core.testing.strategies import FORMED_ON, join
from properties import examples

SCHOOLS = ("claremont", "webster")
YEARS = (FinancialYear(2014), FinancialYear(2015), FinancialYear(2016))


def called(policies: Policies | None = None, leaver: str | None = None) -> Partnership:
    """Two schools of 100 FTE (£200.00 a year), called for 2014-15 to 2016-17; ``leaver``
    gives notice on 10 January 2014 (it leaves on 31 August 2014)."""
    _, hom = new_partnership(policies=policies)
    for member_id in SCHOOLS:
        hom.execute(join(member_id, FORMED_ON))
    hom.execute(AppointBanker("webster", FORMED_ON))
    if leaver is not None:
        hom.execute(GiveNotice(leaver, date(2014, 1, 10)))
    for year in YEARS:
        for member_id in SCHOOLS:
            if leaver != member_id or year == YEARS[0]:
                hom.execute(SubmitCensus(member_id, date(year.start, 1, 15), 100, 0))
        hom.execute(CallContributions(year, year.first_day))
    return hom


def pay(hom: Partnership, member_id: str, year: FinancialYear, pounds: str, day: date) -> None:
    hom.execute(RecordPayment(member_id, year, Money.pounds(pounds), day))


def test_f1_arrears_of_every_year_per_member_with_called_paid_and_outstanding() -> None:
    hom = called()
    pay(hom, "claremont", YEARS[0], "200.00", date(2014, 4, 10))
    pay(hom, "claremont", YEARS[1], "50.00", date(2015, 4, 10))
    pay(hom, "webster", YEARS[2], "200.00", date(2016, 4, 10))
    funding = hom.as_of(date(2016, 5, 1)).funding
    rows = [(a.member_id, str(a.financial_year), a.paid, a.outstanding) for a in funding.arrears()]
    assert rows == [
        ("webster", "2014-15", Money.zero(), Money.pounds("200.00")),
        ("claremont", "2015-16", Money.pounds("50.00"), Money.pounds("150.00")),
        ("webster", "2015-16", Money.zero(), Money.pounds("200.00")),
        ("claremont", "2016-17", Money.zero(), Money.pounds("200.00")),
    ]
    assert [a.financial_year for a in funding.arrears("claremont")] == [YEARS[1], YEARS[2]]
    assert all(a.called == Money.pounds("200.00") for a in funding.arrears())
    # as of an earlier day only what was called and paid by then counts
    assert len(hom.as_of(date(2015, 4, 2)).funding.arrears()) == 3


def test_f5_a_leaver_keeps_its_arrears() -> None:
    hom = called(leaver="claremont")
    funding = hom.as_of(date(2016, 5, 1)).funding
    assert {a.financial_year for a in funding.arrears("claremont")} == {YEARS[0]}


def test_f4_the_bankers_statement_per_year_carries_what_it_holds() -> None:
    hom = called(Policies(banker_admin_share=Decimal("0.05")))
    pay(hom, "claremont", YEARS[0], "200.00", date(2014, 4, 10))
    pay(hom, "webster", YEARS[0], "200.00", date(2014, 4, 11))
    hom.execute(SpendFunds(Money.pounds("100.00"), date(2014, 6, 1), "conference"))
    pay(hom, "claremont", YEARS[1], "200.00", date(2015, 4, 10))
    funding = hom.as_of(date(2015, 5, 1)).funding
    statements = funding.statements()
    assert [
        (str(s.financial_year), s.called, s.received, s.admin_share, s.spent, s.held)
        for s in statements
    ] == [
        ("2014-15", *(Money.pounds(p) for p in ("400.00", "400.00", "20.00", "100.00", "280.00"))),
        ("2015-16", *(Money.pounds(p) for p in ("400.00", "200.00", "10.00", "0.00", "470.00"))),
    ]
    assert statements[-1].held == funding.holding()
    assert statements[1].outstanding == Money.pounds("200.00")


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(SCHOOLS), st.sampled_from(YEARS), st.integers(1, 100)),
        max_size=12,
    ),
    st.integers(0, 800),
)
def test_f1_the_totals_kept_as_events_fold_are_the_payments_counted_again(
    payments: list[tuple[str, FinancialYear, int]], offset: int
) -> None:
    """F1: each year's totals in the state, and the arrears, agree with a count of every
    contribution and payment, as of any day."""
    hom = called()
    for member_id, year, pence in payments:
        contribution = hom.state().funding.contribution(member_id, year)
        assert contribution is not None
        if contribution.paid + Money(pence) <= contribution.owed:
            paid_on = year.first_day + timedelta(days=pence)
            hom.execute(RecordPayment(member_id, year, Money(pence), paid_on))
    day = YEARS[0].first_day + timedelta(days=offset)
    funding = hom.as_of(day).funding
    state = hom.as_of(day).state.funding
    for year in YEARS:
        items = list(state.calls.get(year, {}).values())
        totals = state.totals.get(year)
        if not items:
            assert totals is None
            continue
        assert totals is not None
        assert totals.owed == sum((item.owed for item in items), Money.zero())
        assert totals.paid == sum((item.paid for item in items), Money.zero())
        assert paid_by_year(state, day).get(year, Money.zero()) == totals.paid
    owed = sum((a.outstanding for a in funding.arrears()), Money.zero())
    assert owed == sum((t.outstanding for t in state.totals.values()), Money.zero())
    # the full state, asked about an earlier day, counts only the payments made by then
    whole = hom.state().funding
    counted = sum(
        (p.amount for item in whole.contributions for p in item.payments if p.paid_on <= day),
        Money.zero(),
    )
    assert sum(paid_by_year(whole, day).values(), Money.zero()) == counted
