"""The public hypothesis strategies (hom_core.testing.strategies) hold what they promise."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from functools import reduce
from typing import Literal

import attrs
import cattrs
import pytest
from hypothesis import find, given, settings, strategies as st

from hom_core import EventType, HomError, InvalidValueError, Plugins, hookimpl, open_log
from hom_core.application import Partnership, projection_of
from hom_core.domain import PARTNERSHIP, FormPartnership, PartnershipState
from hom_core.testing import PartnershipScenario, strategies
from properties import examples

COMMAND_TYPES = PARTNERSHIP.command_types
PROJECTION = projection_of(PARTNERSHIP)
decide, evolve = PARTNERSHIP.decide, PARTNERSHIP.evolve

# -- a plugin with event types of its own --------------------------------------------------------


def _hex_colour(_: object, __: object, value: str) -> None:
    if len(value) != 7 or value[0] != "#" or not all(c in "0123456789abcdef" for c in value[1:]):
        raise InvalidValueError(f"{value!r} is not a colour such as '#1f77b4'")


@attrs.frozen
class Colour:
    """A value type with a validator (random text is never a colour) and hooks of its own."""

    hex: str = attrs.field(validator=_hex_colour)


@attrs.frozen
class BannerPainted:
    """A plugin's event: a validated value, a type the plugin's hooks store (Fraction), and
    the shapes the codec knows."""

    colour: Colour
    share: Fraction
    painted_on: date
    stamped_at: datetime
    sizes: tuple[int, ...]
    kind: Literal["flag", "banner"]
    note: str | None = None


class BannerPlugin:
    @hookimpl
    def hom_event_types(self) -> list[EventType]:
        return [EventType("acme.banner_painted", BannerPainted)]

    @hookimpl
    def hom_configure_converter(self, converter: cattrs.Converter) -> None:
        converter.register_unstructure_hook(Colour, lambda colour: colour.hex)
        converter.register_structure_hook(Colour, lambda value, _: Colour(value))
        converter.register_unstructure_hook(Fraction, str)
        converter.register_structure_hook(Fraction, lambda value, _: Fraction(value))


def _plugins() -> Plugins:
    plugins = Plugins(environ={})  # the installed plugins, whatever HOM_DISABLE_PLUGINS says
    plugins.register(BannerPlugin(), "banners")
    return plugins


LOG = open_log("memory://", plugins=_plugins())
COLOURS = {
    Colour: st.text("0123456789abcdef", min_size=6, max_size=6).map(lambda h: Colour(f"#{h}"))
}

# -- events --------------------------------------------------------------------------------------


def test_the_plugin_type_is_registered_beside_the_domain_types() -> None:
    names = {event_type.name for event_type in LOG.codec.types}
    assert {"acme.banner_painted", "hom.notice_given", "hom.chair_took_office"} <= names


@pytest.mark.parametrize("name", sorted(event_type.name for event_type in LOG.codec.types))
@settings(max_examples=examples(25))
@given(data=st.data())
def test_every_generated_event_of_every_registered_type_round_trips(
    name: str, data: st.DataObject
) -> None:
    """Property (issue): events of every registered type, plugins' included, encode and decode
    to an equal event with the same repr, and encode again to the same text."""
    event = data.draw(strategies.events_of_type(LOG, name, COLOURS), label="event")
    encoded = LOG.codec.encode(event)
    assert encoded[0] == name
    decoded = LOG.codec.decode_event(*encoded)
    assert decoded == event
    assert repr(decoded) == repr(event)
    assert LOG.codec.encode(decoded) == encoded


@settings(max_examples=examples(50))
@given(event=strategies.events(LOG, COLOURS))
def test_events_are_stored_and_read_back_whatever_their_type(event: object) -> None:
    log = open_log("memory://", plugins=_plugins())
    log.append("any", [event], expected_version=0)
    assert [recorded.event for recorded in log.read_stream("any")] == [event]


def test_a_type_whose_fields_cannot_be_read_asks_for_a_strategy() -> None:
    @attrs.frozen
    class Unreadable:
        later: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(HomError, match=r"cannot read the field types of .*Unreadable.*values="):
        strategies.strategy_for(Unreadable)


# -- histories -----------------------------------------------------------------------------------


def _simulated(history: list[object]) -> PartnershipState:
    """The state the rules reach, deciding and evolving without a log."""
    return reduce(
        lambda state, command: reduce(evolve, decide(command, state), state),
        history,
        PartnershipState(),
    )


@settings(max_examples=examples(30))
@given(history=strategies.histories())
def test_a_generated_history_executes_and_replays_to_the_same_state(history: list[object]) -> None:
    """Property (issue): every command of a generated history is accepted, in order (a
    RuleViolation would fail the test), and replaying its events into another log gives the
    state executing it left, on every day its events are effective from."""
    log = open_log("memory://")
    hom = Partnership(log, "hom")
    for command in history:
        assert hom.execute(command) is not None
    executed = hom.state()
    assert executed == _simulated(history)
    recorded = list(log.read_stream(hom.stream_id))
    assert PROJECTION.fold(recorded) == executed
    replay = PartnershipScenario().given(*(r.event for r in recorded)).partnership
    assert replay.state() == executed
    for day in sorted({r.effective_date for r in recorded}):
        assert replay.as_of(day).state == hom.as_of(day).state


@settings(max_examples=examples(20))
@given(history=strategies.histories(max_commands=3))
def test_a_history_is_a_formation_founders_and_at_most_max_commands(
    history: list[object],
) -> None:
    assert isinstance(history[0], FormPartnership)
    assert len(history) <= 1 + len(strategies.MEMBER_IDS) + 3


# -- arbitrary commands --------------------------------------------------------------------------


@settings(max_examples=examples(60))
@given(history=strategies.histories(max_commands=10), command=strategies.commands())
def test_any_command_is_accepted_or_refused_with_a_hom_error(
    history: list[object], command: object
) -> None:
    """Property: whatever the command, executing it appends its events or raises a HomError
    that says why (any other exception would escape ``when`` and fail the test)."""
    assert type(command) in COMMAND_TYPES
    outcome = PartnershipScenario().given_commands(*history).when(command)
    assert outcome.events or outcome.error is not None


def test_commands_of_a_plugin_are_drawn_with_its_values() -> None:
    @attrs.frozen
    class PaintBanner:
        colour: Colour
        on: date

    found = find(strategies.commands([PaintBanner], COLOURS), lambda c: type(c) is PaintBanner)
    assert isinstance(found.colour, Colour)
    assert strategies.FORMED_ON <= found.on <= strategies.LAST_DAY
