"""The Harmony pack's questions as of a day (004_*.txt and issue 6): agreements ending this
term, outcomes met, missed or not yet measured, support per supported school, follow-up; and
random histories that never break HAR1-HAR9.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from functools import reduce

import pytest
from hypothesis import given, settings, strategies as st

from hom_core import EventLog, RuleViolation, UsageError
from hom_core.application import Partnership
from hom_core.domain import GiveNotice, PartnershipState, Person, RecordTermDates
from hom_core.domain.calendar import end_after_terms
from hom_plugins.packs.harmony import (
    HARMONY,
    ActivityKind,
    AdoptInterventionReading,
    AgreeFollowUp,
    AgreementStatus,
    AgreeSupport,
    Capacity,
    HarmonyState,
    HoldReview,
    InterventionReading,
    MeasureImpact,
    OutcomeStatus,
    RecordActivity,
    SupportModel,
)
from hom_plugins.packs.harmony.events import ActivityDelivered
from hom_plugins.packs.harmony.view import Deliverer
from properties import examples
from test_harmony import (
    FORMED,
    GLD,
    OUTCOMES,
    REVIEWED,
    SIGNED,
    Y6,
    activity,
    agree,
    alliance,
    oldham_2015,
    review,
    support,
    supported,
)

evolve = HARMONY.evolve

# -- questions, as of a day ---------------------------------------------------------------------


def test_which_agreements_end_this_term() -> None:
    """004_*.txt, the issue's question: "which agreements end this term" (the term of the day,
    or in a holiday the coming one, in the alliance's calendar)."""
    _, hom = supported()
    hom.execute(review("sholver-lane", date(2015, 1, 12)))
    hom.execute(agree("sl-1", "sholver-lane", date(2015, 1, 26)))  # ends 31 Aug 2016
    ending = {
        day: [each.agreement_id for each in support(hom, day).ending_this_term()]
        for day in (date(2015, 3, 1), date(2016, 1, 1), date(2016, 4, 30), date(2016, 5, 1))
    }
    assert ending == {
        date(2015, 3, 1): [],
        date(2016, 1, 1): ["hb-1"],
        date(2016, 4, 30): ["hb-1"],
        date(2016, 5, 1): ["sl-1"],
    }
    assert support(hom, date(2016, 1, 1)).this_term().first == date(2016, 1, 1)


def test_the_status_of_an_agreement_through_its_life() -> None:
    """HAR3, HAR6: signed, in force, in follow-up, ended."""
    _, hom = alliance()
    hom.execute(review())
    hom.execute(agree(starts_on=date(2015, 1, 5)))  # ends 31 Aug 2016
    hom.execute(AgreeFollowUp("hb-1", date(2015, 1, 5), terms=1))  # to 31 Dec 2016
    days = (SIGNED, date(2015, 1, 5), date(2016, 9, 1), date(2017, 1, 1))
    statuses = [support(hom, day).status(support(hom, day).agreement("hb-1")) for day in days]
    assert statuses == [
        AgreementStatus.SIGNED,
        AgreementStatus.IN_FORCE,
        AgreementStatus.FOLLOW_UP,
        AgreementStatus.ENDED,
    ]
    in_follow_up = support(hom, date(2016, 9, 1))
    assert [each.agreement_id for each in in_follow_up.in_follow_up()] == ["hb-1"]
    assert in_follow_up.in_force() == []
    assert [each.agreement_id for each in in_follow_up.current()] == ["hb-1"]
    assert support(hom, date(2017, 1, 1)).current() == []


def test_which_outcomes_are_met_missed_or_not_yet_measured() -> None:
    """HAR5, the issue's question: "which outcomes are met, missed or not yet measured"."""
    _, hom = supported()
    hom.execute(MeasureImpact("hb-1", "y6-rwm", date(2016, 7, 12), "missed", "48% (target 60%)"))
    view = support(hom, date(2016, 7, 12))
    [missed] = view.outcomes(OutcomeStatus.MISSED)
    assert (missed.outcome, missed.school.name, missed.agreement_id) == (Y6, "Hollin Brook", "hb-1")
    assert missed.measured is not None
    assert (missed.measured.evidence, missed.measured.measured_on) == (
        "48% (target 60%)",
        date(2016, 7, 12),
    )
    [unmeasured] = view.outcomes(OutcomeStatus.NOT_YET_MEASURED)
    assert (unmeasured.outcome, unmeasured.measured) == (GLD, None)
    assert view.outcomes(OutcomeStatus.MET) == []


def test_support_given_per_supported_school_by_kind_and_by_deliverer() -> None:
    """The issue's question: "support given per supported school", with "who delivered them"."""
    _, hom = supported()
    hom.people.put(Person("principal-alder", "Principal, Alder"))
    hom.execute(activity(date(2014, 11, 5)))
    hom.execute(activity(date(2014, 10, 20)))
    hom.execute(
        RecordActivity("hb-1", "sle_mentoring", date(2014, 11, 1), "beech", focus=" Maths ")
    )
    given = support(hom, date(2014, 11, 1)).support_given("hollin-brook")
    assert [each.delivered_on for each in given.activities] == [
        date(2014, 10, 20),
        date(2014, 11, 1),
    ]
    assert given.activities[1].focus == "Maths"
    view = support(hom, date(2015, 1, 1))
    [everything] = view.support()
    assert everything.agreement_ids == ("hb-1",)
    assert everything.by_kind() == {ActivityKind.HEAD_COACHING: 2, ActivityKind.SLE_MENTORING: 1}
    alder, beech = Deliverer("alder", "principal-alder"), Deliverer("beech", None)
    assert everything.by_deliverer() == {alder: 2, beech: 1}
    assert view.deliverer_name(alder) == "Alder: Principal, Alder"
    assert view.deliverer_name(beech) == "Beech"
    hom.forget("principal-alder", date(2015, 1, 2))
    assert "forgotten" in support(hom, date(2015, 1, 2)).deliverer_name(alder)
    assert view.activities_by_kind() == everything.by_kind()


def test_the_view_only_knows_what_was_effective_by_its_day() -> None:
    """M4 for the pack: before its review a school is unknown; before signing, no agreement."""
    _, hom = supported()
    before = support(hom, REVIEWED - timedelta(days=1))
    assert (before.schools(), before.agreements(), before.support()) == ([], [], [])
    with pytest.raises(UsageError, match="no school 'hollin-brook' was reviewed by 2014-09-14"):
        before.school("hollin-brook")
    reviewed = support(hom, REVIEWED)
    assert [school.school_id for school in reviewed.schools()] == ["hollin-brook"]
    assert reviewed.support() == []
    with pytest.raises(UsageError, match="no agreement 'hb-1' was signed by 2014-09-15"):
        reviewed.agreement("hb-1")


def test_the_core_state_ignores_the_pack_s_events() -> None:
    """The pack extends the domain through hooks only: the core's state is untouched."""
    _, hom = alliance()
    before = hom.state()
    hom.execute(review())
    hom.execute(agree())
    assert hom.state() == before


# -- properties --------------------------------------------------------------------------------

LAST = date(2018, 8, 31)
days = st.dates(FORMED, LAST)
school_ids = st.sampled_from(["hollin-brook", "sholver-lane", "alder"])
agreement_ids = st.sampled_from(["a1", "a2"])
reviews = st.builds(
    HoldReview,
    school_ids,
    st.just("A school"),
    st.dates(FORMED, date(2015, 8, 31)),
    needs=st.just(("Reading",)),
    capacity=st.sampled_from(Capacity),
    leadership_resists=st.booleans(),
    model=st.none() | st.sampled_from(SupportModel),
)
agreements = st.builds(
    AgreeSupport,
    agreement_ids,
    school_ids,
    st.dates(date(2014, 9, 1), date(2016, 8, 31)),
    st.just(OUTCOMES),
    st.none() | st.none() | days,
)
activities = st.builds(
    RecordActivity,
    agreement_ids,
    st.sampled_from(ActivityKind),
    st.dates(date(2014, 9, 1), date(2017, 12, 31)),
    st.sampled_from(["alder", "beech", "pennine-university"]),
)
others = st.one_of(
    reviews,
    agreements,
    activities,
    activities,
    activities,
    st.builds(
        MeasureImpact,
        agreement_ids,
        st.sampled_from(["y6-rwm", "eyfs-gld", "attendance"]),
        days,
        st.sampled_from([OutcomeStatus.MET, OutcomeStatus.MISSED]),
        st.just("published results"),
    ),
    st.builds(AgreeFollowUp, agreement_ids, days, st.integers(0, 3)),
    st.builds(GiveNotice, st.sampled_from(["alder", "beech"]), days),
)


@st.composite
def histories(draw: st.DrawFn) -> list[object]:
    """Reviews, agreements likely to rest on them and support likely to fall in them, then
    anything: valid and invalid commands alike."""
    first = draw(st.lists(reviews, min_size=1, max_size=3))
    then: list[object] = []
    for reviewed in first[:2]:
        signed_on = draw(st.dates(reviewed.reviewed_on, reviewed.reviewed_on + timedelta(days=365)))
        agreement_id = draw(agreement_ids)
        then.append(
            AgreeSupport(
                agreement_id,
                reviewed.school_id,
                signed_on,
                OUTCOMES,
                draw(st.none() | st.none() | days),
            )
        )
        near = st.dates(signed_on, signed_on + timedelta(days=900))
        then += draw(
            st.lists(
                st.builds(
                    RecordActivity,
                    st.just(agreement_id),
                    st.sampled_from(ActivityKind),
                    near,
                    st.sampled_from(["alder", "beech"]),
                )
                | st.builds(AgreeFollowUp, st.just(agreement_id), near, st.integers(1, 2))
                | st.builds(
                    MeasureImpact,
                    st.just(agreement_id),
                    st.sampled_from(["y6-rwm", "eyfs-gld"]),
                    near,
                    st.sampled_from([OutcomeStatus.MET, OutcomeStatus.MISSED]),
                    st.just("results"),
                ),
                max_size=6,
            )
        )
    return [*first, *then, *draw(st.lists(others, min_size=3, max_size=25))]


def _run(
    history: list[object],
    oldham: bool,
    reading: InterventionReading = InterventionReading.RESISTANCE_ALONE,
) -> tuple[EventLog, Partnership]:
    """``history`` tried on a new alliance (on Oldham's term dates if ``oldham``) that reads
    HAR2 as ``reading``: by default resistance alone, the reading ``_assert_rules_hold``
    checks."""
    log, hom = alliance()
    if reading is not InterventionReading.RESISTANCE_AND_LOW_CAPACITY:
        hom.execute(AdoptInterventionReading(reading, FORMED))
    if oldham:
        hom.execute(RecordTermDates(oldham_2015(), FORMED))
    for command in history:
        with contextlib.suppress(RuleViolation):
            hom.execute(command)
    return log, hom


def _assert_rules_hold(core: PartnershipState, own: HarmonyState) -> None:
    """HAR1-HAR9 read off a final state, independently of the deciders."""
    calendar = core.framework.calendar
    for reviewed in own.reviews:  # HAR2
        assert not reviewed.leadership_resists or reviewed.model is SupportModel.INTERVENTIONIST
    bases = [(each.school_id, each.agreed.reviewed_on) for each in own.agreements.values()]
    assert len(bases) == len(set(bases))  # HAR1: one agreement per review
    for agreement in own.agreements.values():
        agreed = agreement.agreed
        [basis] = [
            r
            for r in own.reviews
            if (r.school_id, r.reviewed_on) == (agreed.school_id, agreed.reviewed_on)
        ]
        assert basis.reviewed_on <= agreed.signed_on <= agreed.starts_on  # HAR1, HAR3
        assert basis.model is agreed.model  # HAR2
        assert agreed.ends_on == end_after_terms(calendar, agreed.starts_on, 5)  # HAR3
        for delivered in agreement.activities:  # HAR4, HAR6, HAR8
            if delivered.kind.is_follow_up:
                follow_up = agreement.follow_up
                assert follow_up is not None
                assert follow_up.starts_on <= delivered.delivered_on <= follow_up.ends_on
                assert follow_up.starts_on > agreed.ends_on
            else:
                assert agreed.starts_on <= delivered.delivered_on <= agreed.ends_on
            assert delivered.supporting_school != agreed.school_id
        for measured in agreement.measurements:  # HAR5
            assert agreement.outcome(measured.outcome_id) is not None
            assert measured.measured_on >= agreed.starts_on
        for other in own.agreements_of(agreed.school_id):  # HAR9
            if other is not agreement:
                assert other.ends_on < agreed.starts_on or agreed.ends_on < other.starts_on


def _assert_delivered_by_members(hom: Partnership) -> None:
    """HAR8: each deliverer was a member on the day, as the alliance knew when the support was
    recorded (notice recorded later may be back-dated before it, as for any record)."""
    for recorded in hom.log.read_stream(hom.stream_id):
        if isinstance(recorded.event, ActivityDelivered):
            known = hom.as_known_at(recorded.position, recorded.event.delivered_on)
            assert known.is_member(recorded.event.supporting_school)


@settings(max_examples=examples(50))
@given(histories(), st.booleans())
def test_random_histories_never_break_the_pack_s_rules(history: list[object], oldham: bool) -> None:
    """HAR1-HAR9: whatever commands are tried, the recorded support keeps every rule."""
    log, hom = _run(history, oldham)
    own = reduce(evolve, (r.event for r in log.read_stream(hom.stream_id)), HarmonyState())
    _assert_rules_hold(hom.state(), own)
    _assert_delivered_by_members(hom)


@settings(max_examples=examples(50))
@given(histories(), days)
def test_the_view_as_of_a_day_holds_what_was_effective_by_it(
    history: list[object], day: date
) -> None:
    """M4 for the pack: as_of(day) holds exactly the records dated by ``day``, in date order,
    whatever order they were recorded in."""
    _, hom = _run(history, False)
    full, then = support(hom, LAST).state, support(hom, day).state
    assert then.reviews == tuple(r for r in full.reviews if r.reviewed_on <= day)
    expected = {
        key: agreement
        for key, agreement in full.agreements.items()
        if agreement.agreed.signed_on <= day
    }
    assert then.agreements.keys() == expected.keys()
    for key, agreement in then.agreements.items():
        whole = expected[key]
        assert agreement.activities == tuple(a for a in whole.activities if a.delivered_on <= day)
        assert agreement.measurements == tuple(
            m for m in whole.measurements if m.measured_on <= day
        )
        follow_up = whole.follow_up
        assert agreement.follow_up == (
            follow_up if follow_up is not None and follow_up.agreed_on <= day else None
        )


@settings(max_examples=examples(40))
@given(histories(), st.sampled_from(InterventionReading))
def test_har2_every_review_recorded_follows_the_reading_in_force(
    history: list[object], reading: InterventionReading
) -> None:
    """HAR2: under the document's reading, a review that found resistance and low capacity is
    interventionist (resistance with some strengths is left to the choice); under
    RESISTANCE_ALONE, every review that found resistance is."""
    log, hom = _run(history, False, reading)
    own = reduce(evolve, (r.event for r in log.read_stream(hom.stream_id)), HarmonyState())
    for reviewed in own.reviews:
        required = reviewed.leadership_resists and (
            reviewed.capacity is Capacity.LOW or reading is InterventionReading.RESISTANCE_ALONE
        )
        assert not required or reviewed.model is SupportModel.INTERVENTIONIST
