"""Plain-text tables for people: a title, a header underlined with dashes, then the rows.

Each column is as wide as its widest cell (in terminal cells: a wide character counts two), the
columns two spaces apart, nothing wrapped or coloured, so a table reads the same on a terminal,
in a pipe and in a file::

    members
    member id  name             kind
    ---------  ---------------  -------
    webster    Webster Primary  primary

A cell holding line breaks takes as many lines as it holds; other control characters are shown
escaped (``\\x1b``), so a value cannot move the cursor or colour the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["render_table", "text_width"]

_GAP = "  "
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def render_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """``rows`` (one text per column of ``header``) under ``title`` and ``header``, aligned."""
    cells = [[_lines(text) for text in row] for row in (header, *rows)]
    widths = [
        max(text_width(line) for row in cells for line in row[column])
        for column in range(len(header))
    ]
    printed = [_printable(title)]
    for number, row in enumerate(cells):
        height = max(len(lines) for lines in row)
        for index in range(height):
            parts = [
                _padded(lines[index] if index < len(lines) else "", width)
                for lines, width in zip(row, widths, strict=True)
            ]
            printed.append(_GAP.join(parts).rstrip())
        if number == 0:
            printed.append(_GAP.join("-" * width for width in widths))
    return "\n".join(printed)


def text_width(text: str) -> int:
    """How many terminal cells ``text`` takes: East Asian wide and full-width characters two,
    combining marks none, the others one."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _lines(text: str) -> list[str]:
    return [_printable(line) for line in text.splitlines()] or [""]


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


def _padded(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))
