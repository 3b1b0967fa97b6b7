"""Data in from spreadsheets and open data: ``hom import-gias``, ``import-census``,
``import-terms`` and ``import-people`` on the sample files of examples/data/, good rows and bad.

A refused file names the file, the line and the column (as a spreadsheet shows it) and what to
write, and records nothing; ``--dry-run`` shows each row's action and records nothing;
``--resumable`` leaves whole batches recorded and a second run records the rest, never twice.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from cli_support import ok, run, sqlite_url, user_error
from hom_core import open_log, open_people
from hom_core.application import Partnership
from hom_core.domain import AcademicYear, Fte, OrganisationKind, Role
from hom_core.imports.census import read_fte
from hom_core.imports.gias import kind_of, member_id_of
from hom_core.imports.table import column_letter
from hom_core.imports.terms import half_term_number

DATA = Path(__file__).parent.parent / "examples" / "data"
GIAS = DATA / "gias_establishments.csv"
CHAIR = "partnership-chair"
WEBSTER = "webster-primary-school"


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite log with the partnership ``hom`` formed in it."""
    log_url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(run("init", "--url", log_url, "-p", "hom", "--name", "HOM", "--formed-on", "2013-07-01"))
    return log_url


def hom(url: str, *args: str) -> str:
    return ok(run(*args, "--url", url, "-p", "hom"))


def refused(url: str, *args: str) -> str:
    return user_error(run(*args, "--url", url, "-p", "hom"))


def joined(url: str) -> str:
    hom(url, "import-gias", str(GIAS), "--signed-on", "2013-07-10", "--partnership-chair", CHAIR)
    return url


def events(url: str) -> int:
    with open_log(url) as log:
        return log.head()[0]


def partnership_state(url: str):  # type: ignore[no-untyped-def]
    with open_log(url) as log:
        return Partnership(log, "hom").state()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


# -- GIAS ---------------------------------------------------------------------------------------


def test_gias_open_establishments_join_with_their_kind_and_closed_ones_are_skipped(
    url: str,
) -> None:
    printed = hom(
        url, "import-gias", str(GIAS), "--signed-on", "2013-07-10", "--partnership-chair", CHAIR
    )
    assert "6 row(s), 5 with something to record; recorded 5 event(s)" in printed
    members = partnership_state(url).membership.members
    assert members[WEBSTER].name == "Webster Primary School"
    assert str(members[WEBSTER].urn_on(date(2014, 1, 1))) == "105430"
    kinds = {member_id: member.kind for member_id, member in members.items()}
    assert kinds["martenscroft-nursery-school-and-childrens-centre"] is OrganisationKind.NURSERY
    assert kinds["bridgelea-primary-school"] is OrganisationKind.SPECIAL
    assert "st-philips-cofe-primary-school" not in kinds  # closed
    membership = members[WEBSTER].memberships[0]
    assert (membership.head, membership.chair_of_governors) == (
        f"head-of-{WEBSTER}",
        f"chair-of-{WEBSTER}",
    )
    again = hom(
        url, "import-gias", str(GIAS), "--signed-on", "2013-07-10", "--partnership-chair", CHAIR
    )
    assert "nothing new recorded" in again  # every school is matched by its URN


def test_gias_dry_run_shows_each_row_and_records_nothing(url: str) -> None:
    before = events(url)
    printed = hom(
        url,
        "import-gias",
        str(GIAS),
        "--signed-on",
        "2013-07-10",
        "--partnership-chair",
        CHAIR,
        "--dry-run",
    )
    assert "join as primary (webster-primary-school)" in printed
    assert "skip: closed" in printed
    assert "would record 5 event(s): nothing was recorded (dry run)" in printed
    assert events(url) == before


def test_gias_is_read_as_windows_1252(url: str) -> None:
    joined(url)
    members = partnership_state(url).membership.members
    assert (
        members["st-margarets-cofe-primary-school"].name == "St Margaret\u2019s CofE Primary School"
    )


@pytest.mark.parametrize(
    ("cell", "column", "says"),
    [
        ("10543", "A (URN)", "URN"),
        ("Primary", "M (PhaseOfEducation (name))", None),
    ],
)
def test_a_bad_gias_row_names_file_line_and_column_and_records_nothing(
    url: str, tmp_path: Path, cell: str, column: str, says: str | None
) -> None:
    lines = GIAS.read_bytes().decode("cp1252").splitlines()
    cells = lines[3].split(",")
    if column.startswith("A"):
        cells[0] = cell
    else:  # a pupil referral unit: neither type nor phase tells its kind
        cells[6], cells[12] = "Pupil referral unit", "Not applicable"
    lines[3] = ",".join(cells)
    bad = write(tmp_path, "gias.csv", "\r\n".join(lines) + "\r\n", "cp1252")
    before = events(url)
    message = refused(
        url, "import-gias", bad, "--signed-on", "2013-07-10", "--partnership-chair", CHAIR
    )
    assert message.startswith(f"hom: gias.csv:4: column {column}: "), message
    if says:
        assert says in message
    assert events(url) == before


def test_a_gias_file_without_a_needed_column_says_which(url: str, tmp_path: Path) -> None:
    bad = write(tmp_path, "gias.csv", "URN,EstablishmentName\n105430,Webster\n")
    message = refused(
        url, "import-gias", bad, "--signed-on", "2013-07-10", "--partnership-chair", CHAIR
    )
    assert "gias.csv:1: no column 'TypeOfEstablishment (name)'" in message


def test_gias_kinds_and_member_ids() -> None:
    assert kind_of("Academy converter", "Secondary") is OrganisationKind.SECONDARY
    assert kind_of("Foundation special school", "Not applicable") is OrganisationKind.SPECIAL
    assert kind_of("Academy 16-19 converter", "16 plus") is OrganisationKind.COLLEGE
    assert kind_of("Free schools", "All-through") is OrganisationKind.ALL_THROUGH
    assert kind_of("Pupil referral unit", "Not applicable") is None
    assert member_id_of("St Philip's CE Primary") == "st-philips-ce-primary"


# -- census -------------------------------------------------------------------------------------


def test_census_from_csv_by_urn_or_member_id_with_full_and_part_time_pupils(url: str) -> None:
    joined(url)
    census = str(DATA / "census_january_2014.csv")
    printed = hom(url, "import-census", census, "--census-date", "2014-01-16")
    assert "recorded 5 event(s)" in printed
    funding = partnership_state(url).funding
    webster = funding.census(WEBSTER, 2014)
    assert webster is not None
    assert webster.fte == Fte.of(415, 30) == Fte.parse("430")
    assert funding.census("st-margarets-cofe-primary-school", 2014) is not None


def test_census_from_xlsx_with_the_fte_alone(url: str) -> None:
    joined(url)
    hom(url, "import-census", str(DATA / "census_january_2015.xlsx"), "--census-date", "2015-01-15")
    census = partnership_state(url).funding.census("claremont-primary-school", 2015)
    assert census is not None
    assert census.fte == Fte.parse("418.5")


@pytest.mark.parametrize(
    ("row", "place"),
    [
        ("105430,,41a,30", "census.csv:3: column C (full_time): '41a' is not valid"),
        ("105431,,400,0", "census.csv:3: column A (URN): no member has the URN 105431"),
        (",nobody,400,0", "census.csv:3: column B (member_id): no member 'nobody'"),
        ("105430,,,30", "census.csv:3: column C (full_time): the cell is empty"),
    ],
)
def test_a_bad_census_row_names_file_line_and_column_and_records_nothing(
    url: str, tmp_path: Path, row: str, place: str
) -> None:
    joined(url)
    sheet = write(
        tmp_path, "census.csv", f"URN,member_id,full_time,part_time\n105412,,402,26\n{row}\n"
    )
    before = events(url)
    message = refused(url, "import-census", sheet, "--census-date", "2014-01-16")
    assert message.startswith(f"hom: {place}"), message
    assert events(url) == before


def test_a_census_refused_by_a_rule_names_the_line_and_records_nothing_atomically(
    url: str, tmp_path: Path
) -> None:
    joined(url)
    sheet = write(
        tmp_path, "census.csv", "URN,FTE\n105412,402\n105430,415\n"
    )  # a census must be dated in January (C2): 16 February is refused at the first row
    before = events(url)
    message = refused(url, "import-census", sheet, "--census-date", "2014-02-16")
    assert message.startswith("hom: census.csv:2: [C2]"), message
    assert "nothing was imported" in message
    assert events(url) == before


def test_a_resumable_import_records_in_batches_and_a_second_run_records_none_twice(
    url: str, tmp_path: Path
) -> None:
    joined(url)
    rows = ["URN,FTE", "105430,430", "105412,415", "105491,257", "105205,96", "105584,58"]
    sheet = write(tmp_path, "census.csv", "\n".join(rows) + "\n")
    command = ("import-census", sheet, "--census-date", "2014-01-16", "--resumable")
    first = hom(url, *command, "--batch-size", "2")
    assert "recorded 5 event(s)" in first
    assert "nothing new recorded" in hom(url, *command, "--batch-size", "2")
    assert events(url) == 7 + 5  # formation (2) and five joins, then the censuses once


def test_fte_cells_and_column_letters() -> None:
    assert read_fte("201.5") == Fte.parse("201.5")
    assert read_fte(201) == Fte.parse("201")
    with pytest.raises(ValueError, match="not a number"):
        read_fte("lots")
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


# -- term dates ---------------------------------------------------------------------------------


def test_term_dates_from_icalendar_become_the_partnerships_calendar(url: str) -> None:
    hom(url, "import-terms", str(DATA / "term_dates_2014_15.ics"), "--recorded-on", "2014-07-01")
    calendar = partnership_state(url).framework.calendar
    recorded = {dates.academic_year: dates for dates in calendar.recorded}
    halves = recorded[AcademicYear(2014)].half_terms
    assert (halves[0].first, halves[0].last) == (date(2014, 9, 3), date(2014, 10, 24))
    assert halves[5].last == date(2015, 7, 21)  # DTEND is the day after the last day


def test_term_dates_from_csv_with_uk_dates_and_named_half_terms(url: str) -> None:
    hom(url, "import-terms", str(DATA / "term_dates_2015_16.csv"), "--recorded-on", "2015-07-01")
    calendar = partnership_state(url).framework.calendar
    recorded = {dates.academic_year: dates for dates in calendar.recorded}
    assert recorded[AcademicYear(2015)].half_terms[2].first == date(2016, 1, 4)


def test_a_year_missing_a_half_term_is_refused_at_its_first_line(url: str, tmp_path: Path) -> None:
    lines = (DATA / "term_dates_2015_16.csv").read_text().splitlines()
    sheet = write(tmp_path, "terms.csv", "\n".join(lines[:-1]) + "\n")
    before = events(url)
    message = refused(url, "import-terms", sheet)
    assert message.startswith("hom: terms.csv:2: 2015/16 has no half term 6"), message
    assert events(url) == before


def test_a_term_date_outside_the_records_range_names_its_cell(url: str, tmp_path: Path) -> None:
    text = (DATA / "term_dates_2015_16.csv").read_text().replace("02/09/2015", "02/09/3015")
    message = refused(url, "import-terms", write(tmp_path, "terms.csv", text))
    assert message.startswith("hom: terms.csv:2: column C (first_day): '02/09/3015' is not valid")


def test_a_bad_term_date_cell_names_its_column(url: str, tmp_path: Path) -> None:
    text = (DATA / "term_dates_2015_16.csv").read_text().replace("02/11/2015", "31/11/2015")
    message = refused(url, "import-terms", write(tmp_path, "terms.csv", text))
    assert message.startswith("hom: terms.csv:3: column C (first_day): '31/11/2015' is not valid")


def test_an_icalendar_half_term_without_an_end_names_the_event_line(
    url: str, tmp_path: Path
) -> None:
    ics = (DATA / "term_dates_2014_15.ics").read_bytes().decode()
    text = ics.replace("DTEND;VALUE=DATE:20141220\r\n", "")
    assert text != ics
    message = refused(url, "import-terms", write(tmp_path, "terms.ics", text))
    assert message.startswith("hom: terms.ics:19: column DTEND: the event has no DTEND"), message


def test_half_terms_are_read_by_number_or_name() -> None:
    names = ["1", "Autumn 2", "Spring term 1", "spring second half term", "Summer 1", "SUMMER-2"]
    assert [half_term_number(name) for name in names] == [1, 2, 3, 4, 5, 6]
    assert half_term_number("October half term holiday") is None


# -- people -------------------------------------------------------------------------------------


def test_people_are_stored_and_their_roles_recorded(url: str) -> None:
    joined(url)
    printed = hom(url, "import-people", str(DATA / "people.csv"), "--from", "2013-09-01")
    assert "stored 6 person(s)" in printed
    people = open_people(url)
    person = people.get(f"head-of-{WEBSTER}")
    assert person is not None
    assert (person.name, person.contact) == ("Ms A. Okafor", "head@webster.example.org")
    members = partnership_state(url).membership.members
    assert members[WEBSTER].holder_on(Role.DEPUTY_HEAD, date(2014, 1, 1)) == "deputy-of-webster"


def test_a_bad_people_row_stores_nobody_and_records_nothing(url: str, tmp_path: Path) -> None:
    joined(url)
    sheet = write(
        tmp_path,
        "people.csv",
        "person_id,name,member_id,role\n"
        "head-x,Ms X,,\n"
        "deputy-y,Mr Y,webster-primary-school,janitor\n",
    )
    before = events(url)
    message = refused(url, "import-people", sheet)
    assert message.startswith("hom: people.csv:3: column D (role): 'janitor' is not valid")
    assert events(url) == before
    assert open_people(url).get("head-x") is None


def test_a_forgotten_person_is_refused_at_their_row(url: str, tmp_path: Path) -> None:
    joined(url)
    sheet = write(tmp_path, "people.csv", "person_id,name\nhead-x,Ms X\n")
    hom(url, "import-people", sheet)
    ok(run("forget", "head-x", "--yes", "--url", url))
    message = refused(url, "import-people", sheet)
    assert message.startswith("hom: people.csv:2: column A (person_id): head-x was forgotten")


def test_the_sample_files_are_shipped(tmp_path: Path) -> None:
    names = sorted(path.name for path in DATA.iterdir())
    assert names == [
        "census_january_2014.csv",
        "census_january_2015.xlsx",
        "gias_establishments.csv",
        "people.csv",
        "term_dates_2014_15.ics",
        "term_dates_2015_16.csv",
    ]
    shutil.copy(GIAS, tmp_path)  # readable as any file


def test_json_output_lists_each_row_and_what_was_done(url: str) -> None:
    printed = hom(
        url,
        "import-gias",
        str(GIAS),
        "--signed-on",
        "2013-07-10",
        "--partnership-chair",
        CHAIR,
        "--dry-run",
        "--json",
    )
    document = json.loads(printed)
    assert document["dry_run"] is True
    assert document["events"] == 5
    assert document["rows"][4] == {
        "line": 6,
        "row": "St Philip\u2019s CofE Primary School (105488)",
        "action": "skip: closed",
    }
