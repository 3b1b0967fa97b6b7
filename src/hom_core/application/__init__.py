"""The application: running the rules of :mod:`hom_core.domain` over a log.

- :class:`Runner` (:mod:`~hom_core.application.runner`) runs any
  :class:`~hom_core.decider.Decider` over one stream: commands in, its state now, as of a day or
  as the log stood at a position or time, snapshotted by the decider's name and version;
- :class:`Partnership` and :class:`PartnershipView` (:mod:`~hom_core.application.partnership`):
  the API a clerk's script or a council's data team uses, the partnership's rules and its
  domain packs over the partnership's stream, and the answers as of any day.
"""

from hom_core.application.partnership import STREAM_PREFIX, Partnership, PartnershipView
from hom_core.application.routes import command_types, formed_partnerships
from hom_core.application.runner import SNAPSHOT_EVERY, Runner, projection_of

__all__ = [
    "SNAPSHOT_EVERY",
    "STREAM_PREFIX",
    "Partnership",
    "PartnershipView",
    "Runner",
    "command_types",
    "formed_partnerships",
    "projection_of",
]
