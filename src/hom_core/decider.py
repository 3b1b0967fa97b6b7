"""Deciders: the functional shape of event sourcing, one value per set of rules.

A :class:`Decider` is what a set of rules is, with nothing of storage in it:

- ``initial()``: the state before any event;
- ``evolve(state, event) -> state``: the state after one more event, pure and total (an event
  the decider does not own leaves the state as it is; a state is never changed in place);
- ``decide(command, inputs) -> events``: the events a command produces, or a
  :class:`~hom_core.errors.RuleViolation` citing the rule it breaks (then nothing is recorded);
- ``check(event, inputs)``: whether a recorded event still holds against the state before it
  (a :class:`~hom_core.errors.RuleViolation` if not, else nothing), for the events whose rules
  a later or back-dated fact can break; the application re-reads the history in effective-date
  order with it (R2) before it appends a fact dated before others;
- the event types it owns (their names in the log) and the command types it decides, a
  ``name`` and a ``version`` (bump it when ``evolve`` or the state's shape changes: snapshots
  of the state are keyed by both).

Replay is ``functools.reduce(decider.evolve, events, decider.initial())``.

A decider also says what falls due: ``obligations(inputs, day)`` gives the
:class:`~hom_core.obligations.Obligation` records its rules ask of the partnership on ``day`` (the
functions marked :func:`obliges` in its modules, each taking the decider's inputs and the day).

A decider decides against its ``inputs``: its own state, or, when it declares ``reads``, a
frozen attrs class whose fields are named after the deciders it reads beside it (its own name
included), each holding that decider's state: ``FundingInputs(framework: FrameworkState,
membership: MembershipState, funding: FundingState)``. :func:`compose` puts deciders side by
side into one, routing each event and command to its owner and building each one's inputs from
the composed state, so a decider sees the parts it needs and no more.

Most deciders are written as cases: functions marked :func:`evolves` (one event type),
:func:`decides` (one command type) and :func:`checks` (one event type), gathered from their
modules by :meth:`Decider.of_cases`.
The decider's event and command types are those of its cases: adding an event and its command
is the event class, its evolve case and its decide case, with no list to keep in step::

    @evolves(VisitRecorded, "visits.recorded")
    def _visited(state: Visits, event: VisitRecorded) -> Visits: ...

    @decides(RecordVisit)
    def decide_visit(command: RecordVisit, inputs: VisitsInputs) -> list[object]: ...

    VISITS = Decider.of_cases("visits", Visits, globals(), reads=VisitsInputs)

Compose deciders with :func:`~hom_core.composition.compose`; run one over a stream of a log
with :class:`~hom_core.application.Runner`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import ModuleType
from typing import Any, Generic, TypeVar

import attrs

from hom_core.errors import PluginError, UsageError
from hom_core.events import EventType, Upcaster
from hom_core.obligations import Obligation

__all__ = [
    "CASE",
    "Case",
    "Check",
    "Decide",
    "Decider",
    "Evolve",
    "Oblige",
    "checks",
    "decides",
    "evolves",
    "no_check",
    "obliges",
    "unknown_command",
]

S = TypeVar("S")
F = TypeVar("F", bound=Callable[..., Any])

Evolve = Callable[[Any, Any], Any]
"""An evolve case: ``(state, event) -> state``."""
Decide = Callable[[Any, Any], list[object]]
"""A decide case: ``(command, inputs) -> events``."""
Check = Callable[[Any, Any], None]
"""A check case: ``(event, inputs) -> None``, raising a RuleViolation if the event no longer
holds."""
Oblige = Callable[[Any, date], Iterable[Obligation]]
"""An obligations case: ``(inputs, day) -> obligations``."""

_NAME = re.compile(r"^[a-z][a-z0-9_.+-]*$")


@attrs.frozen
class Case:
    """What a function marked by :func:`evolves`, :func:`decides`, :func:`checks` or
    :func:`obliges` handles: an event type (``event_type`` given), a command class, an event
    class to check (``check``), or (``handles`` is :class:`~hom_core.obligations.Obligation`)
    what falls due."""

    handles: type
    event_type: EventType | None = None
    check: bool = False


CASE = "hom_case"
"""The attribute :func:`evolves` and :func:`decides` set on the functions they mark."""


def _marked(case: Case, function: F) -> F:
    if not callable(function) or hasattr(function, CASE):
        raise PluginError(
            f"{function!r} cannot be a case for {case.handles.__qualname__}: mark one function "
            "once, with @evolves or @decides"
        )
    setattr(function, CASE, case)
    return function


def evolves(
    event_class: type,
    name: str,
    *,
    version: int = 1,
    upcasters: Mapping[int, Upcaster] | None = None,
) -> Callable[[F], F]:
    """Mark ``evolve(state, event) -> state`` as the case for ``event_class``, stored in the log
    as ``name`` (at schema ``version``, older versions brought up by ``upcasters``)."""
    event_type = EventType(name, event_class, version, upcasters or {})
    return lambda function: _marked(Case(event_class, event_type), function)


def decides(command_class: type) -> Callable[[F], F]:
    """Mark ``decide(command, inputs) -> events`` as the case for ``command_class``."""
    if not isinstance(command_class, type):
        raise PluginError(
            "@decides maps command classes to decide functions: give it the command's class, "
            f"not {command_class!r}"
        )
    return lambda function: _marked(Case(command_class), function)


def checks(event_class: type) -> Callable[[F], F]:
    """Mark ``check(event, inputs) -> None`` as the check of a recorded ``event_class`` (R2):
    it raises the :class:`~hom_core.errors.RuleViolation` of the rule the event breaks against
    the state before it, read in effective-date order."""
    if not isinstance(event_class, type):
        raise PluginError(f"@checks takes the event's class, not {event_class!r}")
    return lambda function: _marked(Case(event_class, check=True), function)


def no_check(event: object, inputs: Any) -> None:
    """The check of an event no case checks: it holds."""


def _dispatch_check(cases: Mapping[type, Check]) -> Check:
    get = cases.get

    def check(event: object, inputs: Any) -> None:
        case = get(type(event))
        if case is not None:
            case(event, inputs)

    return check


def obliges(function: F) -> F:
    """Mark ``obligations(inputs, day) -> obligations`` as one of what a decider says falls due
    (a decider gathers every function so marked in its modules)."""
    return _marked(Case(Obligation), function)


def no_obligations(_: Any, __: date) -> list[Obligation]:
    """The obligations of a decider whose rules ask nothing by a date: none."""
    return []


def _gathered(functions: list[Oblige]) -> Callable[[Any, date], list[Obligation]]:
    if not functions:
        return no_obligations

    def obligations(inputs: Any, day: date) -> list[Obligation]:
        return [each for function in functions for each in function(inputs, day)]

    return obligations


def _dispatch_evolve(cases: Mapping[type, Evolve]) -> Evolve:
    get = cases.get

    def evolve(state: Any, event: object) -> Any:
        case = get(type(event))  # a dict lookup by type: no isinstance in the replay path
        return state if case is None else case(state, event)

    return evolve


def _dispatch_decide(name: str, cases: Mapping[type, Decide]) -> Decide:
    def decide(command: object, inputs: Any) -> list[object]:
        case = cases.get(type(command))
        if case is None:
            raise unknown_command(name, command, cases)
        return case(command, inputs)

    return decide


def unknown_command(name: str, command: object, known: Iterable[type]) -> UsageError:
    """The error for a command no case of the decider ``name`` decides."""
    return UsageError(
        f"{type(command).__qualname__} is not a {name} command: use one of "
        f"{', '.join(sorted(cls.__name__ for cls in known))}"
    )


def _check_name(_: object, __: object, name: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise PluginError(
            f"decider name {name!r} is not valid: use lower-case letters, digits, '_' and '-', "
            "such as 'membership'"
        )


def _check_version(_: object, __: object, version: int) -> None:
    if type(version) is not int or version < 1:
        raise PluginError(f"a decider's version is a whole number >= 1, not {version!r}")


def _field_names(reads: type) -> tuple[str, ...]:
    if not attrs.has(reads):
        raise PluginError(
            f"a decider reads through a frozen attrs class whose fields are named after the "
            f"deciders it reads, not {reads!r}"
        )
    return tuple(field.name for field in attrs.fields(reads))


@attrs.frozen
class Decider(Generic[S]):
    """A set of rules: ``initial``, ``evolve`` and ``decide``, the event types it owns and the
    command types it decides, its name and version (see the module's docstring).

    ``reads`` is ``None`` when ``decide`` takes the decider's own state, else the class of its
    inputs. ``state_type`` is the type snapshots of its state are stored as (``None``: no
    snapshots). ``parts`` are the deciders a composition is made of (empty for one written as
    cases). ``obligations(inputs, day)`` gives what its rules ask by a date (see
    :mod:`hom_core.obligations`); a composition's takes its state, as its ``decide`` does.
    ``check`` checks a recorded event against the inputs before it (R2), for the event classes
    ``checked_types``.
    """

    name: str = attrs.field(validator=_check_name)
    initial: Callable[[], S]
    evolve: Callable[[S, object], S]
    decide: Callable[[object, Any], list[object]]
    event_types: tuple[EventType, ...] = ()
    command_types: tuple[type, ...] = ()
    reads: type | None = None
    version: int = attrs.field(default=1, validator=_check_version)
    state_type: Any = None
    parts: tuple[Decider[Any], ...] = ()
    obligations: Callable[[Any, date], list[Obligation]] = no_obligations
    check: Callable[[object, Any], None] = no_check
    checked_types: tuple[type, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.reads is not None:
            _field_names(self.reads)

    @classmethod
    def of_cases(
        cls,
        name: str,
        initial: Callable[[], S],
        *homes: ModuleType | Mapping[str, Any],
        reads: type | None = None,
        version: int = 1,
        state_type: Any = None,
    ) -> Decider[S]:
        """The decider whose cases are the functions marked :func:`evolves`, :func:`decides`,
        :func:`checks` and :func:`obliges` in ``homes`` (modules, or a module's
        ``globals()``), each defined there. ``state_type`` defaults to ``initial`` when that is
        a class."""
        evolvers: dict[type, Evolve] = {}
        deciders: dict[type, Decide] = {}
        checkers: dict[type, Check] = {}
        event_types: list[EventType] = []
        obligations: list[Oblige] = []
        for case, function in _cases(homes):
            if case.handles is Obligation:
                obligations.append(function)
                continue
            table: dict[type, Any] = (
                checkers if case.check else evolvers if case.event_type is not None else deciders
            )
            if case.handles in table:
                raise PluginError(
                    f"decider {name!r} has two cases for {case.handles.__qualname__}: "
                    f"{table[case.handles].__qualname__} and {function.__qualname__}"
                )
            table[case.handles] = function
            if case.event_type is not None:
                event_types.append(case.event_type)
        return cls(
            name,
            initial,
            _dispatch_evolve(evolvers),
            _dispatch_decide(name, deciders),
            tuple(event_types),
            tuple(deciders),
            reads,
            version,
            initial if state_type is None and isinstance(initial, type) else state_type,
            obligations=_gathered(obligations),
            check=_dispatch_check(checkers),
            checked_types=tuple(checkers),
        )

    @property
    def reading(self) -> tuple[str, ...]:
        """The names of the deciders this one reads (its ``reads``' fields, in order); empty
        when it decides against its own state alone."""
        return () if self.reads is None else _field_names(self.reads)


def _cases(homes: Iterable[ModuleType | Mapping[str, Any]]) -> Iterable[tuple[Case, Any]]:
    """Each marked function defined in ``homes``, with what it handles, in definition order."""
    for home in homes:
        namespace = vars(home) if isinstance(home, ModuleType) else home
        module = namespace["__name__"]
        for value in list(namespace.values()):
            case = getattr(value, CASE, None)
            if isinstance(case, Case) and getattr(value, "__module__", None) == module:
                yield case, value
