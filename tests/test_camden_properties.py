"""Random Camden histories (``003_*.txt``): improvement foci, enquiries, findings, training
sessions, new heads and notices, valid and invalid alike, through ``Partnership.execute``.

After every step the pack's state keeps CAM1-CAM7, a refused command left the log as it was,
and the pack's view as of any day holds exactly what was recorded effective by that day.
"""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import event, given, settings, strategies as st

from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import AppointRoleHolder, GiveNotice, PartnershipState, Role
from hom_plugins.packs.camden import (
    CamdenState,
    HoldEnquiry,
    HoldTrainingSession,
    Observer,
    RecordFindings,
    RecordImprovementFocus,
    StaffGroup,
)
from hom_plugins.packs.camden.events import EnquiryHeld
from properties import examples
from test_camden import PARTNER, SCHOOLS, Y14, Y15, camden_on, cluster, head

FAR = date(2030, 1, 1)
DAYS = [date(2014, 9, 12), date(2014, 11, 5), date(2015, 2, 5), date(2015, 9, 12)]
DAYS += [date(2015, 11, 5), date(2016, 3, 1)]
days = st.sampled_from(DAYS)
"""A few days of 2014/15 and 2015/16, so commands often meet on the same school and year."""
years = st.sampled_from([Y14, Y15])
schools = st.sampled_from(SCHOOLS)
members = st.sampled_from([*SCHOOLS, "never-joined"])
people = st.sampled_from([*map(head, SCHOOLS), "new-head", "chair-of-rhyl", PARTNER.person])
foci = st.sampled_from(["Reading", "Maths"])
texts = st.lists(st.sampled_from(["Early reading", " "]), max_size=2).map(tuple)

commands = st.one_of(
    st.builds(RecordImprovementFocus, members, years, foci, days),
    st.builds(RecordImprovementFocus, members, years, foci, days),
    st.builds(HoldEnquiry, schools, days, people, st.none() | st.builds(Observer, people)),
    st.builds(
        HoldEnquiry,
        members,
        days,
        people,
        st.none() | st.builds(Observer, people),
        st.none() | people,
        st.none() | foci,
    ),
    st.builds(RecordFindings, members, years, days, texts, texts),
    st.builds(
        HoldTrainingSession,
        days,
        st.sampled_from(["Phonics", " "]),
        st.lists(members, max_size=2).map(tuple),
        st.lists(st.sampled_from(StaffGroup), max_size=2).map(tuple),
    ),
    st.builds(AppointRoleHolder, schools, st.just(Role.HEAD), st.just("new-head"), days),
    st.builds(GiveNotice, schools, days),
)
"""Commands as a clerk might give them, valid or not (foci and enquiries drawn twice as
often)."""


def plausible(core: PartnershipState, own: CamdenState) -> list[object]:
    """Commands the rules would likely accept: a focus where a school has none, an enquiry
    with a school's head where it has a focus, findings for an enquiry without them, a
    session led by member schools."""
    likely: list[object] = []
    for day in DAYS:
        year = core.framework.calendar.academic_year_of(day)
        schools_then = core.membership.on(day)
        led_by = tuple(school.member_id for school in schools_then[:2])
        likely.append(HoldTrainingSession(day, "Phonics", led_by, (StaffGroup.TEACHERS,)))
        for school in schools_then:
            member_id = school.member_id
            if own.focus(member_id, year, day) is None:
                likely.append(RecordImprovementFocus(member_id, year, "Reading", day))
            elif own.enquiry(member_id, year) is None:
                for peer in schools_then:  # its own head too: CAM3 refuses that
                    peer_head = peer.holder_on(Role.HEAD, day)
                    if peer_head is not None:
                        likely.append(HoldEnquiry(member_id, day, peer_head, PARTNER))
                        likely.append(HoldEnquiry(member_id, day, peer_head))
    for enquiry in own.enquiries:
        held = enquiry.held
        if enquiry.findings is None:
            likely.extend(
                RecordFindings(held.member_id, held.academic_year, day, ("Early reading",))
                for day in DAYS  # before the enquiry too: CAM6 refuses those
            )
    return likely


def check_held(held: EnquiryHeld, core: PartnershipState, own: CamdenState) -> None:
    """CAM1-CAM5 for an enquiry just recorded, against the states it was decided on."""
    day = held.held_on
    school = core.membership.members[held.member_id]
    assert school.is_member_on(day)
    assert held.academic_year == core.framework.calendar.academic_year_of(day)
    assert held.lead == school.holder_on(Role.HEAD, day)  # CAM2
    peer = core.membership.members[held.peer_member_id]  # CAM3
    assert peer.member_id != held.member_id
    assert peer.is_member_on(day)
    assert peer.holder_on(Role.HEAD, day) == held.peer_head
    if held.observer is not None:  # CAM4
        holders = {m.holder_on(role, day) for m in core.membership.on(day) for role in Role}
        assert held.observer.person not in holders
    recorded = own.focus(held.member_id, held.academic_year, day)  # CAM5
    assert recorded is not None
    assert recorded.focus == held.focus


def check_state(own: CamdenState) -> None:
    """CAM1: one enquiry per school and year; CAM6: findings on or after their enquiry;
    CAM7: one session per date and title."""
    keys = [(e.held.member_id, e.held.academic_year) for e in own.enquiries]
    assert len(keys) == len(set(keys))
    for enquiry in own.enquiries:
        if enquiry.findings is not None:
            assert enquiry.findings.recorded_on >= enquiry.held.held_on
            assert enquiry.findings.strengths or enquiry.findings.areas_for_development
    sessions = [(s.held_on, s.title) for s in own.training_sessions]
    assert len(sessions) == len(set(sessions))


def effective_by(own: CamdenState, day: date) -> CamdenState:
    """What of ``own`` was recorded effective by ``day``."""
    enquiries = tuple(
        attrs.evolve(
            e, findings=e.findings if e.findings and e.findings.recorded_on <= day else None
        )
        for e in own.enquiries
        if e.held.held_on <= day
    )
    return CamdenState(
        tuple(f for f in own.foci if f.recorded_on <= day),
        enquiries,
        tuple(s for s in own.training_sessions if s.held_on <= day),
    )


def step(hom: Partnership, command: object) -> None:
    """Execute ``command``: refused, it appends nothing; accepted, its enquiry keeps the rules."""
    before = (hom.log.stream_version(hom.stream_id), hom.log.head())
    try:
        hom.execute(command)
    except RuleViolation as error:
        event(f"refused {type(command).__name__} ({error.rule})")
        assert (hom.log.stream_version(hom.stream_id), hom.log.head()) == before
        return
    event(f"accepted {type(command).__name__}")
    new = list(hom.log.read_stream(hom.stream_id, after_version=before[0]))
    assert len(new) == 1
    assert new[0].effective_date == new[0].event.effective_date
    if isinstance(new[0].event, EnquiryHeld):
        check_held(new[0].event, hom.state(), camden_on(hom, FAR).state)


@settings(max_examples=examples(30))
@given(st.data(), st.integers(5, 30))
def test_random_histories_keep_the_camden_rules(data: st.DataObject, steps: int) -> None:
    """003: random commands never produce a state that breaks CAM1-CAM7; as_of(d) holds
    exactly what was recorded effective by d."""
    hom = cluster()
    own = camden_on(hom, FAR).state
    for _ in range(steps):
        likely = plausible(hom.state(), own)
        if likely and data.draw(st.booleans(), label="likely"):
            command = data.draw(st.sampled_from(likely), label="command")
        else:
            command = data.draw(commands, label="command")
        step(hom, command)
        own = camden_on(hom, FAR).state
        check_state(own)
    for day in DAYS:
        assert camden_on(hom, day).state == effective_by(own, day)
