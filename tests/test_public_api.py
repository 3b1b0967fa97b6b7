"""The public API is what ``hom_core.__all__`` exports, and every name in it is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import hom_core
import hom_core.testing

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


def type_checking_imports(package: ModuleType) -> list[tuple[str, str]]:
    """``(module, name)`` of each ``from module import name`` under ``if TYPE_CHECKING:``."""
    return [
        (statement.module, alias.name)
        for block in ast.parse(inspect.getsource(package)).body
        if isinstance(block, ast.If)
        and isinstance(block.test, ast.Name)
        and block.test.id == "TYPE_CHECKING"
        for statement in block.body
        if isinstance(statement, ast.ImportFrom) and statement.module
        for alias in statement.names
    ]


LAZY_EXPORTS = [
    pytest.param(package, module, name, id=f"{package.__name__}.{name}")
    for package in (hom_core, hom_core.testing)
    for module, name in type_checking_imports(package)
]


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


@pytest.mark.parametrize("package", [hom_core, hom_core.testing], ids=lambda p: p.__name__)
def test_type_checkers_see_every_public_name_and_no_other(package: ModuleType) -> None:
    """What mypy and IDEs are shown (the imports under TYPE_CHECKING) is exactly ``__all__``."""
    assert sorted(name for _, name in type_checking_imports(package)) == sorted(package.__all__)


@pytest.mark.parametrize(("package", "module", "name"), LAZY_EXPORTS)
def test_every_public_name_resolves_to_the_object_its_module_defines(
    package: ModuleType, module: str, name: str
) -> None:
    assert getattr(package, name) is getattr(importlib.import_module(module), name)
    assert name in vars(package), "a resolved name is kept, so later uses skip __getattr__"


def test_a_misspelt_name_is_an_attribute_error_naming_the_package() -> None:
    with pytest.raises(AttributeError, match=r"^module 'hom_core' has no attribute 'EventLogg'$"):
        hom_core.EventLogg  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(hom_core, "EventLogg")


def test_importing_hom_core_imports_nothing_but_itself_and_the_standard_library() -> None:
    """pytest imports hom_core in every session (the ``hom`` plugin): cattrs, attrs, pluggy and
    hom's own modules load when a name is first used, not before."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import hom_core\n"
        "loaded = set(sys.modules) - before\n"
        "print(sorted(m for m in loaded if m.split('.')[0] not in sys.stdlib_module_names))\n"
        "print(set(hom_core.__all__) <= set(dir(hom_core)))\n"
        "from hom_core import hookimpl\n"
        "import pluggy\n"
        "print(isinstance(hookimpl, pluggy.HookimplMarker), hookimpl.project_name)\n"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert printed == [
        "['hom_core', 'hom_core.lazy']",  # no cattrs, attrs, pluggy, nor any other hom module
        "True",  # dir() lists every public name before its first use
        "True hom",  # the first use of a name imports it: plugins' @hom_core.hookimpl
    ]
