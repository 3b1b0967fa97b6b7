"""JSON text: compact text for payloads, hashes and snapshots (one encoder built once), and
reading text from users safely.

``json.dumps`` builds a new encoder on every call, which costs as much as the encoding of a
small event; the log encodes twice per event (payload and hash), so hom builds the C encoder
once. The text is byte for byte what ``json.dumps(value, ensure_ascii=False,
separators=(",", ":"), allow_nan=False)`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from hom_core.errors import InvalidValueError

__all__ = ["MAX_DEPTH", "compact", "loads", "not_unicode", "quoted", "shown"]

MAX_DEPTH = 64
"""The deepest nesting of arrays and objects :func:`loads` accepts (a command or an event is a
few levels deep; thousands of levels would exhaust Python's recursion on the way in or out)."""


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

quoted: Callable[[Any], str] = encode_basestring
"""The JSON string of ``text`` as :func:`compact` writes it (non-ASCII kept as is); raises
:class:`TypeError` for anything but a string."""


def loads(text: str | bytes) -> Any:
    """The JSON value of ``text`` (``json.loads``), or a :class:`ValueError` saying what is wrong:
    not JSON or not UTF-8 (``json.JSONDecodeError``, ``UnicodeDecodeError``); JSON that hom
    refuses (:class:`~hom_core.errors.InvalidValueError`): arrays and objects nested deeper than
    :data:`MAX_DEPTH`, or a string escaping half of a surrogate pair (``"\\ud800"``, which no
    UTF-8 text can hold).

    For text from users (command files, ``--field`` values, import lines): nothing in it can
    exhaust the recursion limit, here or later, or fail to be stored. Text with few brackets and
    no ``\\u`` escape (nearly every line) is only parsed.
    """
    raw = text.decode() if isinstance(text, bytes) else text  # strictly UTF-8 (json would not)
    try:
        value = json.loads(raw)
    except RecursionError:
        raise InvalidValueError(_too_deep()) from None
    if raw.count("[") + raw.count("{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise InvalidValueError(_too_deep())
    if "\\u" in raw:
        for string in _strings(value):
            problem = not_unicode(string)
            if problem is not None:
                raise InvalidValueError(f"a string holds {problem}")
    return value


def _too_deep() -> str:
    return f"arrays and objects nested more than {MAX_DEPTH} deep"


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and dicts (a scalar is 0), without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                pending.extend((child, level + 1) for child in children)
    return deepest


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value`` (keys too), at most :data:`MAX_DEPTH` deep."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def not_unicode(text: str) -> str | None:
    """What in ``text`` cannot be stored as UTF-8 (a lone surrogate, such as a byte that was not
    UTF-8 on the command line), for a message ``"... holds <that>"``; ``None`` when it can."""
    if text.isascii():
        return None
    try:
        text.encode()
    except UnicodeEncodeError as error:
        code, where = ord(text[error.start]), f"at character {error.start + 1}"
        if 0xDC80 <= code <= 0xDCFF:  # how Python hands over a byte that is not UTF-8
            return f"the byte 0x{code - 0xDC00:02x} {where}, which is not UTF-8: write UTF-8 text"
        return (
            f"'\\u{code:04x}' {where}, half of a surrogate pair, which is not Unicode text: "
            "write whole characters in UTF-8"
        )
    return None


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)`` for a message, cut to about ``limit`` characters (a value a user gave
    may be megabytes long, or nested too deep for ``repr``)."""
    try:
        text = repr(value)
    except RecursionError:
        text = f"<{type(value).__name__} nested too deep to show>"
    except ValueError:  # an int of more digits than Python converts to text
        text = f"<{type(value).__name__} too long to show>"
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"
