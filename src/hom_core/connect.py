"""Open a log from a URL; the plugin that claims the URL's scheme provides the store.

============================  =================================================
``memory://``                 in-memory store (nothing survives the process)
``sqlite:///relative.db``     SQLite file relative to the working directory
``sqlite:////abs/path.db``    SQLite file at an absolute path
``jsonl:///events.jsonl``     one JSON line per event, one writing process
``postgresql://u@host/db``    PostgreSQL (the ``postgres`` extra)
(no URL)                      :data:`DEFAULT_URL`, a SQLite file here
============================  =================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hom_core.codec import Codec, make_converter
from hom_core.errors import StoreError
from hom_core.events import EventType
from hom_core.log import Clock, EventLog, utc_now
from hom_core.plugins import Plugins
from hom_core.registrations import StorageBackend
from hom_core.store import Store

if TYPE_CHECKING:
    from hom_core.people import PeopleStore

__all__ = ["DEFAULT_URL", "open_log", "open_people"]

DEFAULT_URL = "sqlite:///hom.sqlite3"
"""The log opened when no URL is given: ``hom.sqlite3`` in the working directory."""


def open_log(
    url: str | None = None,
    *,
    plugins: Plugins | None = None,
    event_types: Iterable[EventType] = (),
    clock: Clock = utc_now,
    actor: str = "system",
    create: bool = True,
    read_only: bool = False,
) -> EventLog:
    """Open the log at ``url`` with the installed plugins (or the given ``plugins``).

    ``event_types`` adds types beside those the plugins register (for scripts and tests that
    define their own). Raises :class:`~hom_core.errors.StoreError` when no plugin claims the
    scheme. With ``create=False`` the log must exist already and nothing is created or changed
    by opening it (:class:`~hom_core.errors.LogNotFoundError` when there is none): what reading
    uses, since reading never writes. A ``read_only`` log (which must exist) also refuses
    appends and saves no snapshot as it loads projections (see :class:`~hom_core.log.EventLog`).
    """
    url = url or DEFAULT_URL
    plugins = Plugins() if plugins is None else plugins
    backend = _backend(url, plugins)
    converter = make_converter()
    plugins.configure_converter(converter)
    codec = Codec(plugins.event_types(event_types), converter)
    store = _open_store(backend, url, create and not read_only)
    return EventLog(store, codec, clock=clock, actor=actor, plugins=plugins, read_only=read_only)


def open_people(
    url: str | None = None, *, plugins: Plugins | None = None, create: bool = True
) -> PeopleStore:
    """Open the erasable people store kept beside the log at ``url`` (same URL as the log).

    Raises :class:`~hom_core.errors.StoreError` when the backend keeps no people store. With
    ``create=False`` the log must exist already (:class:`~hom_core.errors.LogNotFoundError`
    otherwise), as for :func:`open_log`.
    """
    url = url or DEFAULT_URL
    backend = _backend(url, Plugins() if plugins is None else plugins)
    if backend.open_people is None:
        raise StoreError(
            f"the {backend.scheme}:// backend keeps no people store: pass a PeopleStore of your "
            "own (hom_core.domain.MemoryPeople for tests), or use a sqlite:/// log"
        )
    if not create and backend.open_existing is not None:
        backend.open_existing(url).close()  # raises when there is no log, creating nothing
    return backend.open_people(url)


def _open_store(backend: StorageBackend, url: str, create: bool) -> Store:
    if create or backend.open_existing is None:
        return backend.open(url)
    return backend.open_existing(url)


def _backend(url: str, plugins: Plugins) -> StorageBackend:
    if "\x00" in url:  # not shown: the URL may hold a password
        raise StoreError(
            f"the log URL holds a NUL character (character {url.index(chr(0)) + 1}), which no "
            "file name or server address can hold: check the URL"
        )
    scheme, separator, _ = url.partition("://")
    backends = plugins.storage_backends()
    if separator and scheme in backends:
        return backends[scheme]
    known = ", ".join(f"{name}://" for name in sorted(backends)) or "none"
    if not separator:
        example = "memory:// or sqlite:///hom.sqlite3" if ":" in url else f"sqlite:///{url}"
        raise StoreError(
            f"{url!r} is not a log URL, it has no '://' (installed: {known}): write "
            f"scheme://..., such as {example}"
        )
    raise StoreError(
        f"no storage backend claims {url!r} (installed: {known}): use one of those schemes, "
        "or install (or enable) the plugin that provides this one"
    )
