"""Typos never become history (issue 16, section 2): a partnership id that was never formed
takes no command but its formation, in the library, in ``hom record`` and in ``hom import``."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import get_type_hints

import pytest

from cli_support import installed_plugins, ok, quick, sqlite_url, user_error
from hom_core import EventLog, RuleViolation, UnknownPartnershipError, UsageError, open_log
from hom_core.domain import FormPartnership, GiveNotice, Partnership
from hom_core.domain.partnership import formed_partnerships

HOM = "heart-of-manchester"
TYPO = "heart-of-manchster"
NOTICE = ("GiveNotice", "-f", "member_id=webster", "-f", "received_on=2015-03-02")


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite log where Heart of Manchester and Camden were formed."""
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(quick("init", "--url", url, "-p", HOM, "--name", "Heart of Manchester"))
    with open_log(url, plugins=installed_plugins()) as log:
        Partnership(log, "camden").execute(FormPartnership("Camden", date(2014, 1, 1)))
    return url


def _head(url: str) -> tuple[int, str]:
    with open_log(url, plugins=installed_plugins()) as log:
        return log.head()


def _refused_in_library(log: EventLog, partnership_id: str, command: object) -> RuleViolation:
    before = log.head()
    partnership = Partnership(log, partnership_id)
    with pytest.raises(UnknownPartnershipError) as caught:
        partnership.decide(command)
    with pytest.raises(UnknownPartnershipError):
        partnership.execute(command)
    assert log.head() == before
    return caught.value


def test_a_command_to_an_unformed_partnership_is_refused_naming_the_formed_ones(url: str) -> None:
    """Library: GiveNotice to a typo of the id is refused with the ids the log holds and the
    closest one, not blamed on the member; nothing is appended."""
    with open_log(url, plugins=installed_plugins()) as log:
        error = _refused_in_library(log, TYPO, GiveNotice("webster", date(2015, 3, 2)))
    assert isinstance(error, UsageError)
    assert error.formed == ("camden", HOM)
    assert error.rule == "M2"  # the rule the command breaks where nothing was formed
    assert str(error).startswith(
        f"the log holds no partnership {TYPO!r}: did you mean {HOM}? (it holds camden, {HOM})"
    )
    assert "never joined" not in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.partnership_id, copy.formed, copy.rule, str(copy)) == (
        TYPO,
        error.formed,
        "M2",
        str(error),
    )


def test_formation_is_the_one_command_an_unformed_partnership_takes(url: str) -> None:
    with open_log(url, plugins=installed_plugins()) as log:
        Partnership(log, "salford").execute(FormPartnership("Salford", date(2015, 1, 1)))
        assert formed_partnerships(log) == ("camden", HOM, "salford")


def test_a_pack_command_to_an_unformed_partnership_is_refused_with_the_pack_s_rule(
    url: str,
) -> None:
    """A domain pack's command too: the error cites the pack's rule for a partnership not yet
    formed (HAR1: the alliance reviews once it is formed)."""
    with open_log(url, plugins=installed_plugins()) as log:
        review = Partnership(log, HOM).command_types()["HoldReview"]
        low = get_type_hints(review)["capacity"]("low")
        command = review("st-marys", "St Mary's", date(2015, 1, 1), ("Reading",), low)
        error = _refused_in_library(log, "harmony", command)
    assert error.rule == "HAR1"
    assert "did you mean" not in str(error)  # nothing close to 'harmony'


def test_hom_record_to_a_typo_suggests_the_formed_id(url: str) -> None:
    """``hom record -p heart-of-manchster``: one line suggesting heart-of-manchester."""
    before = _head(url)
    line = user_error(quick("record", "--url", url, "-p", TYPO, *NOTICE))
    assert line.startswith(f"hom: the log holds no partnership {TYPO!r}: did you mean {HOM}?")
    dry = user_error(quick("record", "--url", url, "-p", TYPO, *NOTICE, "--dry-run"))
    assert dry == line
    assert _head(url) == before


def test_hom_status_of_a_typo_suggests_the_formed_id(url: str) -> None:
    line = user_error(quick("status", "--url", url, "-p", TYPO))
    assert f"did you mean {HOM}?" in line


_NOTICE_LINE = {
    "event": "hom.notice_given",
    "payload": {"member_id": "webster", "received_on": "2015-03-02", "leaves_on": "2015-08-31"},
}


def _history(tmp_path: Path, *lines: object) -> str:
    path = tmp_path / "history.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return str(path)


def test_hom_import_to_a_typo_records_nothing(url: str, tmp_path: Path) -> None:
    """``hom import -p heart-of-manchster``: refused at the first line, nothing recorded (it
    recorded events into a new stream for ever)."""
    before = _head(url)
    path = _history(tmp_path, _NOTICE_LINE, _NOTICE_LINE)
    for mode in ((), ("--atomic",)):
        line = user_error(quick("import", path, "--url", url, "-p", TYPO, *mode))
        assert line.startswith(f"hom: {path}:1: the log holds no partnership {TYPO!r}")
        assert f"did you mean {HOM}?" in line
        assert line.endswith("nothing was imported: fix line 1 and run the same command again")
    assert _head(url) == before


def test_an_event_line_naming_an_unformed_partnership_stream_is_refused(
    url: str, tmp_path: Path
) -> None:
    before = _head(url)
    line = {**_NOTICE_LINE, "stream": f"partnership/{TYPO}"}
    path = _history(tmp_path, line)
    assert f"did you mean {HOM}?" in user_error(quick("import", path, "--url", url))
    assert _head(url) == before


def test_a_history_that_forms_its_partnership_first_is_imported(url: str, tmp_path: Path) -> None:
    """An import may bring a partnership's whole history, its formation first: as an event
    line or as a FormPartnership command line."""
    formed = {
        "event": "hom.partnership_formed",
        "payload": {"name": "Salford", "formed_on": "2013-07-01"},
    }
    ok(quick("import", _history(tmp_path, formed, _NOTICE_LINE), "--url", url, "-p", "salford"))
    command = {"command": "FormPartnership", "fields": {"name": "Bury", "formed_on": "2014-01-01"}}
    ok(quick("import", _history(tmp_path, command), "--url", url, "-p", "bury"))
    with open_log(url, plugins=installed_plugins()) as log:
        assert formed_partnerships(log) == ("bury", "camden", HOM, "salford")
