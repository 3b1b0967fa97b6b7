"""The public API is what ``hom_core.__all__`` exports, and every name in it is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil

import pytest

import hom_core

PUBLIC = sorted(hom_core.__all__)
CLASSES_AND_FUNCTIONS = [
    name
    for name in PUBLIC
    if inspect.isclass(getattr(hom_core, name)) or inspect.isfunction(getattr(hom_core, name))
]
CONSTANTS_AND_ALIASES = [name for name in PUBLIC if name not in CLASSES_AND_FUNCTIONS]


def attribute_docstrings() -> dict[str, str]:
    """Module-level names of hom_core followed by a string literal (a Sphinx attribute doc)."""
    found: dict[str, str] = {}
    modules = [hom_core] + [
        importlib.import_module(f"hom_core.{info.name}")
        for info in pkgutil.iter_modules(hom_core.__path__)
    ]
    for module in modules:
        body = ast.parse(inspect.getsource(module)).body
        for statement, following in itertools.pairwise(body):
            if not (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                continue
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = following.value.value
    return found


def test_all_names_exist_and_are_unique() -> None:
    assert len(hom_core.__all__) == len(set(hom_core.__all__))
    missing = [name for name in PUBLIC if not hasattr(hom_core, name)]
    assert not missing
    assert len(CLASSES_AND_FUNCTIONS) > 20
    assert set(CONSTANTS_AND_ALIASES) >= {"DEFAULT_URL", "DISABLE_ENV", "hookimpl"}


@pytest.mark.parametrize("name", CLASSES_AND_FUNCTIONS)
def test_every_public_class_and_function_has_a_docstring(name: str) -> None:
    value = getattr(hom_core, name)
    assert value.__module__.startswith("hom_core"), f"{name} is re-exported from elsewhere"
    # a class's own docstring, not one inherited nor the one NamedTuple makes up
    doc = vars(value).get("__doc__") if inspect.isclass(value) else value.__doc__
    assert doc, f"hom_core.{name} has no docstring"
    assert doc.strip(), f"hom_core.{name} has an empty docstring"
    assert not doc.startswith(f"{name}("), f"hom_core.{name} has only a generated docstring"


@pytest.mark.parametrize("name", CONSTANTS_AND_ALIASES)
def test_every_public_constant_and_alias_has_an_attribute_docstring(name: str) -> None:
    assert attribute_docstrings().get(name, "").strip(), (
        f"hom_core.{name} has no docstring: put a string literal on the line after it"
    )
