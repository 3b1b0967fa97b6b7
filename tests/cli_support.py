"""Running ``hom`` in the tests: a click runner with a clean environment, and what a user error
must look like (one line on stderr, status 2, no traceback)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner, Result

from examples_support import load_example
from hom_core import Plugins
from hom_core.cli.app import hom
from hom_core.cli.options import Session

PARTNERSHIP = "heart-of-manchester"

_CLEAN = {"HOM_URL": None, "HOM_PARTNERSHIP": None, "HOM_ACTOR": None, "COLUMNS": "200"}


def run(
    *args: str,
    plugins: Plugins | None = None,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """``hom ARGS`` in-process (plugins: the installed ones unless given); HOM_* unset."""
    return CliRunner().invoke(
        hom, list(args), input=input, env={**_CLEAN, **(env or {})}, obj=Session(plugins)
    )


def ok(result: Result) -> str:
    """The stdout of a run that must have succeeded."""
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def user_error(result: Result) -> str:
    """The one line a user error prints on stderr, after checking it is one."""
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite log at ``path``."""
    return f"sqlite:///{path}"


def example() -> ModuleType:
    """examples/heart_of_manchester.py as a module (its history and ids)."""
    return load_example("heart_of_manchester")
