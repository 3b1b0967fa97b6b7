"""The CSV exporters (hom_plugins.exporters.csv): ``members-csv`` (M2-M4) and ``contributions-csv``
(F1), and the one function that keeps a spreadsheet from running a cell as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, strategies as st

from export_support import (
    LAST_DAY,
    UNDER_NOTICE_DAY,
    export,
    own_people,
    shared_heart_of_manchester,
)
from hom_core.application import Partnership
from hom_core.domain import FORGOTTEN, FinancialYear, Money
from hom_plugins.exporters.csv import (
    CONTRIBUTION_COLUMNS,
    DANGEROUS_STARTS,
    MEMBER_COLUMNS,
    neutralise,
    write_rows,
)

cells = st.text() | st.sampled_from(DANGEROUS_STARTS).flatmap(
    lambda first: st.text().map(lambda rest: first + rest)
)
"""Any text, and text that begins with a dangerous character more often than chance would."""


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(), newline="")))


# -- neutralise ----------------------------------------------------------------------------------


@given(cells)
def test_no_neutralised_cell_begins_with_a_dangerous_character(cell: str) -> None:
    assert not neutralise(cell).startswith(DANGEROUS_STARTS)


@given(cells)
def test_a_safe_cell_is_unchanged_and_a_dangerous_one_only_gains_a_quote(cell: str) -> None:
    if cell.startswith(DANGEROUS_STARTS):
        assert neutralise(cell) == "'" + cell
    else:
        assert neutralise(cell) == cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 161", "'+44 161"),
        ("-3.00", "'-3.00"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Webster Primary", "Webster Primary"),
        ("'=quoted", "'=quoted"),
        ("", ""),
    ],
)
def test_neutralise_examples(cell: str, written: str) -> None:
    assert neutralise(cell) == written


@given(st.lists(st.lists(cells, min_size=2, max_size=2), max_size=5))
def test_every_cell_read_back_from_a_written_file_is_the_neutralised_cell(
    rows: list[list[str]],
) -> None:
    out = io.BytesIO()
    write_rows(out, ("a", "b"), rows)
    read_back = read(out.getvalue())
    assert read_back == [["a", "b"], *([neutralise(cell) for cell in row] for row in rows)]
    assert not any(cell.startswith(DANGEROUS_STARTS) for row in read_back for cell in row)


# -- the exporters -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hom() -> Partnership:
    return shared_heart_of_manchester()


def test_m2_m4_members_csv_has_one_row_per_member_on_the_day(hom: Partnership) -> None:
    header, *rows = read(export(hom, "members-csv", UNDER_NOTICE_DAY))
    assert tuple(header) == MEMBER_COLUMNS
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_id) == [member.member_id for member in hom.as_of(UNDER_NOTICE_DAY).members()]
    assert by_id["rolls-crescent"]["leaves_on"] == "2016-08-31"
    assert by_id["rolls-crescent"]["notice_received_on"] == "2016-01-04"
    assert by_id["webster"] | {"notice_received_on": "", "leaves_on": ""} == by_id["webster"]
    assert by_id["webster"]["head"] == "Head, Webster Primary"
    assert by_id["webster"]["joined_on"] == "2013-07-10"
    assert "st-philips" not in by_id


def test_f1_contributions_csv_has_a_row_per_school_and_financial_year(hom: Partnership) -> None:
    header, *rows = read(export(hom, "contributions-csv", LAST_DAY))
    assert tuple(header) == CONTRIBUTION_COLUMNS
    lines = [dict(zip(header, row, strict=True)) for row in rows]
    funding = hom.as_of(LAST_DAY).funding
    years = [FinancialYear(year) for year in range(2014, 2018)]
    assert [(line["financial_year"], line["member_id"]) for line in lines] == [
        (str(year), row.member_id) for year in years for row in funding.contributions(year)
    ]
    for line in lines:
        assert Money.pounds(line["owed"]) - Money.pounds(line["paid"]) == Money.pounds(
            line["balance"]
        )
    claremont_2014 = next(
        line
        for line in lines
        if line["member_id"] == "claremont" and line["financial_year"] == "2014-15"
    )
    assert claremont_2014 | {"fte": "415", "rate": "2.00", "owed": "830.00", "months": "12"} == (
        claremont_2014
    )


def test_each_line_ends_with_crlf_as_rfc_4180_asks(hom: Partnership) -> None:
    data = export(hom, "members-csv", LAST_DAY)
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == data.count(b"\n") == len(hom.as_of(LAST_DAY).members()) + 1


def test_forgotten_people_appear_as_forgotten_never_by_name(hom: Partnership) -> None:
    hom = own_people(hom)
    hom.forget("person-webster-head")
    data = export(hom, "members-csv", LAST_DAY).decode()
    assert "Head, Webster Primary" not in data
    header, *rows = read(data.encode())
    webster = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == "webster")
    assert webster["head"] == FORGOTTEN
    assert webster["chair_of_governors"] == "Chair of governors, Webster Primary"


def test_a_day_before_anything_was_recorded_gives_the_header_only(hom: Partnership) -> None:
    assert read(export(hom, "contributions-csv", date(2013, 1, 1))) == [list(CONTRIBUTION_COLUMNS)]
