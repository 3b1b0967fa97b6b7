"""Hostile and extreme input (issue 16, section 4): each case is a typed error (the command:
one line, exit 2) and nothing is appended; values the rules accept never make a later command
or export crash."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cli_support import copied_log, installed_plugins, ok, quick, user_error
from hom_core import CodecError, EventType, InvalidValueError, UsageError, open_log
from hom_core.domain import (
    AdoptPolicies,
    JoinPartnership,
    NoticePolicy,
    NoticeReading,
    OrganisationKind,
    Partnership,
    Policies,
)
from samples import SchoolJoined, joined

HOM = "hom"
PAYMENT = ("RecordPayment", "-f", "member_id=webster", "-f", "financial_year=2014-15")
PAYMENT += ("-f", "paid_on=2014-06-01")
DEEP = "[" * 1000 + "]" * 1000


@pytest.fixture(scope="module")
def called(tmp_path_factory: pytest.TempPathFactory, formed_log: bytes) -> bytes:
    """The bytes of a log where Hom was formed in 2013, Webster joined, its 2014 census was
    taken and 2014-15 called."""
    folder = tmp_path_factory.mktemp("called")
    url = copied_log(folder, formed_log)
    commands = [
        (
            *("JoinPartnership", "member_id=webster", "name=Webster", "kind=primary"),
            *("head=p1", "chair_of_governors=p2", "partnership_chair=p3", "signed_on=2013-07-10"),
        ),
        (
            *("SubmitCensus", "member_id=webster", "census_date=2014-01-16", "full_time=400"),
            "part_time=20",
        ),
        ("CallContributions", "financial_year=2014-15", "called_on=2014-04-01"),
    ]
    for name, *fields in commands:
        ok(quick("record", name, "--url", url, "-p", HOM, *(f"--field={f}" for f in fields)))
    return (folder / "hom.sqlite3").read_bytes()


@pytest.fixture
def url(tmp_path: Path, called: bytes) -> str:
    """A copy of that log."""
    return copied_log(tmp_path, called)


def _head(url: str) -> tuple[int, str]:
    with open_log(url, plugins=installed_plugins()) as log:
        return log.head()


def refused(url: str, *args: str, stdin: str | bytes | None = None) -> str:
    """The one line ``hom ARGS`` prints, refusing; the log is as it was."""
    before = _head(url)
    line = user_error(quick(*args, "--url", url, "-p", HOM, input=stdin))  # type: ignore[arg-type]
    assert _head(url) == before
    return line


def _history(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "history.jsonl"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


def _census(url: str, day: str, full_time: int) -> str:
    """The line ``hom record SubmitCensus`` for Webster prints, refusing."""
    fields = ("member_id=webster", f"census_date={day}", f"full_time={full_time}", "part_time=0")
    return refused(url, "record", "SubmitCensus", *(f"--field={field}" for field in fields))


# -- text that is not Unicode ------------------------------------------------------------------


def test_a_lone_surrogate_in_any_string_is_refused_in_one_line(url: str, tmp_path: Path) -> None:
    """``\\ud800`` in a --field, in a --file and in an import line: one line naming it (a
    UnicodeEncodeError in chain.link before)."""
    field = refused(
        url, "record", "HoldConference", "-f", "held_on=2015-06-01", "-f", "theme=\ud800"
    )
    assert "'\\ud800'" in field
    assert "half of a surrogate pair" in field
    document = (
        '{"command": "HoldConference", "fields": {"held_on": "2015-06-01", "theme": "\\ud800"}}'
    )
    assert "half of a surrogate pair" in refused(url, "record", "--file", "-", stdin=document)
    line = _history(tmp_path, document + "\n")
    assert ":1: a string holds '\\ud800'" in refused(url, "import", line)
    raw = json.dumps(json.loads(document), ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert ":1: not a JSON object" in refused(url, "import", _history(tmp_path, raw + b"\n"))


def test_a_byte_that_is_not_utf8_in_a_field_is_refused_by_a_real_process(
    url: str, tmp_path: Path
) -> None:
    """A non-UTF-8 byte in a --field, as a shell passes it: one line naming the byte."""
    before = _head(url)
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("hom")).encode(),
            *(b"record", b"HoldConference", b"--url", url.encode(), b"-p", HOM.encode()),
            *(b"-f", b"held_on=2015-06-01", b"-f", b"theme=Read\xffing"),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr == (
        b"hom: argument 10 holds the byte 0xff at character 11, which is not UTF-8: "
        b"write UTF-8 text\n"
    )
    assert _head(url) == before


def test_the_library_refuses_text_that_is_not_unicode_before_appending(url: str) -> None:
    with open_log(url, plugins=installed_plugins()) as log:
        before = log.head()
        hom = Partnership(log, HOM)
        command = JoinPartnership(
            "new", "\udcff", OrganisationKind.PRIMARY, "h", "c", "p", date(2014, 1, 1)
        )
        with pytest.raises(InvalidValueError, match=r"JoinPartnership.name holds the byte 0xff"):
            hom.execute(command)
        with pytest.raises(UsageError, match="the partnership id holds"):
            Partnership(log, "h\ud800m")
        assert log.head() == before
    sample = open_log("memory://", event_types=[EventType("test.school_joined", SchoolJoined)])
    with pytest.raises(CodecError, match="its payload holds '\\\\ud800'"):
        sample.append("school/A", [joined("\ud800")], expected_version=0)
    with pytest.raises(UsageError, match="nothing was appended"):
        sample.append("school/\ud800", [joined("A")], expected_version=0)
    assert sample.head()[0] == 0


# -- deep nesting --------------------------------------------------------------------------------


def test_json_nested_1000_deep_is_refused_in_a_field_a_file_and_an_import_line(
    url: str, tmp_path: Path
) -> None:
    """JSON nested 1,000 deep: a RecursionError before; one line now."""
    deep = "nested more than 64 deep"
    assert deep in refused(url, "record", "GiveNotice", "-f", f"member_id={DEEP}")
    document = f'{{"command": "GiveNotice", "fields": {{"member_id": {DEEP}}}}}'
    assert deep in refused(url, "record", "--file", "-", stdin=document)
    assert deep in refused(url, "import", _history(tmp_path, document + "\n"))
    event = f'{{"event": "hom.notice_given", "payload": {DEEP}}}'
    assert deep in refused(url, "import", _history(tmp_path, event + "\n"))


# -- huge numbers ----------------------------------------------------------------------------------


def test_a_money_amount_of_4299_digits_is_refused(url: str) -> None:
    """A money amount of 4,299 digits raised a ValueError while the error was built."""
    line = refused(url, "record", *PAYMENT, "-f", f"amount={'9' * 4299}")
    assert "too long to be an amount in pounds" in line
    assert len(line) < 400
    big = refused(url, "record", *PAYMENT, "-f", f"amount={'9' * 12}.00")
    assert big.endswith(
        "RecordPayment.amount is more than £10,000,000,000.00 either way: check the amount"
    )


def test_a_census_of_a_trillion_pupils_is_refused(url: str) -> None:
    line = _census(url, "2015-01-15", 10**12)
    assert "SubmitCensus.full_time is more than 1,000,000,000 either way" in line


# -- policies and dates that later commands and exports could not handle -------------------


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        (
            {"notice": {"reading": "weeks", "weeks": 100000000000}},
            "weeks must be a whole number from 1 to 520 (ten years)",
        ),
        (
            {"review_every_months": 100000000000},
            "review_every_months must be a whole number from 1 to 120 (ten years)",
        ),
        (
            {"chair_term_terms": 100000000000},
            "chair_term_terms must be a whole number from 1 to 30",
        ),
        (
            {"notice": {"reading": "cutoff", "cutoff_days": 10**400}},
            "cutoff_days must be a whole number from 1 to 366",
        ),
    ],
)
def test_policies_that_would_crash_later_commands_are_refused_where_recorded(
    url: str, policies: dict[str, object], expected: str
) -> None:
    """Notice in 100,000,000,000 weeks made every later GiveNotice overflow; a review every
    100,000,000,000 months crashed the iCal and report exports."""
    line = refused(
        url,
        "record",
        "AdoptPolicies",
        "-f",
        "adopted_on=2015-09-01",
        "-f",
        f"policies={json.dumps(policies)}",
    )
    assert expected in line
    with pytest.raises(InvalidValueError, match=expected.partition(" (")[0]):
        Policies(**{key: _policy(key, value) for key, value in policies.items()})


def _policy(key: str, value: object) -> object:
    if key == "notice":
        fields = dict(value)  # type: ignore[call-overload]
        return NoticePolicy(NoticeReading(fields.pop("reading")), **fields)
    return value


def test_the_longest_policies_still_let_every_command_and_export_answer(url: str) -> None:
    """At their bounds (notice in 520 weeks, a review every 120 months) the policies are
    harmless: notice is given, and every exporter writes."""
    with open_log(url, plugins=installed_plugins()) as log:
        Partnership(log, HOM).execute(
            AdoptPolicies(
                Policies(NoticePolicy(NoticeReading.WEEKS, weeks=520), review_every_months=120),
                date(2015, 9, 1),
            )
        )
    ok(
        quick(
            "record",
            "GiveNotice",
            "--url",
            url,
            "-p",
            HOM,
            "-f",
            "member_id=webster",
            "-f",
            "received_on=2199-12-31",
        )
    )
    for exporter in (
        "ical",
        "report-md",
        "report-html",
        "json",
        "members-csv",
        "contributions-csv",
    ):
        ok(quick("export", exporter, "--url", url, "-p", HOM, "--as-of", "2199-12-31"))


def test_an_import_line_leaving_on_9999_12_31_is_refused(url: str, tmp_path: Path) -> None:
    """``leaves_on: 9999-12-31`` in an event line crashed the iCal and report exports."""
    line = {
        "event": "hom.notice_given",
        "payload": {"member_id": "webster", "received_on": "2015-03-02", "leaves_on": "9999-12-31"},
    }
    assert (
        "hom.notice_given.leaves_on 9999-12-31 is outside the dates a partnership's record holds, "
        "1900-01-01 to 2199-12-31"
    ) in refused(url, "import", _history(tmp_path, json.dumps(line) + "\n"))


def test_a_census_in_3016_is_refused(url: str) -> None:
    line = _census(url, "3016-01-15", 1)
    assert line == (
        "hom: SubmitCensus.census_date 3016-01-15 is outside the dates a partnership's record "
        "holds, 1900-01-01 to 2199-12-31: check the year"
    )
