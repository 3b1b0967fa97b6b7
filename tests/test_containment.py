"""M5: no partnership inside itself, checked across the streams of one log: the Manchester
Schools' Alliance and the Heart of Manchester Partnership (``examples/manchester_alliance.py``),
where HOM has been a member of the alliance since 2013-09-16."""

from __future__ import annotations

from datetime import date

import pytest

from examples_support import load_example
from hom_core import RuleViolation, open_log
from hom_core.application import Partnership
from hom_core.application.containment import member_partnerships
from hom_core.domain import FormPartnership, OrganisationKind, Policies
from hom_core.testing.strategies import join

ALLIANCE = "manchester-schools-alliance"
HOM = "heart-of-manchester"


@pytest.fixture(scope="module")
def recorded() -> tuple[Partnership, Partnership]:
    """The alliance's history and HOM's, recorded in one log in memory (each test that adds to
    it adds a partnership of its own)."""
    example = load_example("manchester_alliance")
    alliance = Partnership(open_log("memory://", plugins=example.plugins()), ALLIANCE)
    example.record(alliance)
    return alliance, Partnership(alliance.log, HOM, packs=alliance.packs.values())


def partnership(alliance: Partnership, partnership_id: str) -> Partnership:
    """Another partnership in the alliance's log, formed in 2013."""
    other = Partnership(alliance.log, partnership_id, packs=alliance.packs.values())
    other.execute(FormPartnership(partnership_id.title(), date(2013, 1, 7), Policies()))
    return other


def refused(partnership: Partnership, member_id: str, day: date) -> RuleViolation:
    """The violation that ``member_id`` joining ``partnership`` as a partnership on ``day``
    raises; the log is checked to be unchanged."""
    head = partnership.log.head()
    with pytest.raises(RuleViolation) as raised:
        partnership.execute(join(member_id, day, kind=OrganisationKind.PARTNERSHIP))
    with pytest.raises(RuleViolation):
        partnership.decide(join(member_id, day, kind=OrganisationKind.PARTNERSHIP))
    assert partnership.log.head() == head
    return raised.value


def test_m5_the_alliance_cannot_join_hom_while_hom_is_a_member_of_the_alliance(
    recorded: tuple[Partnership, Partnership],
) -> None:
    """M5: HOM is a member of the alliance, so the alliance joining HOM is refused, with nothing
    appended, naming the route by which the alliance contains HOM."""
    alliance, hom = recorded
    assert HOM in member_partnerships(alliance.log, ALLIANCE)
    violation = refused(hom, ALLIANCE, date(2014, 1, 6))
    assert violation.rule == "M5"
    assert f"{ALLIANCE} > {HOM}" in violation.detail


def test_m5_on_any_day_before_hom_joined_the_alliance_or_after_it(
    recorded: tuple[Partnership, Partnership],
) -> None:
    """M5: the rule holds whatever the days: the alliance may not join HOM on a day before HOM
    joined it (2013-09-16), nor years later."""
    _, hom = recorded
    for day in (date(2013, 1, 7), date(2013, 9, 15), date(2022, 2, 1)):
        assert refused(hom, ALLIANCE, day).rule == "M5"


def test_m5_a_partnership_cannot_join_itself(recorded: tuple[Partnership, Partnership]) -> None:
    """M5: HOM joining HOM is refused."""
    _, hom = recorded
    violation = refused(hom, HOM, date(2014, 1, 6))
    assert violation.rule == "M5"
    assert "cannot join itself" in violation.detail


def test_m5_nor_a_partnership_it_contains_at_any_depth(
    recorded: tuple[Partnership, Partnership],
) -> None:
    """M5: a partnership that joins HOM (so that the alliance contains it through HOM) cannot be
    joined by the alliance, at depth two; nor by HOM."""
    alliance, hom = recorded
    network = partnership(alliance, "east-manchester-network")
    hom.execute(join(network.partnership_id, date(2014, 2, 3), kind=OrganisationKind.PARTNERSHIP))
    violation = refused(network, ALLIANCE, date(2014, 3, 3))
    assert f"{ALLIANCE} > {HOM} > {network.partnership_id}" in violation.detail
    assert refused(network, HOM, date(2014, 3, 3)).rule == "M5"


def test_m5_partnerships_side_by_side_may_share_members(
    recorded: tuple[Partnership, Partnership],
) -> None:
    """M5 refuses only a cycle: a partnership may be a member of two partnerships, and the
    alliance may join a partnership that neither contains it nor is contained by it."""
    alliance, hom = recorded
    north = partnership(alliance, "north-manchester-network")
    south = partnership(alliance, "south-manchester-network")
    south.execute(join(north.partnership_id, date(2014, 2, 3), kind=OrganisationKind.PARTNERSHIP))
    hom.execute(join(north.partnership_id, date(2014, 2, 3), kind=OrganisationKind.PARTNERSHIP))
    south.execute(join(ALLIANCE, date(2014, 2, 3), kind=OrganisationKind.PARTNERSHIP))
    assert member_partnerships(alliance.log, south.partnership_id) == (
        north.partnership_id,
        ALLIANCE,
    )
