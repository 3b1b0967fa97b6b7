"""Running ``hom`` in the tests: a click runner with a clean environment, and what a user error
must look like (one line on stderr, status 2, no traceback)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
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
    input: str | bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """``hom ARGS`` in-process (plugins: the installed ones unless given); HOM_* unset."""
    return CliRunner().invoke(
        hom, list(args), input=input, env={**_CLEAN, **(env or {})}, obj=Session(plugins)
    )


@cache
def installed_plugins() -> Plugins:
    """The installed plugins, loaded once per test process: for tests that run ``hom`` many
    times and change no plugin's configuration (a fresh load costs each run about 40 ms)."""
    return Plugins()


def quick(*args: str, input: str | bytes | None = None) -> Result:
    """``hom ARGS`` in-process with :func:`installed_plugins`; HOM_* unset."""
    return run(*args, plugins=installed_plugins(), input=input)


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


def copied_log(folder: Path, data: bytes) -> str:
    """The URL of a SQLite log in ``folder`` holding ``data`` (a log's bytes, made once)."""
    path = folder / "hom.sqlite3"
    path.write_bytes(data)
    return sqlite_url(path)


def example() -> ModuleType:
    """examples/heart_of_manchester.py as a module (its history and ids)."""
    return load_example("heart_of_manchester")
