"""The people store beside the log (hom_plugins.storage.sqlite_people): erasure really erases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hom_core import StoreError, open_people
from hom_core.errors import InvalidValueError
from hom_core.people import FORGOTTEN, MemoryPeople, Person, display_name
from hom_plugins.storage.sqlite_people import SQLitePeople

NAME = "Philippa Quist-Ansah"  # a name that appears nowhere else in the file


def _files(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "hom.sqlite3"


def test_people_live_beside_the_log_under_the_same_url(db: Path) -> None:
    people = open_people(f"sqlite:///{db}")
    assert isinstance(people, SQLitePeople)
    people.put(Person("person-1", NAME, "head@school.example"))
    again = open_people(f"sqlite:///{db}")
    assert again.get("person-1") == Person("person-1", NAME, "head@school.example")
    assert isinstance(open_people("memory://"), MemoryPeople)


def test_forget_erases_the_name_from_the_file_and_its_wal(db: Path) -> None:
    """UK GDPR right to erasure: the bytes of the name are gone, not merely unlinked."""
    people = SQLitePeople(str(db))
    people.put(Person("person-1", NAME, "head@school.example"))
    people.put(Person("person-2", "Someone Else"))
    assert NAME.encode() in _files(db)
    people.forget("person-1", date(2026, 11, 1))
    assert NAME.encode() not in _files(db)
    assert b"head@school.example" not in _files(db)
    assert people.get("person-1") is None
    assert people.forgotten_on("person-1") == date(2026, 11, 1)
    assert display_name(people, "person-1") == FORGOTTEN
    assert display_name(people, "person-2") == "Someone Else"


def test_a_forgotten_person_cannot_be_recorded_again_under_the_same_id(db: Path) -> None:
    people = SQLitePeople(str(db))
    people.put(Person("person-1", NAME))
    people.forget("person-1", date(2026, 11, 1))
    with pytest.raises(InvalidValueError, match="new id"):
        people.put(Person("person-1", NAME))


def test_a_backend_without_a_people_store_says_what_to_do() -> None:
    from hom_core import Plugins, StorageBackend, hookimpl
    from hom_core.memory import MemoryStore

    class Bare:
        @hookimpl
        def hom_storage_backends(self) -> list[StorageBackend]:
            return [StorageBackend("bare", lambda _: MemoryStore())]

    plugins = Plugins(entry_points=False)
    plugins.register(Bare(), "bare")
    with pytest.raises(StoreError, match="keeps no people store"):
        open_people("bare://", plugins=plugins)
