"""The error hierarchy (hom_core.errors): its documented shape, attributes and messages."""

from __future__ import annotations

import pickle
import re

import pytest

import hom_core
from hom_core import errors
from hom_core.errors import (
    CodecError,
    ConcurrencyError,
    CorruptRecordError,
    EventTypeError,
    HomError,
    IdempotencyConflictError,
    RuleViolation,
    StoreError,
    UnknownEventTypeError,
)


def _documented_tree() -> dict[str, str]:
    """Each class of the tree drawn in the module docstring, mapped to its drawn parent."""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        match = re.match(r"^(\s*(?:[│ ]\s*)*(?:[├└]── )?)([A-Z]\w+)", line)
        if not match or not match.group(2).endswith(("Error", "Violation")):
            continue
        depth = len(match.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[match.group(2)] = stack[-1][1]
        stack.append((depth, match.group(2)))
    return parents


def test_docstring_tree_matches_the_classes() -> None:
    """The tree in the module docstring is the real hierarchy, and lists every error."""
    tree = _documented_tree()
    assert set(tree) | {"HomError"} == set(errors.__all__)
    for name, parent in tree.items():
        assert getattr(errors, parent) in getattr(errors, name).__bases__, (name, parent)


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_is_a_hom_error_exported_by_the_package(name: str) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, HomError)
    assert getattr(hom_core, name) is cls


def test_unknown_event_type_is_both_a_corrupt_record_and_an_event_type_error() -> None:
    error = UnknownEventTypeError(12, "acme.school_merged")
    assert isinstance(error, CorruptRecordError)
    assert isinstance(error, CodecError)
    assert isinstance(error, EventTypeError)
    assert (error.position, error.field, error.event_type) == (12, None, "acme.school_merged")
    assert "position 12" in str(error)
    assert "'acme.school_merged'" in str(error)


def test_concurrency_error_carries_stream_and_versions() -> None:
    error = ConcurrencyError("school-42", 3, 5)
    assert (error.stream_id, error.expected, error.actual) == ("school-42", 3, 5)
    message = str(error)
    assert "'school-42'" in message
    assert "version 5" in message
    assert "expected 3" in message
    assert "retry" in message


def test_idempotency_conflict_names_key_and_both_streams() -> None:
    error = IdempotencyConflictError("import-2024", "school-1", "school-2")
    assert error.key == "import-2024"
    assert all(part in str(error) for part in ("'import-2024'", "'school-1'", "'school-2'"))


@pytest.mark.parametrize(
    ("position", "field", "expected"),
    [
        (7, "fte", ["record at position 7", "field 'fte':", "bad value"]),
        (None, None, ["record cannot be decoded: bad value"]),
        (0, "head.name", ["record at position 0", "field 'head.name':"]),
    ],
)
def test_corrupt_record_error_names_position_and_field(
    position: int | None, field: str | None, expected: list[str]
) -> None:
    error = CorruptRecordError(position, field, "bad value")
    assert (error.position, error.field, error.reason) == (position, field, "bad value")
    for part in expected:
        assert part in str(error)
    assert "upcaster" in str(error)  # every message says what to do


def test_rule_violation_names_the_rule() -> None:
    error = RuleViolation("M2", "a school gives a term's notice")
    assert error.rule == "M2"
    assert str(error) == "[M2] a school gives a term's notice"


@pytest.mark.parametrize(
    "error",
    [
        ConcurrencyError("s", 1, 2),
        IdempotencyConflictError("k", "s", "t"),
        CorruptRecordError(7, "fte", "expected a decimal"),
        UnknownEventTypeError(8, "acme.gone"),
        RuleViolation("M2", "a term's notice is required"),
        StoreError("disk full"),
    ],
)
def test_errors_pickle_with_their_fields(error: HomError) -> None:
    """Errors cross process boundaries (multiprocessing, concurrent.futures) intact."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
