"""Questions that cross streams (MAN12): the schools the alliance reaches through its member
partnerships.

A partnership can be a member of the alliance (kind
:attr:`~hom_core.domain.OrganisationKind.PARTNERSHIP`): its member id is that partnership's id,
and its own record is the stream ``partnership/<id>`` in the same log. A view holds one stream,
so these questions are functions of the alliance's :class:`~hom_core.application.Partnership`, which
opens the others: a member partnership's schools count on a day when it is a member of the
alliance that day and they are its members that day. Member partnerships of member partnerships
are followed too (a partnership already on the route is not entered again, so a cycle ends).

A school may be reached several times (a direct member that is also in a member partnership):
it is reported once, with every route. Schools are matched across partnerships by their URN on
the day (C3); a record without a URN is matched by member id (to a school reached with a URN
if one has that id, else to the other records without one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import attrs

from hom_core.application import Partnership
from hom_core.domain import OrganisationKind, Urn
from hom_core.domain.membership.state import Member

__all__ = [
    "Reach",
    "partnerships_without_record",
    "reached_by_kind",
    "schools_also_direct",
    "schools_reached",
]

Route = tuple[str, ...]
"""The ids of the partnerships walked from the alliance to a school; ``()`` for a direct member."""


@attrs.frozen
class Reach:
    """MAN12: a school the alliance reaches on a day, and every route to it (shortest first).

    ``school`` is its record in the partnership nearest the alliance (the alliance's own, for a
    direct member); ``urn`` its URN on the day (from any record that has one), by which it is
    matched.
    """

    school: Member
    urn: Urn | None
    routes: tuple[Route, ...]

    @property
    def direct(self) -> bool:
        """Is the school a member of the alliance itself on the day?"""
        return () in self.routes

    @property
    def through(self) -> tuple[str, ...]:
        """The alliance's member partnerships the school is reached through, in route order."""
        return tuple(dict.fromkeys(route[0] for route in self.routes if route))


def member_partnership(alliance: Partnership, partnership_id: str) -> Partnership:
    """The member partnership ``partnership_id``, read from the alliance's log (its stream is
    ``partnership/<partnership_id>``), with the alliance's people and packs."""
    return Partnership(
        alliance.log, partnership_id, people=alliance.people, packs=alliance.packs.values()
    )


def _walk(partnership: Partnership, day: date, path: Route) -> Iterator[tuple[Route, Member]]:
    """Every member reached from ``partnership`` on ``day``, depth first, with its route;
    ``path`` holds the ids from the alliance to ``partnership``, which are not entered again."""
    for member in partnership.as_of(day).members():
        yield path[1:], member
        if member.kind is OrganisationKind.PARTNERSHIP and member.member_id not in path:
            inner = member_partnership(partnership, member.member_id)
            yield from _walk(inner, day, (*path, member.member_id))


@attrs.frozen
class _Sighting:
    """A school met on the walk: its position in walk order, its route, its record there."""

    position: int
    route: Route
    member: Member


def _same_schools(sightings: list[_Sighting], day: date) -> list[list[_Sighting]]:
    """The sightings grouped by school, in the order each school is first met: by URN on
    ``day``; a record without a URN joins the school with a URN that has its member id, or else
    the other records without a URN that have it."""
    groups: list[list[_Sighting]] = []
    by_urn: dict[Urn, list[_Sighting]] = {}
    by_id: dict[str, list[_Sighting]] = {}
    for sighting in sorted(sightings, key=lambda s: s.member.urn_on(day) is None):
        urn = sighting.member.urn_on(day)
        if urn is not None:
            group = by_urn.setdefault(urn, [])
            by_id.setdefault(sighting.member.member_id, group)
        else:
            group = by_id.setdefault(sighting.member.member_id, [])
        if not group:
            groups.append(group)
        group.append(sighting)
    return sorted(groups, key=lambda group: min(sighting.position for sighting in group))


def schools_reached(alliance: Partnership, day: date) -> list[Reach]:
    """MAN12: every school reached on ``day`` (direct members and the member schools of member
    partnerships), each once, in the order the alliance first reaches it."""
    walk = _walk(alliance, day, (alliance.partnership_id,))
    sightings = [
        _Sighting(position, route, member)
        for position, (route, member) in enumerate(walk)
        if member.kind.is_school
    ]
    reaches = []
    for group in _same_schools(sightings, day):
        group.sort(key=lambda sighting: (len(sighting.route), sighting.route, sighting.position))
        urns = (sighting.member.urn_on(day) for sighting in group)
        urn = next((urn for urn in urns if urn is not None), None)
        routes = tuple(dict.fromkeys(sighting.route for sighting in group))
        reaches.append(Reach(group[0].member, urn, routes))
    return reaches


def schools_also_direct(alliance: Partnership, day: date) -> dict[str, list[Reach]]:
    """MAN12: for each member partnership, its schools that are also direct members of the
    alliance on ``day`` (partnerships with none are left out)."""
    overlaps: dict[str, list[Reach]] = {}
    for reach in schools_reached(alliance, day):
        if reach.direct:
            for partnership_id in reach.through:
                overlaps.setdefault(partnership_id, []).append(reach)
    return overlaps


def reached_by_kind(alliance: Partnership, day: date) -> dict[OrganisationKind, int]:
    """MAN12: how many schools of each kind are reached on ``day`` (each school once), kinds in
    the core's order."""
    counts = Counter(reach.school.kind for reach in schools_reached(alliance, day))
    return {kind: counts[kind] for kind in OrganisationKind if counts[kind]}


def partnerships_without_record(alliance: Partnership, day: date) -> list[Member]:
    """Member partnerships (at any depth) whose stream in the log is empty: their member id
    names no partnership recorded here (a mistyped id?), so no school is reached through them."""
    missing: dict[str, Member] = {}
    for _, member in _walk(alliance, day, (alliance.partnership_id,)):
        if member.kind is OrganisationKind.PARTNERSHIP:
            inner = member_partnership(alliance, member.member_id)
            if not alliance.log.stream_version(inner.stream_id):
                missing.setdefault(member.member_id, member)
    return list(missing.values())
