"""CSV formula neutralisation (issue 16, section 4): a formula hidden behind leading spaces, a
line feed, a non-breaking space, a quote or invisible characters, or written with a fullwidth
``＝`` (or another fullwidth or small formula sign), is written as text, never run."""  # noqa: RUF002

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from hom_plugins.exporters.csv import DANGEROUS_STARTS, FORMULA_STARTS, neutralise, write_rows
from properties import examples

SKIPPED = "".join(start for start in DANGEROUS_STARTS if start not in FORMULA_STARTS)
"""What a spreadsheet may skip before a formula."""

hidden_formulas = st.builds(
    lambda before, sign, rest: before + sign + rest,
    st.text(st.sampled_from(SKIPPED), max_size=4),
    st.sampled_from(FORMULA_STARTS),
    st.text(max_size=20),
)
"""A formula sign after any run of what a spreadsheet may skip first."""


@pytest.mark.parametrize(
    "cell",
    [
        "  =1+1",  # leading spaces
        "\n=1+1",  # a line feed
        "\u00a0=1+1",  # a non-breaking space
        '"=1+1',  # a quote
        "\uff1d1+1",  # a fullwidth equals sign
        "\uff0bSUM(A1)",  # fullwidth plus
        "\uff0d3",  # fullwidth minus
        "\uff20SUM(A1)",  # fullwidth at
        "\ufe661+1",  # small equals sign
        "\u200b=1+1",  # a zero-width space
        "\ufeff=1+1",  # a byte order mark
        ' \u3000"=HYPERLINK("http://x")',
    ],
)
def test_a_formula_after_what_a_spreadsheet_skips_is_written_as_text(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@settings(max_examples=examples(200))
@given(hidden_formulas)
def test_no_formula_reaches_a_spreadsheet_however_it_is_hidden(cell: str) -> None:
    """Property: a formula sign after any run of skipped characters gains a ``'``, and the
    cell read back from the written file is the cell with that ``'`` and nothing else lost."""
    written = neutralise(cell)
    assert written == "'" + cell
    out = io.BytesIO()
    write_rows(out, ["a"], [[cell]])
    _, read_back = list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))
    assert read_back == [written]


@settings(max_examples=examples(200))
@given(st.text(min_size=1).filter(lambda text: not text.startswith(DANGEROUS_STARTS)))
def test_a_cell_that_begins_with_anything_else_is_written_as_it_is(cell: str) -> None:
    assert neutralise(cell) == cell


def test_everyday_cells_are_unchanged() -> None:
    for cell in ("Webster Primary", "105430", "2014-15", "412.50", "'=quoted", "(forgotten)"):
        assert neutralise(cell) == cell
