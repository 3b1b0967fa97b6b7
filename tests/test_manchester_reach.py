"""Questions across streams (MAN12, ``002_*.txt``: "The Alliance will create a citywide safety
net of guidance, support and leadership for all Manchester schools"): a partnership is a member
of the alliance, and the schools reached through it are read from its own stream in the same
log (hom_plugins.packs.manchester.reach)."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from hom_core import RuleViolation
from hom_core.application import Partnership
from hom_core.domain import (
    FormPartnership,
    GiveNotice,
    JoinPartnership,
    OrganisationKind,
    Policies,
    Urn,
)
from hom_core.domain.partnership import PARTNERSHIP
from hom_core.testing.strategies import join
from hom_plugins.packs.manchester import (
    Reach,
    member_partnership,
    partnerships_without_record,
    reached_by_kind,
    schools_also_direct,
    schools_reached,
)
from properties import examples
from test_manchester import new_alliance

FORMED = date(2013, 7, 1)
K = OrganisationKind
URNS = {"webster": "105430", "claremont": "105412", "st-marys": "105497", "irkside": "900002"}
URNS |= {"martenscroft": "105205"}


def school(
    member_id: str, day: date, kind: OrganisationKind = K.PRIMARY, urn: bool = True
) -> JoinPartnership:
    """M1: ``member_id`` joins on ``day``, with its URN from URNS (if ``urn``)."""
    return join(member_id, day, kind=kind, urn=Urn(URNS[member_id]) if urn else None)


def partnership_of(alliance: Partnership, partnership_id: str) -> Partnership:
    """Another partnership in the alliance's log, formed on FORMED."""
    other = member_partnership(alliance, partnership_id)
    other.execute(FormPartnership(partnership_id.title(), FORMED, Policies()))
    return other


def recorded_before_m5(partnership: Partnership, command: JoinPartnership) -> None:
    """Append the events of ``command`` as decided by the stream's own rules alone, without the
    check across streams (M5) that refuses a partnership inside itself."""
    events = PARTNERSHIP.decide(command, partnership.state())
    partnership.log.append(partnership.stream_id, events, None, effective_date=command.signed_on)


def routes(reaches: list[Reach]) -> dict[str, tuple[tuple[str, ...], ...]]:
    return {reach.school.member_id: reach.routes for reach in reaches}


def city() -> tuple[Partnership, Partnership]:
    """The alliance (Irkside and Webster directly, a council) and HOM (Webster, Claremont,
    St Mary's, Martenscroft nursery and a business), which joins the alliance on 2013-09-16."""
    alliance = new_alliance(alliance_id="alliance")
    alliance.execute(join("council", FORMED, kind=K.COUNCIL))
    alliance.execute(school("irkside", FORMED, K.SECONDARY))
    alliance.execute(school("webster", FORMED))
    hom = partnership_of(alliance, "hom")
    for member_id in ("webster", "claremont", "st-marys"):
        hom.execute(school(member_id, date(2013, 7, 10)))
    hom.execute(school("martenscroft", date(2013, 7, 10), K.NURSERY))
    hom.execute(join("sponsor", date(2013, 7, 10), kind=K.BUSINESS))
    alliance.execute(join("hom", date(2013, 9, 16), kind=K.PARTNERSHIP))
    return alliance, hom


def test_a_member_partnership_s_schools_are_reached_once_each_with_their_routes() -> None:
    """MAN12: direct member schools and the member schools of member partnerships, each once,
    saying through which route; the partnership's other members are not schools reached."""
    alliance, _ = city()
    assert routes(schools_reached(alliance, date(2013, 9, 15))) == {
        "irkside": ((),),
        "webster": ((),),
    }
    assert routes(schools_reached(alliance, date(2013, 9, 16))) == {
        "irkside": ((),),
        "webster": ((), ("hom",)),
        "claremont": (("hom",),),
        "st-marys": (("hom",),),
        "martenscroft": (("hom",),),
    }
    webster = schools_reached(alliance, date(2013, 9, 16))[1]
    assert (webster.direct, webster.through, webster.urn) == (True, ("hom",), Urn("105430"))


def test_which_member_partnership_s_schools_are_also_direct_members() -> None:
    """MAN12: Webster is a member of the alliance itself and through HOM."""
    alliance, _ = city()
    overlap = schools_also_direct(alliance, date(2014, 1, 1))
    assert {p: [r.school.member_id for r in rs] for p, rs in overlap.items()} == {
        "hom": ["webster"]
    }
    assert schools_also_direct(alliance, date(2013, 9, 1)) == {}


def test_schools_reached_are_counted_by_kind() -> None:
    """MAN12: counts by kind, each school once."""
    alliance, _ = city()
    assert reached_by_kind(alliance, date(2014, 1, 1)) == {
        K.NURSERY: 1,
        K.PRIMARY: 3,
        K.SECONDARY: 1,
    }


def test_schools_are_matched_across_partnerships_by_urn_or_else_by_member_id() -> None:
    """MAN12 with C3: the same school under another member id is matched by its URN; without a
    URN, by its member id."""
    alliance, _ = city()
    alliance.execute(join("claremont-primary", date(2014, 1, 6), urn=Urn(URNS["claremont"])))
    alliance.execute(school("st-marys", date(2014, 1, 6), urn=False))
    reached = routes(schools_reached(alliance, date(2014, 1, 6)))
    assert reached["claremont-primary"] == ((), ("hom",))
    assert "claremont" not in reached
    st_marys = [
        r for r in schools_reached(alliance, date(2014, 1, 6)) if r.school.member_id == "st-marys"
    ]
    assert [(r.routes, r.urn) for r in st_marys] == [(((), ("hom",)), Urn(URNS["st-marys"]))]
    assert len(schools_reached(alliance, date(2014, 1, 6))) == 5


def test_schools_without_urns_are_matched_by_member_id_and_different_urns_are_not() -> None:
    """MAN12 with C3: two records without a URN and one id are one school; one id with two
    different URNs is two schools (ids are each partnership's own)."""
    alliance = new_alliance(alliance_id="alliance")
    north, south = partnership_of(alliance, "north"), partnership_of(alliance, "south")
    for partnership, urn in ((north, Urn("900101")), (south, Urn("900102"))):
        partnership.execute(join("st-johns", FORMED, urn=urn))
        partnership.execute(join("no-urn", FORMED))
        alliance.execute(join(partnership.partnership_id, FORMED, kind=K.PARTNERSHIP))
    reached = [(r.school.member_id, r.urn, r.routes) for r in schools_reached(alliance, FORMED)]
    assert reached == [
        ("st-johns", Urn("900101"), (("north",),)),
        ("no-urn", None, (("north",), ("south",))),
        ("st-johns", Urn("900102"), (("south",),)),
    ]


def test_a_school_that_leaves_its_partnership_is_no_longer_reached_after_its_leaving_date() -> None:
    """MAN12 with M3: Claremont leaves HOM; it is reached to its leaving date, not after."""
    alliance, hom = city()
    hom.execute(GiveNotice("claremont", date(2015, 3, 2)))
    leaves_on = hom.state().membership.members["claremont"].memberships[-1].leaves_on
    assert leaves_on == date(2015, 8, 31)
    assert "claremont" in routes(schools_reached(alliance, leaves_on))
    assert "claremont" not in routes(schools_reached(alliance, leaves_on + timedelta(days=1)))


def test_a_partnership_that_leaves_the_alliance_reaches_no_school_after_its_leaving_date() -> None:
    """MAN12 with M3: HOM's schools are reached while HOM is a member of the alliance."""
    alliance, _ = city()
    alliance.execute(GiveNotice("hom", date(2015, 3, 2)))
    after = routes(schools_reached(alliance, date(2015, 9, 1)))
    assert after == {"irkside": ((),), "webster": ((),)}


def test_member_partnerships_of_member_partnerships_are_followed_and_cycles_end() -> None:
    """MAN12: a partnership in HOM is followed (route hom > north); the alliance as a member of
    HOM is not entered again, so every school is reached once. The cycles (the alliance in HOM,
    HOM in north) are refused now (M5): they are written straight to the log, as one recorded
    before that rule may hold them."""
    alliance, hom = city()
    north = partnership_of(alliance, "north")
    north.execute(school("claremont", date(2013, 7, 12)))
    north.execute(join("north-only", date(2013, 7, 12)))
    hom.execute(join("north", date(2013, 10, 1), kind=K.PARTNERSHIP))
    recorded_before_m5(hom, join("alliance", date(2013, 10, 1), kind=K.PARTNERSHIP))
    recorded_before_m5(north, join("hom", date(2013, 10, 1), kind=K.PARTNERSHIP))
    reached = routes(schools_reached(alliance, date(2013, 10, 1)))
    assert reached["claremont"] == (("hom",), ("hom", "north"))
    assert reached["north-only"] == (("hom", "north"),)
    assert reached["irkside"] == ((),)
    assert len(reached) == 6


def test_a_member_partnership_with_no_record_in_the_log_is_reported() -> None:
    """A member id that names no partnership recorded in this log reaches no school: say so."""
    alliance, _ = city()
    alliance.execute(join("hom-typo", date(2014, 1, 6), kind=K.PARTNERSHIP))
    missing = partnerships_without_record(alliance, date(2014, 1, 6))
    assert [member.member_id for member in missing] == ["hom-typo"]
    assert partnerships_without_record(alliance, date(2014, 1, 5)) == []


# -- properties --------------------------------------------------------------------------------

SCHOOLS = tuple(URNS)
PARTNERSHIPS = ("p1", "p2")
LAST = date(2016, 8, 31)
days = st.dates(FORMED, LAST)
commands = st.one_of(
    st.tuples(
        st.sampled_from(("alliance", *PARTNERSHIPS)),
        st.just("join"),
        st.sampled_from(SCHOOLS),
        days,
    ),
    st.tuples(
        st.sampled_from(("alliance", *PARTNERSHIPS)),
        st.just("notice"),
        st.sampled_from(SCHOOLS),
        days,
    ),
    st.tuples(
        st.just("alliance"),
        st.sampled_from(("join", "notice")),
        st.sampled_from(PARTNERSHIPS),
        days,
    ),
    st.tuples(st.just("p1"), st.sampled_from(("join", "notice")), st.just("p2"), days),
)
"""(stream, join or notice, member, day): schools in any stream, p1 and p2 into the alliance and
p2 into p1; valid or not (refusals append nothing)."""


def _history(steps: list[tuple[str, str, str, date]]) -> dict[str, Partnership]:
    alliance = new_alliance(alliance_id="alliance")
    streams = {"alliance": alliance, **{p: partnership_of(alliance, p) for p in PARTNERSHIPS}}
    for stream, action, member_id, day in steps:
        if member_id in SCHOOLS:
            command: object = (
                school(member_id, day) if action == "join" else GiveNotice(member_id, day)
            )
        else:
            command = (
                join(member_id, day, kind=K.PARTNERSHIP)
                if action == "join"
                else GiveNotice(member_id, day)
            )
        with contextlib.suppress(RuleViolation):
            streams[stream].execute(command)
    return streams


def _expected(streams: dict[str, Partnership], day: date) -> dict[str, set[tuple[str, ...]]]:
    """The routes, by member id, straight from each stream's own view (two levels at most)."""
    views = {name: partnership.as_of(day) for name, partnership in streams.items()}
    a, p1, p2 = views["alliance"], views["p1"], views["p2"]
    expected: dict[str, set[tuple[str, ...]]] = {}
    for member_id in SCHOOLS:
        found = {
            route
            for route, reached in (
                ((), a.is_member(member_id)),
                (("p1",), a.is_member("p1") and p1.is_member(member_id)),
                (("p2",), a.is_member("p2") and p2.is_member(member_id)),
                (
                    ("p1", "p2"),
                    a.is_member("p1") and p1.is_member("p2") and p2.is_member(member_id),
                ),
            )
            if reached
        }
        if found:
            expected[member_id] = found
    return expected


@settings(max_examples=examples(60))
@given(st.lists(commands, max_size=14), st.lists(days, min_size=1, max_size=3))
def test_every_school_reached_appears_once_with_exactly_its_routes(
    steps: list[tuple[str, str, str, date]], asked: list[date]
) -> None:
    """MAN12 (property): for random memberships of the alliance and two partnerships (one in
    the other), each school reached appears once, with exactly the routes the streams give."""
    streams = _history(steps)
    for day in asked:
        reached = schools_reached(streams["alliance"], day)
        assert len({reach.urn for reach in reached}) == len(reached)
        assert {r.school.member_id: set(r.routes) for r in reached} == _expected(streams, day)


@settings(max_examples=examples(40))
@given(
    st.lists(st.tuples(st.sampled_from(SCHOOLS), days), min_size=1, max_size=5),
    st.data(),
)
def test_a_school_that_leaves_its_partnership_stops_being_reached_from_the_day_after(
    joins: list[tuple[str, date]], data: st.DataObject
) -> None:
    """MAN12 with M3 (property): a school of p1 that gives notice is reached through p1 to its
    leaving date and not after it (nor at all, when it is not reached another way)."""
    streams = _history([("alliance", "join", "p1", FORMED)])
    p1 = streams["p1"]
    for member_id, day in joins:
        with contextlib.suppress(RuleViolation):
            p1.execute(school(member_id, day))
    member_id = data.draw(st.sampled_from(sorted(p1.state().membership.members)))
    joined_on = p1.state().membership.members[member_id].memberships[0].joined_on
    p1.execute(GiveNotice(member_id, data.draw(st.dates(joined_on, LAST))))
    leaves_on = p1.state().membership.members[member_id].memberships[0].leaves_on
    assert leaves_on is not None
    on_last_day = routes(schools_reached(streams["alliance"], leaves_on))
    assert on_last_day[member_id] == (("p1",),)
    assert member_id not in routes(
        schools_reached(streams["alliance"], leaves_on + timedelta(days=1))
    )
