"""Given/when/then tests of a partnership: given these events (or commands), when this command,
then these events, or then this error::

    from hom_core.testing import PartnershipScenario, join

    def test_notice_ends_membership_at_the_end_of_the_next_term():
        scenario = PartnershipScenario().given_commands(
            FormPartnership("Heart of Manchester", date(2013, 7, 1)),
            join("st-marys", date(2013, 7, 10)),
        )
        scenario.when(GiveNotice("st-marys", date(2015, 1, 5))).then(
            NoticeGiven("st-marys", date(2015, 1, 5), date(2015, 8, 31))
        )
        again = GiveNotice("st-marys", date(2015, 2, 1))
        scenario.when(again).then_raises(RuleViolation, rule="M2")

A failed expectation raises :class:`AssertionError` with the command, the expected and the
actual events one per line, and the first field that differs.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import attrs

from hom_core.application import Partnership
from hom_core.connect import open_log
from hom_core.envelope import Pending
from hom_core.errors import EventTypeError, HomError, UsageError
from hom_core.log import EventLog
from hom_core.people import PeopleStore

__all__ = ["Outcome", "PartnershipScenario"]

E = TypeVar("E", bound=HomError)


class PartnershipScenario:
    """One partnership on ``log`` (a fresh ``memory://`` log with the installed plugins when
    none is given), to test commands against a history.

    :attr:`partnership` answers questions as usual (``scenario.partnership.as_of(day)``).
    """

    def __init__(
        self,
        log: EventLog | None = None,
        partnership_id: str = "scenario",
        *,
        people: PeopleStore | None = None,
    ) -> None:
        self.log = open_log("memory://") if log is None else log
        self.partnership = Partnership(self.log, partnership_id, people=people)

    def given(self, *events: object) -> PartnershipScenario:
        """These events happened: append them as they are, each effective on its
        ``effective_date`` when it has one (no rule is checked: that is the point)."""
        for event in events:
            try:
                self.log.codec.types.of(event)
            except EventTypeError:
                raise UsageError(
                    f"given({type(event).__qualname__}(...)): not a registered event type; "
                    "pass commands to given_commands(), events to given()"
                ) from None
        if events:
            pending = [Pending(event, effective_date=_effective_date(event)) for event in events]
            self.log.append(self.partnership.stream_id, pending, expected_version=None)
        return self

    def given_commands(self, *commands: object) -> PartnershipScenario:
        """These commands were executed, in order; one the rules refuse fails the test there,
        its error noting which command of the given ones it was."""
        for number, command in enumerate(commands, start=1):
            try:
                self.partnership.execute(command)
            except HomError as error:
                error.add_note(f"raised by given command {number} of {len(commands)}: {command!r}")
                raise
        return self

    def when(self, command: object) -> Outcome:
        """Execute ``command`` now; the :class:`Outcome` holds the events it appended or the
        :class:`~hom_core.errors.HomError` it raised (any other exception propagates)."""
        stream_id = self.partnership.stream_id
        version = self.log.stream_version(stream_id)
        error: HomError | None = None
        try:
            self.partnership.execute(command)
        except HomError as raised:
            error = raised
        appended = tuple(recorded.event for recorded in self.log.read_stream(stream_id, version))
        return Outcome(self, command, appended, error)


@attrs.frozen
class Outcome:
    """What :meth:`PartnershipScenario.when` did: the ``events`` it appended, or its ``error``."""

    scenario: PartnershipScenario
    command: object
    events: tuple[object, ...]
    error: HomError | None

    def then(self, *expected: object) -> PartnershipScenario:
        """Assert the command appended exactly ``expected``, in order (none: it appended
        nothing). Returns the scenario, to go on with another ``when``."""
        __tracebackhide__ = True
        if self.error is not None:
            raise AssertionError(
                f"{self._when()}\nexpected {_count(expected)}:\n{_lines(expected)}\n"
                f"but it raised {_describe(self.error)}"
            )
        if self.events != expected:
            raise AssertionError(
                f"{self._when()}\nexpected {_count(expected)}:\n{_lines(expected)}\n"
                f"got {_count(self.events)}:\n{_lines(self.events)}\n"
                f"{_first_difference(expected, self.events)}"
            )
        return self.scenario

    def then_raises(
        self, error: type[E], *, rule: str | None = None, match: str | None = None
    ) -> E:
        """Assert the command raised ``error`` (for a :class:`~hom_core.errors.RuleViolation`,
        citing ``rule``; its message containing ``match``) and appended nothing. Returns the
        error, for more checks."""
        __tracebackhide__ = True
        raised = self.error
        if raised is None:
            raise AssertionError(
                f"{self._when()}\nexpected it to raise {error.__name__}"
                f"{f' citing {rule}' if rule else ''}, but it appended "
                f"{_count(self.events)}:\n{_lines(self.events)}"
            )
        if not isinstance(raised, error):
            raise AssertionError(
                f"{self._when()}\nexpected {error.__name__}, but it raised {_describe(raised)}"
            )
        cited = getattr(raised, "rule", None)
        if rule is not None and cited != rule:
            raise AssertionError(
                f"{self._when()}\nexpected a violation of rule {rule}, but it raised "
                f"{_describe(raised)}"
            )
        if match is not None and match not in str(raised):
            raise AssertionError(
                f"{self._when()}\nexpected the message to contain {match!r}, but it raised "
                f"{_describe(raised)}"
            )
        if self.events:
            raise AssertionError(
                f"{self._when()}\nit raised {_describe(raised)} but appended "
                f"{_count(self.events)}:\n{_lines(self.events)}"
            )
        return raised

    def _when(self) -> str:
        return f"when {self.command!r}"


def _effective_date(event: object) -> date | None:
    day = getattr(event, "effective_date", None)
    return day if isinstance(day, date) else None


def _count(events: tuple[object, ...]) -> str:
    return f"{len(events)} event{'' if len(events) == 1 else 's'}"


def _lines(events: tuple[object, ...]) -> str:
    return "\n".join(f"  {number}. {event!r}" for number, event in enumerate(events, 1)) or "  -"


def _describe(error: HomError) -> str:
    rule = getattr(error, "rule", None)
    return f"{type(error).__name__}{f' ({rule})' if rule else ''}: {error}"


def _first_difference(expected: tuple[object, ...], actual: tuple[object, ...]) -> str:
    """Where the two lists first part: an event's field, a different type, or the length."""
    for number, (wanted, got) in enumerate(zip(expected, actual, strict=False), start=1):
        if wanted == got:
            continue
        kind = type(wanted)
        if type(got) is kind and attrs.has(kind):
            for field in attrs.fields(kind):
                mine, theirs = getattr(wanted, field.name), getattr(got, field.name)
                if mine != theirs:
                    return (
                        f"event {number} differs in {field.name}: expected {mine!r}, got {theirs!r}"
                    )
        return f"event {number} differs: expected {type(wanted).__name__}, got {type(got).__name__}"
    agreed = min(len(expected), len(actual))
    more = "more" if len(actual) > agreed else "fewer"
    return f"the first {_count(expected[:agreed])} agree; then {more} were appended"
