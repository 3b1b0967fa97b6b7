"""Packaging conventions: the licence, the changelog, the project's metadata, ``python -m
hom_core``, ``hom --version`` and shell completion."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_licence_file_is_the_mit_licence_pyproject_names() -> None:
    assert PROJECT["license"] == "MIT"
    assert "LICENSE" in PROJECT["license-files"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_the_changelog_keeps_an_unreleased_section_and_each_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert PROJECT["version"] in headings
    sections = re.findall(r"^### (\w+)", text, flags=re.MULTILINE)
    assert set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    for heading in headings:  # every version heading links to its changes
        assert re.search(rf"^\[{re.escape(heading)}\]: https://", text, flags=re.MULTILINE)


def test_the_metadata_has_urls_and_classifiers_for_what_hom_is() -> None:
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(PROJECT["urls"])
    classifiers = set(PROJECT["classifiers"])
    assert "Framework :: Pytest" in classifiers  # hom's pytest plugin (entry point pytest11)
    assert "License :: OSI Approved :: MIT License" in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    tested = f"Programming Language :: Python :: {sys.version_info.major}.{sys.version_info.minor}"
    assert tested in classifiers  # the Python these tests run on is one the metadata claims
    assert "hom" in PROJECT["entry-points"]["pytest11"]


def _hom(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hom_core", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_python_m_hom_core_runs_the_command_and_says_its_version() -> None:
    done = _hom("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"hom, version {version('hom')}\n"
    assert _hom("no-such-command").returncode == 2


def test_shell_completion_completes_the_commands() -> None:
    script = _hom(env={"_HOM_COMPLETE": "bash_source"})
    assert "_hom_completion" in script.stdout
    words = _hom(env={"_HOM_COMPLETE": "bash_complete", "COMP_WORDS": "hom imp", "COMP_CWORD": "1"})
    assert "plain,import-gias" in words.stdout.splitlines()
