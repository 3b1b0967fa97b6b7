"""``hom city``: the city's figures from the logs given, in memory; the PostgreSQL table is
tested in test_city_postgres.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cli_support import installed_plugins, ok, quick, sqlite_url, user_error
from hom_core import open_log
from hom_core.application import Partnership
from hom_core.domain import (
    CallContributions,
    FinancialYear,
    FormPartnership,
    JoinPartnership,
    Money,
    OrganisationKind,
    RecordPayment,
    SubmitCensus,
)


def _record(url: str, partnership_id: str, paid: int) -> None:
    """A partnership of two schools called for £200 each (100 FTE at £2), ``paid`` pounds paid."""
    with open_log(url, plugins=installed_plugins()) as log:
        hom = Partnership(log, partnership_id)
        hom.execute(FormPartnership(partnership_id.title(), date(2019, 7, 1)))
        for member_id in ("a", "b"):
            hom.execute(
                JoinPartnership(
                    member_id,
                    member_id.upper(),
                    OrganisationKind.PRIMARY,
                    head="head",
                    chair_of_governors="chair",
                    partnership_chair="chair",
                    signed_on=date(2019, 7, 10),
                )
            )
            hom.execute(SubmitCensus(member_id, date(2020, 1, 16), 100, 0, date(2020, 1, 16)))
        hom.execute(CallContributions(FinancialYear(2020), date(2020, 4, 1)))
        if paid:
            year = FinancialYear(2020)
            hom.execute(RecordPayment("a", year, Money.pounds(paid), date(2020, 4, 20)))


def test_the_figures_of_two_logs(tmp_path: Path) -> None:
    """Two logs, one with two partnerships: six schools reached, £1,200 called less £150 paid."""
    first, second = sqlite_url(tmp_path / "one.sqlite3"), sqlite_url(tmp_path / "two.sqlite3")
    _record(first, "camden", 100)
    _record(first, "islington", 0)
    _record(second, "hackney", 50)
    answer = json.loads(
        ok(quick("city", "--source", first, "--source", second, "--json", "--each"))
    )
    assert answer["schools_reached"] == 6
    assert answer["owed"] == "1050.00"
    assert answer["partnerships"] == 3
    assert answer["each"]["camden"] == {"schools": 2, "owed_pence": 30000}
    text = ok(quick("city", "--source", first))
    assert "schools reached: 4" in text
    assert "money owed: £700.00" in text


def test_a_missing_log_is_one_line_and_nothing_is_created(tmp_path: Path) -> None:
    """Reading never writes: a log that is not there is refused, and not created."""
    missing = tmp_path / "missing.sqlite3"
    assert "missing.sqlite3" in user_error(quick("city", "--source", sqlite_url(missing)))
    assert not missing.exists()


def test_the_model_is_kept_only_in_postgresql(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "one.sqlite3")
    _record(url, "camden", 0)
    message = user_error(quick("city", "--source", url, "--into", url))
    assert "postgresql://" in message
