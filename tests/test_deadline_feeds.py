"""A head's feed of deadlines: the obligations whose role a person holds on the day (G2, G3, G7,
F1, F4), or one role's, with the whole feed's UIDs; ``hom export deadlines --for`` and
``--role``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import icalendar
import pytest

from cli_support import PARTNERSHIP, example, ok, quick, sqlite_url, user_error
from export_support import export, shared_heart_of_manchester
from hom_core import open_log, open_people
from hom_core.application import Partnership
from hom_core.application.agenda import Audience, holders, obligations
from hom_core.errors import UsageError
from hom_core.obligations import (
    BANKER,
    CHAIR,
    GROUP_CHAIR,
    HEAD,
    STRATEGIC_GROUP,
    Obligation,
    Responsibility,
    Status,
)

ROTATED = date(2016, 9, 1)
"""Heart of Manchester: the chair passes from St Margaret's to Webster, and Claremont takes over
as banker from Rolls Crescent."""


def head(school: str) -> str:
    return f"person-{school}-head"


def uid(key: str) -> str:
    return f"deadline/{key}/{PARTNERSHIP}@hom"


def parsed(data: bytes) -> tuple[str, dict[str, icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    return str(calendar["x-wr-calname"]), events


def feed(audience: Audience, day: date) -> tuple[str, dict[str, icalendar.Event]]:
    hom = shared_heart_of_manchester()
    assert hom.log.plugins is not None
    write_for = hom.log.plugins.exporters()["deadlines"].write_for
    assert write_for is not None
    out = io.BytesIO()
    write_for(hom, out, day, audience)
    return parsed(out.getvalue())


def open_keys(day: date, wanted: Responsibility | str) -> set[str]:
    """The UIDs of the obligations not done on ``day`` that name ``wanted`` (a role, or a role
    of one member or group)."""
    view = shared_heart_of_manchester().as_of(day)
    return {
        uid(each.key)
        for _, each in obligations(view)
        if each.status_on(day) is not Status.DONE
        and wanted in (each.responsibility, each.responsibility.role)
    }


def test_g2_g7_each_role_is_held_on_the_day_by_the_person_the_record_names() -> None:
    """G2: the chair is the head of the chair's school; F4: the banker's head acts for it; G3:
    the deputies' group is chaired by the deputy head of the chair's school; the strategic group
    is every member school's head. Each follows the record across the rotation."""
    hom = shared_heart_of_manchester()
    before, after = hom.as_of(ROTATED.replace(day=1, month=8)), hom.as_of(ROTATED)
    assert holders(before, Responsibility(CHAIR)) == {head("st-margarets")}
    assert holders(after, Responsibility(CHAIR)) == {head("webster")}
    assert holders(before, Responsibility(BANKER)) == {head("rolls-crescent")}
    assert holders(after, Responsibility(BANKER)) == {head("claremont")}
    assert holders(before, Responsibility(GROUP_CHAIR, "deputies")) == {
        "person-st-margarets-deputy_head"
    }
    assert holders(after, Responsibility(GROUP_CHAIR, "deputies")) == {"person-webster-deputy_head"}
    assert holders(before, Responsibility(HEAD, "claremont")) == {head("claremont")}
    schools = [member for member in after.members() if member.kind.is_school]
    assert holders(after, Responsibility(STRATEGIC_GROUP)) == {
        head(member.member_id) for member in schools
    }
    assert holders(after, Responsibility("teaching-school-alliance")) == frozenset()
    assert holders(after, Responsibility(GROUP_CHAIR, "no-such-group")) == frozenset()


def test_g7_a_heads_feed_holds_what_their_roles_ask_with_the_whole_feeds_uids() -> None:
    """G7: the head of St Margaret's, in the chair, is asked for their school's report to
    governors and the annual meeting; not for another school's report, nor (F1) the banker's
    call. Every UID is the whole feed's."""
    day = date(2016, 2, 1)
    name, events = feed(Audience(head("st-margarets")), day)
    assert name == "Heart of Manchester Partnership for Head, St Margaret's CE Primary"
    _, whole = parsed(export(shared_heart_of_manchester(), "deadlines", day))
    assert set(events) < set(whole)
    for key, event in events.items():
        assert event.to_ical() == whole[key].to_ical()
    own = open_keys(day, Responsibility(HEAD, "st-margarets"))
    chair = open_keys(day, Responsibility(CHAIR))
    group = open_keys(day, Responsibility(STRATEGIC_GROUP))
    assert own
    assert chair
    assert group
    assert own | chair | group <= set(events)
    assert not open_keys(day, Responsibility(HEAD, "claremont")) & set(events)
    assert not open_keys(day, Responsibility(BANKER)) & set(events)
    _, banker = feed(Audience(head("rolls-crescent")), day)
    assert open_keys(day, Responsibility(BANKER)) <= set(banker)


def test_g2_the_chairs_obligations_pass_to_the_next_head_with_the_same_uid() -> None:
    """G2, F4: after the rotation the annual meeting is the new chair's and the call the new
    banker's, under the same UID; a head's feed keeps its UIDs from day to day."""
    meeting = uid("G7/direction-meeting/2017-07-03")
    call = uid("F1/call/2017-18/2017-04-01")
    _, margaret_before = feed(Audience(head("st-margarets")), date(2016, 8, 20))
    _, margaret_after = feed(Audience(head("st-margarets")), date(2016, 9, 10))
    _, webster_after = feed(Audience(head("webster")), date(2016, 9, 10))
    _, claremont_after = feed(Audience(head("claremont")), date(2016, 9, 10))
    assert meeting in margaret_before
    assert meeting not in margaret_after
    assert meeting in webster_after
    assert call in claremont_after
    for key in set(margaret_before) & set(margaret_after):
        assert margaret_before[key]["dtstart"].to_ical() == margaret_after[key]["dtstart"].to_ical()


def test_g7_a_roles_feed_is_every_obligation_naming_the_role() -> None:
    """G7, F1: ``--role head`` is each school's own: its reports to governors and its payments,
    whoever the head is."""
    day = date(2016, 2, 1)
    name, events = feed(Audience(role=HEAD), day)
    assert name.endswith(" for role head")
    assert set(events) == open_keys(day, HEAD)
    assert {str(event["summary"]).split(":")[0] for event in events.values()} == {"G7"}
    _, both = feed(Audience(head("webster"), HEAD), day)
    assert set(both) == open_keys(day, Responsibility(HEAD, "webster"))


def test_an_obligation_that_names_no_role_takes_its_words_as_its_role() -> None:
    obligation = Obligation(
        "X1", "boil", "Service the boiler", date(2020, 1, 1), date(2020, 2, 1), "caretaker", None
    )
    assert obligation.responsibility == Responsibility("caretaker")
    day = date(2016, 2, 1)
    view = shared_heart_of_manchester().as_of(day)
    assert Audience(role="caretaker").concerns(view, obligation)
    assert not Audience(head("webster")).concerns(view, obligation)


@pytest.mark.parametrize(
    ("audience", "message"),
    [
        (Audience("person-nobody"), "no one with the id 'person-nobody' has held a role"),
        (Audience(role="heads"), "no obligation names the role 'heads': the roles are"),
    ],
)
def test_an_unknown_person_or_role_is_refused_rather_than_an_empty_feed(
    audience: Audience, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        feed(audience, date(2016, 2, 1))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite log holding the Heart of Manchester history (examples/), recorded once."""
    url = sqlite_url(tmp_path_factory.mktemp("feeds") / "hom.sqlite3")
    with open_log(url) as log:
        example().record(Partnership(log, PARTNERSHIP, people=open_people(url)))
    return url


def test_g7_hom_export_deadlines_for_a_head_writes_their_feed(source: str, tmp_path: Path) -> None:
    day = ("--as-of", "2016-02-01")
    common = ("export", "deadlines", "--url", source, "-p", PARTNERSHIP, *day)
    out = tmp_path / "head.ics"
    ok(quick(*common, "--for", head("st-margarets"), "-o", str(out)))
    name, events = parsed(out.read_bytes())
    assert name.endswith("for Head, St Margaret's CE Primary")
    assert uid("G7/direction-meeting/2016-07-03") in events
    _, heads = parsed(ok(quick(*common, "--role", "head")).encode())
    assert set(heads) == open_keys(date(2016, 2, 1), HEAD)
    assert all(str(event["summary"]).startswith("G7:") for event in heads.values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("deadlines", "--for", "person-nobody"), "no one with the id 'person-nobody'"),
        (("deadlines", "--role", "heads"), "no obligation names the role 'heads'"),
        (("ical", "--for", "person-claremont-head"), "the ical exporter writes the whole"),
    ],
)
def test_a_feed_for_no_one_known_is_one_line_and_writes_nothing(
    source: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "feed.ics"
    command = ("export", *args, "--url", source, "-p", PARTNERSHIP, "-o", str(out))
    assert message in user_error(quick(*command))
    assert not out.exists()
