"""The ``hom`` command as a whole: help on every command, one-line user errors, verify, plugins,
the installed script, and running without the ``cli`` extra."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from cli_support import ok, run, sqlite_url, user_error
from hom_core import Exporter, Plugins, hookimpl, open_log
from hom_core.application import Partnership
from hom_core.cli import MISSING_EXTRA, main
from hom_core.cli.app import hom
from hom_core.domain import FormPartnership

COMMANDS = sorted(hom.commands)


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite log holding the partnership 'hom', just formed."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    with open_log(url) as log:
        Partnership(log, "hom").execute(FormPartnership("Hom", date(2013, 7, 1)))
    return url


def test_the_group_has_the_commands_of_the_issue() -> None:
    issue = ["init", "record", "import", "status", "export", "verify", "plugins", "forget"]
    imports = ["import-gias", "import-census", "import-terms", "import-people"]
    later = [
        "notify",
        *imports,
        "people",
        "schema",
        "agenda",
        "head",
        "log",
        "retract",
        "correct",
        "city",
    ]
    assert sorted([*issue, *later]) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    text = ok(run(command, "--help"))
    assert text.startswith(f"Usage: hom {command} ")
    summary = hom.commands[command].get_short_help_str(limit=200)
    assert summary in " ".join(text.split())
    assert not summary.endswith("...")  # the first sentence fits the list of commands


def test_no_command_shows_the_commands_and_exits_2() -> None:
    result = run()
    assert result.exit_code == 2
    for command in COMMANDS:
        assert command in result.stderr


def _missing(tmp_path: Path, url: str) -> list[str]:
    return ["import", str(tmp_path / "missing.jsonl"), "--url", url, "-p", "hom"]


USER_ERRORS = {
    "unknown backend": (
        lambda tmp_path, url: ["verify", "--url", "nosuch://here"],
        "hom: no storage backend claims 'nosuch://here'",
    ),
    "unknown command": (lambda tmp_path, url: ["stauts"], "No such command 'stauts'"),
    "unknown option": (
        lambda tmp_path, url: ["status", "--url", url, "-p", "hom", "--bogus"],
        "hom status: No such option '--bogus'",
    ),
    "bad date": (
        lambda tmp_path, url: ["status", "--url", url, "-p", "hom", "--as-of", "2015-02-30"],
        "'2015-02-30' is not a date: write YYYY-MM-DD",
    ),
    "missing file": (_missing, "does not exist"),
    "missing partnership option": (
        lambda tmp_path, url: ["status", "--url", url],
        "hom status: Missing option '--partnership' / '-p' (env var: 'HOM_PARTNERSHIP')",
    ),
    "partnership never formed": (
        lambda tmp_path, url: ["status", "--url", url, "-p", "nope"],
        "hom: the log holds no partnership 'nope'",
    ),
    "bad financial year": (
        lambda tmp_path, url: ["status", "--url", url, "-p", "hom", "--financial-year", "2014"],
        "hom: ",
    ),
}


@pytest.mark.parametrize("case", sorted(USER_ERRORS))
def test_a_user_error_is_one_line_and_exit_2(case: str, tmp_path: Path, url: str) -> None:
    args, expected = USER_ERRORS[case]
    line = user_error(run(*args(tmp_path, url)))
    assert expected in line


def test_main_returns_the_status_without_exiting(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--url", url]) == 0
    assert main(["verify", "--url", "nosuch://here"]) == 2
    assert capsys.readouterr().err.startswith("hom: no storage backend claims")


def _failing_exporter() -> SimpleNamespace:
    def write(partnership: object, out: object, day: date) -> None:
        raise RuntimeError("a bug in the exporter")

    return SimpleNamespace(
        hom_exporters=hookimpl(lambda: [Exporter("broken", "text/plain", ".txt", write)])
    )


def test_an_unexpected_exception_is_a_bug_and_keeps_its_traceback(url: str) -> None:
    plugins = Plugins()
    plugins.register(_failing_exporter(), "failing")
    result = run("export", "broken", "--url", url, "-p", "hom", plugins=plugins)
    assert isinstance(result.exception, RuntimeError)  # not turned into a one-line message
    assert result.exit_code == 1


# -- verify ----------------------------------------------------------------------------------


def test_verify_passes_then_reports_an_edited_record(tmp_path: Path, url: str) -> None:
    assert "chain intact: 2 records" in ok(run("verify", "--url", url))
    with sqlite3.connect(tmp_path / "hom.sqlite3") as db:
        db.execute("UPDATE events SET payload = replace(payload, 'Hom', 'Hum') WHERE position = 1")
    result = run("verify", "--url", url)
    assert result.exit_code == 1
    assert "chain broken at position 1" in result.stdout
    report = json.loads(run("verify", "--url", url, "--json").stdout)
    assert report["ok"] is False
    assert report["first_bad_position"] == 1


def test_verify_json_gives_the_head(url: str) -> None:
    report = json.loads(ok(run("verify", "--url", url, "--json")))
    with open_log(url) as log:
        position, head_hash = log.head()
    assert report == {
        "ok": True,
        "checked": position,
        "head_position": position,
        "head_hash": head_hash,
        "first_bad_position": None,
        "reason": None,
    }


# -- plugins ---------------------------------------------------------------------------------


def test_plugins_lists_loaded_disabled_and_broken_ones() -> None:
    plugins = Plugins(disabled=["postgres"])
    plugins.register(SimpleNamespace(hom_no_such_hook=hookimpl(lambda: None)), "typo")
    rows = json.loads(ok(run("plugins", "--json", plugins=plugins)))
    by_name = {row["name"]: row for row in rows}
    assert by_name["sqlite"]["status"] == "loaded"
    assert by_name["sqlite"]["distribution"] == "hom"
    assert "hom_storage_backends" in by_name["sqlite"]["hooks"]
    assert {"hom_event_types", "hom_configure_converter"} <= set(by_name["partnership"]["hooks"])
    assert by_name["postgres"]["status"] == "disabled"
    assert by_name["typo"]["status"].startswith("broken: invalid: unknown hook hom_no_such_hook")
    table = ok(run("plugins", plugins=plugins))
    for name in ("sqlite", "partnership", "postgres", "typo"):
        assert name in table


# -- the installed script, and the cli extra --------------------------------------------------


def _script() -> str:
    script = shutil.which("hom", path=str(Path(sys.executable).parent))
    assert script is not None, "the hom console script is not installed beside this python"
    return script


def test_the_installed_script_records_and_answers(tmp_path: Path) -> None:
    env = {"PATH": str(Path(sys.executable).parent), "HOM_PARTNERSHIP": "hom"}

    def hom_script(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [_script(), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )

    formed = hom_script("init", "--name", "Hom", "-p", "hom", "--formed-on", "2013-07-01")
    assert formed.returncode == 0, formed.stderr
    assert (tmp_path / "hom.sqlite3").exists()  # the default URL: a SQLite file here
    status = json.loads(hom_script("status", "--as-of", "2014-01-01", "--json").stdout)
    assert status["name"] == "Hom"
    assert status["members"] == []
    assert hom_script("verify").returncode == 0
    failed = hom_script("record", "GiveNotice", "-f", "member_id=x", "-f", "received_on=nope")
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1
    assert failed.stderr.startswith("hom: GiveNotice: received_on: ")


def test_without_the_cli_extra_hom_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['click'] = None; sys.modules['rich'] = None\n"
        "import hom_core, hom_core.domain, hom_core.cli\n"
        "sys.exit(hom_core.cli.main(['status']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr == MISSING_EXTRA + "\n"
    assert "pip install 'hom[cli]'" in result.stderr
