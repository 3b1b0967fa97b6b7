"""The ``hom`` command: the README's main job, verify, plugins, and one-line user errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hom_core.cli import main


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'demo.sqlite3'}"


def test_demo_replays_history_on_three_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--url", _url(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "as of 2013-09-01: 8 members" in out
    assert "under notice: St Philip's, leaves 2015-04-30" in out
    assert "as of 2015-09-01: 6 members" in out
    assert "Rolls Crescent" not in out.split("as of 2015-09-01")[1]
    assert "Claremont        contribution at £2/FTE: £816.00" in out
    assert "chain intact: 26 records" in out


def test_demo_twice_records_nothing_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--url", _url(tmp_path)])
    first = capsys.readouterr().out.splitlines()[0]
    main(["demo", "--url", _url(tmp_path)])
    second = capsys.readouterr().out.splitlines()[0]
    assert first == second
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 26


def test_verify_reports_an_edited_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "--url", _url(tmp_path)])
    assert main(["verify", "--url", _url(tmp_path)]) == 0
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        db.execute("UPDATE events SET payload = replace(payload, '402', '403') WHERE position = 9")
    capsys.readouterr()
    assert main(["verify", "--url", _url(tmp_path)]) == 1
    assert "chain broken at position 9" in capsys.readouterr().out


def test_user_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--url", "nosuch://here"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hom: no storage backend claims 'nosuch://here'")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_plugins_lists_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "memory" in out
    assert "sqlite" in out
    assert "hom_storage_backends" in out
