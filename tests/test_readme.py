"""The README's Python examples run, so they cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_a_runnable_library_example() -> None:
    assert _python_blocks(), "README.md lost its Python example"


def test_library_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    exec(
        compile(_python_blocks()[0], str(README), "exec", dont_inherit=True), {"__name__": "readme"}
    )
    out = capsys.readouterr().out
    assert "('Webster',)" in out
    assert "chain intact: 1 records" in out
