"""``hom people add / list / show``: names for the person ids of a partnership kept from the
terminal; ``hom forget`` stays the only way to remove one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import ok, run, sqlite_url, user_error
from hom_core import open_people


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite log whose partnership ``hom`` has one school, its head unnamed."""
    log_url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(run("init", "--url", log_url, "-p", "hom", "--name", "HOM", "--formed-on", "2013-07-01"))
    fields = [
        "member_id=webster",
        "name=Webster Primary",
        "kind=primary",
        "head=head-of-webster",
        "chair_of_governors=chair-of-webster",
        "partnership_chair=the-chair",
        "signed_on=2013-07-10",
    ]
    ok(
        run(
            "record",
            "JoinPartnership",
            *(f"--field={f}" for f in fields),
            "--url",
            log_url,
            "-p",
            "hom",
        )
    )
    return log_url


def test_add_names_a_person_the_log_knows_by_id(url: str) -> None:
    printed = ok(run("people", "add", "head-of-webster", "--name", "Ms A. Okafor", "--url", url))
    assert printed == "head-of-webster: Ms A. Okafor\n"
    person = open_people(url).get("head-of-webster")
    assert person is not None
    assert person.name == "Ms A. Okafor"


def test_add_without_an_id_makes_a_new_opaque_one(url: str) -> None:
    printed = json.loads(
        ok(run("people", "add", "--name", "Mr B", "--email", "b@x.org", "--url", url, "--json"))
    )
    assert printed["person_id"].startswith("person-")
    assert printed["contact"] == "b@x.org"


def test_list_shows_who_is_still_unknown(url: str) -> None:
    ok(run("people", "add", "head-of-webster", "--name", "Ms A. Okafor", "--url", url))
    rows = json.loads(ok(run("people", "list", "--url", url, "-p", "hom", "--json")))
    names = {row["person"]: (row["name"], row["role"]) for row in rows}
    assert names == {
        "head-of-webster": ("Ms A. Okafor", "head"),
        "chair-of-webster": ("(unknown)", "chair of governors"),
        "the-chair": ("(unknown)", "partnership chairperson"),
    }


def test_show_gives_the_name_and_the_roles(url: str) -> None:
    ok(run("people", "add", "head-of-webster", "--name", "Ms A. Okafor", "--url", url))
    printed = ok(run("people", "show", "head-of-webster", "--url", url, "-p", "hom"))
    assert printed == "head-of-webster: Ms A. Okafor\n  head at webster from 2013-07-10\n"


def test_show_of_a_forgotten_person_says_so_and_forget_is_the_way_to_remove(url: str) -> None:
    ok(run("people", "add", "head-of-webster", "--name", "Ms A. Okafor", "--url", url))
    ok(run("forget", "head-of-webster", "--yes", "--url", url))
    printed = ok(run("people", "show", "head-of-webster", "--url", url, "-p", "hom"))
    assert printed.startswith("head-of-webster: (forgotten)\nforgotten on ")
    message = user_error(run("people", "add", "head-of-webster", "--name", "Again", "--url", url))
    assert "was forgotten on" in message
    assert "remove" not in ok(run("people", "--help"))  # no command but forget removes anyone


def test_show_of_an_unknown_id_is_a_user_error(url: str) -> None:
    message = user_error(run("people", "show", "nobody", "--url", url, "-p", "hom"))
    assert message.startswith("hom: no person 'nobody'")
