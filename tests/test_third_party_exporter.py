"""examples/third_party_exporter.py: an exporter written as a third party would write one, found
through the ``hom_exporters`` hook once registered, and run on the Heart of Manchester history."""

from __future__ import annotations

import io

from export_support import (
    LAST_DAY,
    UNDER_NOTICE_DAY,
    load_example,
    own_people,
    shared_heart_of_manchester as heart_of_manchester,
)


def test_the_example_registers_its_exporter_and_writes_the_members_on_a_day() -> None:
    example = load_example("third_party_exporter")
    out = io.BytesIO()
    example.main([UNDER_NOTICE_DAY.isoformat()], out)
    lines = out.getvalue().decode().splitlines()
    assert lines[0] == "Members of Heart of Manchester Partnership on 2016-02-01"
    assert len(lines) == 1 + 7
    assert (
        "- Rolls Crescent Primary (head: Head, Rolls Crescent Primary, leaves on 2016-08-31)"
        in (lines)
    )


def test_its_exporter_shows_a_forgotten_head_as_forgotten() -> None:
    example = load_example("third_party_exporter")
    hom = own_people(heart_of_manchester())
    hom.forget("person-claremont-head")
    out = io.BytesIO()
    example.write_members(hom, out, LAST_DAY)
    assert "- Claremont Primary (head: (forgotten))" in out.getvalue().decode().splitlines()
