"""The ``hom`` command: verify, plugins, and one-line user errors."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from hom_core import open_log
from hom_core.cli import main
from hom_core.domain import FormPartnership, Partnership


def _recorded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    with open_log(url) as log:
        hom = Partnership(log, "hom")
        hom.execute(FormPartnership("Heart of Manchester Partnership", date(2013, 7, 1)))
    return url


def test_verify_passes_then_reports_an_edited_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _recorded(tmp_path)
    assert main(["verify", "--url", url]) == 0
    assert "chain intact: 2 records" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "hom.sqlite3") as db:
        db.execute(
            "UPDATE events SET payload = replace(payload, 'Heart', 'Hart') WHERE position = 1"
        )
    assert main(["verify", "--url", url]) == 1
    assert "chain broken at position 1" in capsys.readouterr().out


def test_user_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--url", "nosuch://here"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hom: no storage backend claims 'nosuch://here'")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_plugins_lists_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    for name in ("memory", "sqlite", "partnership"):
        assert f"{name} " in out
    assert "hom_storage_backends" in out
    assert "hom_event_types" in out
