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
from functools import cached_property, reduce
from operator import itemgetter
from typing import Any, TypeVar

import attrs

from hom_core.application.containment import STREAM_PREFIX, check_not_inside_itself
from hom_core.application.corrections import Change, execute_change, plan_change
from hom_core.application.installed_packs import InstalledPacks
from hom_core.application.routes import command_types, formed_partnerships, pack_routes
from hom_core.application.runner import Runner
from hom_core.composition import compose, inputs
from hom_core.decider import Decider
from hom_core.domain.bounds import check_entry
from hom_core.domain.corrections import CorrectFact, FactRetracted, RetractFact
from hom_core.domain.framework.decide import FormPartnership
from hom_core.domain.funding.view import FundingView
from hom_core.domain.governance.view import GovernanceView
from hom_core.domain.joint_work import JointWorkView
from hom_core.domain.membership.state import Member
from hom_core.domain.partnership import PARTNERSHIP, PartnershipState
from hom_core.envelope import AppendResult
from hom_core.errors import (
    HomError,
    PluginError,
    RuleViolation,
    UnknownPartnershipError,
    UsageError,
)
from hom_core.jsontext import not_unicode
from hom_core.log import EventLog
from hom_core.people import MemoryPeople, PeopleStore, PersonId, display_name
from hom_core.registrations import DomainPack

__all__ = ["STREAM_PREFIX", "Partnership", "PartnershipView"]

S = TypeVar("S")

_RETRACTED = next(each.name for each in PARTNERSHIP.event_types if each.cls is FactRetracted)


@attrs.frozen
class PartnershipView:
    """The partnership as of ``day``, from a state folded over the events that count."""

    state: PartnershipState
    day: date
    people: PeopleStore
    _events: tuple[object, ...] | Callable[[frozenset[str] | None], tuple[object, ...]] = (
        attrs.field(default=(), alias="events", eq=False)
    )
    """The events the view counts, in order, or what reads them when first asked: every one
    (given ``None``), or those of the types named (see :attr:`events`)."""
    packs: Mapping[str, DomainPack] = attrs.field(factory=dict)
    """The domain packs of the partnership, by name."""
    partnership: Partnership | None = attrs.field(default=None, eq=False, repr=False)
    """The partnership the view was asked of (its log, id and people), for questions that
    cross to other streams (a member that is itself a partnership)."""
    _pack_states: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _read: dict[str, tuple[object, ...]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    @property
    def events(self) -> tuple[object, ...]:
        """The events the view counts, in order (domain packs fold them into their own state);
        read from the log when first asked, if the view was made without them."""
        if not callable(self._events):
            return self._events
        if "events" not in self._read:
            self._read["events"] = self._events(None)
        return self._read["events"]

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
        return FundingView(inputs(PARTNERSHIP, "funding", self.state), self.day)

    @property
    def governance(self) -> GovernanceView:
        """G1-G8: groups, the rotating chair, decisions, governors and reviews, as of the day."""
        return GovernanceView(inputs(PARTNERSHIP, "governance", self.state), self.day)

    @property
    def joint_work(self) -> JointWorkView:
        """T1: joint training days and the annual conference, as of the day."""
        return JointWorkView(inputs(PARTNERSHIP, "joint_work", self.state), self.day)

    def pack(self, name: str) -> Any:
        """The view of domain pack ``name`` as of the day (what its ``DomainPack.view`` makes)."""
        pack = self.packs.get(name)
        if pack is None:
            installed = ", ".join(sorted(self.packs)) or "none"
            raise UsageError(
                f"no domain pack {name!r} (installed: {installed}): install or enable the "
                "plugin that provides it"
            )
        return pack.view(self, self.pack_state(name))

    def pack_state(self, name: str) -> Any:
        """The state of domain pack ``name`` as of the day: its rules folded over the events
        the view counts (once per view, however often it is asked)."""
        if name not in self._pack_states:
            decider = self.packs[name].decider
            events = self._owned_events(decider)
            self._pack_states[name] = reduce(decider.evolve, events, decider.initial())
        return self._pack_states[name]

    def _owned_events(self, decider: Decider[Any]) -> tuple[object, ...]:
        """The events the view counts that ``decider`` owns, in order (its ``evolve`` leaves the
        state as it is for any other): read once for every pack, the rest not decoded."""
        if not callable(self._events) or "events" in self._read:
            return self.events
        if "packs" not in self._read:
            packs = self.packs.values()
            names = frozenset(kind.name for pack in packs for kind in pack.decider.event_types)
            self._read["packs"] = self._events(names)
        owned = {kind.cls for kind in decider.event_types}
        return tuple(event for event in self._read["packs"] if type(event) in owned)

    def name_of(self, person: PersonId | None) -> str:
        """A person's name, or that they were forgotten (or are unknown)."""
        return display_name(self.people, person)


class Partnership:
    """One partnership's record in a log: its stream is ``partnership/<partnership_id>``.

    ``people`` holds the names behind the person ids in its events (an in-memory store when
    none is given). ``packs`` are the domain packs whose commands and questions it takes
    (default: those the log's plugins register through ``hom_domain_packs``).

    The partnership's rules (:data:`~hom_core.domain.PARTNERSHIP`) run over its stream through
    :attr:`runner`; each pack's rules, composed beside them, through ``runners[pack.name]``.
    A pack that decides a command of the core's or of another pack, or whose rules cannot be
    composed with the core's, is a :class:`~hom_core.errors.PluginError`.
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
        self.packs: Mapping[str, DomainPack] = (
            InstalledPacks(log.plugins) if packs is None else {pack.name: pack for pack in packs}
        )
        """The domain packs by name (those of the log's plugins asked when first used)."""
        self.runner = Runner(log, self.stream_id, self._formed_first(PARTNERSHIP, _itself))
        """Runs the partnership's rules (the core's) over its stream."""
        self.runner.check_with(lambda: self._every_rule)
        if packs is not None:
            self.runners  # noqa: B018  # packs given are checked at once, those installed when used

    @cached_property
    def runners(self) -> Mapping[str, Runner[Any]]:
        """Runs each pack's rules beside the core's, by pack name; their state is a pair, the
        core's and the pack's."""
        self._pack_deciding  # noqa: B018  # a command two packs decide is refused first
        runners = {name: self._pack_runner(pack) for name, pack in self.packs.items()}
        for runner in runners.values():  # R2 re-reads the stream with every rule recording in it
            runner.check_with(lambda: self._every_rule)
        return runners

    @cached_property
    def _pack_deciding(self) -> dict[type, DomainPack]:
        """Command class -> the pack that decides it."""
        return pack_routes(self.packs.values())

    def _pack_runner(self, pack: DomainPack) -> Runner[Any]:
        decider = pack.decider
        try:
            name = f"{PARTNERSHIP.name}+{decider.name}.v{decider.version}"
            composed = self._formed_first(compose(name, PARTNERSHIP, decider), itemgetter(0))
            return Runner(self.log, self.stream_id, composed)
        except HomError as error:
            raise PluginError(
                f"domain pack {pack.name!r} cannot decide beside the partnership's rules: {error}"
            ) from None

    @cached_property
    def _every_rule(self) -> Decider[Any]:
        """R2: the core's rules and every pack's, side by side: what a back-dated command or
        a correction is checked against, whichever rules decide it."""
        deciders = [pack.decider for pack in self.packs.values()]
        if not deciders:
            return PARTNERSHIP
        try:
            return compose(f"{PARTNERSHIP.name}+packs", PARTNERSHIP, *deciders)
        except HomError as error:
            names = ", ".join(sorted(self.packs))
            raise PluginError(
                f"the domain packs {names} cannot be checked side by side: {error}"
            ) from None

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
        A domain pack's command is decided by its pack, reading the core's state beside its own.
        A command dated before facts already recorded is accepted only if they all still hold
        (R2: a :class:`~hom_core.errors.TimelineViolation` names the first that would not).
        :class:`~hom_core.domain.RetractFact` and :class:`~hom_core.domain.CorrectFact` retract
        or correct a recorded fact (R1, :meth:`change`), retried and keyed the same way.
        """
        if isinstance(command, RetractFact | CorrectFact):
            return execute_change(
                self, command, actor=actor, idempotency_key=idempotency_key, retries=retries
            )
        return self.runner_for(command).execute(
            command, actor=actor, idempotency_key=idempotency_key, retries=retries
        )

    def decide(self, command: object) -> list[object]:
        """The events ``command`` would record now, recording nothing (a dry run).

        Raises what :meth:`execute` would: a :class:`~hom_core.errors.RuleViolation` for a
        command that breaks a rule, a :class:`~hom_core.errors.UsageError` for one it does
        not know.
        """
        if isinstance(command, RetractFact | CorrectFact):
            return list(self.change(command).events)
        return self.runner_for(command).decide(command)

    def change(self, command: RetractFact | CorrectFact) -> Change:
        """R1: what retracting or correcting a recorded fact would record (the fact it
        retracts, the events it appends), recording nothing; raises what :meth:`execute`
        would."""
        return plan_change(self, command)

    def runner_for(self, command: object) -> Runner[Any]:
        """The core's runner, or that of the pack that decides ``command``.

        Its dates, amounts and text must lie within the bounds of a record
        (:func:`~hom_core.domain.bounds.check_entry`), and no partnership may end up inside
        itself (M5, :func:`~hom_core.application.containment.check_not_inside_itself`).
        """
        check_entry(command, type(command).__name__)
        check_not_inside_itself(self.log, self.partnership_id, command)
        pack = self._pack_deciding.get(type(command))
        return self.runner if pack is None else self.runners[pack.name]

    def _formed_first(
        self, decider: Decider[S], core: Callable[[S], PartnershipState]
    ) -> Decider[S]:
        """``decider``, refusing any command but :class:`FormPartnership` while the
        partnership is not formed (:class:`~hom_core.errors.UnknownPartnershipError`): a typo
        in the id never becomes a partnership of its own. ``core`` gets the core's state from
        the decider's."""
        decide = decider.decide

        def decide_formed(command: object, state: S) -> list[object]:
            if type(command) is FormPartnership or core(state).framework.formed_on is not None:
                return decide(command, state)
            try:  # which rule the command breaks before formation, for callers that ask
                decide(command, state)
            except RuleViolation as violation:
                rule = violation.rule
            else:
                rule = "M1"
            raise UnknownPartnershipError(self.partnership_id, formed_partnerships(self.log), rule)

        return attrs.evolve(decider, decide=decide_formed)

    def command_types(self) -> dict[str, type]:
        """The commands :meth:`execute` accepts (the core's and the packs'), sorted by name."""
        return command_types(self.packs.values())

    def state(self) -> PartnershipState:
        """The current state: every event recorded so far."""
        return self.runner.state()

    def today(self) -> PartnershipView:
        """The partnership as of today's date by the log's clock."""
        return self.as_of(self.log.clock().date())

    def as_of(self, day: date) -> PartnershipView:
        """The partnership on ``day``: only events effective on or before it count."""
        return self._view(day)

    def as_known_at(self, when: int | datetime, day: date | None = None) -> PartnershipView:
        """The partnership as the log stood at position ``when`` (an int) or time ``when``.

        ``day`` is the date questions are asked for (default: the date of ``when``, or today
        for a position).
        """
        return self._view(self.runner.day_known_at(when, day), when)

    def _view(self, day: date, known_at: int | datetime | None = None) -> PartnershipView:
        """The view on ``day`` of the log as it stood at ``known_at`` (default: now). When no
        record takes effect after ``day`` the state is the current one
        (:meth:`Runner.current_on <hom_core.application.runner.Runner.current_on>`), and the
        events for the packs are read only if a pack's state is asked for."""
        current = None if known_at is not None else self.runner.current_on(day)
        if current is not None:
            return PartnershipView(
                current, day, self.people, self._events_on(day), self.packs, self
            )
        counted = self.runner.records(day, known_at)
        state = self.runner.fold(counted)

        def events(names: frozenset[str] | None) -> tuple[object, ...]:
            return tuple(r.event for r in counted if names is None or r.event_type in names)

        return PartnershipView(state, day, self.people, events, self.packs, self)

    def _events_on(self, day: date) -> Callable[[frozenset[str] | None], tuple[object, ...]]:
        """What reads the events that count on ``day``, in order: all, or those of the types
        named (the retractions read too, so that a fact retracted does not count, R1)."""

        def read(names: frozenset[str] | None) -> tuple[object, ...]:
            types = None if names is None else names | {_RETRACTED}
            records = self.runner.records(day, event_types=types)
            return tuple(r.event for r in records if names is None or r.event_type in names)

        return read

    def forget(self, person: PersonId, on: date | None = None) -> None:
        """Erase a person's name and contact details (UK GDPR); the log is untouched."""
        self.people.forget(person, on or self.log.clock().date())


def _itself(state: PartnershipState) -> PartnershipState:
    return state
