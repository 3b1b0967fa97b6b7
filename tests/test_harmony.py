"""The Harmony pack (hom_plugins.packs.harmony): school-to-school support from 004_*.txt.

Each test names the rule it checks (HAR1-HAR9, listed in the pack's docstring) and quotes the
document. Refused commands append nothing (``assert_refused``).
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

from domain_strategies import assert_refused
from hom_core import EventLog, InvalidValueError, Plugins, RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    AcademicYear,
    DateRange,
    FormPartnership,
    GiveNotice,
    RecordTermDates,
    TermDates,
    Urn,
)
from hom_core.domain.calendar import end_after_terms
from hom_core.testing.strategies import join
from hom_plugins.packs import harmony, partnership
from hom_plugins.packs.harmony import (
    ActivityKind,
    AdoptInterventionReading,
    AgreeFollowUp,
    AgreeSupport,
    Capacity,
    ExpectedOutcome,
    HarmonyView,
    HoldReview,
    InterventionReading,
    MeasureImpact,
    OutcomeStatus,
    RecordActivity,
    SupportModel,
    model_for,
)
from hom_plugins.storage import memory, sqlite

FORMED = date(2014, 7, 1)
REVIEWED = date(2014, 9, 15)
SIGNED = date(2014, 10, 15)
ENDS = date(2016, 4, 30)
"""Five terms from 15 Oct 2014 in the default calendar: autumn 2014 to spring 2016."""

Y6 = ExpectedOutcome("y6-rwm", "Year 6 reading, writing and maths", "% at expected (KS2)", "60%")
GLD = ExpectedOutcome("eyfs-gld", "Early Years", "% reaching a good level of development")
OUTCOMES = (Y6, GLD)


def plugins() -> Plugins:
    """The storage, partnership and harmony plugins, registered by hand."""
    manager = Plugins(entry_points=False)
    for module in (memory, sqlite, partnership, harmony):
        manager.register(module)
    return manager


def alliance(url: str = "memory://") -> tuple[EventLog, Partnership]:
    """The alliance, formed with two member academies (alder and beech)."""
    log = open_log(url, plugins=plugins())
    hom = Partnership(log, "harmony")
    hom.execute(FormPartnership("Harmony Trust Teaching School Alliance", FORMED))
    for member_id in ("alder", "beech"):
        hom.execute(join(member_id, FORMED))
    return log, hom


def review(
    school_id: str = "hollin-brook", reviewed_on: date = REVIEWED, **fields: object
) -> HoldReview:
    """A review of a school (not a member) with one need and low capacity."""
    values: dict[str, object] = {"needs": ("Reading",), "capacity": Capacity.LOW}
    values.update(fields)
    name = school_id.replace("-", " ").title()
    return HoldReview(school_id, name, reviewed_on, **values)  # type: ignore[arg-type]


def agree(
    agreement_id: str = "hb-1",
    school_id: str = "hollin-brook",
    signed_on: date = SIGNED,
    outcomes: tuple[ExpectedOutcome, ...] = OUTCOMES,
    starts_on: date | None = None,
) -> AgreeSupport:
    """The written agreement with the two expected outcomes."""
    return AgreeSupport(agreement_id, school_id, signed_on, outcomes, starts_on)


def supported(url: str = "memory://") -> tuple[EventLog, Partnership]:
    """The alliance with Hollin Brook reviewed and its agreement signed (15 Oct 2014)."""
    log, hom = alliance(url)
    hom.execute(review(urn=Urn("105901")))
    hom.execute(agree())
    return log, hom


def support(hom: Partnership, day: date) -> HarmonyView:
    """The pack's view as of ``day``."""
    view: HarmonyView = hom.as_of(day).pack("harmony")
    return view


def activity(day: date, kind: ActivityKind = ActivityKind.HEAD_COACHING) -> RecordActivity:
    """Coaching of Hollin Brook's head by Alder's principal on ``day``."""
    return RecordActivity("hb-1", kind, day, "alder", "principal-alder")


def oldham_2015() -> TermDates:
    """Term dates an Oldham school might record for 2015/16 (invented)."""
    halves = [
        (date(2015, 9, 3), date(2015, 10, 23)),
        (date(2015, 11, 2), date(2015, 12, 18)),
        (date(2016, 1, 4), date(2016, 2, 12)),
        (date(2016, 2, 22), date(2016, 3, 24)),
        (date(2016, 4, 11), date(2016, 5, 27)),
        (date(2016, 6, 6), date(2016, 7, 20)),
    ]
    return TermDates(AcademicYear(2015), tuple(DateRange(*half) for half in halves))


# -- HAR1: review before agreement ------------------------------------------------------------


def test_har1_an_agreement_needs_a_review_of_the_school_on_or_before_signing() -> None:
    """HAR1, 004_*.txt: "A swift review process to assess the precise needs of the school"."""
    log, hom = alliance()
    error = assert_refused(log, hom, agree(), "HAR1")
    assert "review the school's needs" in str(error)
    hom.execute(review(reviewed_on=SIGNED + timedelta(days=1)))
    assert_refused(log, hom, agree(), "HAR1")
    hom.execute(review(reviewed_on=SIGNED))
    hom.execute(agree())
    assert support(hom, SIGNED).agreement("hb-1").agreed.reviewed_on == SIGNED


def test_har1_each_review_is_the_basis_of_one_agreement() -> None:
    """HAR1, 004_*.txt: the review assesses "the precise needs of the school" for its support:
    a new agreement after the five terms needs a new review."""
    log, hom = supported()
    later = ENDS + timedelta(days=1)
    error = assert_refused(log, hom, agree("hb-2", signed_on=later), "HAR1")
    assert "review the school again" in str(error)
    hom.execute(review(reviewed_on=later))
    hom.execute(agree("hb-2", signed_on=later))
    assert [each.agreement_id for each in support(hom, later).agreements()] == ["hb-1", "hb-2"]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (review(needs=()), "list at least one need"),
        (review(needs=("  ",)), "list at least one need"),
        (HoldReview(" ", "Hollin Brook", REVIEWED, ("Reading",), Capacity.LOW), "names the school"),
        (review(reviewed_on=FORMED - timedelta(days=1)), "form it first"),
    ],
)
def test_har1_a_review_names_the_school_and_its_needs_once_the_alliance_is_formed(
    command: HoldReview, message: str
) -> None:
    """HAR1, 004_*.txt: "assess the precise needs of the school"."""
    log, hom = alliance()
    assert message in str(assert_refused(log, hom, command, "HAR1"))


def test_har1_a_review_before_the_alliance_exists_is_refused() -> None:
    """HAR1: the alliance reviews once it is formed."""
    log = open_log("memory://", plugins=plugins())
    hom = Partnership(log, "harmony")
    assert_refused(log, hom, review(), "HAR1")


def test_har1_one_review_of_a_school_a_day() -> None:
    """HAR1: the same review recorded twice is refused."""
    log, hom = alliance()
    hom.execute(review())
    assert "already reviewed" in str(assert_refused(log, hom, review(), "HAR1"))


def test_har1_the_review_records_the_findings_and_names_the_school_by_id_name_and_urn() -> None:
    """HAR1, 004_*.txt: "the capacity to improve in the supported school", "some strengths"."""
    _, hom = alliance()
    hom.execute(
        review(needs=(" Reading ", "Writing"), strengths=("Early Years", ""), urn=Urn("105901"))
    )
    [reviewed] = support(hom, REVIEWED).state.reviews
    assert (reviewed.needs, reviewed.strengths, reviewed.capacity) == (
        ("Reading", "Writing"),
        ("Early Years",),
        Capacity.LOW,
    )
    school = support(hom, REVIEWED).school("hollin-brook")
    assert (school.name, school.urn) == ("Hollin Brook", Urn("105901"))
    assert review(urn="105901").urn == Urn("105901")
    assert not hom.as_of(REVIEWED).is_member("hollin-brook")


def test_har1_findings_are_a_tuple_of_texts_not_one_string() -> None:
    """HAR1: a string given as the needs is an error saying how to write it."""
    with pytest.raises(InvalidValueError, match=r"write \('Reading',\)"):
        review(needs="Reading")


# -- HAR2: interventionist model when leadership resists ---------------------------------------


def test_har2_resisting_leadership_means_the_interventionist_model() -> None:
    """HAR2, 004_*.txt: "If there is resistance and low capacity to improve then a more
    interventionist approach is necessary"."""
    log, hom = alliance()
    refused = review(leadership_resists=True, model=SupportModel.SUPPORTIVE)
    assert "interventionist" in str(assert_refused(log, hom, refused, "HAR2"))
    hom.execute(review(leadership_resists=True))
    hom.execute(agree())
    assert support(hom, SIGNED).agreement("hb-1").agreed.model is SupportModel.INTERVENTIONIST


def test_har2_without_resistance_the_model_is_supportive_unless_chosen() -> None:
    """HAR2, 004_*.txt: "Our model is a highly supportive" one; the alliance may still choose
    to intervene where capacity is low."""
    _, hom = alliance()
    hom.execute(review("sholver-lane", capacity=Capacity.SOME))
    hom.execute(review("hollin-brook", model="interventionist"))
    models = {each.school_id: each.model for each in support(hom, REVIEWED).state.reviews}
    assert models == {
        "sholver-lane": SupportModel.SUPPORTIVE,
        "hollin-brook": SupportModel.INTERVENTIONIST,
    }


@pytest.mark.parametrize("chosen", [None, *SupportModel])
@pytest.mark.parametrize("resists", [False, True])
def test_har2_the_rule_as_a_table(chosen: SupportModel | None, resists: bool) -> None:
    """HAR2: resistance -> interventionist (supportive refused); otherwise the choice, or
    supportive."""
    if resists and chosen is SupportModel.SUPPORTIVE:
        with pytest.raises(RuleViolation, match="interventionist"):
            model_for(resists, chosen)
        return
    expected = SupportModel.INTERVENTIONIST if resists else chosen or SupportModel.SUPPORTIVE
    assert model_for(resists, chosen) is expected


def test_har2_resistance_with_some_strengths_leaves_the_model_to_the_alliance() -> None:
    """HAR2, the document's reading (the default): "resistance and low capacity to improve"
    call for intervention; resistance where there are some strengths to build on does not, so
    the supportive model may be chosen, and is the default."""
    log, hom = alliance()
    hom.execute(review("sholver-lane", capacity=Capacity.SOME, leadership_resists=True))
    hom.execute(
        review("hollin-brook", capacity="some", leadership_resists=True, model="supportive")
    )
    refused = review(
        "alder-vale", capacity=Capacity.LOW, leadership_resists=True, model="supportive"
    )
    assert "capacity to improve is low" in str(assert_refused(log, hom, refused, "HAR2"))
    models = {each.school_id: each.model for each in support(hom, REVIEWED).state.reviews}
    assert models == {
        "sholver-lane": SupportModel.SUPPORTIVE,
        "hollin-brook": SupportModel.SUPPORTIVE,
    }


def test_har2_the_alliance_may_adopt_the_reading_of_resistance_alone() -> None:
    """HAR2: AdoptInterventionReading("resistance_alone") is a recorded policy: from its day,
    resistance alone calls for intervention; a review before it keeps the document's reading."""
    log, hom = alliance()
    adopted_on = REVIEWED + timedelta(days=7)
    hom.execute(AdoptInterventionReading("resistance_alone", adopted_on))
    before = review("sholver-lane", capacity=Capacity.SOME, leadership_resists=True)
    hom.execute(before)
    after = review("hollin-brook", adopted_on, capacity=Capacity.SOME, leadership_resists=True)
    hom.execute(after)
    refused = attrs.evolve(after, school_id="alder-vale", model=SupportModel.SUPPORTIVE)
    assert_refused(log, hom, refused, "HAR2")
    models = {each.school_id: each.model for each in support(hom, adopted_on).state.reviews}
    assert models == {
        "sholver-lane": SupportModel.SUPPORTIVE,
        "hollin-brook": SupportModel.INTERVENTIONIST,
    }
    assert support(hom, adopted_on).state.reading_on(REVIEWED) is (
        InterventionReading.RESISTANCE_AND_LOW_CAPACITY
    )
    again = AdoptInterventionReading(InterventionReading.RESISTANCE_ALONE, adopted_on)
    assert "already in force" in str(assert_refused(log, hom, again, "HAR2"))
    early = AdoptInterventionReading("resistance_and_low_capacity", date(2000, 1, 1))
    assert_refused(log, hom, early, "HAR2")


@pytest.mark.parametrize("capacity", list(Capacity))
@pytest.mark.parametrize("reading", list(InterventionReading))
def test_har2_each_reading_as_a_table(capacity: Capacity, reading: InterventionReading) -> None:
    """HAR2: which mixed cases each reading covers: resistance with low capacity is
    interventionist under both; resistance with some strengths only under RESISTANCE_ALONE;
    no resistance never."""
    strict = reading is InterventionReading.RESISTANCE_ALONE
    assert reading.requires_intervention(True, capacity) is (capacity is Capacity.LOW or strict)
    assert not reading.requires_intervention(False, capacity)
    chosen = model_for(True, None, capacity, reading)
    expected = SupportModel.INTERVENTIONIST if capacity is Capacity.LOW or strict else None
    assert chosen is (expected or SupportModel.SUPPORTIVE)


def test_har2_an_unknown_model_or_capacity_is_an_error_listing_the_choices() -> None:
    """HAR2: the models and capacities are the document's."""
    with pytest.raises(InvalidValueError, match="'supportive', 'interventionist'"):
        review(model="hands-off")
    with pytest.raises(InvalidValueError, match="'low', 'some'"):
        review(capacity="none")


# -- HAR3: five terms computed from the calendar -----------------------------------------------


def test_har3_support_lasts_five_terms_of_the_default_calendar() -> None:
    """HAR3, 004_*.txt: "Support from Harmony is 5 terms long": from 15 Oct 2014 the autumn
    term counts as the first, so support ends with spring 2016 (C1 default calendar)."""
    _, hom = supported()
    agreement = support(hom, SIGNED).agreement("hb-1")
    assert (agreement.starts_on, agreement.ends_on) == (SIGNED, ENDS)


def test_har3_the_alliance_s_recorded_term_dates_set_the_end() -> None:
    """HAR3, C1: "Every date rule ... is computed from the partnership's calendar": with the
    alliance's own 2015/16 dates the spring term, and the support, ends on 24 March 2016."""
    _, hom = alliance()
    hom.execute(RecordTermDates(oldham_2015(), FORMED))
    hom.execute(review())
    hom.execute(agree())
    assert support(hom, SIGNED).agreement("hb-1").ends_on == date(2016, 3, 24)


def test_har3_the_end_is_fixed_when_the_agreement_is_signed() -> None:
    """HAR3 (chosen, like M2's leaving date): term dates recorded after signing do not move the
    written agreement's end."""
    _, hom = supported()
    hom.execute(RecordTermDates(oldham_2015(), SIGNED + timedelta(days=1)))
    assert support(hom, ENDS).agreement("hb-1").ends_on == ENDS


def test_har3_support_starts_on_or_after_signing() -> None:
    """HAR3: a later start moves the five terms; a start before signing is refused."""
    log, hom = alliance()
    hom.execute(review())
    assert_refused(log, hom, agree(starts_on=SIGNED - timedelta(days=1)), "HAR3")
    hom.execute(agree(starts_on=date(2015, 1, 5)))
    assert support(hom, SIGNED).agreement("hb-1").ends_on == date(2016, 8, 31)


# -- HAR4: activity kinds and dates ------------------------------------------------------------


def test_har4_the_kinds_of_support_are_those_the_document_lists() -> None:
    """HAR4, 004_*.txt: "Schools engaging in the project would have access to:" eight kinds of
    support, and follow-up mentoring after the five terms (HAR6)."""
    labels = [kind.label for kind in ActivityKind]
    assert labels[0] == "Coaching and mentoring for the headteacher"
    assert "Advanced Skills Teachers/Expert Practitioners" in labels
    assert [kind for kind in ActivityKind if kind.is_follow_up] == [
        ActivityKind.FOLLOW_UP_MENTORING
    ]
    with pytest.raises(InvalidValueError, match="not a ActivityKind: use one of 'head_coaching'"):
        activity(SIGNED, "lunch")  # type: ignore[arg-type]


def test_har4_support_is_given_within_the_agreement_s_five_terms() -> None:
    """HAR4, 004_*.txt: "Support from Harmony is 5 terms long"."""
    log, hom = supported()
    hom.execute(activity(SIGNED))
    hom.execute(activity(ENDS, ActivityKind.TRAINING))
    before = assert_refused(log, hom, activity(SIGNED - timedelta(days=1)), "HAR4")
    after = assert_refused(log, hom, activity(ENDS + timedelta(days=1)), "HAR4")
    assert "2014-10-15 to 2016-04-30" in str(before)
    assert "only follow-up mentoring" in str(after)


def test_har4_support_needs_a_signed_agreement() -> None:
    """HAR4: activities are brokered under a written agreement."""
    log, hom = supported()
    error = assert_refused(log, hom, RecordActivity("nope", "training", SIGNED, "alder"), "HAR4")
    assert "agreements: hb-1" in str(error)


# -- HAR5: impact only against agreed outcomes -------------------------------------------------


def test_har5_impact_is_measured_only_against_the_agreed_outcomes() -> None:
    """HAR5, 004_*.txt: "clear impact measures" of the "expected key outcomes"."""
    log, hom = supported()
    measured = date(2015, 7, 10)
    attendance = MeasureImpact("hb-1", "attendance", measured, "met", "96%")
    assert "its outcomes: y6-rwm, eyfs-gld" in str(assert_refused(log, hom, attendance, "HAR5"))
    unknown = MeasureImpact("hb-2", "y6-rwm", measured, "met", "62%")
    assert_refused(log, hom, unknown, "HAR5")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (MeasureImpact("hb-1", "y6-rwm", date(2015, 7, 10), "not_yet_measured", "-"), "met or"),
        (MeasureImpact("hb-1", "y6-rwm", date(2015, 7, 10), "met", " "), "evidence"),
        (MeasureImpact("hb-1", "y6-rwm", SIGNED - timedelta(days=1), "met", "62%"), "before"),
    ],
)
def test_har5_a_measurement_is_met_or_missed_on_evidence_once_support_started(
    command: MeasureImpact, message: str
) -> None:
    """HAR5, 004_*.txt: "accountability with clear impact measures"."""
    log, hom = supported()
    assert message in str(assert_refused(log, hom, command, "HAR5"))


def test_har5_an_outcome_stands_as_its_latest_measurement() -> None:
    """HAR5: missed at the interim measure, met a year later; one measure a day."""
    log, hom = supported()
    hom.execute(MeasureImpact("hb-1", "eyfs-gld", date(2016, 7, 8), "met", "GLD 68%"))
    hom.execute(MeasureImpact("hb-1", "eyfs-gld", date(2015, 7, 10), "missed", "GLD 52%"))
    again = MeasureImpact("hb-1", "eyfs-gld", date(2015, 7, 10), "met", "GLD 52%")
    assert "already measured" in str(assert_refused(log, hom, again, "HAR5"))
    statuses = {
        day: {row.outcome.outcome_id: row.status for row in support(hom, day).outcomes()}
        for day in (date(2015, 7, 9), date(2015, 7, 10), date(2016, 7, 8))
    }
    assert statuses == {
        date(2015, 7, 9): {
            "y6-rwm": OutcomeStatus.NOT_YET_MEASURED,
            "eyfs-gld": OutcomeStatus.NOT_YET_MEASURED,
        },
        date(2015, 7, 10): {
            "y6-rwm": OutcomeStatus.NOT_YET_MEASURED,
            "eyfs-gld": OutcomeStatus.MISSED,
        },
        date(2016, 7, 8): {"y6-rwm": OutcomeStatus.NOT_YET_MEASURED, "eyfs-gld": OutcomeStatus.MET},
    }


# -- HAR6: follow-up only after the five terms -------------------------------------------------


def test_har6_follow_up_mentoring_comes_only_after_the_five_terms() -> None:
    """HAR6, 004_*.txt: "follow up mentoring and support beyond that point"."""
    log, hom = supported()
    mentoring = ActivityKind.FOLLOW_UP_MENTORING
    assert "no follow-up agreed" in str(
        assert_refused(log, hom, activity(ENDS + timedelta(days=1), mentoring), "HAR6")
    )
    hom.execute(AgreeFollowUp("hb-1", date(2016, 3, 1), terms=2))
    follow_up = support(hom, date(2016, 3, 1)).agreement("hb-1").follow_up
    assert follow_up is not None
    assert (follow_up.starts_on, follow_up.ends_on) == (date(2016, 5, 1), date(2016, 12, 31))
    assert_refused(log, hom, activity(ENDS, mentoring), "HAR6")
    assert_refused(log, hom, activity(date(2017, 1, 1), mentoring), "HAR6")
    hom.execute(activity(date(2016, 5, 1), mentoring))
    hom.execute(activity(date(2016, 12, 31), mentoring))


def test_har6_follow_up_is_computed_from_the_calendar_and_defaults_to_three_terms() -> None:
    """HAR6, C1: follow-up of whole terms of the alliance's calendar, starting the day after
    the five terms (a holiday: then the next term counts first)."""
    _, hom = alliance()
    hom.execute(RecordTermDates(oldham_2015(), FORMED))
    hom.execute(review())
    hom.execute(agree())
    hom.execute(AgreeFollowUp("hb-1", date(2016, 3, 1)))
    follow_up = support(hom, date(2016, 3, 1)).agreement("hb-1").follow_up
    assert follow_up is not None
    calendar = hom.state().framework.calendar
    assert follow_up.starts_on == date(2016, 3, 25)
    assert follow_up.ends_on == end_after_terms(calendar, date(2016, 4, 11), 3)


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (AgreeFollowUp("hb-1", SIGNED - timedelta(days=1)), "before the agreement was signed"),
        (AgreeFollowUp("hb-1", SIGNED, terms=0), "whole number of terms"),
        (AgreeFollowUp("hb-9", SIGNED), "no agreement 'hb-9'"),
    ],
)
def test_har6_follow_up_is_agreed_for_whole_terms_of_a_signed_agreement(
    command: AgreeFollowUp, message: str
) -> None:
    """HAR6: follow-up belongs to an agreement, from its signing, for one or more terms."""
    log, hom = supported()
    assert message in str(assert_refused(log, hom, command, "HAR6"))


def test_har6_follow_up_is_agreed_once() -> None:
    """HAR6: one follow-up per agreement."""
    log, hom = supported()
    hom.execute(AgreeFollowUp("hb-1", SIGNED))
    assert "was agreed on" in str(assert_refused(log, hom, AgreeFollowUp("hb-1", ENDS), "HAR6"))


# -- HAR7: a written agreement with expected key outcomes ---------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        ((), "give at least one"),
        ((Y6, Y6), "listed twice"),
        ((ExpectedOutcome("y6", "Year 6", " "),), "needs an id, a description and a measure"),
        ((ExpectedOutcome("", "Year 6", "KS2"),), "needs an id"),
        (("Year 6 results",), "is not an expected outcome"),
    ],
)
def test_har7_the_written_agreement_identifies_expected_key_outcomes_with_measures(
    outcomes: tuple[ExpectedOutcome, ...], message: str
) -> None:
    """HAR7, 004_*.txt: "a clear written agreement identifying expected key outcomes"."""
    log, hom = alliance()
    hom.execute(review())
    assert message in str(assert_refused(log, hom, agree(outcomes=outcomes), "HAR7"))


def test_har7_agreement_ids_are_unique() -> None:
    """HAR7: each written agreement has its own id."""
    log, hom = supported()
    hom.execute(review("sholver-lane"))
    assert_refused(log, hom, agree(school_id="sholver-lane"), "HAR7")


# -- HAR8: support brokered from within the alliance -------------------------------------------


def test_har8_support_is_delivered_by_a_member_of_the_alliance_on_the_day() -> None:
    """HAR8, 004_*.txt: "HTTSA staff to broker and co-ordinate support from within the team"."""
    log, hom = supported()
    hom.execute(GiveNotice("beech", date(2014, 9, 1)))  # leaves on 31 Dec 2014
    hom.execute(RecordActivity("hb-1", "sle_mentoring", date(2014, 12, 31), "beech"))
    late = RecordActivity("hb-1", "sle_mentoring", date(2015, 1, 1), "beech")
    assert "not a member of the alliance" in str(assert_refused(log, hom, late, "HAR8"))
    stranger = RecordActivity("hb-1", "training", SIGNED, "pennine-university")
    assert_refused(log, hom, stranger, "HAR8")


def test_har8_a_supported_school_that_is_a_member_cannot_support_itself() -> None:
    """HAR8: school-to-school support comes from another school."""
    log, hom = alliance()
    hom.execute(review("alder"))
    hom.execute(agree("alder-1", "alder"))
    own = RecordActivity("alder-1", "training", SIGNED, "alder")
    assert "cannot support itself" in str(assert_refused(log, hom, own, "HAR8"))
    hom.execute(RecordActivity("alder-1", "training", SIGNED, "beech"))


# -- HAR9: one agreement at a time --------------------------------------------------------------


def test_har9_a_school_has_one_agreement_at_a_time() -> None:
    """HAR9 (chosen): one five-term programme at a time for a school."""
    log, hom = supported()
    hom.execute(review(reviewed_on=date(2015, 9, 1)))
    overlapping = agree("hb-2", signed_on=date(2015, 9, 1))
    assert "overlaps" in str(assert_refused(log, hom, overlapping, "HAR9"))
    hom.execute(agree("hb-2", signed_on=date(2015, 9, 1), starts_on=ENDS + timedelta(days=1)))
