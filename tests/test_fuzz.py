"""Fuzz: hostile and extreme input to the ``hom`` command and the decoders (issue 16, section 4).

Each case drives ``hom`` in-process (click's runner, the installed plugins loaded once) against
a copy of a small SQLite log, with input a user or a script can send by mistake or on purpose:
lone surrogates and bytes that are not UTF-8, JSON nested thousands deep, numbers of thousands
of digits, odd and far-off dates, huge strings, control characters, typos in the partnership id.

Whatever the input, the command either succeeds (the input is valid) or refuses it as a user
error: one line on stderr, exit status 2, no traceback, and every row of the log's file (its
records, idempotency keys and people; not the snapshot and checkpoint caches) byte for byte as
it was. A value the command accepted must not break what comes after it: ``hom status`` and the
exporters still answer, and no partnership stream exists that was never formed.

:func:`outcome` classifies one run without asserting, so the same cases can be counted; the
tests assert that every outcome is ``"ok"`` or ``"refused"``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import chdir, closing, contextmanager
from datetime import date
from functools import cache
from hashlib import sha256
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from hom_core import HomError, Plugins, open_log
from hom_core.cli.app import hom
from hom_core.cli.options import Session
from properties import examples

PARTNERSHIP = "heart-of-manchester"

_ENV = {"HOM_URL": None, "HOM_PARTNERSHIP": None, "HOM_ACTOR": None, "COLUMNS": "200"}


# -- hostile input ---------------------------------------------------------------------------

_NASTY = (
    "\ud800",
    "a\udfffb",
    "\udcff",  # a byte that is not UTF-8, as Python hands it over from the command line
    "\x00",
    "\x1b[31mred\x1b[0m",
    "line\nbreak",
    "\r",
    "\u202eevil",
    "\ufeff",
    "=1+1",
    "",
    " ",
    "null",
    "true",
    "1e400",
    "-0",
    "NaN",
    "Infinity",
    '"quoted"',
    "{}",
    "[]",
)

_DATES = (
    "2018-W03-4",
    "20180302",
    "2018-03-02T00:00",
    "2018-03-02 ",
    " 2018-03-02",
    "2018-3-2",
    "+2018-03-02",
    "2015-02-29",
    "0000-01-01",
    "0001-01-01",
    "1066-10-14",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "3016-01-15",
    "9998-12-31",
    "9999-12-31",
    "\u0662\u0660\u0661\u0665-\u0660\u0663-\u0660\u0662",  # 2015-03-02 in Arabic-Indic digits
)


def _deep(depth: int, opener: str) -> str:
    closer = {"[": "]", "{": "}"}[opener]
    inner = '"a":' if opener == "{" else ""
    return (opener + inner) * depth + "1" + closer * depth


hostile_text: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(_NASTY),
    st.sampled_from(_DATES),
    st.text(max_size=20),
    st.text(st.characters(codec=None, categories=["Cc", "Cs", "Zs", "Zl"]), max_size=10),
    st.binary(max_size=12).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    st.tuples(st.integers(600, 3000), st.sampled_from("[{")).map(lambda args: _deep(*args)),
    st.integers(300, 5000).map(lambda digits: "9" * digits),
    st.integers(300, 5000).map(lambda digits: "1" * digits + ".50"),
    st.integers(10, 10**12).map(str),
    st.integers(20_000, 200_000).map(lambda size: "x" * size),
    st.dates().map(date.isoformat),
)
"""Text a field, an option or a line may hold."""


# -- the log and the runs --------------------------------------------------------------------

_SETUP: tuple[tuple[str, ...], ...] = (
    ("init", "-p", PARTNERSHIP, "--name", "Heart of Manchester", "--formed-on", "2013-07-01"),
    (
        *("record", "JoinPartnership", "-f", "member_id=webster", "-f", "name=Webster"),
        *("-f", "kind=primary", "-f", "head=p1", "-f", "chair_of_governors=p2"),
        *("-f", "partnership_chair=p3", "-f", "signed_on=2013-07-10", "-f", "urn=105430"),
    ),
    (
        *("record", "SubmitCensus", "-f", "member_id=webster", "-f", "census_date=2014-01-16"),
        *("-f", "full_time=400", "-f", "part_time=20"),
    ),
    ("record", "CallContributions", "-f", "financial_year=2014-15", "-f", "called_on=2014-04-01"),
    ("status", "--as-of", "2015-01-01"),  # creates the people store beside the log
)


@cache
def _plugins() -> Plugins:
    return Plugins()


@cache
def _template() -> bytes:
    """The bytes of a SQLite log: Heart of Manchester formed, Webster joined, a census, a call."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hom.sqlite3"
        for args in _SETUP:
            result = _invoke(path, args)
            assert result.exit_code == 0, (args, result.output)
        return path.read_bytes()


def _invoke(path: Path, args: Sequence[str], stdin: bytes | None = None) -> Result:
    env = {**_ENV, "HOM_URL": f"sqlite:///{path}", "HOM_PARTNERSHIP": PARTNERSHIP}
    return CliRunner().invoke(hom, list(args), input=stdin, env=env, obj=Session(_plugins()))


@contextmanager
def _log() -> Iterator[Path]:
    """A fresh copy of the template log, in a folder of its own."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hom.sqlite3"
        path.write_bytes(_template())
        yield path


def _digest(path: Path) -> str:
    """A digest of every row the SQLite file holds, byte for byte as stored, but snapshots and
    checkpoints (caches a read may refresh: they are not the log)."""
    digest = sha256()
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for (table,) in sorted(tables):
            if "snapshot" in table or "checkpoint" in table:
                continue
            digest.update(f"\0{table}\0".encode())
            for row in sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"'))):
                digest.update(row.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_FOLLOW_UPS: tuple[tuple[str, ...], ...] = (
    ("status", "--as-of", "2016-01-01", "--json"),
    (
        *("record", "GiveNotice", "-f", "member_id=webster", "-f", "received_on=2016-03-02"),
        "--dry-run",
    ),
    *(
        ("export", name, "--as-of", "2016-01-01")
        for name in ("contributions-csv", "ical", "report-md")  # amounts, dates, everything
    ),
)
"""What must still answer (or refuse in one line) after a command succeeded."""


def _unformed_streams(path: Path) -> list[str]:
    with open_log(f"sqlite:///{path}", plugins=_plugins()) as log:
        first: dict[str, str] = {}
        for recorded in log.read_all():
            first.setdefault(recorded.stream_id, recorded.event_type)
    return [
        stream
        for stream, event_type in first.items()
        if stream.startswith("partnership/") and event_type != "hom.partnership_formed"
    ]


def _is_user_error(result: Result) -> bool:
    return (
        result.exit_code == 2
        and isinstance(result.exception, SystemExit)
        and len(result.stderr.splitlines()) == 1
        and "Traceback" not in result.output
    )


def outcome(args: Sequence[str], stdin: bytes | None = None) -> str:
    """What ``hom ARGS`` does to a copy of the log: ``"ok"``; ``"refused"`` (a one-line user
    error, the log unchanged); ``"traceback"`` (a failure of any other kind, or a later command
    or export that fails after this one succeeded); ``"partial append"`` (it failed, yet the log
    changed: ``"refused, partial append"`` or ``"traceback, partial append"``); or ``"unformed
    stream"`` (it recorded events in a partnership never formed)."""
    with _log() as path:
        before = _digest(path)
        result = _invoke(path, args, stdin)
        if result.exit_code != 0:
            found = "refused" if _is_user_error(result) else "traceback"
            return found if _digest(path) == before else f"{found}, partial append"
        if _unformed_streams(path):
            return "unformed stream"
        for follow_up in _FOLLOW_UPS:  # each answers, or refuses in one line (a notice, say)
            later = _invoke(path, follow_up)
            if later.exit_code != 0 and not _is_user_error(later):
                return "traceback"
        return "ok"


def _expect(found: str, case: object) -> None:
    """Fail unless ``found`` is ``"ok"`` or ``"refused"``."""
    assert found in ("ok", "refused"), (found, case)


def _assert_handled(args: Sequence[str], stdin: bytes | None = None) -> None:
    _expect(outcome(args, stdin), ([arg[:200] for arg in args], (stdin or b"")[:200]))


# -- the cases -------------------------------------------------------------------------------

_PAYMENT = {"member_id": "webster", "financial_year": "2014-15", "amount": "1.00"}

_RECORD_TARGETS: tuple[tuple[str, dict[str, str], str], ...] = (
    ("GiveNotice", {"member_id": "webster", "received_on": "2015-03-02"}, "received_on"),
    ("GiveNotice", {"member_id": "webster", "received_on": "2015-03-02"}, "member_id"),
    (
        "SubmitCensus",
        {"member_id": "webster", "census_date": "2015-01-15", "full_time": "1", "part_time": "0"},
        "full_time",
    ),
    ("RecordPayment", _PAYMENT, "amount"),
    ("RecordPayment", _PAYMENT, "financial_year"),
    ("AdoptPolicies", {"adopted_on": "2015-09-01", "policies": "{}"}, "policies"),
    ("HoldConference", {"held_on": "2015-06-01", "theme": "Reading"}, "theme"),
    ("SpendFunds", {"amount": "1.00", "spent_on": "2015-06-01", "purpose": "books"}, "purpose"),
    (
        *("JoinPartnership", {"member_id": "claremont", "name": "Claremont", "kind": "primary"}),
        "name",
    ),
    (
        *("JoinPartnership", {"member_id": "claremont", "name": "Claremont", "kind": "primary"}),
        "urn",
    ),
    (
        "SetContributionRate",
        {"financial_year": "2015-16", "rate": "2.00", "set_on": "2015-03-01"},
        "rate",
    ),
    ("RotateChair", {"on": "2015-09-01"}, "on"),
    (
        "AgreeTrainingDays",
        {"academic_year": "2015/16", "agreed_on": "2015-06-01", "joint_days": "2"},
        "joint_days",
    ),
    (
        "HoldTrainingDay",
        {"held_on": "2015-06-01", "theme": "Reading", "member_ids": '["webster"]'},
        "member_ids",
    ),
)


def _record_args(command: str, fields: dict[str, str]) -> list[str]:
    extra = {"head": "p4", "chair_of_governors": "p5", "partnership_chair": "p3"}
    if command == "JoinPartnership":
        fields = {**extra, "signed_on": "2014-09-01", **fields}
    if command == "RecordPayment":
        fields = {"paid_on": "2014-06-01", **fields}
    return ["record", command, *(f"--field={key}={value}" for key, value in fields.items())]


@settings(max_examples=examples(60))
@given(st.sampled_from(_RECORD_TARGETS), hostile_text)
def test_hostile_fields_are_recorded_or_refused_in_one_line(
    target: tuple[str, dict[str, str], str], text: str
) -> None:
    """``hom record --field NAME=VALUE`` with any VALUE: recorded (and every later command and
    export still works), or one line and exit 2 with the log unchanged."""
    command, fields, field = target
    _assert_handled(_record_args(command, {**fields, field: text}))


@settings(max_examples=examples(30))
@given(st.sampled_from(["--actor", "--idempotency-key", "--partnership"]), hostile_text)
def test_hostile_options_are_recorded_or_refused_in_one_line(option: str, text: str) -> None:
    """``hom record`` with any ``--actor``, ``--idempotency-key`` or ``--partnership``."""
    notice = ("-f", "member_id=webster", "-f", "received_on=2015-03-02")
    _assert_handled(["record", "GiveNotice", *notice, f"{option}={text}"])


_POLICY_VALUES = st.one_of(
    st.builds(
        lambda weeks: {"notice": {"reading": "weeks", "weeks": weeks}},
        st.integers(1, 10**12) | st.sampled_from([10**11, 10**30]),
    ),
    st.builds(lambda months: {"review_every_months": months}, st.integers(1, 10**12)),
    st.builds(lambda terms: {"chair_term_terms": terms}, st.integers(1, 10**12)),
    st.builds(lambda days: {"notice": {"reading": "cutoff", "cutoff_days": days}}, st.integers()),
)


@settings(max_examples=examples(30))
@given(_POLICY_VALUES)
def test_extreme_policies_are_refused_or_harmless(policies: dict[str, object]) -> None:
    """Policies the rules accept never make a later command or export crash (notice in
    100,000,000,000 weeks, a review every 100,000,000,000 months)."""
    _assert_handled(
        _record_args(
            "AdoptPolicies", {"adopted_on": "2015-09-01", "policies": json.dumps(policies)}
        )
    )


def _command_document(command: str, fields: dict[str, object]) -> bytes:
    return json.dumps({"command": command, "fields": fields}, ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )


hostile_json: st.SearchStrategy[bytes] = st.one_of(
    hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40),
    st.tuples(st.integers(600, 5000), st.sampled_from("[{")).map(
        lambda args: f'{{"command": "GiveNotice", "fields": {_deep(*args)}}}'.encode()
    ),
    st.builds(
        lambda field, text: _command_document(
            "GiveNotice", {"member_id": "webster", "received_on": "2015-03-02", field: text}
        ),
        st.sampled_from(["member_id", "received_on"]),
        hostile_text,
    ),
    st.builds(
        lambda digits: (
            b'{"command": "RecordPayment", "fields": {"member_id": "webster", '
            b'"financial_year": "2014-15", "paid_on": "2014-06-01", "amount": ' + digits + b"}}"
        ),
        st.integers(300, 5000).map(lambda count: b"9" * count),
    ),
)
"""Bytes a ``--file`` or an import line may hold."""


@settings(max_examples=examples(40))
@given(hostile_json)
def test_hostile_command_files_are_recorded_or_refused(document: bytes) -> None:
    """``hom record --file -`` with any bytes: recorded, or one line and exit 2."""
    _assert_handled(["record", "--file", "-"], stdin=document)


def _event_line(payload: dict[str, object], **extra: object) -> dict[str, object]:
    return {"event": "hom.notice_given", "payload": payload, **extra}


_NOTICE = {"member_id": "webster", "received_on": "2015-03-02", "leaves_on": "2015-08-31"}

hostile_lines: st.SearchStrategy[bytes] = st.one_of(
    hostile_json,
    st.builds(
        lambda field, text: json.dumps(
            _event_line({**_NOTICE, field: text}), ensure_ascii=False
        ).encode("utf-8", "surrogatepass"),
        st.sampled_from(sorted(_NOTICE)),
        hostile_text,
    ),
    st.builds(
        lambda text: json.dumps(
            _event_line(_NOTICE, effective_date=text), ensure_ascii=False
        ).encode("utf-8", "surrogatepass"),
        hostile_text,
    ),
    st.builds(
        lambda text: json.dumps(_event_line(_NOTICE, stream=text), ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        ),
        hostile_text,
    ),
)
"""Lines of a ``hom import`` file."""

_TYPOS = ("heart-of-manchster", "Heart-of-Manchester", "heart-of-manchester ", "hom")


@settings(max_examples=examples(40))
@given(
    st.lists(hostile_lines, min_size=1, max_size=3),
    st.sampled_from([(), ("--atomic",), ("--batch-size", "1")]),
    st.sampled_from((PARTNERSHIP, *_TYPOS)),
)
def test_hostile_import_lines_are_recorded_or_refused(
    lines: list[bytes], mode: tuple[str, ...], partnership: str
) -> None:
    """``hom import`` of lines holding anything, to the partnership or a typo of its id:
    recorded, or one line and exit 2 (a resumable import may keep the whole batches before the
    line it names, so only the first line is hostile when there are several)."""
    good = json.dumps(_event_line(_NOTICE)).encode()
    body = b"\n".join([lines[0], *(good for _ in lines[1:])]) + b"\n"
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "history.jsonl"
        file.write_bytes(body)
        _assert_handled(["import", str(file), "-p", partnership, *mode])


@settings(max_examples=examples(40))
@given(
    st.sampled_from(
        [
            ("status",),
            ("export", "json"),
            ("export", "ical"),
            ("export", "members-csv"),
            ("export", "report-md"),
        ]
    ),
    st.one_of(st.sampled_from(_DATES), hostile_text),
    st.booleans(),
)
def test_as_of_any_text_answers_clearly_or_refuses(
    command: tuple[str, ...], text: str, as_json: bool
) -> None:
    """``--as-of`` with odd and far-off dates: a clear answer or a one-line refusal."""
    json_flag = ("--json",) if as_json and command[0] == "status" else ()
    _assert_handled([*command, "--as-of", text, *json_flag])


def _relative(text: str) -> str:
    """``text`` as a file name in the working folder: no path separators."""
    return text.replace("/", "_").replace("\\", "_")


_URLS = st.one_of(
    st.builds(
        lambda password, query: f"postgresql://alice:{password}@127.0.0.1:1/hom?{query}",
        st.sampled_from(["s3cr/t", "s3#cr", "s@cr", "pw"]),
        st.sampled_from(
            [
                "timeout=inf",
                "timeout=nan",
                "timeout=1e400",
                "timeout=-1",
                "pool_size=99999999999999999999999",
                "schema=%00",
                "connect_timeout=1",
            ]
        ),
    ),
    hostile_text.map(lambda text: f"sqlite:///{_relative(text)}"),
    hostile_text.map(lambda text: f"jsonl:///{_relative(text)}"),
    hostile_text,
)


@settings(max_examples=examples(30))
@given(_URLS)
def test_hostile_urls_are_refused_in_one_line_without_secrets(url: str) -> None:
    """``--url`` with overflowing options, hostile paths and passwords holding ``/``, ``#`` or
    ``@``: one line and exit 2 that never shows the password."""
    _expect(url_outcome(url), url)


_PASSWORDS = ("s3cr/t", "s3#cr", "s@cr")


def url_outcome(url: str) -> str:
    """What ``hom status --url URL`` does, run in an empty folder: ``"refused"``,
    ``"traceback"`` or ``"secret shown"`` (a password in the message)."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        result = runner.invoke(
            hom, ["status", "--url", url, "-p", PARTNERSHIP], env=_ENV, obj=Session(_plugins())
        )
    if not _is_user_error(result):
        return "traceback"
    if any(password in result.stderr for password in _PASSWORDS):
        return "secret shown"
    return "refused"


# -- the decoders ----------------------------------------------------------------------------


@settings(max_examples=examples(60))
@given(
    st.sampled_from(["hom.notice_given", "hom.payment_recorded", "hom.policies_adopted"]),
    hostile_json.map(lambda raw: raw.decode("utf-8", "surrogateescape")),
)
def test_the_codec_decodes_or_raises_a_corrupt_record_error(event_type: str, text: str) -> None:
    """The codec reads any payload text as its event or raises a typed error, never another."""
    _expect(decode_outcome(event_type, text), text[:200])


def decode_outcome(event_type: str, text: str) -> str:
    """What the codec does with ``text`` as the payload of ``event_type``: ``"ok"``,
    ``"refused"`` (a :class:`HomError`) or ``"traceback"`` (any other exception)."""
    with open_log("memory://", plugins=_plugins()) as log:
        try:
            log.codec.decode_event(event_type, 1, text, position=7)
        except HomError:
            return "refused"
        except Exception:
            return "traceback"
    return "ok"


# -- real processes --------------------------------------------------------------------------

_HOM = str(Path(sys.executable).with_name("hom"))

_SUBPROCESS_CASES: tuple[tuple[bytes, ...], ...] = (  # a byte that is not UTF-8: see
    # test_hostile_input.test_a_byte_that_is_not_utf8_in_a_field_is_refused_by_a_real_process
    (b"record", b"GiveNotice", b"-f", b"member_id=" + b"[" * 1000, b"-f", b"received_on=x"),
    (b"status", b"--as-of", b"9999-12-31", b"--json"),
    (b"status", b"--url", b"postgresql://alice:s3cr/t@127.0.0.1:1/hom?timeout=inf"),
)


@pytest.mark.parametrize("args", _SUBPROCESS_CASES, ids=range(len(_SUBPROCESS_CASES)))
def test_hostile_arguments_in_a_real_process(args: tuple[bytes, ...], tmp_path: Path) -> None:
    """The installed ``hom`` in a process of its own, arguments as raw bytes: one line on
    stderr, exit 2, the log unchanged."""
    template, path = tmp_path / "template.sqlite3", tmp_path / "hom.sqlite3"
    template.write_bytes(_template())
    path.write_bytes(_template())
    env = {name: value for name, value in os.environ.items() if not name.startswith("HOM_")}
    env |= {"HOM_URL": f"sqlite:///{path}", "HOM_PARTNERSHIP": PARTNERSHIP}
    done = subprocess.run([_HOM, *args], capture_output=True, env=env, check=False)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"s3cr/t" not in done.stderr
    assert _digest(path) == _digest(template)
