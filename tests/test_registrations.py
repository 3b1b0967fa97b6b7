"""The records registration hooks return validate themselves and are frozen."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from hom_core import Exporter, HomError, MemoryStore, Notifier, PluginError, StorageBackend


def open_memory(url: str) -> MemoryStore:
    return MemoryStore()


def write(*_: Any) -> None:
    pass


def deliver(*_: Any) -> None:
    pass


# -- StorageBackend ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["sqlite", "memory", "s3", "sqlite+wal", "git.ssh", "x-y"])
def test_storage_backend_accepts_url_schemes(scheme: str) -> None:
    backend = StorageBackend(scheme, open_memory)
    assert backend.scheme == scheme
    assert backend.open is open_memory
    assert backend.description == ""


@pytest.mark.parametrize(
    "scheme",
    ["sql:ite", "", "SQLite", "sqlite://", "1sql", "-sql", "sq lite", "sqlite/x", "sqlite\n", None],
)
def test_storage_backend_rejects_bad_schemes(scheme: Any) -> None:
    with pytest.raises(PluginError, match=r"scheme .* is not valid: use a URL scheme") as caught:
        StorageBackend(scheme, open_memory)
    assert isinstance(caught.value, HomError)


@pytest.mark.parametrize("opener", [None, "hom_plugins.storage.memory:_open", 42])
def test_storage_backend_rejects_a_non_callable_open(opener: Any) -> None:
    with pytest.raises(PluginError, match=r"StorageBackend\.open must be callable"):
        StorageBackend("memory", opener)


def test_storage_backend_rejects_a_non_text_description() -> None:
    with pytest.raises(PluginError, match="description must be a string"):
        StorageBackend("memory", open_memory, description=None)  # type: ignore[arg-type]


# -- Exporter ------------------------------------------------------------------------------


def test_exporter_keeps_its_fields() -> None:
    exporter = Exporter("members-csv", "text/csv", ".csv", write=write, description="members")
    assert (exporter.name, exporter.media_type, exporter.suffix) == (
        "members-csv",
        "text/csv",
        ".csv",
    )
    assert exporter.write is write
    Exporter("report_v2", "text/csv; charset=utf-8", ".tar.gz", write=write)


@pytest.mark.parametrize(
    "name", ["", "Members", "members csv", "1csv", "-csv", "csv.x", "csv\n", None]
)
def test_exporter_rejects_bad_names(name: Any) -> None:
    with pytest.raises(PluginError, match=r"name .* is not valid"):
        Exporter(name, "text/csv", ".csv", write=write)


@pytest.mark.parametrize("media_type", ["", "csv", "text/", "/csv", "text csv/x", "text/csv\n"])
def test_exporter_rejects_bad_media_types(media_type: str) -> None:
    with pytest.raises(PluginError, match=r"media type .* is not valid: use a MIME type"):
        Exporter("members", media_type, ".csv", write=write)


@pytest.mark.parametrize("suffix", ["", "csv", ".", "./csv", ". csv", ".csv\n"])
def test_exporter_rejects_bad_suffixes(suffix: str) -> None:
    with pytest.raises(PluginError, match=r"suffix .* is not valid: use a file suffix"):
        Exporter("members", "text/csv", suffix, write=write)


@pytest.mark.parametrize("function", [None, "write", b"x"])
def test_exporter_rejects_a_non_callable_write(function: Any) -> None:
    with pytest.raises(PluginError, match=r"Exporter\.write must be callable"):
        Exporter("members", "text/csv", ".csv", write=function)


# -- Notifier ------------------------------------------------------------------------------


def test_notifier_keeps_its_fields() -> None:
    notifier = Notifier("slack", deliver=deliver, description="posts to #hom")
    assert (notifier.name, notifier.deliver, notifier.description, notifier.event_types) == (
        "slack",
        deliver,
        "posts to #hom",
        None,  # every event
    )


@pytest.mark.parametrize(
    "names", [["hom.notice_given"], ("hom.notice_given",), {"hom.notice_given": 1}]
)
def test_notifier_keeps_its_event_types_as_a_frozen_set(names: Any) -> None:
    notifier = Notifier("slack", deliver=deliver, event_types=names)
    assert notifier.event_types == frozenset({"hom.notice_given"})


@pytest.mark.parametrize("names", ["hom.notice_given", 1, [""], [None], ["a", 2]])
def test_notifier_rejects_event_types_that_are_not_names(names: Any) -> None:
    with pytest.raises(PluginError, match=r"Notifier\.event_types"):
        Notifier("slack", deliver=deliver, event_types=names)


@pytest.mark.parametrize("name", ["", "Slack", "e mail", "_slack", "slack\n", None])
def test_notifier_rejects_bad_names(name: Any) -> None:
    with pytest.raises(PluginError, match=r"name .* is not valid"):
        Notifier(name, deliver=deliver)


@pytest.mark.parametrize("function", [None, "deliver", 1])
def test_notifier_rejects_a_non_callable_deliver(function: Any) -> None:
    with pytest.raises(PluginError, match=r"Notifier\.deliver must be callable"):
        Notifier("slack", deliver=function)


# -- frozen --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        (StorageBackend("memory", open_memory), "scheme", "other"),
        (StorageBackend("memory", open_memory), "open", deliver),
        (Exporter("members", "text/csv", ".csv", write=write), "name", "other"),
        (Exporter("members", "text/csv", ".csv", write=write), "suffix", ".txt"),
        (Notifier("slack", deliver=deliver), "name", "other"),
        (Notifier("slack", deliver=deliver), "deliver", write),
    ],
)
def test_records_are_frozen(record: object, field: str, value: object) -> None:
    before = getattr(record, field)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, field, value)
    assert getattr(record, field) is before


def test_records_compare_and_hash_by_value() -> None:
    assert StorageBackend("memory", open_memory) == StorageBackend("memory", open_memory)
    assert StorageBackend("memory", open_memory) != StorageBackend("memory", MemoryStore)
    assert len({Notifier("slack", deliver), Notifier("slack", deliver)}) == 1


def test_evolving_a_record_validates_again() -> None:
    backend = StorageBackend("memory", open_memory)
    with pytest.raises(PluginError, match="scheme"):
        attrs.evolve(backend, scheme="Not:Valid")
