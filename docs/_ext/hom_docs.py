"""Sphinx extension for hom's documentation: cross-references that survive re-exports.

Every object is documented once, in the module that defines it; users (and docstrings) name
many of them by where the public API re-exports them (``hom_core.EventLog`` for
``hom_core.log.EventLog``) or by their bare name (``:class:`StoreError```). A reference that
Sphinx does not find is resolved here, in this order:

1. the name imports: it is an alias, linked to the object where it is defined;
2. exactly one documented object of hom ends with the name: linked to it;
3. the name is outside hom (the standard library, attrs, cattrs, pluggy, click, rich, pytest,
   hypothesis, psycopg) or a type variable: shown as text, since there is no inventory to link
   to offline.

Anything else stays a warning, and the strict build (``-W -n``) fails on it: a docstring that
names a function that moved or never existed breaks the build.
"""

from __future__ import annotations

import builtins
import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

_OURS = ("hom_core", "hom_plugins")
_OUTSIDE = frozenset(
    [
        "abc",
        "attr",
        "attrs",
        "builtins",
        "cattrs",
        "cattr",
        "click",
        "collections",
        "concurrent",
        "contextlib",
        "datetime",
        "decimal",
        "email",
        "enum",
        "functools",
        "html",
        "http",
        "hypothesis",
        "importlib",
        "io",
        "itertools",
        "json",
        "logging",
        "os",
        "pathlib",
        "pluggy",
        "psycopg",
        "psycopg_pool",
        "pytest",
        "_pytest",
        "queue",
        "re",
        "rich",
        "smtplib",
        "socket",
        "sqlite3",
        "ssl",
        "t",
        "te",
        "threading",
        "types",
        "typing",
        "typing_extensions",
        "urllib",
        "uuid",
        "zoneinfo",
    ]
)
_TYPING_NAMES = frozenset(
    [
        "Any",
        "Callable",
        "Iterator",
        "Iterable",
        "Mapping",
        "MutableMapping",
        "Sequence",
        "Collection",
        "Generator",
        "Hashable",
        "Awaitable",
        "Self",
        "Literal",
        "ClassVar",
        "Protocol",
        "TypeVar",
        "Generic",
        "NoReturn",
        "Never",
        "date",
        "datetime",
        "timedelta",
        "time",
        "timezone",
        "Decimal",
        "Path",
        "PurePath",
        "Enum",
        "IntEnum",
        "Converter",
        "BinaryIO",
        "TextIO",
        "IO",
        "Pattern",
        "Match",
        "Callable",
        "ParamSpec",
        "Concatenate",
        "TypeAlias",
        "Counter",
        "Field",
        "Attribute",
        "Logger",
        "Thread",
        "Event",
        "Lock",
        "Random",
    ]
)
_TYPE_VARIABLE = re.compile(r"^_?[A-Z][A-Z0-9_]{0,2}$")


def _imported(target: str) -> object | None:
    """The object ``target`` names, imported, or ``None``."""
    parts = target.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attribute in parts[split:]:
                found = getattr(found, attribute)
        except AttributeError:
            return None
        return found
    return None


def _defined_as(target: str) -> str | None:
    """Where the object ``target`` names is defined, as a dotted name."""
    if not target.startswith(_OURS):
        return None
    found = _imported(target)
    if found is None:
        return None
    if isinstance(found, type(builtins)):
        return found.__name__
    module, qualname = getattr(found, "__module__", None), getattr(found, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str):
        return f"{module}.{qualname}"
    head, _, tail = target.rpartition(".")  # data: re-exported by name from its module
    home = _imported(head)
    return None if home is None else f"{getattr(home, '__name__', head)}.{tail}"


def _outside(target: str) -> bool:
    first = target.lstrip("~.").split(".")[0]
    last = target.split(".")[-1]
    return (
        first in _OUTSIDE
        or target in _TYPING_NAMES
        or hasattr(builtins, target)
        or bool(_TYPE_VARIABLE.match(last))
        or last.startswith("_")  # private: not documented, named only in a signature
    )


def _shared(name: str, module: str) -> int:
    """How many leading dotted parts ``name`` shares with ``module``."""
    count = 0
    for ours, theirs in zip(name.split("."), module.split("."), strict=False):
        if ours != theirs:
            break
        count += 1
    return count


def _owner(domain: Any, node: pending_xref, target: str) -> str | None:
    """The documented class that ``target`` (``Class.member``, or a bare member named inside a
    class's docstring) is a member of."""
    head = target.rpartition(".")[0] or node.get("py:class") or ""
    if not head:
        return None
    module = node.get("py:module") or ""
    for name in (_defined_as(head), f"{module}.{head}", head):
        entry = domain.objects.get(name) if name else None
        if entry is not None and entry.objtype in {"class", "exception"}:
            return str(name)
    return None


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    target: str = node["reftarget"].lstrip("~.")
    domain: Any = env.get_domain("py")
    objects = domain.objects
    names = []
    defined = _defined_as(target)
    if defined is not None:
        names.append(defined)
    if target.startswith(_OURS):  # a re-exported name of a package: its last part within it
        package, _, last = target.rpartition(".")
        within, suffix = package + ".", "." + last
    else:
        within, suffix = _OURS, "." + target
    names += sorted({name for name in objects if name.endswith(suffix) and name.startswith(within)})
    kinds = set(domain.objtypes_for_role(node["reftype"]) or ())
    found = {
        name: objects[name]
        for name in names
        if name in objects and not objects[name].aliased and objects[name].objtype in kinds
    }
    if defined in found:
        found = {defined: found[defined]}
    if len(found) > 1:  # the nearest to where the reference is made
        here = node.get("py:module") or ""
        nearest = max(_shared(name, here) for name in found)
        found = {name: entry for name, entry in found.items() if _shared(name, here) == nearest}
    member_of = _owner(domain, node, target) if node["reftype"] in {"attr", "meth"} else None
    if member_of is not None:  # a member named in its class: that class's, or the class
        member = f"{member_of}.{target.rpartition('.')[2]}"
        found = {member: objects[member]} if member in objects else {member_of: objects[member_of]}
    if len(found) == 1:
        name, entry = next(iter(found.items()))
        return make_refnode(
            app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
        )
    if not found and _outside(target):
        return contnode
    return None


_RULE_HEADING = re.compile(r"^([A-Z]+[0-9]+):")


def heading_slug(heading: str) -> str:
    """The anchor of a heading: the rule id for a rulebook section (``M2: a term's notice`` is
    ``#m2``), else GitHub's slug (lower case, punctuation dropped, spaces as hyphens)."""
    rule = _RULE_HEADING.match(heading)
    if rule:
        return rule[1].lower()
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


API_PACKAGES = ("hom_core", "hom_plugins")
"""The packages the API reference documents, every module of them."""


def _api_page(module: str, children: list[str]) -> str:
    lines = [module, "=" * len(module), "", f".. automodule:: {module}", ""]
    if children:
        lines += [".. toctree::", "   :maxdepth: 1", "   :caption: Modules", ""]
        lines += [f"   {child}" for child in children]
    return "\n".join(lines) + "\n"


def write_api_pages(app: Sphinx) -> None:
    """One page per module of :data:`API_PACKAGES` in ``reference/api/`` (found by walking the
    packages, so a module that moves or appears needs no edit), each listing its submodules."""
    folder = Path(app.srcdir) / "reference" / "api"
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}
    for package in API_PACKAGES:
        root = importlib.import_module(package)
        names = [package] + [
            info.name for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")
        ]
        for name in names:
            children = [
                other
                for other in names
                if other.rpartition(".")[0] == name and not other.rpartition(".")[2].startswith("_")
            ]
            if not name.rpartition(".")[2].startswith("_"):
                pages[name] = _api_page(name, children)
    for stale in folder.glob("*.rst"):
        if stale.stem not in pages:
            stale.unlink()
    for name, text in pages.items():
        path = folder / f"{name}.rst"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


class EventSchemas(Directive):
    """``.. hom-schemas::`` the JSON Schema of every event type the installed plugins register,
    each under its name; ``.. hom-schemas:: notification`` the webhook's body. Generated at each
    build by :mod:`hom_core.schema`, so the page cannot drift from the classes."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:

        from hom_core import Plugins
        from hom_core.schema import event_schema, notification_schema

        types = Plugins().event_types()
        if self.arguments and self.arguments[0] == "notification":
            body = notification_schema(types)
            body["$defs"] = {"...": "the event schemas below, by type name"}
            return [_json(body)]
        found: list[nodes.Node] = []
        for event_type in sorted(types, key=lambda registered: registered.name):
            found.append(nodes.rubric(text=event_type.name, ids=[f"event-{event_type.name}"]))
            found.append(_json(event_schema(event_type)))
        return found


def _json(document: object) -> nodes.literal_block:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    block = nodes.literal_block(text, text)
    block["language"] = "json"
    return block


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("hom-schemas", EventSchemas)
    app.connect("builder-inited", write_api_pages)
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
