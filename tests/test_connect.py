"""open_log: the URL's scheme picks the storage backend a plugin provides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from hom_core import (
    DEFAULT_URL,
    DISABLE_ENV,
    EventType,
    HomError,
    MemoryStore,
    Plugins,
    StorageBackend,
    StoreError,
    hookimpl,
    open_log,
)
from hom_plugins.storage.sqlite import SQLiteStore


@attrs.frozen
class ThingHappened:
    what: str


THING = EventType("test.thing_happened", ThingHappened)


@pytest.fixture(autouse=True)
def _no_disabled_plugins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


def installed() -> str:
    """The schemes of the installed backends as messages list them (memory and sqlite among
    them; other builtins such as postgres may add theirs)."""
    schemes = sorted(Plugins(environ={}).storage_backends())
    assert {"memory", "sqlite"} <= set(schemes)
    return ", ".join(f"{scheme}://" for scheme in schemes)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_default_url_is_a_sqlite_file_in_the_working_directory() -> None:
    assert DEFAULT_URL == "sqlite:///hom.sqlite3"


def test_no_url_creates_hom_sqlite3_in_the_working_directory(here: Path) -> None:
    with open_log(event_types=[THING]) as log:
        assert isinstance(log.store, SQLiteStore)
        log.append("s-1", [ThingHappened("kept")], expected_version=0)
    assert (here / "hom.sqlite3").is_file()

    with open_log("sqlite:///hom.sqlite3", event_types=[THING]) as again:
        assert [recorded.event for recorded in again.read_all()] == [ThingHappened("kept")]


def test_a_relative_sqlite_path_is_relative_to_the_working_directory(here: Path) -> None:
    (here / "data").mkdir()
    with open_log("sqlite:///data/partnership.db", event_types=[THING]) as log:
        log.append("s-1", [ThingHappened("a")], expected_version=0)
    assert (here / "data" / "partnership.db").is_file()
    assert not (here / "hom.sqlite3").exists()


def test_an_absolute_sqlite_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "log.db"
    path.parent.mkdir()
    with open_log(f"sqlite:///{path}", event_types=[THING]) as log:
        log.append("s-1", [ThingHappened("a")], expected_version=0)
    assert path.is_file()


def test_memory_url_opens_an_empty_log_each_time(here: Path) -> None:
    first = open_log("memory://", event_types=[THING])
    assert isinstance(first.store, MemoryStore)
    first.append("s-1", [ThingHappened("a")], expected_version=0)
    second = open_log("memory://", event_types=[THING])
    assert list(second.read_all()) == []
    assert list(here.iterdir()) == []


def test_open_log_passes_the_clock_and_the_actor() -> None:
    moment = datetime(2015, 9, 1, 8, 30, tzinfo=UTC)
    log = open_log("memory://", event_types=[THING], clock=lambda: moment, actor="clerk")
    log.append("s-1", [ThingHappened("a")], expected_version=0)
    (recorded,) = log.read_all()
    assert (recorded.recorded_at, recorded.actor) == (moment, "clerk")


def test_open_log_wires_the_plugins_into_the_log() -> None:
    plugins = Plugins(environ={})
    log = open_log("memory://", plugins=plugins)
    assert log.plugins is plugins


def test_open_log_loads_the_installed_plugins_by_default() -> None:
    log = open_log("memory://")
    assert log.plugins is not None
    assert {"memory", "sqlite"} <= set(log.plugins.storage_backends())


@pytest.mark.parametrize(
    "url", ["mysql://db/hom", "MEMORY://", "sqlite3:///hom.db", "://nothing", "fake://x"]
)
def test_an_unknown_scheme_is_a_store_error_listing_the_installed_schemes(
    url: str, here: Path
) -> None:
    with pytest.raises(StoreError) as caught:
        open_log(url)
    message = str(caught.value)
    assert f"no storage backend claims {url!r}" in message
    assert f"(installed: {installed()})" in message
    assert "use one of those schemes, or install (or enable) the plugin" in message
    assert isinstance(caught.value, HomError)
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "example"),
    [
        ("hom.sqlite3", "sqlite:///hom.sqlite3"),
        ("/var/lib/hom.db", "sqlite:////var/lib/hom.db"),
        ("memory:", "memory:// or sqlite:///hom.sqlite3"),
        ("sqlite:/x.db", "memory:// or sqlite:///hom.sqlite3"),
    ],
)
def test_a_url_without_a_scheme_is_a_store_error_saying_how_to_write_one(
    url: str, example: str, here: Path
) -> None:
    with pytest.raises(StoreError) as caught:
        open_log(url)
    message = str(caught.value)
    assert f"{url!r} is not a log URL, it has no '://'" in message
    assert f"(installed: {installed()})" in message
    assert message.endswith(f"write scheme://..., such as {example}")
    assert list(here.iterdir()) == []


def test_the_listed_schemes_are_those_of_the_given_plugins() -> None:
    class Plugin:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("zeta", lambda _: MemoryStore())]

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "zeta")
    with pytest.raises(StoreError, match=r"\(installed: zeta://\)"):
        open_log("memory://", plugins=plugins)
    assert isinstance(open_log("zeta://", plugins=plugins).store, MemoryStore)


def test_with_no_backend_at_all_the_message_says_none() -> None:
    with pytest.raises(StoreError, match=r"\(installed: none\)"):
        open_log("memory://", plugins=Plugins(entry_points=False))


def test_the_backend_receives_the_whole_url() -> None:
    opened: list[str] = []

    def open_store(url: str) -> MemoryStore:
        opened.append(url)
        return MemoryStore()

    class Plugin:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("spy", open_store)]

    plugins = Plugins(entry_points=False)
    plugins.register(Plugin(), "spy")
    open_log("spy://host/path?x=1#f", plugins=plugins)
    assert opened == ["spy://host/path?x=1#f"]
