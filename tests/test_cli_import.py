"""``hom import``: event and command lines, atomic or resumable, malformed lines, large files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest

from cli_support import PARTNERSHIP, example, ok, run, sqlite_url, user_error
from hom_core import EventType, Plugins, UsageError, hookimpl, open_log
from hom_core.application import Partnership
from hom_core.cli.history import import_history

DAYS = ("2013-09-02", "2015-04-02", "2016-02-01", "2017-07-20")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite log holding the Heart of Manchester history (examples/), recorded once."""
    url = sqlite_url(tmp_path_factory.mktemp("source") / "hom.sqlite3")
    with open_log(url) as log:
        example().record(Partnership(log, PARTNERSHIP))
    return url


@pytest.fixture(scope="module")
def source_status(source: str) -> dict[str, Any]:
    """``hom status --json`` of the example's log on each of :data:`DAYS`."""
    return {day: _status(source, day) for day in DAYS}


def _stored(url: str) -> list[tuple[str, str, date, Any]]:
    """Every event of the log at ``url``: stream, type, effective date, payload."""
    with open_log(url) as log:
        unstructure = log.codec.converter.unstructure
        return [
            (r.stream_id, r.event_type, r.effective_date, unstructure(r.event))
            for r in log.read_all()
        ]


def _event_lines(url: str, *, dated: bool = True) -> list[str]:
    """The events of the log at ``url`` as event lines of ``hom import``."""
    lines = []
    for _, event_type, effective_date, payload in _stored(url):
        line = {"event": event_type, "payload": payload}
        if dated:
            line["effective_date"] = effective_date.isoformat()
        lines.append(json.dumps(line))
    return lines


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def _import(url: str, path: Path, *args: str, plugins: Plugins | None = None) -> Any:
    """``hom import PATH ARGS --json`` into the partnership at ``url``, parsed."""
    args = ("--url", url, "-p", PARTNERSHIP, "--json", *args)
    return json.loads(ok(run("import", str(path), *args, plugins=plugins)))


def _status(url: str, day: str) -> Any:
    return json.loads(ok(run("status", "--url", url, "-p", PARTNERSHIP, "--as-of", day, "--json")))


# -- event lines -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [(), ("--atomic",), ("--batch-size", "7")])
def test_event_lines_reproduce_a_history(
    source: str, source_status: dict[str, Any], tmp_path: Path, mode: tuple[str, ...]
) -> None:
    """Importing the example's events gives the same events, and the same answers, as
    recording its commands did (each event dated by its own effective date)."""
    path = _write(tmp_path / "history.jsonl", _event_lines(source, dated=False))
    url = sqlite_url(tmp_path / "copy.sqlite3")
    report = _import(url, path, *mode)
    original = _stored(source)
    assert report["events"] == report["lines"] == len(original)
    assert _stored(url) == original
    for day in DAYS:
        assert _status(url, day) == source_status[day]
    assert "chain intact" in ok(run("verify", "--url", url))


def test_import_reports_what_it_did_as_text(source: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "history.jsonl", ["", *_event_lines(source)[:30], ""])
    url = sqlite_url(tmp_path / "copy.sqlite3")
    args = ("import", str(path), "--url", url, "-p", PARTNERSHIP, "--batch-size", "10")
    text = ok(run(*args))
    assert "30 lines, recorded 30 events in 3 batch(es) at positions 1-30" in text
    assert "events/s" in text
    assert "nothing new recorded; 3 batch(es) were in the log already" in ok(run(*args))


def test_the_progress_bar_goes_to_stderr(source: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "history.jsonl", _event_lines(source)[:20])
    url = sqlite_url(tmp_path / "copy.sqlite3")
    result = run("import", str(path), "--url", url, "-p", PARTNERSHIP, "--progress", "--json")
    assert "importing history.jsonl" in result.stderr
    assert json.loads(ok(result))["events"] == 20  # stdout stays JSON


# -- atomic and resumable --------------------------------------------------------------------


def _broken_at(source: str, tmp_path: Path, number: int, count: int) -> tuple[Path, list[str]]:
    """A file of the example's first ``count`` events with line ``number`` not JSON."""
    lines = _event_lines(source)[:count]
    broken = [*lines]
    broken[number - 1] = "{not json"
    return _write(tmp_path / "history.jsonl", broken), lines


def test_atomic_imports_nothing_when_a_line_is_malformed(source: str, tmp_path: Path) -> None:
    path, lines = _broken_at(source, tmp_path, 47, 95)
    url = sqlite_url(tmp_path / "copy.sqlite3")
    args = ("import", str(path), "--url", url, "-p", PARTNERSHIP, "--atomic")
    line = user_error(run(*args))
    assert line.startswith(f"hom: {path}:47: not a JSON object (")
    assert line.endswith("nothing was imported: fix line 47 and run the same command again")
    assert _stored(url) == []
    _write(path, lines)
    assert json.loads(ok(run(*args, "--json")))["batches"] == 1
    assert _stored(url) == _stored(source)[:95]


def test_resumable_imports_up_to_a_malformed_line_and_finishes_after_the_fix(
    source: str, tmp_path: Path
) -> None:
    path, lines = _broken_at(source, tmp_path, 47, 95)
    url = sqlite_url(tmp_path / "copy.sqlite3")
    args = ("import", str(path), "--url", url, "-p", PARTNERSHIP, "--batch-size", "10")
    line = user_error(run(*args))
    assert f"{path}:47: " in line
    assert line.endswith("lines 1-40 are in the log: fix line 47 and run the same command again")
    assert _stored(url) == _stored(source)[:40]  # whole batches only
    _write(path, lines)
    report = json.loads(ok(run(*args, "--json")))
    assert (report["skipped_batches"], report["batches"], report["events"]) == (4, 6, 55)
    assert (report["first_position"], report["last_position"]) == (41, 95)
    assert _stored(url) == _stored(source)[:95]  # nothing twice
    assert "chain intact" in ok(run("verify", "--url", url))


def test_resumable_continues_after_an_interrupt(source: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "history.jsonl", _event_lines(source)[:60])
    url = sqlite_url(tmp_path / "copy.sqlite3")
    batches: list[int] = []

    def interrupt_after_three(done: int, lines: int) -> None:
        batches.append(lines)
        if len(batches) == 3:
            raise KeyboardInterrupt

    with open_log(url) as log, pytest.raises(UsageError) as stopped:
        import_history(
            log, Partnership(log, PARTNERSHIP), path, batch_size=10, progress=interrupt_after_three
        )
    assert str(stopped.value) == (
        "interrupted; lines 1-30 are in the log: run the same command again to continue"
    )
    assert len(_stored(url)) == 30
    report = _import(url, path, "--batch-size", "10")
    assert (report["skipped_batches"], report["events"]) == (3, 30)
    assert _stored(url) == _stored(source)[:60]


def test_a_changed_line_ending_keeps_the_batch_keys(source: str, tmp_path: Path) -> None:
    lines = _event_lines(source)[:20]
    path = _write(tmp_path / "history.jsonl", lines)
    url = sqlite_url(tmp_path / "copy.sqlite3")
    _import(url, path, "--batch-size", "10")
    path.write_text("\r\n".join(lines))  # CRLF, and no newline after the last line
    assert _import(url, path, "--batch-size", "10")["skipped_batches"] == 2
    assert len(_stored(url)) == 20


# -- command lines ---------------------------------------------------------------------------


def _command(command: str, /, **fields: Any) -> str:
    return json.dumps({"command": command, "fields": fields})


JOIN = {
    "name": "Webster Primary",
    "kind": "primary",
    "head": "person-1",
    "chair_of_governors": "person-2",
    "partnership_chair": "person-3",
    "signed_on": "2013-07-10",
}
FORM = _command("FormPartnership", name="Hom", formed_on="2013-07-01")


def test_command_lines_are_decided_against_the_lines_before_them_m2(tmp_path: Path) -> None:
    joined = {
        "event": "hom.member_joined",
        "payload": {"member_id": "claremont", "urn": None, **JOIN},
    }
    lines = [
        FORM,
        json.dumps(joined),  # an event line: the command below is decided with it
        _command("GiveNotice", member_id="claremont", received_on="2015-03-02"),
        _command("JoinPartnership", member_id="webster", **JOIN),
    ]
    url = sqlite_url(tmp_path / "hom.sqlite3")
    for batch_size in ("1", "500"):
        url = sqlite_url(tmp_path / f"hom-{batch_size}.sqlite3")
        report = _import(url, _write(tmp_path / "c.jsonl", lines), "--batch-size", batch_size)
        assert report["events"] == 5  # formation records two events
        status = _status(url, "2015-04-01")
        assert [member["member_id"] for member in status["members"]] == ["claremont", "webster"]
        assert status["notices"] == [
            {"member_id": "claremont", "name": "Webster Primary", "leaves_on": "2015-08-31"}
        ]


def test_a_rule_broken_mid_file_stops_the_import_at_that_line_m2(tmp_path: Path) -> None:
    lines = [
        FORM,
        _command("JoinPartnership", member_id="webster", **JOIN),
        _command("GiveNotice", member_id="webster", received_on="2015-03-02"),
        _command("GiveNotice", member_id="nobody", received_on="2015-03-02"),
        _command("WithdrawNotice", member_id="webster", withdrawn_on="2015-03-03"),
    ]
    path = _write(tmp_path / "c.jsonl", lines)
    url = sqlite_url(tmp_path / "hom.sqlite3")
    args = ("import", str(path), "--url", url, "-p", PARTNERSHIP, "--batch-size", "2")
    line = user_error(run(*args))
    assert line == (
        f"hom: {path}:4: [M2] 'nobody' has never joined the partnership: check the member id; "
        "lines 1-2 are in the log: fix line 4 and run the same command again"
    )
    assert len(_stored(url)) == 3
    lines[3] = _command("GiveNotice", member_id="webster", received_on="2015-03-04")
    _write(path, lines)
    line = user_error(run(*args))  # notice already given: the rules still apply on a re-run
    assert f"{path}:4: [M2] " in line
    assert "lines 1-2 are in the log" in line
    del lines[3]
    _write(path, lines)
    ok(run(*args))
    assert _status(url, "2015-04-01")["notices"] == []  # withdrawn


# -- malformed lines -------------------------------------------------------------------------

NOTICE = {"member_id": "a", "received_on": "2015-03-02", "leaves_on": "2015-08-31"}

MALFORMED = {
    "not JSON": ("{", "not a JSON object ("),
    "not an object": ("[1]", 'a line is a JSON object with "event" and "payload"'),
    "neither": ('{"x": 1}', 'a line is a JSON object with "event" and "payload"'),
    "both": (
        json.dumps({"event": "hom.notice_given", "command": "GiveNotice"}),
        'a line is a JSON object with "event"',
    ),
    "unknown key": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "when": "x"}),
        "unknown key(s) when: an event line has",
    ),
    "unknown event type": (
        json.dumps({"event": "hom.nope", "payload": {}}),
        "unknown event type 'hom.nope': the installed ones are ",
    ),
    "payload not an object": (
        json.dumps({"event": "hom.notice_given", "payload": "x"}),
        '"payload" a JSON object',
    ),
    "bad payload field": (
        json.dumps({"event": "hom.notice_given", "payload": {**NOTICE, "leaves_on": "2015"}}),
        "hom.notice_given payload.leaves_on: ",
    ),
    "extra payload field": (
        json.dumps({"event": "hom.notice_given", "payload": {**NOTICE, "x": 1}}),
        "hom.notice_given payload.x: ",
    ),
    "bad effective date": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "effective_date": "x"}),
        "\"effective_date\" 'x' is not a date",
    ),
    "bad schema version": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "schema_version": "1"}),
        '"schema_version" must be a whole number',
    ),
    "newer schema version": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "schema_version": 9}),
        "knows only up to version 1",
    ),
    "bad stream": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "stream": 3}),
        '"stream" must name a stream',
    ),
    "empty stream": (
        json.dumps({"event": "hom.notice_given", "payload": NOTICE, "stream": ""}),
        '"stream" must name a stream',
    ),
    "unknown command": (_command("GiveNotic"), "did you mean GiveNotice?"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_line_names_file_line_and_what_is_wrong(tmp_path: Path, case: str) -> None:
    text, expected = MALFORMED[case]
    path = _write(tmp_path / "bad.jsonl", [FORM, text])
    url = sqlite_url(tmp_path / "hom.sqlite3")
    line = user_error(run("import", str(path), "--url", url, "-p", PARTNERSHIP))
    assert line.startswith(f"hom: {path}:2: ")
    assert expected in line
    assert _stored(url) == []  # the bad line's batch (here the only one) is not recorded


def test_lines_for_a_partnership_need_one(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", [FORM])
    line = user_error(run("import", str(path), "--url", sqlite_url(tmp_path / "h.sqlite3")))
    assert f"{path}:1: a command line is recorded in a partnership: pass --partnership" in line
    assert line.endswith("nothing was imported: fix line 1 and run the same command again")


# -- streams and event types of plugins ------------------------------------------------------


@attrs.frozen
class Visit:
    """A plugin's event with no date of its own, at schema version 2 (version 1 said name)."""

    school: str


def _visits() -> Plugins:
    visit = EventType(
        "test.visit", Visit, version=2, upcasters={1: lambda p: {"school": p["name"]}}
    )
    plugins = Plugins()
    plugins.register(SimpleNamespace(hom_event_types=hookimpl(lambda: [visit])), "visits")
    return plugins


def _visit(stream: str, day: str | None, **payload: Any) -> str:
    line: dict[str, Any] = {"event": "test.visit", "payload": payload, "stream": stream}
    if day is not None:
        line["effective_date"] = day
    if "name" in payload:
        line["schema_version"] = 1
    return json.dumps(line)


def test_events_of_plugins_in_their_own_streams_upcast_from_old_versions(tmp_path: Path) -> None:
    lines = [
        _visit("visits/a", "2015-01-01", school="a"),
        _visit("visits/a", "2015-01-02", name="b"),
        _visit("visits/b", "2015-01-03", school="c"),
    ]
    url = sqlite_url(tmp_path / "v.sqlite3")
    path = _write(tmp_path / "v.jsonl", lines)
    result = run("import", str(path), "--url", url, "--json", plugins=_visits())
    assert json.loads(ok(result))["batches"] == 2  # one per stream
    with open_log(url, plugins=_visits()) as log:
        assert [(r.stream_id, r.event, r.effective_date) for r in log.read_all()] == [
            ("visits/a", Visit("a"), date(2015, 1, 1)),
            ("visits/a", Visit("b"), date(2015, 1, 2)),
            ("visits/b", Visit("c"), date(2015, 1, 3)),
        ]
    line = user_error(run("import", str(path), "--url", url, "--atomic", plugins=_visits()))
    assert "--atomic records one stream in one append, but line 3 is for 'visits/b'" in line


def test_an_event_with_no_date_of_its_own_needs_an_effective_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "v.jsonl", [_visit("visits/a", None, school="a")])
    url = sqlite_url(tmp_path / "v.sqlite3")
    line = user_error(run("import", str(path), "--url", url, plugins=_visits()))
    assert f'{path}:1: Visit has no date of its own: give "effective_date"' in line


# -- a large file ----------------------------------------------------------------------------


def _meetings(count: int) -> Iterator[str]:
    """A partnership formed by commands, then ``count`` meetings of one network as events."""
    yield FORM
    yield _command("JoinPartnership", member_id="webster", **JOIN)
    yield _command(
        "EstablishGroup",
        group_id="maths",
        name="Maths",
        kind="network",
        established_on="2013-09-01",
    )
    first = date(2013, 9, 2)
    for number in range(count):
        payload = {
            "group_id": "maths",
            "held_on": (first + timedelta(days=number // 4)).isoformat(),
            "host_member_id": "webster",
            "chair": None,
            "summary": f"meeting {number}",
        }
        yield json.dumps({"event": "hom.meeting_held", "payload": payload})


def test_a_file_of_20000_events_imports_and_reports_its_rate(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.jsonl", list(_meetings(20_000 - 3)))
    url = sqlite_url(tmp_path / "big.sqlite3")
    report = _import(url, path)
    assert (report["lines"], report["events"], report["batches"]) == (20_000, 20_001, 40)
    print(f"imported {report['events']} events at {report['events'] / report['seconds']:,.0f}/s")
    with open_log(url) as log:
        assert log.head()[0] == 20_001
        assert log.verify().ok
