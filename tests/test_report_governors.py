"""What a governor reads: the report in a governor's words, charts that show their line, and
tables a person in the UK reads (issue: a trial of the report as a new user would make it)."""

from __future__ import annotations

import json
import re
from datetime import date

from cli_support import ok, run, sqlite_url
from export_support import export, heart_of_manchester, shared_heart_of_manchester
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import FormPartnership, JoinPartnership, OrganisationKind, RotateChair
from hom_core.report import StepChart
from hom_plugins.exporters.report.layout import format_value
from hom_plugins.exporters.report.svg import step_chart

DAY = date(2017, 9, 1)


def _chair_school_without_deputy() -> Partnership:
    hom = Partnership(open_log("memory://"), "small")
    hom.execute(FormPartnership("Small Partnership", date(2013, 7, 1)))
    for school in ("alpha", "beta"):
        hom.execute(
            JoinPartnership(
                school,
                f"{school.title()} Primary",
                OrganisationKind.PRIMARY,
                head=f"head-of-{school}",
                chair_of_governors=f"chair-of-{school}",
                partnership_chair="the-chair",
                signed_on=date(2013, 7, 10),
            )
        )
    hom.execute(RotateChair(date(2013, 9, 1)))
    return hom


def test_the_report_has_no_developer_wording_when_a_deputy_head_is_missing() -> None:
    for exporter in ("report-md", "report-html"):
        text = export(_chair_school_without_deputy(), exporter, date(2013, 10, 1)).decode()
        assert "AppointRoleHolder" not in text
        assert "Role." not in text
        assert "No deputy head of Alpha Primary is on record" in text


def test_a_year_without_reports_to_governors_says_so_in_words() -> None:
    text = export(shared_heart_of_manchester(), "report-md", DAY).decode()
    assert "Governors of 0" not in text
    assert "No governing body has received a report on the partnership yet" in text


def test_the_report_says_which_way_of_writing_a_year_is_which() -> None:
    text = export(shared_heart_of_manchester(), "report-md", DAY).decode()
    assert "2017-18" in text and "2017/18" in text  # noqa: PT018 (both notations appear...)
    assert (
        "Financial years are written like 2017-18 (1 April 2017 to 31 March 2018); school "
        "years like 2017/18." in text
    )  # ...and the report says which is which


def test_one_of_a_unit_is_written_in_the_singular() -> None:
    assert format_value(1, "members") == "1 member"
    assert format_value(2, "members") == "2 members"
    assert format_value(1, "£") == "£1.00"
    assert format_value(1, "enquiries") == "1 enquiry"
    assert format_value(1, "activities") == "1 activity"
    assert format_value(1, "classes") == "1 class"


def test_the_example_names_its_eyfs_representatives_in_capitals() -> None:
    text = export(heart_of_manchester(), "report-md", date(2014, 7, 1)).decode()
    assert "Eyfs" not in text
    assert "EYFS representative" in text


def _path_and_top(svg: str) -> tuple[list[float], float]:
    path = re.search(r'<path d="([^"]+)"', svg)
    assert path is not None
    ys = [float(y) for y in re.findall(r"V([0-9.]+)", path[1])] + [
        float(re.match(r"M[0-9.]+ ([0-9.]+)", path[1])[1])  # type: ignore[index]
    ]
    return ys, 14.0  # the chart's top edge


def test_a_step_line_at_the_top_value_stands_clear_of_the_charts_edges() -> None:
    chart = StepChart("Members", [(date(2013, 7, 10), 8), (date(2017, 9, 1), 8)], "members")
    svg = step_chart(chart, "c")
    ys, top = _path_and_top(svg)
    assert min(ys) > top + 10  # below the top gridline: the line is not the chart's frame
    first_x = float(re.search(r'<path d="M([0-9.]+)', svg)[1])  # type: ignore[index]
    assert first_x > 64 + 10  # right of the value axis
    assert svg.count('stroke-width="7"') == 1  # the change is marked


def test_charts_take_the_width_of_the_page() -> None:
    html = export(shared_heart_of_manchester(), "report-html", DAY).decode()
    assert "svg { display: block; width: 100%; height: auto; }" in html


def test_cli_tables_can_show_uk_dates_and_json_stays_iso(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(run("init", "--url", url, "-p", "hom", "--name", "HOM", "--formed-on", "2013-07-01"))
    uk = ok(run("--date-style", "uk", "people", "list", "--url", url, "-p", "hom"))
    iso = ok(run("status", "--url", url, "-p", "hom", "--as-of", "2013-09-01"))
    uk_status = ok(
        run("--date-style", "uk", "status", "--url", url, "-p", "hom", "--as-of", "2013-09-01")
    )
    assert "nobody yet" in uk
    assert iso.splitlines()[0] == uk_status.splitlines()[0]  # text lines keep ISO dates
    env_uk = ok(
        run(
            "record", "JoinPartnership", "--field=member_id=a", "--field=name=A",
            "--field=kind=primary", "--field=head=h", "--field=chair_of_governors=c",
            "--field=partnership_chair=p", "--field=signed_on=2013-07-10",
            "--url", url, "-p", "hom", env={"HOM_DATE_STYLE": "uk"},
        )
    )  # fmt: skip
    assert "10/07/2013" in env_uk
    data = json.loads(
        ok(
            run(
                "--date-style",
                "uk",
                "status",
                "--url",
                url,
                "-p",
                "hom",
                "--as-of",
                "2013-09-01",
                "--json",
            )
        )
    )
    assert data["members"][0]["joined_on"] == "2013-07-10"
