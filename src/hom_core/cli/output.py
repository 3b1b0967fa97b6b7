"""Printing: JSON for scripts, plain-text tables for people (:mod:`hom_core.cli.tables`), and a
rich console for the commands that show progress (rich imported only by them)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from hom_core.cli.tables import render_table

if TYPE_CHECKING:  # rich is imported only by the commands that show progress
    import rich.console

__all__ = ["DATE_STYLE", "DATE_STYLES", "console", "print_json", "table"]

DATE_STYLE = "hom.date_style"
"""Where the run's ``--date-style`` is kept, in the click context's ``meta``."""

DATE_STYLES = ("iso", "uk")
"""How tables show dates: ``2015-09-01``, or ``01/09/2015`` as people in the UK write them."""

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def print_json(data: Any) -> None:
    """Print ``data`` (JSON-able) as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console(*, stderr: bool = False) -> rich.console.Console:
    """A rich console on stdout (or stderr), for a progress bar, colouring only on a terminal;
    text is printed as it is (no markup, no emoji codes), since names may hold brackets and
    colons."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def table(title: str, rows: Sequence[Mapping[str, Any]], empty: str) -> str:
    """``rows`` as a table whose columns are their keys, or ``empty`` when there are none."""
    if not rows:
        return f"{title}: {empty}"
    header = [key.replace("_", " ") for key in rows[0]]
    cells = [["" if value is None else _cell(value) for value in row.values()] for row in rows]
    return render_table(title, header, cells)


def _cell(value: Any) -> str:
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value)
    text = str(value)
    date = _ISO_DATE.fullmatch(text)
    if date is not None and _date_style() == "uk":
        return f"{date[3]}/{date[2]}/{date[1]}"
    return text


def _date_style() -> str:
    context = click.get_current_context(silent=True)
    return str(context.meta.get(DATE_STYLE, "iso")) if context is not None else "iso"
