"""The partnership API a clerk's script or a council's data team uses: commands in, answers out.

    >>> hom = Partnership(open_log(), "heart-of-manchester")            # doctest: +SKIP
    >>> hom.execute(GiveNotice("st-philips", received_on=date(2015, 3, 2)))  # doctest: +SKIP
    >>> hom.as_of(date(2015, 4, 1)).under_notice()                      # doctest: +SKIP

Questions are asked of a :class:`PartnershipView`: for today (:meth:`Partnership.today`), for
any date (:meth:`Partnership.as_of`: only events effective on or before it count), or as the log
stood at a past position or time (:meth:`Partnership.as_known_at`: what the partnership knew
then, before later corrections and back-dated records).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import partial, reduce
from operator import itemgetter
from types import GenericAlias
from typing import Any

import attrs

from hom_core.domain.bounds import check_entry
from hom_core.domain.framework import EVENT_TYPES as FRAMEWORK_EVENTS
from hom_core.domain.framework import FormPartnership, PartnershipFormed
from hom_core.domain.funding import FundingView
from hom_core.domain.governance import GovernanceView
from hom_core.domain.joint_work import JointWorkView
from hom_core.domain.membership import Member
from hom_core.domain.people import MemoryPeople, PeopleStore, PersonId, display_name
from hom_core.domain.state import COMMAND_TYPES, PROJECTION, PartnershipState, decide
from hom_core.envelope import AppendResult, Pending, RecordedEvent
from hom_core.errors import PluginError, RuleViolation, UnknownPartnershipError, UsageError
from hom_core.jsontext import not_unicode
from hom_core.log import EventLog
from hom_core.projections import Projection
from hom_core.registrations import DomainPack

__all__ = [
    "STREAM_PREFIX",
    "Partnership",
    "PartnershipView",
    "command_types",
    "formed_partnerships",
]

STREAM_PREFIX = "partnership/"
"""A partnership's stream is ``partnership/<its id>``."""

_FORMED = next(each.name for each in FRAMEWORK_EVENTS if each.cls is PartnershipFormed)


@attrs.frozen
class PartnershipView:
    """The partnership as of ``day``, from a state folded over the events that count."""

    state: PartnershipState
    day: date
    people: PeopleStore
    events: tuple[object, ...] = ()
    """The events the view counts, in order (domain packs fold them into their own state)."""
    packs: Mapping[str, DomainPack] = attrs.field(factory=dict)
    """The domain packs of the partnership, by name."""
    partnership: Partnership | None = attrs.field(default=None, eq=False, repr=False)
    """The partnership the view was asked of (its log, id and people), for questions that
    cross to other streams (a member that is itself a partnership)."""
    _pack_states: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def members(self) -> list[Member]:
        """M4: the members on the day, in order of joining."""
        return self.state.membership.on(self.day)

    def is_member(self, member_id: str) -> bool:
        """M4: is ``member_id`` a member on the day?"""
        member = self.state.membership.members.get(member_id)
        return member is not None and member.is_member_on(self.day)

    def under_notice(self) -> list[tuple[Member, date]]:
        """M2: members under notice on the day, with their leaving dates."""
        return list(self.state.membership.under_notice(self.day))

    @property
    def funding(self) -> FundingView:
        """F1-F6 and the banker: contributions, payments and the funds held, as of the day."""
        return FundingView(self.state, self.day)

    @property
    def governance(self) -> GovernanceView:
        """G1-G8: groups, the rotating chair, decisions, governors and reviews, as of the day."""
        return GovernanceView(self.state, self.day)

    @property
    def joint_work(self) -> JointWorkView:
        """T1: joint training days and the annual conference, as of the day."""
        return JointWorkView(self.state, self.day)

    def pack(self, name: str) -> Any:
        """The view of domain pack ``name`` as of the day (what its ``DomainPack.view`` makes)."""
        pack = self.packs.get(name)
        if pack is None:
            installed = ", ".join(sorted(self.packs)) or "none"
            raise UsageError(
                f"no domain pack {name!r} (installed: {installed}): install or enable the "
                "plugin that provides it"
            )
        if name not in self._pack_states:  # folded once per view, however often it is asked
            self._pack_states[name] = reduce(pack.evolve, self.events, pack.initial())
        return pack.view(self, self._pack_states[name])

    def name_of(self, person: PersonId | None) -> str:
        """A person's name, or that they were forgotten (or are unknown)."""
        return display_name(self.people, person)


class Partnership:
    """One partnership's record in a log: its stream is ``partnership/<partnership_id>``.

    ``people`` holds the names behind the person ids in its events (an in-memory store when
    none is given). ``packs`` are the domain packs whose commands and questions it takes
    (default: those the log's plugins register through ``hom_domain_packs``).
    """

    def __init__(
        self,
        log: EventLog,
        partnership_id: str,
        *,
        people: PeopleStore | None = None,
        packs: Iterable[DomainPack] | None = None,
    ) -> None:
        if not partnership_id:
            raise UsageError("a partnership needs an id, such as 'heart-of-manchester'")
        if (problem := not_unicode(partnership_id)) is not None:
            raise UsageError(f"the partnership id holds {problem}")
        self.log = log
        self.partnership_id = partnership_id
        self.stream_id = f"{STREAM_PREFIX}{partnership_id}"
        self.people: PeopleStore = MemoryPeople() if people is None else people
        if packs is None:
            self.packs = {} if log.plugins is None else log.plugins.domain_packs()
        else:
            self.packs = {pack.name: pack for pack in packs}
        self._routes = _routes(self.packs.values())
        self._pack_projections = {name: _with_pack(pack) for name, pack in self.packs.items()}

    def execute(
        self,
        command: object,
        *,
        actor: str | None = None,
        idempotency_key: str | None = None,
        retries: int = 2,
    ) -> AppendResult | None:
        """Decide ``command`` against the current state and append its events.

        Raises :class:`~hom_core.errors.RuleViolation` (citing the rule) when the command breaks
        a rule; nothing is appended then. Each event's effective date is the date it is about.
        A domain pack's command is decided by its pack against the core's state and the pack's.
        """
        projection, decide_events = self._decider(command)

        def decide_pending(state: Any) -> list[Pending[Any]]:
            return [
                Pending(event, effective_date=event.effective_date)  # type: ignore[attr-defined]
                for event in decide_events(state)
            ]

        return self.log.handle(
            self.stream_id,
            projection,
            decide_pending,
            retries=retries,
            actor=actor,
            idempotency_key=idempotency_key,
        )

    def decide(self, command: object) -> list[object]:
        """The events ``command`` would record now, recording nothing (a dry run).

        Raises what :meth:`execute` would: a :class:`~hom_core.errors.RuleViolation` for a
        command that breaks a rule, a :class:`~hom_core.errors.UsageError` for one it does
        not know.
        """
        projection, decide_events = self._decider(command)
        return decide_events(self.log.load(self.stream_id, projection).state)

    def _decider(self, command: object) -> tuple[Projection[Any], Callable[[Any], list[object]]]:
        """The state ``command`` is decided against, and how: the core's, or its pack's.

        Its dates, amounts and text must lie within the bounds of a record
        (:func:`~hom_core.domain.bounds.check_entry`).
        """
        check_entry(command, type(command).__name__)
        pack = self._routes.get(type(command))
        if pack is None:
            return PROJECTION, self._formed_first(command, _itself, partial(decide, command))
        decider = pack.deciders[type(command)]
        return self._pack_projections[pack.name], self._formed_first(
            command, itemgetter(0), lambda states: decider(command, *states)
        )

    def _formed_first(
        self,
        command: object,
        core: Callable[[Any], PartnershipState],
        decide_events: Callable[[Any], list[object]],
    ) -> Callable[[Any], list[object]]:
        """``decide_events``, refusing any command but :class:`FormPartnership` while the
        partnership is not formed (:class:`~hom_core.errors.UnknownPartnershipError`): a typo
        in the id never becomes a partnership of its own."""

        def decide_formed(state: Any) -> list[object]:
            if type(command) is FormPartnership or core(state).framework.formed_on is not None:
                return decide_events(state)
            try:  # which rule the command breaks before formation, for callers that ask
                decide_events(state)
            except RuleViolation as violation:
                rule = violation.rule
            else:
                rule = "M1"
            raise UnknownPartnershipError(self.partnership_id, formed_partnerships(self.log), rule)

        return decide_formed

    def command_types(self) -> dict[str, type]:
        """The commands :meth:`execute` accepts (the core's and the packs'), sorted by name."""
        return command_types(self.packs.values())

    def state(self) -> PartnershipState:
        """The current state: every event recorded so far."""
        return self.log.load(self.stream_id, PROJECTION).state

    def today(self) -> PartnershipView:
        """The partnership as of today's date by the log's clock."""
        return self.as_of(self.log.clock().date())

    def as_of(self, day: date) -> PartnershipView:
        """The partnership on ``day``: only events effective on or before it count."""
        return self._view(self.log.read_stream(self.stream_id), day)

    def as_known_at(self, when: int | datetime, day: date | None = None) -> PartnershipView:
        """The partnership as the log stood at position ``when`` (an int) or time ``when``.

        ``day`` is the date questions are asked for (default: the date of ``when``, or today
        for a position).
        """
        events = self.log.read_stream(self.stream_id)
        if isinstance(when, datetime):
            if when.tzinfo is None:
                raise UsageError(f"as_known_at({when!r}): give an aware datetime (UTC)")
            known = (r for r in events if r.recorded_at <= when)
            day = day or when.date()
        else:
            known = (r for r in events if r.position <= when)
            day = day or self.log.clock().date()
        return self._view(known, day)

    def _view(self, records: Iterable[RecordedEvent[Any]], day: date) -> PartnershipView:
        counted = [r for r in records if r.effective_date <= day]
        events = tuple(r.event for r in counted) if self.packs else ()
        state = PROJECTION.fold(counted)
        return PartnershipView(state, day, self.people, events, self.packs, self)

    def forget(self, person: PersonId, on: date | None = None) -> None:
        """Erase a person's name and contact details (UK GDPR); the log is untouched."""
        self.people.forget(person, on or self.log.clock().date())


def _routes(packs: Iterable[DomainPack]) -> dict[type, DomainPack]:
    """Command class -> the pack that decides it; a command claimed twice is a PluginError."""
    routes: dict[type, DomainPack] = {}
    for pack in packs:
        for command in pack.deciders:
            claimed = routes.get(command) or (pack if command in COMMAND_TYPES else None)
            if claimed is not None:
                owner = "the core" if command in COMMAND_TYPES else f"pack {claimed.name!r}"
                raise PluginError(
                    f"domain pack {pack.name!r} decides {command.__qualname__}, which "
                    f"{owner} already decides: give the pack a command class of its own"
                )
            routes[command] = pack
    return routes


def _with_pack(pack: DomainPack) -> Projection[tuple[PartnershipState, Any]]:
    """The core's state and the pack's, folded together over the stream (for pack commands)."""
    evolve_core = PROJECTION.evolve
    evolve_pack: Callable[[Any, object], Any] = pack.evolve

    def evolve(
        states: tuple[PartnershipState, Any], recorded: RecordedEvent[Any]
    ) -> tuple[PartnershipState, Any]:
        core, own = states
        return evolve_core(core, recorded), evolve_pack(own, recorded.event)

    state_type = (
        None
        if pack.state_type is None
        else GenericAlias(tuple, (PartnershipState, pack.state_type))
    )
    return Projection(
        f"{PROJECTION.name}+{pack.name}.v{pack.version}",
        lambda: (PROJECTION.initial(), pack.initial()),
        evolve,
        version=PROJECTION.version,
        state_type=state_type,
        snapshot_every=PROJECTION.snapshot_every,
        keep_latest=PROJECTION.keep_latest,  # a pack's evolve is pure, as DomainPack says
    )


def formed_partnerships(log: EventLog) -> tuple[str, ...]:
    """The ids of the partnerships formed in ``log``, sorted (a scan of the stored records:
    for messages, not for a hot path)."""
    return tuple(
        sorted(
            record.stream_id.removeprefix(STREAM_PREFIX)
            for record in log.store.read_all(0, None)
            if record.event_type == _FORMED and record.stream_id.startswith(STREAM_PREFIX)
        )
    )


def _itself(state: PartnershipState) -> PartnershipState:
    return state


def command_types(packs: Iterable[DomainPack] = ()) -> dict[str, type]:
    """The commands a partnership with these domain packs accepts, sorted by class name."""
    commands = sorted((*COMMAND_TYPES, *_routes(packs)), key=lambda cls: cls.__name__)
    return {cls.__name__: cls for cls in commands}
