"""The rulebook (docs/rulebook/) and the code cite the same rules, both ways.

- Every rule of the rulebook (a section ``## ID: title``) names the tests that check it, each
  as ``tests/FILE.py::test_name``; each named test exists and cites the rule (its id is a word of
  the test's name, such as ``test_m2_...`` or ``..._c1``, or appears in its docstring).
- Every rule id the code cites (a ``RuleViolation``'s rule, a docstring, a comment) is a rule of
  the rulebook, so a user who meets one in an error message finds it there.
- No part of the project points a user at files outside it.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
RULEBOOK = ROOT / "docs" / "rulebook"

RULE_ID = re.compile(r"\b(?:M|F|G|C|T|R|CAM|HAR|MAN)[0-9]{1,2}\b")
"""The ids of the core's rule families and the builtin packs'."""

_SECTION = re.compile(r"^## ([A-Z]+[0-9]+): ", re.MULTILINE)
_CHECKED_BY = re.compile(r"^- `(tests/[\w/]+\.py)::(test_\w+)`", re.MULTILINE)


@cache
def rulebook() -> dict[str, list[tuple[str, str]]]:
    """Each rule id of the rulebook, with the tests (file, function) its section names."""
    rules: dict[str, list[tuple[str, str]]] = {}
    for page in sorted(RULEBOOK.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        starts = [(found.start(), found[1]) for found in _SECTION.finditer(text)]
        ends = [start for start, _ in starts[1:]] + [len(text)] if starts else []
        for (start, rule), end in zip(starts, ends, strict=True):
            assert rule not in rules, f"{rule} has two sections in the rulebook"
            rules[rule] = _CHECKED_BY.findall(text[start:end])
    return rules


@cache
def functions_of(path: str) -> dict[str, ast.FunctionDef]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def cites(function: ast.FunctionDef, rule: str) -> bool:
    """Does the test cite ``rule``, by a word of its name or in its docstring?"""
    words = function.name.removeprefix("test_").split("_")
    docstring = ast.get_docstring(function) or ""
    return rule.lower() in words or re.search(rf"\b{rule}\b", docstring) is not None


def cited_in_source() -> dict[str, set[str]]:
    """Each rule id cited in src/ (docstrings, comments, ``RuleViolation("X1", ...)``), with the
    files citing it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rules = set(RULE_ID.findall(text))
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "RuleViolation"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                rules.add(node.args[0].value)
        for rule in rules:
            found.setdefault(rule, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_the_rulebook_has_the_rules_of_the_core_and_of_every_builtin_pack() -> None:
    expected = {
        *(f"M{n}" for n in range(1, 5)),
        *(f"F{n}" for n in range(1, 7)),
        *(f"G{n}" for n in range(1, 9)),
        *(f"C{n}" for n in range(1, 5)),
        "T1",
        *(f"CAM{n}" for n in range(1, 8)),
        *(f"HAR{n}" for n in range(1, 10)),
        *(f"MAN{n}" for n in range(1, 13)),
    }
    assert expected <= set(rulebook())


@pytest.mark.parametrize("rule", sorted(rulebook()))
def test_every_rule_of_the_rulebook_names_tests_that_exist_and_cite_it(rule: str) -> None:
    named = rulebook()[rule]
    assert named, f"the rulebook's section {rule} names no test: add a 'Checked by' list"
    for path, name in named:
        assert (ROOT / path).is_file(), f"{rule}: the rulebook names {path}, which does not exist"
        function = functions_of(path).get(name)
        assert function is not None, f"{rule}: {path} has no test {name}: update the rulebook"
        assert cites(function, rule), f"{rule}: {path}::{name} does not cite {rule}"


def test_every_rule_the_code_cites_is_in_the_rulebook() -> None:
    missing = {
        rule: sorted(files) for rule, files in cited_in_source().items() if rule not in rulebook()
    }
    assert not missing, f"rule ids cited in src/ but not in docs/rulebook/: {missing}"


def test_the_check_sees_rule_ids_and_their_citations() -> None:
    function = ast.parse('def test_m2_x():\n    """G7: y."""\n').body[0]
    assert isinstance(function, ast.FunctionDef)
    assert cites(function, "M2")
    assert cites(function, "G7")
    assert not cites(function, "M1")
    assert not cites(function, "G")
    assert RULE_ID.findall('RuleViolation("CAM3", "A4 paper, M12x")') == ["CAM3"]


@pytest.mark.parametrize("folder", ["src", "examples", "tests", "docs", "benchmarks"])
def test_nothing_points_a_user_outside_the_project(folder: str) -> None:
    outside = re.compile(r"DOMAIN\.md|shared/seeds|\.\./shared")
    here = Path(__file__).resolve()
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".md", ".txt"}
        and "_build" not in path.parts
        and path.resolve() != here
        and outside.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"these cite files outside the project: {offenders}"
