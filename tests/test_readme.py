"""The README and the documentation's pages run, each top to bottom, so they cannot rot.

The code blocks of each document (README.md, and every page of docs/ that has any) run in order
in a directory of its own, as a reader would run them:

- a ``python`` block runs (all in one namespace); when the next block is a ``text`` block, what
  the python block printed must be that text (``...`` stands for the rest of a line, and a line
  of just ``...`` for any number of lines);
- a ``python`` block whose first line is ``# file: NAME`` is saved as NAME instead (a plugin, a
  test file), and so is any block whose info string says ``file=NAME``;
- a ``console`` block runs its ``$ hom ...`` lines through the ``hom`` command (in-process), each
  followed by the output it must print (a first line ``hom: ...`` is an error, exit status 2);
  ``$ export NAME=VALUE ...`` sets variables for the commands after it.

The sample files of ``examples/data/`` are in that directory too, as in a clone of the
repository. The saved test files then run under pytest with hom's pytest plugin, and must pass.
Blocks in any other language (``sh``, ``toml``, MyST directives such as ``{toctree}``) are not
run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
SAMPLES = ROOT / "examples" / "data"
"""The sample files the pages import, there for them as in a clone of the repository."""

pytest_plugins = ["pytester"]


class Block(NamedTuple):
    """A fenced block: its info string, its text, and the README line its text starts on."""

    info: str
    text: str
    line: int

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info else ""

    @property
    def file_name(self) -> str | None:
        first = self.text.partition("\n")[0]
        if self.language == "python" and first.startswith("# file: "):
            return first.removeprefix("# file: ").strip()
        named = re.search(r"\bfile=(\S+)", self.info)
        return named[1] if named else None


def blocks(document: Path = README) -> list[Block]:
    found: list[Block] = []
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)
    opened: tuple[str, int] | None = None
    body: list[str] = []
    for number, line in enumerate(lines, start=1):
        if opened is None and line.startswith("```"):
            opened, body = (line[3:].strip(), number + 1), []
        elif opened is not None and line.rstrip() == "```":
            found.append(Block(opened[0], "".join(body), opened[1]))
            opened = None
        elif opened is not None:
            body.append(line)
    return found


def _runs(block: Block) -> bool:
    return block.file_name is not None or block.language in {"python", "console"}


def documents() -> list[Path]:
    """README.md and the pages of docs/ that have a block to run or save."""
    pages = sorted(path for path in DOCS.rglob("*.md") if "_build" not in path.parts)
    return [README, *(page for page in pages if any(map(_runs, blocks(page))))]


def _name(document: Path) -> str:
    return document.relative_to(ROOT).as_posix()


def shows(expected: str, actual: str) -> bool:
    """Does ``actual`` read as ``expected``, with its ``...`` wildcards (trailing spaces aside)?"""
    lines = []
    for line in expected.rstrip("\n").splitlines():
        if line.strip() == "...":
            lines.append(r"(?:[^\n]*\n)*?")  # any number of whole lines
        else:
            lines.append(".*".join(re.escape(part) for part in line.rstrip().split("...")) + "\n")
    tidy = "".join(line.rstrip() + "\n" for line in actual.rstrip("\n").splitlines())
    return re.fullmatch("".join(lines), tidy) is not None


def save(block: Block, directory: Path) -> None:
    assert block.file_name is not None
    (directory / block.file_name).write_text(block.text, encoding="utf-8")


def run_python(
    block: Block,
    namespace: dict[str, object],
    capsys: pytest.CaptureFixture[str],
    document: Path = README,
) -> str:
    code = compile("\n" * (block.line - 1) + block.text, str(document), "exec", dont_inherit=True)
    exec(code, namespace)
    return capsys.readouterr().out


def run_console(
    block: Block, environment: dict[str, str], directory: Path, document: Path = README
) -> None:
    """Run the block's ``$`` lines in ``directory`` (the working directory), checking each one's
    output. Each runs the ``hom`` command in this process, as its script would (a fresh
    session, the installed plugins, ``environment`` as its environment): the installed script
    itself is run by tests/test_cli.py."""
    from click.testing import CliRunner

    from hom_core.cli.app import hom
    from hom_core.cli.options import Session

    assert Path.cwd() == directory
    where = f"{_name(document)}:{block.line}"
    steps = re.split(r"^\$ ", block.text, flags=re.MULTILINE)[1:]
    for step in steps:
        command, _, expected = step.partition("\n")
        argv = shlex.split(command)
        if argv[0] == "export":
            environment.update(assignment.split("=", 1) for assignment in argv[1:])
            continue
        assert argv[0] == "hom", f"{where}: only hom commands run here: {command}"
        done = CliRunner().invoke(hom, argv[1:], env=environment, obj=Session(), prog_name="hom")
        printed = done.stdout + done.stderr
        assert shows(expected, printed), (
            f"{where}: $ {command}\nshows:\n{expected}\nprints:\n{printed}"
        )
        assert done.exit_code == (2 if expected.startswith("hom: ") else 0), printed


def cli_installed() -> bool:
    try:
        import click  # noqa: F401
        import rich  # noqa: F401

        from hom_core.cli import app  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("document", documents(), ids=_name)
def test_the_document_runs_top_to_bottom_and_prints_what_it_shows(
    document: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("HOM_DISABLE_PLUGINS", raising=False)
    shutil.copytree(SAMPLES, tmp_path / SAMPLES.relative_to(ROOT))  # as from the repository
    environment = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    namespace: dict[str, object] = {"__name__": "readme"}
    found = blocks(document)
    has_console = any(block.language == "console" for block in found)
    ran_console = False
    before = set(sys.modules)
    try:
        for block, following in zip(found, [*found[1:], None], strict=True):
            where = f"{_name(document)}:{block.line}"
            if block.file_name is not None:
                save(block, tmp_path)
            elif block.language == "python":
                printed = run_python(block, namespace, capsys, document)
                if following is not None and following.language == "text":
                    assert shows(following.text, printed), (
                        f"{where}: shows\n{following.text}\nbut prints\n{printed}"
                    )
            elif block.language == "console" and cli_installed():
                run_console(block, environment, tmp_path, document)
                ran_console = True
    finally:
        for name in set(sys.modules) - before:
            if str(tmp_path) in str(getattr(sys.modules[name], "__file__", "")):
                del sys.modules[name]
    assert ran_console or not has_console or not cli_installed()


def _with_tests() -> list[Path]:
    return [
        document
        for document in documents()
        if any((block.file_name or "").startswith("test_") for block in blocks(document))
    ]


@pytest.mark.parametrize("document", _with_tests(), ids=_name)
def test_the_test_files_a_document_shows_pass_under_the_pytest_plugin(
    document: Path, pytester: pytest.Pytester
) -> None:
    saved = [block for block in blocks(document) if block.file_name is not None]
    for block in saved:
        save(block, pytester.path)
    tests = [block.file_name for block in saved if (block.file_name or "").startswith("test_")]
    result = pytester.runpytest("-p", "no:cacheprovider", *map(str, tests))
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2, result.stdout.str()
    result.assert_outcomes(passed=outcomes["passed"])


def test_the_tutorial_shows_a_test_file_and_the_pages_run() -> None:
    assert DOCS / "tutorial.md" in _with_tests(), "the tutorial lost its example of a test file"
    assert len(documents()) > 1, "no page of docs/ has a block to run"


def test_the_output_shown_is_checked_against_the_output_printed() -> None:
    assert shows(
        "chain intact: 14 records, head 14 ...\n", "chain intact: 14 records, head 14 a1\n"
    )
    assert shows("a\n...\nz\n", "a\nb\nc\nz\n")
    assert shows("a   \nz\n", "a\nz   \n")
    assert not shows("a\nz\n", "a\nb\nz\n")
    assert not shows("chain intact: 14 records\n", "chain intact: 15 records\n")


def test_the_quick_start_keeps_its_install_and_test_commands() -> None:
    """.ci/run runs the Quick start's pytest line: it must stay there, as it is."""
    lines = README.read_text(encoding="utf-8").splitlines()
    heading = lines.index("## Quick start") + 1
    first = next(block for block in blocks() if block.line > heading)
    assert first.language == "sh"
    assert "pip install -e '.[test]' && python examples/heart_of_manchester.py" in first.text
    assert "python -m pytest -q -n auto\n" in first.text
