"""Properties of the Manchester pack (``002_*.txt``, MAN2-MAN11): random commands, valid or
not, never leave a state that breaks the pack's rules on any day, and the pack's answers as of a
day (events effective by then) equal those the whole history gives for that day."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from functools import partial

import attrs
from hypothesis import given, settings, strategies as st

from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import GiveNotice, Money, OrganisationKind, RecordOfstedOutcome
from hom_plugins.packs.manchester import (
    LEAD_GROUP_LIMIT,
    AppointRepresentative,
    AppointSepChair,
    EstablishSep,
    Group,
    LeaveProposalGroup,
    ManchesterView,
    PlaceInProposal,
    RecordCouncilLeader,
    Sector,
    StandDownRepresentative,
    SubmitTeachingSchoolProposal,
)
from hom_plugins.packs.manchester.vocabulary import SUPPORTING_KINDS
from properties import examples
from test_manchester import MEMBERS, PROPOSED, SEP_DAY, grade, grouped, ids

days = st.dates(PROPOSED, date(2014, 12, 31))
members = st.sampled_from(sorted(MEMBERS))
councils = st.sampled_from(("council", "council", "business"))
people = st.sampled_from(("ann", "bob"))
Maker = Callable[[date], object]
makers: st.SearchStrategy[Maker] = st.one_of(
    st.builds(lambda m, g: partial(PlaceInProposal, m, g), members, st.sampled_from(Group)),
    st.builds(lambda m, g: partial(PlaceInProposal, m, g), members, st.sampled_from(Group)),
    st.builds(lambda m: partial(LeaveProposalGroup, m), members),
    st.builds(
        lambda n: lambda d: SubmitTeachingSchoolProposal(d, Money.pounds(n)), st.integers(0, 3)
    ),
    st.builds(
        lambda s, p, m: partial(AppointRepresentative, s, p, m),
        st.sampled_from(Sector),
        people,
        members,
    ),
    st.builds(lambda s: partial(StandDownRepresentative, s), st.sampled_from(Sector)),
    st.builds(lambda c: partial(EstablishSep, c), councils),
    st.builds(lambda c, p: partial(RecordCouncilLeader, c, p), councils, people),
    st.builds(lambda p: partial(AppointSepChair, p), people),
    st.builds(lambda m: partial(GiveNotice, m), members),
    st.builds(
        lambda m, w: lambda d: RecordOfstedOutcome(m, grade(w, d)),
        members,
        st.sampled_from(("Outstanding", "Good")),
    ),
)
"""The pack's commands and the core's that change what they depend on (membership, grades),
each waiting for its date."""


@st.composite
def histories(draw: st.DrawFn) -> list[object]:
    """Commands, valid or not: in date order (so most are accepted) or not (back-dated ones are
    refused), as a clerk might give them."""
    steps = draw(st.lists(st.tuples(makers, days), max_size=25))
    if draw(st.booleans()):
        steps.sort(key=lambda step: step[1])
    return [make(day) for make, day in steps]


def _run(history: list[object]) -> Partnership:
    """The history run on a proposal with small groups and an SEP whose Leader is recorded."""
    alliance = grouped(lead=1, supporting=2)
    alliance.execute(EstablishSep("council", SEP_DAY))
    alliance.execute(RecordCouncilLeader("council", "ann", SEP_DAY))
    for command in history:
        with contextlib.suppress(RuleViolation):
            alliance.execute(command)
    return alliance


def _pack(alliance: Partnership, day: date) -> ManchesterView:
    view: ManchesterView = alliance.as_of(day).pack("manchester")
    return view


@settings(max_examples=examples(50))
@given(histories(), st.lists(days, min_size=1, max_size=4))
def test_random_commands_never_break_the_pack_s_rules(
    history: list[object], asked: list[date]
) -> None:
    """MAN2, MAN4-MAN6, MAN8, MAN9, MAN11 on every day asked: the lead group small, of schools
    and one college at most; supporting schools of the kinds named; nobody in both groups; each
    sector's representative from a member of its kinds; the SEP chaired by a council's Leader."""
    alliance = _run(history)
    for day in asked:
        pack = _pack(alliance, day)
        lead, supporting = pack.teaching_school.lead(), pack.teaching_school.supporting()
        assert len(lead) <= LEAD_GROUP_LIMIT
        assert sum(m.kind is OrganisationKind.COLLEGE for m in lead) <= 1
        assert all(m.kind.is_school or m.kind is OrganisationKind.COLLEGE for m in lead)
        assert all(m.kind in SUPPORTING_KINDS for m in supporting)
        assert not {m.member_id for m in lead} & {m.member_id for m in supporting}
        for representative in pack.think_tank.representatives():
            assert representative.member.kind in representative.sector.kinds
        chair = pack.sep.chair()
        if chair is not None:
            council = pack.sep.council()
            assert council is not None
            assert council.kind is OrganisationKind.COUNCIL
            leader = pack.state.sep.leader_on(council.member_id, chair.from_date)
            assert leader is not None
            assert leader.person == chair.person


@settings(max_examples=examples(40))
@given(histories(), days)
def test_the_answers_as_of_a_day_equal_the_whole_history_s_for_that_day(
    history: list[object], day: date
) -> None:
    """M4 for the pack: the view folded over the events effective by ``day`` answers as the
    state of the whole history does when asked about ``day`` (the dated records are kept in
    order, so a later event never changes an earlier day)."""
    alliance = _run(history)
    folded = _pack(alliance, day)
    whole = alliance.as_of(date.max)
    asked = ManchesterView(attrs.evolve(whole, day=day), whole.pack("manchester").state)
    groups, asked_groups = folded.teaching_school, asked.teaching_school
    assert ids(groups.lead()) == ids(asked_groups.lead())
    assert ids(groups.supporting()) == ids(asked_groups.supporting())
    assert folded.teaching_school.submission() == asked.teaching_school.submission()
    assert [
        (r.sector, r.person, r.member.member_id, r.since)
        for r in folded.think_tank.representatives()
    ] == [
        (r.sector, r.person, r.member.member_id, r.since)
        for r in asked.think_tank.representatives()
    ]
    assert ids(filter(None, [folded.sep.council()])) == ids(filter(None, [asked.sep.council()]))
    assert folded.sep.chair() == asked.sep.chair()
    assert folded.sep.leader() == asked.sep.leader()
    assert folded.sep.chair_needs_replacing() == asked.sep.chair_needs_replacing()
