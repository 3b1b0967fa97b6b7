"""How ``hom`` reports a user error (issue 16, section 2): one line on stderr and exit 2; with
``--json`` that line is one JSON object (stdout stays empty, for results only); an export to a
missing directory names the directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cli_support import quick, user_error
from hom_core.cli.app import error_document

HOM = "hom"


@pytest.fixture
def url(hom_url: str) -> str:
    return hom_url


def json_error(result: Result) -> dict[str, Any]:
    """The JSON error a run printed: one line on stderr, nothing on stdout, exit 2."""
    line = user_error(result)
    document = json.loads(line)
    assert set(document) == {"error"}
    error: dict[str, Any] = document["error"]
    assert error["exit_status"] == 2
    return error


def test_with_json_a_hom_error_is_one_json_object_with_its_fields(url: str) -> None:
    """--json: the error too is JSON, with its class, its family and its own fields."""
    args = ("record", "GiveNotice", "-f", "member_id=w", "-f", "received_on=2015-03-02")
    error = json_error(quick(*args, "--url", url, "-p", "hmo", "--json"))
    assert error["type"] == "UnknownPartnershipError"
    assert error["types"] == ["UnknownPartnershipError", "RuleViolation", "UsageError", "HomError"]
    assert error["details"] == {"partnership_id": "hmo", "formed": ["hom"], "rule": "M2"}
    plain = user_error(quick(*args, "--url", url, "-p", "hmo"))
    assert error["message"] == plain


def test_with_json_a_rule_violation_gives_its_rule(url: str) -> None:
    args = ("record", "GiveNotice", "-f", "member_id=w", "-f", "received_on=2015-03-02")
    error = json_error(quick(*args, "--url", url, "-p", HOM, "--json"))
    assert (error["type"], error["details"]["rule"]) == ("RuleViolation", "M2")
    assert error["message"].startswith("hom: [M2] ")


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2018-W03-4", "--json"),  # a bad option value (click)
        ("status", "--json", "--no-such-option"),
        ("export", "nope", "--json"),
        ("record", "GiveNotice", "-f", "member_id=\udcff", "--json"),  # not UTF-8
    ],
)
def test_with_json_usage_errors_are_json_too(url: str, args: tuple[str, ...]) -> None:
    error = json_error(quick(*args, "--url", url, "-p", HOM))
    assert error["type"] == "UsageError"
    assert error["types"] == ["UsageError", "HomError"]
    assert error["message"].startswith("hom")


def test_without_json_an_error_stays_one_plain_line(url: str) -> None:
    line = user_error(quick("status", "--url", url, "-p", HOM, "--as-of", "2018-W03-4"))
    assert line.startswith("hom status: Invalid value for '--as-of'")
    assert "--json" not in line


def test_a_json_flag_after_double_dash_is_an_argument_not_the_option(url: str) -> None:
    line = user_error(quick("export", "--url", url, "-p", HOM, "--", "--json"))
    assert line.startswith("hom: no exporter '--json'")


def test_the_document_of_an_os_error_names_its_class() -> None:
    error = FileNotFoundError(2, "No such file or directory", "x")
    document = error_document(f"hom: {error}", error, 2)["error"]
    assert (document["type"], document["types"], document["details"]) == (
        "FileNotFoundError",
        ["FileNotFoundError"],
        {},
    )


def test_an_export_to_a_missing_directory_names_the_directory(url: str, tmp_path: Path) -> None:
    """It named a temporary file (``.members.csv.abc123``) that hom had tried to create."""
    target = tmp_path / "no" / "such" / "members.csv"
    line = user_error(quick("export", "members-csv", "-o", str(target), "--url", url, "-p", HOM))
    assert line == (
        f"hom: cannot write {target}: the directory {target.parent} does not exist: create it, "
        "or write elsewhere"
    )
    assert not target.parent.exists()
    beside_a_file = tmp_path / "hom.sqlite3" / "members.csv"
    line = user_error(
        quick("export", "members-csv", "-o", str(beside_a_file), "--url", url, "-p", HOM)
    )
    assert line.endswith(
        f"the directory {beside_a_file.parent} is not a directory: write to a file in a directory"
    )
    error = json_error(
        quick("export", "members-csv", "-o", str(target), "--url", url, "-p", HOM, "--json")
    )
    assert error["message"].startswith(f"hom: cannot write {target}")
