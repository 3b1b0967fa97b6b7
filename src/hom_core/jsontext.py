"""Compact JSON text for payloads, hashes and snapshots, with one encoder built once.

``json.dumps`` builds a new encoder on every call, which costs as much as the encoding of a
small event; the log encodes twice per event (payload and hash), so hom builds the C encoder
once. The text is byte for byte what ``json.dumps(value, ensure_ascii=False,
separators=(",", ":"), allow_nan=False)`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

__all__ = ["compact"]


def _compact_encoder() -> Callable[[Any], str]:
    if c_make_encoder is None:  # a Python built without the C accelerator
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    encode = c_make_encoder(
        None, json.JSONEncoder().default, encode_basestring, None, ":", ",", False, False, False
    )

    def compact(value: Any) -> str:
        return "".join(encode(value, 0))

    return compact


compact: Callable[[Any], str] = _compact_encoder()
"""Compact JSON text of ``value`` (non-ASCII kept as is; NaN and infinities refused)."""
