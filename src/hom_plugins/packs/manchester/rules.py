"""The pack's rules beyond the core's: its three families' deciders (the teaching school
proposal, the think tank, the SEP), composed into one whose state is a :class:`ManchesterState`.
"""

from __future__ import annotations

from typing import NamedTuple

from hom_core.composition import compose
from hom_core.decider import Decider
from hom_plugins.packs.manchester import proposal, sep, teaching_school, think_tank
from hom_plugins.packs.manchester.proposal import Proposal, ProposalInputs
from hom_plugins.packs.manchester.sep import SepInputs, StrategicEducationPartnership
from hom_plugins.packs.manchester.think_tank import ThinkTank, ThinkTankInputs

__all__ = ["MANCHESTER", "NAME", "PROPOSAL", "SEP", "THINK_TANK", "ManchesterState"]

NAME = "manchester"
"""The pack's name: ``view.pack(NAME)`` asks its questions."""


class ManchesterState(NamedTuple):
    """What the alliance's stream says beyond the core's: one part per family."""

    proposal: Proposal | None = None
    think_tank: ThinkTank = ThinkTank()
    sep: StrategicEducationPartnership = StrategicEducationPartnership()

    def is_empty(self) -> bool:
        """True before any of the pack's events (the partnership does not use the pack)."""
        return self == ManchesterState()


def _no_proposal() -> Proposal | None:
    return None


PROPOSAL = Decider.of_cases(
    "proposal",
    _no_proposal,
    proposal,
    teaching_school,
    reads=ProposalInputs,
    state_type=Proposal | None,
)
"""The teaching school proposal (MAN1-MAN7)."""

THINK_TANK = Decider.of_cases("think_tank", ThinkTank, think_tank, reads=ThinkTankInputs)
"""The think tank (MAN8, MAN9)."""

SEP = Decider.of_cases("sep", StrategicEducationPartnership, sep, reads=SepInputs)
"""The Strategic Education Partnership (MAN10, MAN11)."""

MANCHESTER = compose(NAME, PROPOSAL, THINK_TANK, SEP, state=ManchesterState)
"""The pack's rules: its three families side by side."""
