"""Plugins imported when one of their hooks is first called (:mod:`hom_core.deferred_plugins`):
hom's own, declared in ``hom_plugins.HOM_PLUGIN_HOOKS``, and a third party's declared the same
way; what happens when such a plugin turns out broken on first use; and that the declarations
of hom's own plugins name exactly the hooks their modules implement."""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import hom_plugins
from hom_core import DISABLE_ENV, Plugins, StoreError, open_log
from hom_core.deferred_plugins import HOOKS_DECLARATION, StandIn

LOGGER = "hom.plugins"

STORE = """
    import attrs

    import hom_core
    from hom_core import EventType, MemoryStore, StorageBackend


    @attrs.frozen
    class LazyHappened:
        what: str


    @hom_core.hookimpl
    def hom_storage_backends():
        return [StorageBackend("lazy", lambda url: MemoryStore(), "a deferred store for the tests")]


    @hom_core.hookimpl
    def hom_event_types():
        return [EventType("lazy.happened", LazyHappened)]
"""

HOOKS = ("hom_event_types", "hom_storage_backends")

Package = Callable[..., str]
"""Writes a distribution whose plugin ``lazy`` is the module ``<package>.plugin``, declared in
the package's ``HOM_PLUGIN_HOOKS``; returns the package's name."""


@pytest.fixture(autouse=True)
def _no_disabled_plugins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Package]:
    written: list[str] = []

    def make(source: str = STORE, hooks: tuple[str, ...] = HOOKS) -> str:
        name = f"lazyplugin_{uuid.uuid4().hex[:8]}"
        root = tmp_path / f"site-{name}"
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text(
            f"{HOOKS_DECLARATION} = {{{f'{name}.plugin'!r}: {hooks!r}}}\n"
        )
        (root / name / "plugin.py").write_text(textwrap.dedent(source))
        info = root / f"{name}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[hom]\nlazy = {name}.plugin\n")
        sys.path.insert(0, str(root))
        importlib.invalidate_caches()
        written.append(name)
        return name

    yield make

    for name in written:
        sys.path[:] = [entry for entry in sys.path if name not in entry]
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]
    importlib.invalidate_caches()


def test_a_declared_plugin_is_imported_when_one_of_its_hooks_is_first_called(
    package: Package,
) -> None:
    name = package()
    plugins = Plugins(environ={})
    assert f"{name}.plugin" not in sys.modules
    assert isinstance(plugins.manager.get_plugin("lazy"), StandIn)

    assert "lazy" in plugins.storage_backends()

    module = sys.modules[f"{name}.plugin"]
    log = open_log("lazy://x", plugins=plugins)
    log.append("s-1", [module.LazyHappened("it works")], expected_version=0)
    (recorded,) = log.read_all()
    assert recorded.event_type == "lazy.happened"
    assert plugins.broken == []


def test_hom_plugins_lists_a_declared_plugin_with_its_hooks_and_distribution(
    package: Package,
) -> None:
    name = package()
    (info,) = [info for info in Plugins(environ={}).info() if info.name == "lazy"]
    assert (info.distribution, info.version, info.hooks, info.status) == (
        name,
        "0.1",
        HOOKS,
        "loaded",
    )


def test_a_declared_plugin_that_fails_to_import_is_reported_when_first_used(
    package: Package, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    package('raise RuntimeError("the lazy plugin cannot start")')
    plugins = Plugins(environ={})
    assert plugins.broken == []  # not imported yet

    with pytest.raises(StoreError, match=r"no storage backend claims 'lazy://x'"):
        open_log("lazy://x", plugins=plugins)

    (broken,) = plugins.broken
    assert broken.name == "lazy"
    assert broken.error == "import failed: RuntimeError: the lazy plugin cannot start"
    (warning,) = [r for r in caplog.records if r.name == LOGGER]
    assert f"{DISABLE_ENV}=lazy" in warning.getMessage()
    assert plugins.manager.get_plugin("lazy") is None  # its stand-in is gone
    assert "memory" in plugins.storage_backends()  # the others still work, reported once
    assert len(plugins.broken) == 1
    (row,) = [row for row in plugins.info() if row.name == "lazy"]
    assert row.status == "broken: import failed: RuntimeError: the lazy plugin cannot start"


def test_a_declared_plugin_that_is_broken_shows_in_hom_plugins_before_any_hook_call(
    package: Package,
) -> None:
    package('raise RuntimeError("the lazy plugin cannot start")')
    rows = {row.name: row.status for row in Plugins(environ={}).info()}
    assert rows["lazy"].startswith("broken: import failed")


def test_a_declaration_that_does_not_match_the_module_is_refused_on_first_use(
    package: Package,
) -> None:
    name = package(hooks=("hom_storage_backends",))  # it also implements hom_event_types
    plugins = Plugins(environ={})
    assert "lazy" not in plugins.storage_backends()
    (broken,) = plugins.broken
    assert broken.error == (
        f"invalid: {HOOKS_DECLARATION} declares hom_storage_backends for "
        f"{name}.plugin, which implements hom_event_types, "
        "hom_storage_backends: make the declaration name its hooks"
    )


def test_a_declared_module_with_an_unknown_hook_is_refused_on_first_use(
    package: Package,
) -> None:
    typo = """
        import hom_core


        @hom_core.hookimpl
        def hom_storage_backends():
            return []


        @hom_core.hookimpl
        def hom_storage_backend():
            return []
    """
    package(typo, hooks=("hom_storage_backends",))
    plugins = Plugins(environ={})
    plugins.storage_backends()
    (broken,) = plugins.broken
    assert broken.error.startswith("invalid: unknown hook hom_storage_backend:")
    plugins.manager.check_pending()  # nothing of it is left on the plugins' own manager


def test_a_declaration_naming_a_hook_hom_does_not_know_loads_the_plugin_at_once(
    package: Package,
) -> None:
    name = package(hooks=(*HOOKS, "hom_no_such_hook"))
    plugins = Plugins(environ={})
    assert f"{name}.plugin" in sys.modules  # checked at once, as an undeclared plugin
    assert not isinstance(plugins.manager.get_plugin("lazy"), StandIn)
    assert "lazy" in plugins.storage_backends()


def test_a_disabled_declared_plugin_is_never_imported(package: Package) -> None:
    name = package()
    plugins = Plugins(environ={DISABLE_ENV: "lazy"})
    assert "lazy" not in plugins.storage_backends()
    assert f"{name}.plugin" not in sys.modules
    enabled = Plugins(environ={})
    enabled.disable("lazy")
    assert "lazy" not in enabled.storage_backends()
    assert f"{name}.plugin" not in sys.modules


def test_every_builtin_plugin_is_declared_with_the_hooks_its_module_implements() -> None:
    builtin = [e for e in importlib.metadata.entry_points(group="hom") if e.module.startswith(
        "hom_plugins.")]  # fmt: skip
    assert {e.module for e in builtin} == set(hom_plugins.HOM_PLUGIN_HOOKS)
    for entry_point in builtin:
        plugins = Plugins(entry_points=False, environ={})
        plugins.register(importlib.import_module(entry_point.module), entry_point.name)
        (info,) = plugins.info()
        assert info.hooks == tuple(sorted(hom_plugins.HOM_PLUGIN_HOOKS[entry_point.module]))


WRITE_PACK_EVENT = """
    import datetime, sys
    from hom_core import open_log
    from hom_plugins.packs.camden.events import TrainingSessionHeld

    log = open_log(sys.argv[1])
    session = TrainingSessionHeld(datetime.date(2015, 1, 6), "Phonics", ("a",), ())
    log.append("training", [session], expected_version=0)  # its class found once packs load
"""

READ = """
    import sys
    from hom_core import open_log

    log = open_log(sys.argv[1], create=False)
    print(sorted(m for m in sys.modules if m.startswith("hom_plugins.packs.")))
    (recorded,) = log.read_stream("training")
    print(recorded.event_type, type(recorded.event).__module__)
"""


def in_python(source: str, *argv: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source), *argv], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_packs_event_types_are_registered_when_a_pack_event_is_first_met(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    in_python(WRITE_PACK_EVENT, url)
    opened, read = in_python(READ, url)
    assert opened == "['hom_plugins.packs.partnership']"  # opening imported no pack
    assert read == "camden.training_session_held hom_plugins.packs.camden.events"


def test_an_optional_hook_of_a_later_hom_is_not_part_of_the_declaration(package: Package) -> None:
    later = (
        STORE
        + """

    @hom_core.hookimpl(optionalhook=True)
    def hom_from_a_later_release():
        return []
    """
    )
    package(later)
    plugins = Plugins(environ={})
    assert "lazy" in plugins.storage_backends()
    assert plugins.broken == []
