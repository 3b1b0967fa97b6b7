"""People: opaque ids in the log, names and contact details in an erasable store beside it.

Headteachers, deputies, chairs of governors and staff representatives are people, and UK GDPR
gives them the right to erasure. The log is append-only and hash-chained, so personal data never
enters it: events carry a :data:`PersonId`, and the name and contact details live in a
:class:`PeopleStore`. :meth:`PeopleStore.forget` erases them; every projection and export still
works and shows the person as forgotten (:data:`FORGOTTEN`), and the hash chain still verifies
because nothing in the log changed.
"""

from __future__ import annotations

import threading
import uuid
from datetime import date
from typing import Protocol, runtime_checkable

import attrs

from hom_core.errors import InvalidValueError

__all__ = [
    "FORGOTTEN",
    "UNKNOWN",
    "MemoryPeople",
    "PeopleStore",
    "Person",
    "PersonId",
    "display_name",
    "new_person_id",
    "refuse_forgotten",
]

PersonId = str
"""An opaque id for a person, such as ``"person-3f2a..."``: the only thing the log holds of them."""

FORGOTTEN = "(forgotten)"
"""What is shown instead of the name of a person whose data was erased."""

UNKNOWN = "(unknown)"
"""What is shown for a person id the store has never held."""


def new_person_id() -> PersonId:
    """A fresh, random person id that says nothing about the person."""
    return f"person-{uuid.uuid4().hex}"


def _non_empty(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"a person's {attribute.name} must be a non-empty string")


@attrs.frozen
class Person:
    """A person's erasable details. ``contact`` is free text (an email address, a phone)."""

    person_id: PersonId = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    contact: str | None = None


@runtime_checkable
class PeopleStore(Protocol):
    """Where personal data lives, outside the log. Backends: memory, and SQLite beside the log."""

    def put(self, person: Person) -> None:
        """Record or update a person's details; raises if the person was forgotten."""
        ...

    def get(self, person_id: PersonId) -> Person | None:
        """The person's details, or ``None`` when unknown or forgotten."""
        ...

    def forget(self, person_id: PersonId, on: date) -> None:
        """Erase the person's details for good, keeping only the id and the date of erasure."""
        ...

    def forgotten_on(self, person_id: PersonId) -> date | None:
        """When the person's details were erased, or ``None``."""
        ...


def display_name(people: PeopleStore, person_id: PersonId | None) -> str:
    """The name to show for ``person_id``: the name, :data:`FORGOTTEN` or :data:`UNKNOWN`."""
    if person_id is None:
        return UNKNOWN
    person = people.get(person_id)
    if person is not None:
        return person.name
    return FORGOTTEN if people.forgotten_on(person_id) is not None else UNKNOWN


def refuse_forgotten(person_id: PersonId, forgotten: date) -> InvalidValueError:
    """The error for recording details of someone who was forgotten."""
    return InvalidValueError(
        f"{person_id} was forgotten on {forgotten}: their details cannot be recorded again "
        "under the same id; record the person afresh with a new id if they consent"
    )


class MemoryPeople:
    """A :class:`PeopleStore` in memory, for tests and throw-away logs."""

    def __init__(self) -> None:
        self._people: dict[PersonId, Person] = {}
        self._forgotten: dict[PersonId, date] = {}
        self._lock = threading.Lock()

    def put(self, person: Person) -> None:
        with self._lock:
            forgotten = self._forgotten.get(person.person_id)
            if forgotten is not None:
                raise refuse_forgotten(person.person_id, forgotten)
            self._people[person.person_id] = person

    def get(self, person_id: PersonId) -> Person | None:
        return self._people.get(person_id)

    def forget(self, person_id: PersonId, on: date) -> None:
        with self._lock:
            self._people.pop(person_id, None)
            self._forgotten.setdefault(person_id, on)

    def forgotten_on(self, person_id: PersonId) -> date | None:
        return self._forgotten.get(person_id)
