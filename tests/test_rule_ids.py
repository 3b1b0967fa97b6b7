"""From any rule id the code cites (M2, F4, CAM3...), one search finds the function that
enforces it and a test that checks it.

A function enforces a rule when its docstring cites the id or it raises a ``RuleViolation`` of
that rule; a test checks it when the id is a word of its name (``test_m2_...``) or is cited in
its docstring.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
RULE_ID = re.compile(r"\b(?:M|F|G|C|T|R|CAM|HAR|MAN)[0-9]{1,2}\b")
"""The ids of the core's rule families and of the builtin packs."""


def functions(folder: str) -> Iterator[ast.FunctionDef]:
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                yield node


def raised(function: ast.FunctionDef) -> set[str]:
    """The rules of the ``RuleViolation``\\ s ``function`` raises by name."""
    return {
        node.args[0].value
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "RuleViolation"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@cache
def enforced() -> dict[str, set[str]]:
    """Rule id -> the functions of src/ that enforce it."""
    found: dict[str, set[str]] = {}
    for function in functions("src"):
        cited = set(RULE_ID.findall(ast.get_docstring(function) or "")) | raised(function)
        for rule in cited:
            found.setdefault(rule, set()).add(function.name)
    return found


@cache
def checked() -> dict[str, set[str]]:
    """Rule id -> the tests that cite it."""
    found: dict[str, set[str]] = {}
    for function in functions("tests"):
        if not function.name.startswith("test_"):
            continue
        words = {word.upper() for word in function.name.split("_")}
        docstring = set(RULE_ID.findall(ast.get_docstring(function) or ""))
        for rule in (words & set(RULE_ID.findall(" ".join(words)))) | docstring:
            found.setdefault(rule, set()).add(function.name)
    return found


def cited_in_src() -> list[str]:
    """Every rule id cited anywhere in src/ (code, docstrings, comments)."""
    return sorted(
        {
            rule
            for path in (ROOT / "src").rglob("*.py")
            for rule in RULE_ID.findall(path.read_text(encoding="utf-8"))
        }
    )


def test_the_rule_ids_of_the_core_and_of_the_packs_are_cited() -> None:
    assert {"M1", "M4", "F6", "G8", "C4", "T1", "CAM7", "HAR9", "MAN12"} <= set(cited_in_src())


@pytest.mark.parametrize("rule", cited_in_src())
def test_every_rule_has_a_function_enforcing_it_and_a_test_citing_it(rule: str) -> None:
    assert enforced().get(rule), f"no function of src/ cites {rule} in its docstring or raises it"
    assert checked().get(rule), f"no test cites {rule} in its name or its docstring"
