"""The plain-text tables people read (``hom status`` and the other listings)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from hom_core.cli.output import table
from hom_core.cli.tables import render_table, text_width


def test_columns_are_as_wide_as_their_widest_cell_two_spaces_apart() -> None:
    rows = [
        {"member_id": "webster", "name": "Webster Primary", "urn": None},
        {"member_id": "st-philips", "name": "St Philip's", "urn": "105488"},
    ]
    assert table("members", rows, "none").splitlines() == [
        "members",
        "member id   name             urn",
        "----------  ---------------  ------",
        "webster     Webster Primary",
        "st-philips  St Philip's      105488",
    ]


def test_no_rows_is_one_line() -> None:
    assert table("under notice", [], "none") == "under notice: none"


def test_wide_characters_take_two_cells_and_combining_marks_none() -> None:
    assert text_width("学校") == 4
    assert text_width("e\u0301cole") == 5
    printed = render_table("t", ["name", "n"], [["学校", "1"], ["école", "2"]])
    assert printed.splitlines()[3:] == ["学校   1", "école  2"]


def test_a_cell_with_line_breaks_takes_as_many_lines() -> None:
    printed = render_table("t", ["a", "b"], [["one\ntwo", "x"], ["three", "y"]])
    assert printed.splitlines()[1:] == ["a      b", "-----  -", "one    x", "two", "three  y"]


def test_control_characters_are_shown_escaped() -> None:
    printed = render_table("t\x1b[2J", ["a"], [["\x1b[31mred\x07"]])
    assert "\x1b" not in printed
    assert "\x07" not in printed
    assert printed.splitlines() == ["t\\x1b[2J", "a", "-" * 15, "\\x1b[31mred\\x07"]


_ONE_LINE = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=8)


@given(st.lists(st.lists(_ONE_LINE, min_size=2, max_size=2), max_size=5))
def test_each_row_is_its_first_cell_padded_to_the_column_then_its_second(
    rows: list[list[str]],
) -> None:
    first = max(text_width(text) for text in ["first", *(row[0] for row in rows)])
    printed = render_table("t", ["first", "second"], rows).split("\n")
    assert printed[2].startswith("-" * first + "  -")
    for line, (left, right) in zip(printed[3:], rows, strict=True):
        assert line == f"{left}{' ' * (first - text_width(left))}  {right}".rstrip()
