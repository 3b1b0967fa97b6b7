"""The hookspec module: every hook is a ``hom_`` hookspec, documented, typed and tested.

The tests at the bottom, one per hook and named ``test_<hook name>``, exercise each hook through
:class:`hom_core.Plugins`; :func:`test_every_hook_has_a_test` fails when a hook has none.
"""

from __future__ import annotations

import ast
import inspect
import io
import logging
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import cattrs
import pluggy
import pytest

import hom_core
from hom_core import (
    AppendResult,
    Decider,
    Deliveries,
    DomainPack,
    EventLog,
    EventType,
    Exporter,
    MemoryStore,
    Notification,
    Notifier,
    PluginError,
    Plugins,
    ReportSection,
    StorageBackend,
    domain,
    hookimpl,
    hookspecs,
    open_log,
)
from hom_core.application import Partnership, PartnershipView
from hom_core.delivery import idempotency_key
from hom_core.report import Block, Paragraph
from hom_plugins.storage import memory as memory_plugin

SPEC_MARKER = f"{hookspecs.PROJECT}_spec"


def hookspec_functions() -> dict[str, Callable[..., Any]]:
    """Every function in :mod:`hom_core.hookspecs` that carries the hookspec marker."""
    return {
        name: value
        for name, value in vars(hookspecs).items()
        if inspect.isfunction(value) and hasattr(value, SPEC_MARKER)
    }


def example_of(hook: Callable[..., Any]) -> str:
    """The code of the ``Example::`` block of a hook's docstring, dedented."""
    doc = inspect.getdoc(hook) or ""
    _, found, rest = doc.partition("Example::\n")
    assert found, f"{hook.__name__} has no 'Example::' block in its docstring"
    block = []
    for line in rest.splitlines():
        if line and not line.startswith(" "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block)).strip()


@pytest.fixture(autouse=True)
def _no_disabled_plugins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(hom_core.DISABLE_ENV, raising=False)


@pytest.fixture
def plugins() -> Plugins:
    """A manager with only the memory backend, registered by hand."""
    manager = Plugins(entry_points=False)
    manager.register(memory_plugin, "memory")
    return manager


@attrs.frozen
class ThingHappened:
    what: str


THING = EventType("test.thing_happened", ThingHappened)


# -- the hookspec module -------------------------------------------------------------------


def test_hookspecs_are_found() -> None:
    assert len(hookspec_functions()) >= 6  # storage, event types, converter, exporters, ...


def test_every_hom_function_is_a_hookspec() -> None:
    manager = Plugins(entry_points=False).manager
    hom_functions = {
        name
        for name, value in vars(hookspecs).items()
        if name.startswith("hom_") and inspect.isfunction(value)
    }
    assert hom_functions == set(hookspec_functions())
    for name in hom_functions:
        assert getattr(manager.hook, name).has_spec(), name


def test_every_hookspec_is_prefixed_hom() -> None:
    manager = Plugins(entry_points=False).manager
    specified = {
        name
        for name, caller in vars(manager.hook).items()
        if isinstance(caller, pluggy.HookCaller) and caller.has_spec()
    }
    assert specified == set(hookspec_functions())
    assert all(name.startswith("hom_") for name in specified), specified


@pytest.mark.parametrize("name", sorted(hookspec_functions()))
def test_every_hook_is_documented_with_an_example(name: str) -> None:
    hook = hookspec_functions()[name]
    example = example_of(hook)
    assert "@hom_core.hookimpl" in example
    tree = ast.parse(example)  # the example is valid Python
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    assert [function.name for function in functions] == [name]
    (function,) = functions
    assert [ast.unparse(decorator) for decorator in function.decorator_list] == [
        "hom_core.hookimpl"
    ]
    example_args = [arg.arg for arg in function.args.args]
    assert set(example_args) <= set(inspect.signature(hook).parameters), example_args
    summary = (inspect.getdoc(hook) or "").split("Example::")[0].strip()
    assert summary, f"{name} says nothing before its example"


@pytest.mark.parametrize("name", sorted(hookspec_functions()))
def test_every_hook_is_typed(name: str) -> None:
    signature = inspect.signature(hookspec_functions()[name])
    assert signature.return_annotation is not inspect.Signature.empty, name
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, (name, parameter.name)


def test_every_hook_has_a_test() -> None:
    tests = {name for name, value in globals().items() if callable(value)}
    missing = sorted(hook for hook in hookspec_functions() if f"test_{hook}" not in tests)
    assert not missing, f"hooks without a test_<hook> in {__name__}: {missing}"


def test_hookimpl_is_the_marker_plugin_authors_import() -> None:
    assert hom_core.hookimpl is hookspecs.hookimpl
    assert isinstance(hookimpl, pluggy.HookimplMarker)
    assert hookimpl.project_name == "hom" == hookspecs.PROJECT

    @hookimpl
    def hom_event_types() -> list[EventType]:
        return []

    assert hasattr(hom_event_types, "hom_impl")


# -- one test per hook: test_<hook name> --------------------------------------------------


def test_hom_storage_backends() -> None:
    opened: list[str] = []

    def open_store(url: str) -> MemoryStore:
        opened.append(url)
        return MemoryStore()

    class Plugin:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("test", open_store, "for a test")]

    manager = Plugins(entry_points=False)
    manager.register(Plugin(), "test-store")
    assert list(manager.storage_backends()) == ["test"]
    log = open_log("test://somewhere", plugins=manager, event_types=[THING])
    log.append("s-1", [ThingHappened("opened")], expected_version=0)
    assert opened == ["test://somewhere"]
    assert [recorded.event for recorded in log.read_all()] == [ThingHappened("opened")]


def test_hom_event_types(plugins: Plugins) -> None:
    class Plugin:
        @hookimpl
        def hom_event_types(self) -> list[EventType]:
            return [THING]

    plugins.register(Plugin(), "pack")
    assert list(plugins.event_types()) == [THING]
    log = open_log("memory://", plugins=plugins)
    log.append("s-1", [ThingHappened("typed")], expected_version=0)
    (recorded,) = log.read_stream("s-1")
    assert recorded.event_type == "test.thing_happened"
    assert recorded.event == ThingHappened("typed")


class Urn:
    """A value type the codec does not know: a plugin teaches it."""

    def __init__(self, value: str) -> None:
        if not value.startswith("urn:"):
            raise ValueError(f"{value!r} is not a URN")
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Urn) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


@attrs.frozen
class SchoolNamed:
    school: Urn
    name: str


class UrnPlugin:
    @hookimpl
    def hom_configure_converter(self, converter: cattrs.Converter) -> None:
        converter.register_unstructure_hook(Urn, lambda urn: urn.value)
        converter.register_structure_hook(Urn, lambda value, _: Urn(value))

    @hookimpl
    def hom_event_types(self) -> list[EventType]:
        return [EventType("test.school_named", SchoolNamed)]


def test_hom_configure_converter(plugins: Plugins) -> None:
    plugins.register(UrnPlugin(), "urn")
    log = open_log("memory://", plugins=plugins)
    event = SchoolNamed(Urn("urn:hom:school:42"), "Camden School")
    log.append("school-42", [event], expected_version=0)

    (stored,) = log.store.read_all()
    assert '"school":"urn:hom:school:42"' in stored.payload  # encoded by the plugin's hook
    (recorded,) = log.read_all()
    assert recorded.event == event
    assert isinstance(recorded.event.school, Urn)


def test_hom_configure_converter_is_what_makes_the_type_encodable(plugins: Plugins) -> None:
    log = open_log(
        "memory://", plugins=plugins, event_types=[EventType("test.school_named", SchoolNamed)]
    )
    with pytest.raises(hom_core.CodecError, match="register a hook for the value type"):
        log.append("school-42", [SchoolNamed(Urn("urn:x"), "x")], expected_version=0)


def test_hom_exporters() -> None:
    def write(partnership: Partnership, out: io.BytesIO, day: date) -> None:
        count = sum(1 for _ in partnership.log.read_all())
        out.write(f"{partnership.partnership_id}: {count} events as of {day}\n".encode())

    class Plugin:
        @hookimpl
        def hom_exporters(self) -> list[Exporter]:
            return [Exporter("count-txt", "text/plain", ".txt", write=write, description="n")]

    manager = Plugins(entry_points=False)
    manager.register(memory_plugin, "memory")
    manager.register(Plugin(), "exports")
    exporters = manager.exporters()
    assert list(exporters) == ["count-txt"]
    exporter = exporters["count-txt"]
    assert (exporter.media_type, exporter.suffix) == ("text/plain", ".txt")

    log = open_log("memory://", plugins=manager, event_types=[THING])
    log.append("s-1", [ThingHappened("a"), ThingHappened("b")], expected_version=0)
    out = io.BytesIO()
    exporter.write(Partnership(log, "hom"), out, date(2015, 9, 1))
    assert out.getvalue() == b"hom: 2 events as of 2015-09-01\n"


def test_hom_report_sections() -> None:
    def count(view: PartnershipView) -> list[Block]:
        return [Paragraph(f"{len(view.members())} members on {view.day}")]

    class Plugin:
        @hookimpl
        def hom_report_sections(self) -> list[ReportSection]:
            return [
                ReportSection("late", "Late", build=count, order=200),
                ReportSection("early", "Early", build=count, order=5),
            ]

    manager = Plugins(entry_points=False)
    manager.register(memory_plugin, "memory")
    manager.register(Plugin(), "sections")
    sections = manager.report_sections()
    assert [section.name for section in sections] == ["early", "late"]
    log = open_log("memory://", plugins=manager, event_types=domain.PARTNERSHIP.event_types)
    view = Partnership(log, "hom").as_of(date(2015, 9, 1))
    assert list(sections[0].build(view)) == [Paragraph("0 members on 2015-09-01")]


def test_hom_notifiers(plugins: Plugins) -> None:
    delivered: list[tuple[str, object, str]] = []

    def deliver(notification: Notification) -> None:
        recorded = notification.recorded
        delivered.append((recorded.stream_id, recorded.event, notification.key))

    class Plugin:
        @hookimpl
        def hom_notifiers(self) -> list[Notifier]:
            return [Notifier("inbox", deliver=deliver, event_types={"test.thing_happened"})]

    plugins.register(Plugin(), "notify")
    notifiers = plugins.notifiers()
    assert list(notifiers) == ["inbox"]

    log = open_log("memory://", plugins=plugins, event_types=[THING])
    log.append("s-1", [ThingHappened("told")], expected_version=0)
    Deliveries(log).run_once()  # delivers to the notifiers of the log's plugins
    (recorded,) = log.read_all()
    assert delivered == [("s-1", ThingHappened("told"), idempotency_key("inbox", recorded))]


def test_hom_after_append(plugins: Plugins, caplog: pytest.LogCaptureFixture) -> None:
    seen: list[tuple[EventLog, AppendResult]] = []

    class Plugin:
        @hookimpl
        def hom_after_append(self, log: EventLog, result: AppendResult) -> None:
            seen.append((log, result))

    plugins.register(Plugin(), "listener")
    log = open_log("memory://", plugins=plugins, event_types=[THING])
    first = log.append("s-1", [ThingHappened("a"), ThingHappened("b")], expected_version=0)
    second = log.append("s-2", [ThingHappened("c")], expected_version=0)

    assert seen == [(log, first), (log, second)]  # once per append, with its result
    assert (first.first_position, first.last_position, first.count) == (1, 2, 2)
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_hom_domain_packs() -> None:
    class DoNothing:
        pass

    def decide_nothing(command: object, state: object) -> list[object]:
        return []

    pack = DomainPack(
        Decider(
            "nothing",
            initial=tuple,
            evolve=lambda state, event: state,
            decide=decide_nothing,
            command_types=(DoNothing,),
        ),
        view=lambda view, state: state,
    )

    class Plugin:
        @hookimpl
        def hom_domain_packs(self) -> list[DomainPack]:
            return [pack]

    manager = Plugins(entry_points=False)
    manager.register(Plugin(), "packs")
    assert manager.domain_packs() == {"nothing": pack}
    manager.register(type("Twin", (Plugin,), {})(), "twin")
    with pytest.raises(PluginError, match="both register the domain pack 'nothing'"):
        manager.domain_packs()
