"""Snapshots bound to the log: a folded state kept with the hash of the last record folded into
it and a seal over both, so that a snapshot edited by hand, or left from another log or a later
backup, is told from one that can stand for the log.

A bound snapshot's state is ``{"hash":"<64 hex>","seal":"<64 hex>","state":<the state>}``,
written in exactly this form (JSON), so that loading finds the state's text without encoding the
state again to check the seal. :mod:`hom_core.projections` binds what it saves and checks what
it loads; :mod:`hom_core.verification` reports the snapshots that do not match.
"""

from __future__ import annotations

import hashlib
import json

import attrs

from hom_core.jsontext import compact
from hom_core.store import Snapshot

__all__ = ["bind", "is_folded_state", "mismatch", "state_text"]


def _seal(snapshot: Snapshot, record_hash: str, state_text: str) -> str:
    """What binds a snapshot to the log: its fields and state chained to the hash of the last
    record it folded, as :func:`hom_core.chain.link` chains a record to the one before."""
    fields = compact([record_hash, snapshot.name, snapshot.key, snapshot.version])
    text = f"{fields}\n{snapshot.code_version}\n{state_text}"
    return hashlib.sha256(text.encode()).hexdigest()


_OPEN, _MIDDLE, _STATE = '{"hash":"', '","seal":"', '","state":'
_STATE_AT = len(_OPEN) + 64 + len(_MIDDLE) + 64 + len(_STATE)


def _binding(text: str) -> tuple[str, str, str] | None:
    """The record hash, seal and state text of a bound snapshot's text; ``None`` if unbound.

    A text in the form :func:`bind` writes is cut at known places; any other JSON
    object of the three fields (a bound snapshot someone rewrote) is parsed, its state
    written again compactly (its seal then tells whether anything else changed).
    """
    middle = len(_OPEN) + 64
    if (
        text.startswith(_OPEN)
        and text.endswith("}")
        and text[middle : middle + len(_MIDDLE)] == _MIDDLE
        and text[_STATE_AT - len(_STATE) : _STATE_AT] == _STATE
    ):
        seal = text[middle + len(_MIDDLE) : middle + len(_MIDDLE) + 64]
        return text[len(_OPEN) : middle], seal, text[_STATE_AT:-1]
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(value, dict) and value.keys() == {"hash", "seal", "state"}):
        return None
    record_hash, seal = value["hash"], value["seal"]
    if not (isinstance(record_hash, str) and isinstance(seal, str)):
        return None
    try:
        return record_hash, seal, compact(value["state"])
    except (TypeError, ValueError):
        return None


def bind(snapshot: Snapshot, record_hash: str, state_text: str) -> Snapshot:
    """``snapshot`` holding ``state_text`` (compact JSON) bound to the record whose hash is
    ``record_hash``, the last one folded into it."""
    seal = _seal(snapshot, record_hash, state_text)
    return attrs.evolve(
        snapshot, state=f"{_OPEN}{record_hash}{_MIDDLE}{seal}{_STATE}{state_text}}}"
    )


def state_text(snapshot: Snapshot) -> str:
    """The JSON text of the state ``snapshot`` holds, bound or not."""
    binding = _binding(snapshot.state)
    return snapshot.state if binding is None else binding[2]


def is_folded_state(snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` holds a state bound to the log (as :func:`bind` makes one), rather
    than some other record a store keeps as a snapshot."""
    return _binding(snapshot.state) is not None


def mismatch(snapshot: Snapshot, held: str | None) -> str | None:
    """Why ``snapshot`` cannot stand for a log whose record at its version has the hash
    ``held`` (``None``: it holds none there); ``None`` when it can."""
    binding = _binding(snapshot.state)
    if binding is None:
        return "it is not bound to a record of the log (made by an older hom, or edited)"
    record_hash, seal, text = binding
    if _seal(snapshot, record_hash, text) != seal:
        return "its seal does not match its content: it was edited"
    if held != record_hash:
        where = "holds no record" if held is None else "holds another record"
        return f"the log {where} at its version {snapshot.version} (restored from a backup?)"
    return None
