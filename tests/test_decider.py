"""Deciders (hom_core.decider) and their composition (hom_core.composition): cases gathered into
a decider, events and commands routed to their owner, each part reading what it declares."""

from __future__ import annotations

from functools import reduce
from typing import NamedTuple

import attrs
import pytest
from hypothesis import given, strategies as st

from hom_core import EventType, PluginError, RuleViolation, UsageError
from hom_core.composition import compose, inputs, unread
from hom_core.decider import Decider, decides, evolves


@attrs.frozen
class Tally:
    count: int = 0


@attrs.frozen
class Counted:
    by: int


@attrs.frozen
class Count:
    by: int


@attrs.frozen
class Log:
    lines: tuple[str, ...] = ()


@attrs.frozen
class Noted:
    line: str


@attrs.frozen
class Note:
    line: str


@attrs.frozen
class NoteInputs:
    """What the notes read: the tally beside them, and their own lines."""

    tally: Tally
    notes: Log


@evolves(Counted, "test.counted")
def _counted(state: Tally, event: Counted) -> Tally:
    return Tally(state.count + event.by)


@decides(Count)
def decide_count(command: Count, state: Tally) -> list[object]:
    if command.by < 1:
        raise RuleViolation("T0", "count on, never back")
    return [Counted(command.by)]


TALLY = Decider.of_cases("tally", Tally, globals())


def _noted(state: Log, event: Noted) -> Log:
    return Log((*state.lines, event.line))


def _decide_note(command: Note, given: NoteInputs) -> list[object]:
    return [Noted(f"{given.tally.count}: {command.line}")]


NOTES = Decider(
    "notes",
    Log,
    lambda state, event: _noted(state, event) if isinstance(event, Noted) else state,
    _decide_note,
    (EventType("test.noted", Noted),),
    (Note,),
    reads=NoteInputs,
    state_type=Log,
)
"""A decider written by hand, as a plugin may: it reads the tally through its inputs."""


class Book(NamedTuple):
    tally: Tally = Tally()
    notes: Log = Log()


BOOK = compose("book", TALLY, NOTES, state=Book)


def test_a_decider_of_cases_owns_the_types_of_its_cases() -> None:
    assert [event_type.name for event_type in TALLY.event_types] == ["test.counted"]
    assert TALLY.command_types == (Count,)
    assert TALLY.state_type is Tally
    assert TALLY.reading == ()


def test_evolve_is_total_and_decide_names_the_commands_it_takes() -> None:
    assert TALLY.evolve(Tally(1), Noted("x")) == Tally(1)
    assert TALLY.evolve(Tally(1), Counted(2)) == Tally(3)
    with pytest.raises(UsageError, match="Note is not a tally command: use one of Count"):
        TALLY.decide(Note("x"), Tally())


def test_a_case_is_marked_once_and_for_a_class() -> None:
    with pytest.raises(PluginError, match="maps command classes to decide functions"):
        decides("Count")  # type: ignore[arg-type]
    with pytest.raises(PluginError, match="mark one function once"):
        evolves(Noted, "test.noted")(_counted)


def test_two_cases_for_one_event_type_are_refused() -> None:
    namespace = {
        "__name__": __name__,
        "one": _counted,
        "two": evolves(Counted, "test.other")(lambda state, event: state),
    }
    namespace["two"].__module__ = __name__
    with pytest.raises(PluginError, match="two cases for Counted"):
        Decider.of_cases("twice", Tally, namespace)


def test_a_composition_routes_each_event_and_command_to_its_owner() -> None:
    history = [*BOOK.decide(Count(2), BOOK.initial())]
    book = reduce(BOOK.evolve, history, BOOK.initial())
    history += BOOK.decide(Note("two so far"), book)
    book = reduce(BOOK.evolve, history[1:], book)
    assert book == Book(Tally(2), Log(("2: two so far",)))
    assert BOOK.evolve(book, object()) is book
    assert BOOK.command_types == (Count, Note)
    assert BOOK.version == TALLY.version + NOTES.version
    with pytest.raises(UsageError, match="str is not a book command: use one of Count, Note"):
        BOOK.decide("Count", book)


def test_a_part_s_inputs_are_built_from_the_composed_state_by_name() -> None:
    book = Book(Tally(3), Log(("a",)))
    assert inputs(BOOK, "notes", book) == NoteInputs(Tally(3), Log(("a",)))
    assert inputs(BOOK, "tally", book) == Tally(3)
    with pytest.raises(UsageError, match="book has no part 'ledger'"):
        inputs(BOOK, "ledger", book)


def test_a_part_may_read_a_decider_composed_further_out() -> None:
    alone = compose("alone", NOTES)
    assert unread(alone) == {"tally"}
    with pytest.raises(UsageError, match="notes reads tally, which are not composed beside it"):
        alone.decide(Note("x"), (Log(),))
    nested = compose("nested", TALLY, alone)
    assert unread(nested) == frozenset()
    state = nested.evolve(nested.initial(), Counted(4))
    assert nested.decide(Note("x"), state) == [Noted("4: x")]


def test_conflicts_are_refused_when_composing() -> None:
    with pytest.raises(PluginError, match="Counted is evolved by 'tally' and 'again'"):
        compose("twice", TALLY, attrs.evolve(TALLY, name="again"))
    twin = attrs.evolve(NOTES, name="twin", event_types=())
    with pytest.raises(PluginError, match="Note is decided by 'notes' and 'twin'"):
        compose("twice", TALLY, NOTES, twin)
    with pytest.raises(PluginError, match="two deciders are named 'tally'"):
        compose("twice", TALLY, compose("inner", TALLY))
    with pytest.raises(PluginError, match="give it the fields notes, tally, in that order"):
        compose("book", NOTES, TALLY, state=Book)


def test_a_part_read_as_another_type_than_its_state_is_refused() -> None:
    @attrs.frozen
    class Wrong:
        tally: Log
        notes: Log

    with pytest.raises(
        PluginError, match=r"notes reads tally as Log, .* holds Tally: give Wrong\.tally"
    ):
        compose("wrong", TALLY, attrs.evolve(NOTES, reads=Wrong))


@given(st.lists(st.one_of(st.builds(Counted, st.integers(1, 9)), st.builds(Noted, st.text()))))
def test_a_composition_folds_each_part_over_its_own_events(events: list[object]) -> None:
    book = reduce(BOOK.evolve, events, BOOK.initial())
    assert book.tally == reduce(TALLY.evolve, events, TALLY.initial())
    assert book.notes == reduce(NOTES.evolve, events, NOTES.initial())
