"""No import cycle in src/: the modules form layers, each importing only those below it.

Every import a module makes as it is loaded counts, those under ``if TYPE_CHECKING:`` included:
a cycle that only type checkers follow still ties each module of it to every other. Importing
``a.b.c`` from outside the package ``a.b`` also runs ``a.b``'s ``__init__``, so that counts as an
import of ``a.b`` too (a package's own modules are not made to import it again). An import inside
a function runs when it is called, once every module is loaded (``hom_core.cli.main`` imports
click only then, to say how to install it when it is missing): it is not an edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).parent.parent / "src"


def modules() -> dict[str, Path]:
    """Every module under src/, by dotted name (a package by its own name)."""
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of src/ that the module ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in loaded_with(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    with_packages = set(targets)
    for target in targets:
        parts = target.split(".")
        for end in range(1, len(parts)):
            outer = ".".join(parts[:end])
            if name != outer and not name.startswith(f"{outer}."):
                with_packages.add(outer)  # its __init__ runs first
    return {target for target in with_packages if target in known and target != name}


def loaded_with(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node of ``tree`` outside function bodies: what runs when the module is loaded."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))


def graph() -> dict[str, set[str]]:
    """Module -> the modules of src/ it imports."""
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> Iterator[list[str]]:
    """Each cycle of ``edges``, as the modules along it (one cycle per strongly connected set of
    modules, found by a depth-first search)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    for component in components:
        yield _path_through(component, edges)


def _path_through(component: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A closed path of imports through ``component``: from its first module back to it."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for nxt in sorted(edges[node] & component):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                frontier.append(nxt)
    raise AssertionError("a strongly connected set of modules has a closed path")


def test_no_module_of_src_imports_itself_through_others() -> None:
    found = [" -> ".join(cycle) for cycle in cycles(graph())]
    assert not found, "import cycles in src/:\n" + "\n".join(found)


def test_a_cycle_is_found_and_named() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(cycles(edges)) == [["a", "b", "c", "a"]]
    assert list(cycles({"a": {"b"}, "b": set()})) == []


def test_imports_in_functions_are_not_edges() -> None:
    tree = ast.parse("import a\nif B:\n    import b\ndef f():\n    import c\n")
    imported_names = {
        alias.name
        for node in loaded_with(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported_names == {"a", "b"}


def test_a_module_outside_a_package_imports_its_init_too() -> None:
    known = modules()
    assert "hom_core.domain" in imported(
        "hom_core.application.partnership", known["hom_core.application.partnership"], known
    )
    assert "hom_core.domain" not in imported(
        "hom_core.domain.checks", known["hom_core.domain.checks"], known
    )
