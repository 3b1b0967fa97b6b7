"""The plugin manager: entry-point discovery, broken and disabled plugins, typed hook calls.

Discovery is tested end to end: :func:`make_distribution` writes a fake installed distribution
(``<name>-<version>.dist-info`` with ``METADATA`` and ``entry_points.txt`` declaring ``[hom]``
entries, beside the plugin modules) into a temporary directory on ``sys.path``, exactly what
``pip install`` of a third-party plugin leaves behind.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import textwrap
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import cattrs
import pluggy
import pytest

import hom_core
from hom_core import (
    DISABLE_ENV,
    AppendResult,
    BrokenPlugin,
    EventLog,
    EventType,
    Exporter,
    MemoryStore,
    Notifier,
    PluginError,
    PluginInfo,
    Plugins,
    StorageBackend,
    StoreError,
    hookimpl,
    open_log,
)
from hom_plugins.storage import memory as memory_plugin

LOGGER = "hom.plugins"

GOOD = """
    import attrs

    import hom_core
    from hom_core import EventType, MemoryStore, StorageBackend

    OPENED = []


    @attrs.frozen
    class FakeHappened:
        what: str


    def _open(url):
        OPENED.append(url)
        return MemoryStore()


    @hom_core.hookimpl
    def hom_storage_backends():
        return [StorageBackend("fake", _open, "a fake store for the tests")]


    @hom_core.hookimpl
    def hom_event_types():
        return [EventType("fake.happened", FakeHappened)]
"""

AS_OBJECT = """
    import hom_core
    from hom_core import Notifier


    class _Plugin:
        @hom_core.hookimpl
        def hom_notifiers(self):
            return [Notifier("fake-pager", deliver=print)]


    PLUGIN = _Plugin()
"""

BROKEN = """
    raise RuntimeError("the fake plugin cannot start")
"""

UNKNOWN_HOOK = """
    import hom_core


    @hom_core.hookimpl
    def hom_storage_backend():  # misspelled: the hook is hom_storage_backends
        return []
"""

MakeDistribution = Callable[..., dict[str, types.SimpleNamespace]]


@pytest.fixture(autouse=True)
def _no_disabled_plugins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


@pytest.fixture
def make_distribution(tmp_path: Path) -> Iterator[MakeDistribution]:
    """Install fake distributions: ``make(name, {entry: source or "module:attr" + source})``.

    Returns, per entry name, the module name that was written (unique to the test, so no two
    tests share an import) as ``.module``. Undoes ``sys.path``, ``sys.modules`` and the import
    caches afterwards.
    """
    roots: list[str] = []
    modules: list[str] = []

    def make(
        name: str,
        entries: dict[str, str],
        *,
        version: str = "0.1",
        attr: dict[str, str] | None = None,
    ) -> dict[str, types.SimpleNamespace]:
        root = tmp_path / f"site-{name}-{uuid.uuid4().hex[:6]}"
        info = root / f"{name}-{version}.dist-info"
        info.mkdir(parents=True)
        lines = ["[hom]"]
        written = {}
        for entry, source in entries.items():
            module = f"{name}_{entry}_{uuid.uuid4().hex[:8]}".replace("-", "_")
            (root / f"{module}.py").write_text(textwrap.dedent(source))
            target = f"{module}:{attr[entry]}" if attr and entry in attr else module
            lines.append(f"{entry} = {target}")
            modules.append(module)
            written[entry] = types.SimpleNamespace(module=module)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        sys.path.insert(0, str(root))
        roots.append(str(root))
        importlib.invalidate_caches()
        return written

    yield make

    for root in roots:
        sys.path.remove(root)
    for module in modules:
        sys.modules.pop(module, None)
    importlib.invalidate_caches()


def warnings_from(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def names(plugins: Plugins) -> set[str]:
    return {name for name, plugin in plugins.manager.list_name_plugin() if plugin is not None}


@attrs.frozen
class ThingHappened:
    what: str


THING = EventType("test.thing_happened", ThingHappened)


def hand_made() -> Plugins:
    """A manager without entry points, with the memory backend registered by hand."""
    plugins = Plugins(entry_points=False)
    plugins.register(memory_plugin, "memory")
    return plugins


def backend_plugin(scheme: str) -> object:
    class Plugin:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend(scheme, lambda _: MemoryStore())]

    return Plugin()


def returning(hook: str, value: object) -> object:
    """A plugin whose ``hook`` returns ``value``."""

    def implementation() -> object:
        return value

    implementation.__name__ = hook
    return types.SimpleNamespace(**{hook: hookimpl(implementation)})


def raising(hook: str, error: Exception) -> object:
    """A plugin whose ``hook`` raises ``error``."""

    def implementation() -> object:
        raise error

    implementation.__name__ = hook
    return types.SimpleNamespace(**{hook: hookimpl(implementation)})


# -- discovery through the `hom` entry-point group ----------------------------------------


def test_builtins_are_discovered_through_the_entry_point_group() -> None:
    plugins = Plugins(environ={})
    loaded = {info.name: info for info in plugins.info() if info.status == "loaded"}
    assert {"memory", "sqlite"} <= set(loaded)
    for builtin in ("memory", "sqlite"):
        assert loaded[builtin].distribution == "hom"  # from the entry point, not by hand
        assert loaded[builtin].hooks == ("hom_storage_backends",)
    assert {"memory", "sqlite"} <= set(plugins.storage_backends())
    assert plugins.broken == []


def test_without_entry_points_nothing_is_loaded() -> None:
    plugins = Plugins(entry_points=False, environ={})
    assert names(plugins) == set()
    assert plugins.storage_backends() == {}


def test_a_third_party_plugin_is_loaded_and_its_hooks_work(
    make_distribution: MakeDistribution,
) -> None:
    written = make_distribution("fakeplugin", {"fake": GOOD})
    plugins = Plugins(environ={})

    assert "fake" in names(plugins)
    assert plugins.broken == []
    assert {"fake", "memory", "sqlite"} <= set(plugins.storage_backends())
    (info,) = [info for info in plugins.info() if info.name == "fake"]
    assert info == PluginInfo(
        "fake", "fakeplugin", "0.1", ("hom_event_types", "hom_storage_backends"), "loaded"
    )

    module = sys.modules[written["fake"].module]
    log = open_log("fake://the-partnership", plugins=plugins)
    log.append("s-1", [module.FakeHappened("it works")], expected_version=0)
    assert module.OPENED == ["fake://the-partnership"]
    assert isinstance(log.store, MemoryStore)
    (recorded,) = log.read_all()
    assert recorded.event_type == "fake.happened"
    assert recorded.event == module.FakeHappened("it works")


def test_an_entry_point_may_name_an_object_in_a_module(
    make_distribution: MakeDistribution,
) -> None:
    make_distribution("fakepager", {"pager": AS_OBJECT}, attr={"pager": "PLUGIN"})
    plugins = Plugins(environ={})
    assert list(plugins.notifiers()) == ["fake-pager"]


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(
    make_distribution: MakeDistribution, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    make_distribution("fakeplugin", {"broken": BROKEN, "fake": GOOD})
    plugins = Plugins(environ={})

    assert "fake" in names(plugins)  # the broken one did not stop the good one
    assert {"memory", "sqlite"} <= names(plugins)
    (broken,) = plugins.broken
    assert broken.name == "broken"
    assert broken.error == "import failed: RuntimeError: the fake plugin cannot start"
    (warning,) = warnings_from(caplog)
    assert "'broken'" in warning.getMessage()
    assert "the fake plugin cannot start" in warning.getMessage()
    assert f"{DISABLE_ENV}=broken" in warning.getMessage()  # says how to silence it
    assert isinstance(open_log("fake://x", plugins=plugins).store, MemoryStore)


def test_a_declared_module_that_does_not_exist_is_reported(
    make_distribution: MakeDistribution, tmp_path: Path
) -> None:
    make_distribution("fakeplugin", {"fake": GOOD})
    root = tmp_path / "site-ghost"
    info = root / "ghostplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ghostplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[hom]\nghost = no_such_module_for_hom_tests\n")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        plugins = Plugins(environ={})
    finally:
        sys.path.remove(str(root))
        importlib.invalidate_caches()

    assert plugins.broken == [
        BrokenPlugin(
            "ghost",
            "import failed: ModuleNotFoundError: No module named 'no_such_module_for_hom_tests'",
        )
    ]
    (info_row,) = [row for row in plugins.info() if row.name == "ghost"]
    assert info_row.status.startswith("broken: import failed")
    assert (info_row.distribution, info_row.version) == ("ghostplugin", "1.0")
    assert "fake" in names(plugins)


def test_a_plugin_with_an_unknown_hook_is_rejected_by_check_pending(
    make_distribution: MakeDistribution, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    make_distribution("fakeplugin", {"typo": UNKNOWN_HOOK, "fake": GOOD})
    plugins = Plugins(environ={})

    assert "typo" not in names(plugins)
    assert "fake" in names(plugins)
    (broken,) = plugins.broken
    assert broken.name == "typo"
    assert "unknown hook hom_storage_backend" in broken.error
    assert "hom_storage_backends" in broken.error  # lists the real hooks
    (warning,) = warnings_from(caplog)
    assert "'typo'" in warning.getMessage()
    plugins.manager.check_pending()  # nothing of the rejected plugin is left pending
    assert {"fake", "memory", "sqlite"} <= set(plugins.storage_backends())


def test_loading_again_does_not_load_or_report_twice(make_distribution: MakeDistribution) -> None:
    make_distribution("fakeplugin", {"broken": BROKEN, "fake": GOOD})
    plugins = Plugins(environ={})
    plugins.load_entry_points()
    assert len(plugins.broken) == 1
    assert list(plugins.storage_backends()).count("fake") == 1


# -- disabling by name ---------------------------------------------------------------------


def test_the_environment_variable_disables_plugins_by_name(
    make_distribution: MakeDistribution,
) -> None:
    written = make_distribution("fakeplugin", {"fake": GOOD, "broken": BROKEN})
    plugins = Plugins(environ={DISABLE_ENV: " fake , broken,sqlite"})

    assert "memory" in names(plugins)
    assert names(plugins).isdisjoint({"fake", "broken", "sqlite"})
    assert written["fake"].module not in sys.modules  # a disabled plugin is never imported
    assert plugins.broken == []  # so a broken one, once disabled, is quiet
    backends = set(plugins.storage_backends())
    assert "memory" in backends  # other builtins (postgres, jsonl) may be there too
    assert backends.isdisjoint({"fake", "sqlite"})
    disabled = {info.name for info in plugins.info() if info.status == "disabled"}
    assert disabled == {"fake", "broken", "sqlite"}


def test_the_real_environment_is_read_by_default(
    make_distribution: MakeDistribution, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution("fakeplugin", {"fake": GOOD})
    monkeypatch.setenv(DISABLE_ENV, "fake,memory")
    plugins = Plugins()
    assert "sqlite" in names(plugins)
    assert names(plugins).isdisjoint({"fake", "memory"})


def test_an_explicit_environ_overrides_the_real_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(DISABLE_ENV, "memory")
    assert "memory" in names(Plugins(environ={}))
    assert "memory" not in names(Plugins())


def test_disabled_argument_adds_to_the_environment(make_distribution: MakeDistribution) -> None:
    make_distribution("fakeplugin", {"fake": GOOD})
    plugins = Plugins(disabled=["fake"], environ={DISABLE_ENV: "sqlite"})
    assert "memory" in names(plugins)
    assert names(plugins).isdisjoint({"fake", "sqlite"})
    assert plugins.disabled == {"fake", "sqlite"}


def test_star_disables_every_entry_point_plugin_but_not_hand_registered_ones(
    make_distribution: MakeDistribution,
) -> None:
    make_distribution("fakeplugin", {"fake": GOOD, "broken": BROKEN})
    plugins = Plugins(environ={DISABLE_ENV: "*"})
    assert names(plugins) == set()
    assert plugins.broken == []
    assert plugins.storage_backends() == {}

    plugins.register(backend_plugin("by-hand"), "by-hand")
    assert list(plugins.storage_backends()) == ["by-hand"]


def test_disable_unloads_a_plugin_and_keeps_it_out() -> None:
    plugins = Plugins(environ={})
    assert "memory" in plugins.storage_backends()

    plugins.disable("memory")

    assert "memory" not in names(plugins)
    assert "memory" not in plugins.storage_backends()
    plugins.load_entry_points()
    plugins.register(memory_plugin, "memory")
    assert "memory" not in plugins.storage_backends()
    assert PluginInfo("memory", None, None, (), "disabled") in plugins.info()


def test_disable_before_loading_a_name_that_is_not_loaded() -> None:
    plugins = Plugins(entry_points=False, environ={})
    plugins.disable("sqlite")
    plugins.load_entry_points()
    assert "memory" in names(plugins)
    assert "sqlite" not in names(plugins)


def test_disabled_builtins_leave_open_log_with_a_message_listing_what_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = Plugins(disabled=["memory"], environ={})
    left = ", ".join(f"{scheme}://" for scheme in sorted(plugins.storage_backends()))
    assert "sqlite://" in left
    assert "memory://" not in left
    with pytest.raises(StoreError, match=rf"installed: {re.escape(left)}\)") as caught:
        open_log("memory://", plugins=plugins)
    assert "'memory://'" in str(caught.value)

    every_builtin = ",".join(sorted(names(Plugins(environ={}))))
    nothing = Plugins(environ={DISABLE_ENV: every_builtin})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=r"installed: none"):
        open_log(plugins=nothing)
    assert list(tmp_path.iterdir()) == []


# -- one manager per application instance --------------------------------------------------


def test_two_managers_are_independent() -> None:
    first = hand_made()
    second = hand_made()
    assert first.manager is not second.manager

    first.register(backend_plugin("alpha"), "alpha")
    assert set(first.storage_backends()) == {"memory", "alpha"}
    assert set(second.storage_backends()) == {"memory"}

    second.disable("memory")
    assert set(first.storage_backends()) == {"memory", "alpha"}
    assert set(second.storage_backends()) == set()
    assert first.disabled == set()
    assert first.broken == second.broken == []


def test_logs_hear_only_their_own_plugins() -> None:
    heard: list[str] = []

    class Listener:
        @hookimpl
        def hom_after_append(self, result: AppendResult) -> None:
            heard.append(result.stream_id)

    first, second = hand_made(), hand_made()
    first.register(Listener(), "listener")
    open_log("memory://", plugins=first, event_types=[THING]).append(
        "first", [ThingHappened("a")], expected_version=0
    )
    open_log("memory://", plugins=second, event_types=[THING]).append(
        "second", [ThingHappened("b")], expected_version=0
    )
    assert heard == ["first"]


def test_no_module_of_hom_holds_a_global_plugin_manager() -> None:
    import hom_core.connect
    import hom_core.hookspecs
    import hom_core.log
    import hom_core.plugins

    for module in (hom_core, hom_core.plugins, hom_core.hookspecs, hom_core.connect, hom_core.log):
        held = [
            name
            for name, value in vars(module).items()
            if isinstance(value, pluggy.PluginManager | Plugins)
        ]
        assert held == [], f"{module.__name__} holds a plugin manager: {held}"


# -- registering by hand -------------------------------------------------------------------


def test_registering_the_same_plugin_twice_keeps_the_first() -> None:
    plugins = Plugins(entry_points=False)
    plugin = backend_plugin("alpha")
    plugins.register(plugin, "alpha")
    plugins.register(plugin, "alpha-again")

    assert names(plugins) == {"alpha"}
    assert list(plugins.storage_backends()) == ["alpha"]
    (broken,) = plugins.broken
    assert broken == BrokenPlugin(
        "alpha-again", "invalid: the same plugin is registered already as 'alpha'"
    )


def test_registering_two_plugins_under_one_name_keeps_the_first() -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(backend_plugin("alpha"), "shared")
    plugins.register(backend_plugin("beta"), "shared")

    assert list(plugins.storage_backends()) == ["alpha"]
    assert [broken.name for broken in plugins.broken] == ["shared"]
    assert "another plugin is registered under this name" in plugins.broken[0].error


def test_a_hook_with_arguments_the_spec_lacks_is_rejected() -> None:
    class Plugin:
        @hookimpl
        def hom_after_append(self, log: EventLog, result: AppendResult, extra: int) -> None:
            pass

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "extra")
    assert names(plugins) == set()
    (broken,) = plugins.broken
    assert "extra" in broken.error
    assert "can not be found in the hookspec" in broken.error


def test_a_wrapper_implementation_is_rejected() -> None:
    class Plugin:
        @hookimpl(wrapper=True)
        def hom_after_append(self, log: EventLog, result: AppendResult) -> Iterator[None]:
            yield

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "wrapper")
    assert names(plugins) == set()
    assert "hom_after_append is marked as a wrapper" in plugins.broken[0].error


def test_an_optional_hook_unknown_to_this_hom_is_accepted() -> None:
    class Plugin:
        @hookimpl(optionalhook=True)
        def hom_from_the_future(self) -> None:
            pass

        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("future", lambda _: MemoryStore())]

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "future")
    assert plugins.broken == []
    assert list(plugins.storage_backends()) == ["future"]


def test_an_unmarked_hom_function_is_not_a_hook() -> None:
    plugin = types.SimpleNamespace(hom_storage_backends=lambda: [StorageBackend("x", print)])
    plugins = Plugins(entry_points=False)
    plugins.register(plugin, "unmarked")
    assert plugins.broken == []
    assert plugins.storage_backends() == {}


# -- typed hook calls: a plugin's mistake is a PluginError naming it -----------------------


@pytest.mark.parametrize(
    ("hook", "method"),
    [
        ("hom_storage_backends", Plugins.storage_backends),
        ("hom_event_types", Plugins.event_types),
        ("hom_exporters", Plugins.exporters),
        ("hom_notifiers", Plugins.notifiers),
    ],
)
@pytest.mark.parametrize(
    "wrong",
    [
        {"scheme": "x"},  # a dict instead of a list of records
        "memory",  # a string is not a list of records
        StorageBackend("memory", print),  # a record, not a list of them
        42,
        [{"scheme": "x"}],  # a list holding something other than a record
        [None],
    ],
    ids=["dict", "str", "record", "int", "list-of-dict", "list-of-none"],
)
def test_a_hook_returning_the_wrong_type_is_a_plugin_error_naming_the_plugin(
    hook: str, method: Callable[[Plugins], object], wrong: object
) -> None:
    plugins = hand_made()
    plugins.register(returning(hook, wrong), "sloppy")
    with pytest.raises(PluginError, match=rf"plugin 'sloppy' returned .* from {hook} where a"):
        method(plugins)


def test_a_record_of_another_kind_is_the_wrong_type() -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_exporters", [Notifier("slack", print)]), "mixed-up")
    with pytest.raises(PluginError, match=r"'mixed-up' returned Notifier.*Exporter record"):
        plugins.exporters()


@pytest.mark.parametrize("empty", [None, [], ()])
def test_a_hook_may_return_nothing(empty: object) -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_exporters", empty), "quiet")
    assert plugins.exporters() == {}


def test_a_hook_may_return_any_iterable_of_records() -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(
        returning("hom_notifiers", (n for n in [Notifier("a", print), Notifier("b", print)])),
        "lazy",
    )
    assert list(plugins.notifiers()) == ["a", "b"]


@pytest.mark.parametrize(
    ("hook", "call"),
    [
        ("hom_storage_backends", lambda plugins: plugins.storage_backends()),
        ("hom_event_types", lambda plugins: plugins.event_types()),
        ("hom_exporters", lambda plugins: plugins.exporters()),
        ("hom_notifiers", lambda plugins: plugins.notifiers()),
        (
            "hom_configure_converter",
            lambda plugins: plugins.configure_converter(cattrs.Converter()),
        ),
    ],
)
def test_a_hook_that_raises_is_a_plugin_error_naming_the_plugin(
    hook: str, call: Callable[[Plugins], object]
) -> None:
    plugins = hand_made()
    if hook == "hom_configure_converter":

        class Plugin:
            @hookimpl
            def hom_configure_converter(self, converter: cattrs.Converter) -> None:
                raise KeyError("no such type")

        plugins.register(Plugin(), "faulty")
    else:
        plugins.register(raising(hook, KeyError("no such type")), "faulty")
    with pytest.raises(
        PluginError,
        match=rf"plugin 'faulty' failed in {hook}: KeyError: 'no such type'; fix it or disable "
        rf"it \({DISABLE_ENV}=faulty\)",
    ) as caught:
        call(plugins)
    assert isinstance(caught.value.__cause__, KeyError)


def test_an_invalid_record_built_in_a_hook_names_the_plugin() -> None:
    class Plugin:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("Not:Valid", print)]

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "careless")
    with pytest.raises(PluginError, match=r"plugin 'careless' failed in hom_storage_backends.*"):
        plugins.storage_backends()


def test_a_faulty_plugin_makes_open_log_fail_with_its_name() -> None:
    plugins = hand_made()
    plugins.register(raising("hom_storage_backends", OSError("disk gone")), "faulty")
    with pytest.raises(PluginError, match="plugin 'faulty' failed in hom_storage_backends"):
        open_log("memory://", plugins=plugins)


# -- clashes -------------------------------------------------------------------------------


def test_two_plugins_claiming_one_scheme_is_a_plugin_error() -> None:
    plugins = hand_made()
    plugins.register(backend_plugin("memory"), "impostor")
    with pytest.raises(
        PluginError,
        match=r"plugins '(memory|impostor)' and '(memory|impostor)' both claim the URL scheme "
        rf"'memory': disable one of them \({DISABLE_ENV}=",
    ):
        plugins.storage_backends()
    plugins.disable("impostor")
    assert list(plugins.storage_backends()) == ["memory"]


def test_one_plugin_returning_the_same_backend_twice_is_harmless() -> None:
    backend = StorageBackend("twice", lambda _: MemoryStore())
    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_storage_backends", [backend, backend]), "twice")
    assert plugins.storage_backends() == {"twice": backend}


@pytest.mark.parametrize(
    ("hook", "record", "method", "kind"),
    [
        (
            "hom_exporters",
            Exporter("members", "text/csv", ".csv", print),
            Plugins.exporters,
            "exporter",
        ),
        ("hom_notifiers", Notifier("slack", print), Plugins.notifiers, "notifier"),
    ],
)
def test_two_plugins_registering_one_name_is_a_plugin_error(
    hook: str, record: object, method: Callable[[Plugins], object], kind: str
) -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(returning(hook, [record]), "first")
    plugins.register(returning(hook, [record]), "second")
    with pytest.raises(
        PluginError,
        match=rf"plugins '(first|second)' and '(first|second)' both register the {kind}",
    ):
        method(plugins)


def test_two_plugins_registering_one_event_type_name_is_a_plugin_error() -> None:
    @attrs.frozen
    class OtherThing:
        what: str

    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_event_types", [THING]), "pack")
    plugins.register(
        returning("hom_event_types", [EventType("test.thing_happened", OtherThing)]), "other-pack"
    )
    with pytest.raises(
        PluginError,
        match=r"plugin '(pack|other-pack)', hom_event_types: event type 'test.thing_happened' is "
        r"registered twice",
    ):
        plugins.event_types()


def test_event_types_adds_plugin_types_to_the_given_ones() -> None:
    @attrs.frozen
    class BuiltinThing:
        what: str

    builtin = EventType("test.builtin_thing", BuiltinThing)
    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_event_types", [THING]), "pack")
    registry = plugins.event_types([builtin])
    assert list(registry) == [builtin, THING]


# -- hom_exporters / hom_notifiers ---------------------------------------------------------


def test_exporters_and_notifiers_are_exposed_by_name() -> None:
    csv = Exporter("members-csv", "text/csv", ".csv", write=print)
    txt = Exporter("members-txt", "text/plain", ".txt", write=print)
    slack = Notifier("slack", deliver=print)
    mail = Notifier("mail", deliver=print)
    plugins = Plugins(entry_points=False)
    plugins.register(returning("hom_exporters", [csv, txt]), "exports")
    plugins.register(returning("hom_notifiers", [slack]), "chat")
    plugins.register(returning("hom_notifiers", [mail]), "post")

    assert plugins.exporters() == {"members-csv": csv, "members-txt": txt}
    assert plugins.notifiers() == {"slack": slack, "mail": mail}


# -- hom_after_append ----------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.results: list[AppendResult] = []

    @hookimpl
    def hom_after_append(self, log: EventLog, result: AppendResult) -> None:
        assert log.stream_version(result.stream_id) == result.stream_version  # committed
        self.results.append(result)


class Exploding:
    @hookimpl
    def hom_after_append(self, log: EventLog, result: AppendResult) -> None:
        raise RuntimeError("pager is down")


def test_after_append_is_called_once_per_append_with_its_result() -> None:
    recorder = Recorder()
    plugins = hand_made()
    plugins.register(recorder, "recorder")
    log = open_log("memory://", plugins=plugins, event_types=[THING])

    results = [
        log.append("s-1", [ThingHappened("a")], expected_version=0),
        log.append("s-1", [ThingHappened("b"), ThingHappened("c")], expected_version=1),
        log.append("s-2", [ThingHappened("d")], expected_version=None),
    ]
    assert recorder.results == results
    assert [(r.first_position, r.last_position) for r in results] == [(1, 1), (2, 3), (4, 4)]


def test_after_append_is_not_called_for_a_failed_append() -> None:
    recorder = Recorder()
    plugins = hand_made()
    plugins.register(recorder, "recorder")
    log = open_log("memory://", plugins=plugins, event_types=[THING])
    log.append("s-1", [ThingHappened("a")], expected_version=0)
    with pytest.raises(hom_core.ConcurrencyError):
        log.append("s-1", [ThingHappened("b")], expected_version=0)
    assert len(recorder.results) == 1


def test_after_append_is_not_called_for_an_idempotent_retry() -> None:
    recorder = Recorder()
    plugins = hand_made()
    plugins.register(recorder, "recorder")
    log = open_log("memory://", plugins=plugins, event_types=[THING])
    first = log.append("s-1", [ThingHappened("a")], 0, idempotency_key="once")
    again = log.append("s-1", [ThingHappened("a")], 0, idempotency_key="once")
    assert again == first
    assert again.retried
    assert recorder.results == [first]


def test_an_after_append_that_raises_is_logged_and_the_append_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    before, after = Recorder(), Recorder()
    plugins = hand_made()
    plugins.register(before, "before")
    plugins.register(Exploding(), "exploding")
    plugins.register(after, "after")
    log = open_log("memory://", plugins=plugins, event_types=[THING])

    result = log.append("s-1", [ThingHappened("a"), ThingHappened("b")], expected_version=0)

    assert log.stream_version("s-1") == 2  # the append is recorded
    assert [recorded.event for recorded in log.read_stream("s-1")] == [
        ThingHappened("a"),
        ThingHappened("b"),
    ]
    assert before.results == after.results == [result]  # the others still ran
    (error,) = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.ERROR]
    assert "'exploding' failed in hom_after_append" in error.getMessage()
    assert "positions 1-2 is recorded and kept" in error.getMessage()
    assert error.exc_info is not None
    assert isinstance(error.exc_info[1], RuntimeError)

    log.append("s-1", [ThingHappened("c")], expected_version=2)  # and the log goes on
    assert len(before.results) == len(after.results) == 2


def test_after_append_passes_only_the_arguments_an_implementation_takes() -> None:
    seen: list[int] = []

    class ResultOnly:
        @hookimpl
        def hom_after_append(self, result: AppendResult) -> None:
            seen.append(result.count)

    class Nothing:
        @hookimpl
        def hom_after_append(self) -> None:
            seen.append(0)

    plugins = hand_made()
    plugins.register(ResultOnly(), "result-only")
    plugins.register(Nothing(), "nothing")
    log = open_log("memory://", plugins=plugins, event_types=[THING])
    log.append("s-1", [ThingHappened("a"), ThingHappened("b")], expected_version=0)
    assert sorted(seen) == [0, 2]


def test_after_append_runs_in_pluggy_order() -> None:
    order: list[str] = []

    def listener(label: str, **options: bool) -> object:
        class Listener:
            @hookimpl(**options)
            def hom_after_append(self) -> None:
                order.append(label)

        return Listener()

    plugins = hand_made()
    plugins.register(listener("last", trylast=True), "last")
    plugins.register(listener("first", tryfirst=True), "first")
    plugins.register(listener("early"), "early")
    plugins.register(listener("late"), "late")
    log = open_log("memory://", plugins=plugins, event_types=[THING])
    log.append("s-1", [ThingHappened("a")], expected_version=0)
    expected = [
        impl.plugin_name for impl in reversed(plugins.manager.hook.hom_after_append.get_hookimpls())
    ]
    assert order == expected == ["first", "late", "early", "last"]


# -- info ----------------------------------------------------------------------------------


def test_info_lists_loaded_disabled_and_broken_plugins(make_distribution: MakeDistribution) -> None:
    make_distribution("fakeplugin", {"fake": GOOD, "broken": BROKEN}, version="2.3")
    plugins = Plugins(disabled=["sqlite"], environ={})
    plugins.register(Recorder(), "recorder")

    rows = {info.name: info for info in plugins.info()}

    assert rows["fake"] == PluginInfo(
        "fake", "fakeplugin", "2.3", ("hom_event_types", "hom_storage_backends"), "loaded"
    )
    assert rows["memory"] == PluginInfo(
        "memory", "hom", rows["memory"].version, ("hom_storage_backends",), "loaded"
    )
    assert rows["recorder"] == PluginInfo("recorder", None, None, ("hom_after_append",), "loaded")
    assert rows["sqlite"] == PluginInfo("sqlite", None, None, (), "disabled")
    assert rows["broken"].status == (
        "broken: import failed: RuntimeError: the fake plugin cannot start"
    )
    assert (rows["broken"].distribution, rows["broken"].version) == ("fakeplugin", "2.3")
    statuses = [info.status.split(":")[0] for info in plugins.info()]
    assert statuses == sorted(statuses, key=["loaded", "disabled", "broken"].index)


def test_info_of_an_empty_manager_is_empty() -> None:
    assert Plugins(entry_points=False).info() == []


def test_plugin_info_and_broken_plugin_are_frozen() -> None:
    broken = BrokenPlugin("x", "y")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        broken.name = "z"  # type: ignore[misc]
    info = PluginInfo("x", None, None, (), "loaded")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.status = "disabled"  # type: ignore[misc]


def test_hom_core_exports_the_plugin_api() -> None:
    for name in ("Plugins", "PluginInfo", "BrokenPlugin", "DISABLE_ENV", "hookimpl"):
        assert name in hom_core.__all__
    assert DISABLE_ENV == "HOM_DISABLE_PLUGINS"
