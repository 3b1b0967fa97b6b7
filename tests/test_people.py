"""People (hom_core.people): opaque ids in the log, erasable details beside it. After a
person is forgotten (UK GDPR erasure) every question still has an answer, the person shows as
forgotten, and the hash chain of the log is untouched."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain_strategies import new_partnership
from hom_core import open_people
from hom_core.application import Partnership
from hom_core.domain import (
    FORGOTTEN,
    AppointRoleHolder,
    GiveNotice,
    MemoryPeople,
    PeopleStore,
    Person,
    Role,
    new_person_id,
)
from hom_core.errors import InvalidValueError
from hom_core.people import UNKNOWN, display_name
from hom_core.testing.strategies import join
from samples import FixedClock

HEAD = "head-of-st-marys"
CHAIR = "chair-of-st-marys"


def test_memory_people_put_get_and_update() -> None:
    people = MemoryPeople()
    assert isinstance(people, PeopleStore)
    assert people.get(HEAD) is None
    people.put(Person(HEAD, "Ann Smith", "ann@example.org"))
    assert people.get(HEAD) == Person(HEAD, "Ann Smith", "ann@example.org")
    people.put(Person(HEAD, "Ann Jones"))  # a new name replaces the old
    assert people.get(HEAD) == Person(HEAD, "Ann Jones")
    assert people.forgotten_on(HEAD) is None


def test_forgetting_erases_the_details_and_keeps_the_date() -> None:
    people = MemoryPeople()
    people.put(Person(HEAD, "Ann Smith", "ann@example.org"))
    people.put(Person(CHAIR, "Bob Brown"))
    people.forget(HEAD, date(2024, 5, 1))
    assert people.get(HEAD) is None
    assert people.forgotten_on(HEAD) == date(2024, 5, 1)
    assert people.get(CHAIR) == Person(CHAIR, "Bob Brown")  # nobody else is touched
    people.forget(HEAD, date(2024, 6, 1))  # asked twice: erased once, on the first date
    assert people.forgotten_on(HEAD) == date(2024, 5, 1)


def test_display_name_shows_the_name_forgotten_or_unknown() -> None:
    people = MemoryPeople()
    people.put(Person(HEAD, "Ann Smith"))
    assert display_name(people, HEAD) == "Ann Smith"
    assert display_name(people, "person-nobody-knows") == UNKNOWN
    assert display_name(people, None) == UNKNOWN
    people.forget(HEAD, date(2024, 5, 1))
    assert display_name(people, HEAD) == FORGOTTEN
    people.forget("person-never-recorded", date(2024, 5, 1))  # erased before being recorded
    assert display_name(people, "person-never-recorded") == FORGOTTEN
    assert FORGOTTEN != UNKNOWN


def test_a_forgotten_person_cannot_be_recorded_again_under_the_same_id() -> None:
    people = MemoryPeople()
    people.put(Person(HEAD, "Ann Smith"))
    people.forget(HEAD, date(2024, 5, 1))
    with pytest.raises(InvalidValueError, match="forgotten on 2024-05-01"):
        people.put(Person(HEAD, "Ann Smith"))
    assert people.get(HEAD) is None


@pytest.mark.parametrize(("person_id", "name"), [("", "Ann"), (HEAD, ""), (HEAD, "   ")])
def test_a_person_needs_an_id_and_a_name(person_id: str, name: str) -> None:
    with pytest.raises(InvalidValueError):
        Person(person_id, name)


def test_new_person_ids_are_fresh_and_say_nothing() -> None:
    ids = {new_person_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(person_id.startswith("person-") for person_id in ids)


@pytest.fixture(params=["memory", "sqlite"])
def people_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/hom.db"


def test_partnership_forget_leaves_every_question_answerable(people_url: str) -> None:
    """GDPR: the head of a member school is forgotten; projections still work and show it."""
    clock = FixedClock(datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
    log, _ = new_partnership(people_url, clock=clock)
    people = open_people(people_url)
    hom = Partnership(log, "hom", people=people)
    people.put(Person(HEAD, "Ann Smith", "ann@example.org"))
    people.put(Person(CHAIR, "Bob Brown"))
    hom.execute(join("st-marys", date(2013, 7, 10)))
    hom.execute(AppointRoleHolder("st-marys", Role.DEPUTY_HEAD, "deputy-1", date(2013, 9, 1)))
    hom.execute(GiveNotice("st-marys", date(2014, 9, 1)))
    day = date(2014, 10, 1)
    before_view = hom.as_of(day)
    before_members = before_view.members()
    assert before_view.name_of(HEAD) == "Ann Smith"
    head_before, chain_before = log.head(), log.verify()

    hom.forget(HEAD)

    view = hom.as_of(day)
    (member,) = view.members()
    assert view.name_of(member.holder_on(Role.HEAD, day)) == FORGOTTEN
    assert view.name_of(CHAIR) == "Bob Brown"
    assert view.name_of("deputy-1") == UNKNOWN  # never recorded in the store
    assert people.forgotten_on(HEAD) == date(2024, 5, 1)  # the log's clock, by default
    # every query still works, and answers as before
    assert view.members() == before_members
    assert [(m.member_id, d) for m, d in view.under_notice()] == [("st-marys", date(2014, 12, 31))]
    assert view.is_member("st-marys")
    assert hom.state().membership.members["st-marys"].memberships[0].head == HEAD
    assert hom.as_known_at(log.head()[0], day).members() == before_members
    assert hom.today().members() == []  # it left on 31 Dec 2014
    # the log is untouched: same head, and its hash chain still verifies
    assert log.head() == head_before
    report = log.verify()
    assert report.ok
    assert report == chain_before
    # nothing of the person's name is in the log
    assert all("Ann Smith" not in repr(recorded.event) for recorded in log.read_all())
    log.close()
    close = getattr(people, "close", None)
    if close is not None:
        close()


def test_partnership_forget_on_a_given_date() -> None:
    _, hom = new_partnership()
    hom.people.put(Person(HEAD, "Ann Smith"))
    hom.forget(HEAD, on=date(2020, 1, 2))
    assert hom.people.forgotten_on(HEAD) == date(2020, 1, 2)
    assert hom.as_of(date(2020, 1, 2)).name_of(HEAD) == FORGOTTEN
