"""The domain packs' sections reach the governors' report through the installed plugins: each
example's partnership, exported with the builtin ``report-md`` exporter as any user would, shows
its own pack's sections and none of the other packs' (issues 5 and 6: "exporter sections")."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from examples_support import load_example, run_example
from hom_core import ReportSection, open_log, open_people
from hom_core.application import Partnership
from hom_plugins.packs import camden, harmony, manchester

PACKS = {"camden": camden.SECTIONS, "harmony": harmony.SECTIONS, "manchester": manchester.SECTIONS}
EXAMPLES = {  # pack: (example script, the partnership it records)
    "camden": ("camden_cluster", "PARTNERSHIP"),
    "harmony": ("harmony_support", "PARTNERSHIP"),
    "manchester": ("manchester_alliance", "ALLIANCE"),
}
DAY = date(2017, 7, 1)


def report(url: str, partnership_id: str) -> tuple[str, Partnership]:
    log = open_log(url)
    partnership = Partnership(log, partnership_id, people=open_people(url))
    out = io.BytesIO()
    log.plugins.exporters()["report-md"].write(partnership, out, DAY)
    return out.getvalue().decode(), partnership


def headings(sections: tuple[ReportSection, ...]) -> set[str]:
    return {f"## {section.title}" for section in sections}


@pytest.mark.parametrize("pack", sorted(EXAMPLES))
def test_a_packs_sections_are_in_its_partnerships_report_and_no_other_packs(
    pack: str, tmp_path: Path
) -> None:
    script, constant = EXAMPLES[pack]
    url = f"sqlite:///{tmp_path / 'example.sqlite3'}"
    run_example(script, ["--url", url])
    text, partnership = report(url, getattr(load_example(script), constant))
    lines = set(text.splitlines())
    view = partnership.as_of(DAY)
    said = {s for s in PACKS[pack] if list(s.build(view))}
    assert said, f"the {pack} example leaves every {pack} section empty on {DAY}"
    assert headings(tuple(said)) <= lines
    for other, sections in PACKS.items():
        if other != pack:
            assert not headings(sections) & lines, f"{other}'s sections in the {pack} report"


def test_a_partnership_without_packs_events_has_none_of_their_sections(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    run_example("heart_of_manchester", ["--url", url])
    text, _ = report(url, load_example("heart_of_manchester").PARTNERSHIP)
    lines = set(text.splitlines())
    assert "## Members and notices" in lines
    for pack, sections in PACKS.items():
        assert not headings(sections) & lines, f"{pack}'s sections in a report that has none"
