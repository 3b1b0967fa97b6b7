"""Funding (F1-F6, C2 and the banker rules): censuses, contributions, payments, the banker school.

Each member school contributes for each financial year the FTE of its January census times the
rate per FTE (F1, F2; £2.00 in the agreement, :data:`AGREED_RATE`). The money is held by the
banker school, which keeps a share for its administration costs (F4). The rules the documents
leave open are decided here, each as stated in the docstring that applies it:

- **Which census** (F1, F2, C2). Only the January (spring) census sets contributions, so a census
  must be dated in January. A school that is a member on the first day of a financial year pays
  from the census of January :attr:`~hom_core.domain.values.FinancialYear.census_year`, and no
  other: there is no fallback to an older census, since a stale count would bill the wrong sum.
  A school that joins mid-year pays from its most recent January census (F6): the one of its
  joining year (or, for a school joining in January, the one before if it joined before that
  January's census). Calling contributions without the census it needs is refused, naming the
  school and the census to submit.
- **Corrections** (C2). A school has one January census per year: a second submission for the
  same January replaces the first (its figures, and its date if that was wrong). When the
  replaced census already set a contribution, a :class:`ContributionAdjusted` records the
  difference; the contribution first called stays in the ledger as it was.
- **Rounding** (F1, F6). A contribution is rate x FTE (x months / 12 for a pro-rata joiner),
  computed exactly and rounded once to the nearest penny, half a penny up
  (:func:`contribution`).
- **When it is due** (F1). On the first day of the financial year for the schools that are
  members that day; on the joining day for a school that joins later in the year. A school that
  is a member on the first day owes the year even when it leaves soon after (F5), and one that
  leaves and rejoins within a year is billed once.
- **Payments** are recorded from the day a contribution falls due, never more than is owed.
- **No refunds** (F5). Leaving changes nothing in the ledger: what was due and paid for a year
  stays, and so does the money in the banker's holding. There is no refund command, and a
  school's census cannot be corrected once it has left.
- **The holding** (F4) is every payment, less the banker's administration share of each year's
  payments (the fraction of the policy in force on that year's first day), less what the
  partnership spent. Spending can never take the holding below zero, on any day.
- **The banker** (F4) must be a member school, not under notice, when its appointment takes
  effect. When the banker is under notice, :meth:`FundingView.banker_needs_successor` says so
  until a successor is appointed to take over by the day after its leaving date; after it has
  left without one, it says that too.

The code, one module a job (from a rule id to its module):

- :mod:`~hom_core.domain.funding.contributions`: a census (C2), the rate (F3), a call for
  contributions (F1, F2, F6) and a payment (F1), each command beside how it is decided;
- :mod:`~hom_core.domain.funding.banker`: the banker and spending (F4), and
  :mod:`~hom_core.domain.funding.holding`: what the banker holds (F4, F5);
- :mod:`~hom_core.domain.funding.amounts`: the agreed rate (F1, F3) and the rounding of a
  contribution (F1, F6); :mod:`~hom_core.domain.funding.checks`: the checks the decisions share
  beyond the core's (the financial years of F2, amounts of more than £0);
- :mod:`~hom_core.domain.funding.events`, :mod:`~hom_core.domain.funding.state`
  (:class:`~hom_core.domain.funding.state.FundingState` and how each event changes it) and
  :mod:`~hom_core.domain.funding.inputs` (what the rules read: the framework, the members and
  the funding);
- :mod:`~hom_core.domain.funding.view`: :class:`~hom_core.domain.funding.view.FundingView`, the
  questions (F1-F6, banker).
"""
