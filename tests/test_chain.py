"""The hash chain (hom_core.chain): sealing, and verify() reporting the first position where an
edited, inserted, removed or reordered record breaks the chain."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from hom_core import EventLog, open_log
from hom_core.chain import GENESIS_HASH, ChainReport, canonical, link, seal, verify
from hom_core.store import NewRecord, StoredRecord
from hom_core.testing.storage import new_record
from properties import examples
from samples import SAMPLE_TYPES, joined

# -- building chains -------------------------------------------------------------------------


def build(batches: list[tuple[str, int]]) -> list[StoredRecord]:
    """A valid chain: each batch appends ``count`` records to ``stream``, as a store would."""
    chain: list[StoredRecord] = []
    versions: dict[str, int] = {}
    for stream, count in batches:
        previous = chain[-1].hash if chain else GENESIS_HASH
        records = [new_record(len(chain) + k) for k in range(count)]
        chain += seal(previous, len(chain) + 1, stream, versions.get(stream, 0) + 1, records)
        versions[stream] = versions.get(stream, 0) + count
    return chain


PINNED = "cf0d01554a69f2ec2e06e0e3915e6a1af8ed29bba70d6dadde4b0ae17cc224e1"

batches = st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 4)), min_size=1, max_size=8)
chains = batches.map(build).filter(lambda chain: len(chain) >= 2)


def first_difference(original: list[StoredRecord], tampered: list[StoredRecord]) -> int:
    """The position (index + 1) of the first record where ``tampered`` differs."""
    for index, record in enumerate(tampered):
        if index >= len(original) or record != original[index]:
            return index + 1
    raise AssertionError("not tampered")


def assert_reported_at(report: ChainReport, position: int, original: list[StoredRecord]) -> None:
    assert not report.ok
    assert report.first_bad_position == position, str(report)
    assert report.checked == position - 1
    assert report.head_position == position - 1
    intact = original[position - 2].hash if position >= 2 else GENESIS_HASH
    assert report.head_hash == intact
    assert f"position {position}" in str(report)


# -- seal and link ---------------------------------------------------------------------------


def test_seal_numbers_and_chains_records() -> None:
    records = [new_record(0), new_record(1), new_record(2)]
    sealed = seal("f" * 64, 10, "s", 4, records)
    assert [(r.position, r.stream_id, r.stream_version) for r in sealed] == [
        (10, "s", 4),
        (11, "s", 5),
        (12, "s", 6),
    ]
    assert [NewRecord(*r[3:11]) for r in sealed] == records
    assert sealed[0].hash == link("f" * 64, sealed[0])
    assert sealed[1].hash == link(sealed[0].hash, sealed[1])
    assert sealed[2].hash == link(sealed[1].hash, sealed[2])


def test_link_depends_on_every_field_and_on_the_previous_hash() -> None:
    record = seal(GENESIS_HASH, 1, "s", 1, [new_record(causation_id="c")])[0]
    base = link(GENESIS_HASH, record)
    assert re.fullmatch("[0-9a-f]{64}", base)
    assert link("1" * 64, record) != base
    changed = [2, "t", 2, "x.y", 2, "{}", "2024-01-01", "2024-01-02", "a", "b", None]
    for index, value in enumerate(changed):
        fields = list(record)
        fields[index] = value
        assert link(GENESIS_HASH, tuple(fields)) != base, f"field {index} is not hashed"
    # the hash field itself is not part of the hash
    assert link(GENESIS_HASH, record._replace(hash="0")) == base


def test_link_is_the_documented_canonical_encoding() -> None:
    """SHA-256 of the previous hash, a newline and the compact JSON array of the 11 fields
    (text unescaped). Pinned: a change would break the chain of every stored log."""
    record = StoredRecord(
        1, "s", 1, "hom.school_joined", 1, '{"school":"Webster"}', "2024-09-02T08:30:00+00:00",
        "2024-09-01", "Ms Ädams", "c-1", None, "",
    )  # fmt: skip
    canonical = json.dumps(list(record[:11]), ensure_ascii=False, separators=(",", ":"))
    assert canonical.startswith('[1,"s",1,"hom.school_joined",1,"{\\"school\\"')
    expected = hashlib.sha256(f"{GENESIS_HASH}\n{canonical}".encode()).hexdigest()
    assert link(GENESIS_HASH, record) == expected == PINNED


@settings(max_examples=examples(300))
@given(
    texts=st.lists(st.text(), min_size=8, max_size=8),
    numbers=st.lists(
        st.one_of(st.integers(-(10**30), 10**30), st.booleans()), min_size=3, max_size=3
    ),
    cause=st.one_of(st.none(), st.text(), st.integers()),
)
def test_the_canonical_text_is_the_compact_json_array_of_the_fields(
    texts: list[str], numbers: list[int], cause: object
) -> None:
    """Property: :func:`canonical`, which escapes each string in place, writes exactly what
    ``json.dumps`` of the field list writes, for any text, any integer, and values of the
    wrong type (a bool, a number for a string) alike."""
    stream, kind, payload, at, effective, actor, corr, _ = texts
    record = (numbers[0], stream, numbers[1], kind, numbers[2], payload, at, effective, actor,
              corr, cause, "hash")  # fmt: skip
    expected = json.dumps(list(record[:11]), ensure_ascii=False, separators=(",", ":"))
    assert canonical(record) == expected


# -- verify: intact chains -------------------------------------------------------------------


def test_empty_log_verifies() -> None:
    report = verify([])
    assert report.ok
    assert (report.checked, report.head_position, report.head_hash) == (0, 0, GENESIS_HASH)
    assert str(report).startswith("chain intact: 0 records")


@settings(max_examples=examples(50))
@given(chain=chains)
def test_a_sealed_chain_verifies(chain: list[StoredRecord]) -> None:
    report = verify(chain)
    assert report.ok, str(report)
    assert (report.checked, report.head_position, report.head_hash) == (
        len(chain),
        len(chain),
        chain[-1].hash,
    )


# -- verify: tampering -----------------------------------------------------------------------

FIELD_VALUES: dict[int, st.SearchStrategy[object]] = {
    0: st.integers(-(2**63), 2**63),  # position
    1: st.text(max_size=5),  # stream_id
    2: st.integers(-3, 40),  # stream_version
    3: st.text(max_size=20),  # event_type
    4: st.integers(-3, 5),  # schema_version
    5: st.text(max_size=30),  # payload
    6: st.text(max_size=30),  # recorded_at
    7: st.text(max_size=12),  # effective_date
    8: st.text(max_size=10),  # actor
    9: st.text(max_size=10),  # correlation_id
    10: st.none() | st.text(max_size=10),  # causation_id
    11: st.text("0123456789abcdef", min_size=64, max_size=64) | st.text(max_size=64),  # hash
}


@settings(max_examples=examples(100))
@given(chain=chains, data=st.data())
def test_any_single_edit_is_reported_at_exactly_its_position(
    chain: list[StoredRecord], data: st.DataObject
) -> None:
    """Property (issue): edit any field of any one stored record -> verify reports exactly
    that record's position, and the chain before it as intact."""
    index = data.draw(st.integers(0, len(chain) - 1), label="index")
    field = data.draw(st.integers(0, 11), label="field")
    value = data.draw(FIELD_VALUES[field], label="value")
    assume(value != chain[index][field])
    tampered = list(chain)
    fields = list(chain[index])
    fields[field] = value
    tampered[index] = StoredRecord(*fields)
    assert_reported_at(verify(tampered), index + 1, chain)


@settings(max_examples=examples(60))
@given(chain=chains, data=st.data())
def test_removing_any_record_but_the_last_is_reported_where_it_was(
    chain: list[StoredRecord], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(chain) - 2), label="index")
    tampered = chain[:index] + chain[index + 1 :]
    assert first_difference(chain, tampered) == index + 1
    assert_reported_at(verify(tampered), index + 1, chain)


@settings(max_examples=examples(60))
@given(chain=chains, data=st.data())
def test_inserting_a_copy_of_any_record_is_reported_at_the_first_changed_position(
    chain: list[StoredRecord], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(chain)), label="at")
    copied = chain[data.draw(st.integers(0, len(chain) - 1), label="copy of")]
    tampered = [*chain[:index], copied, *chain[index:]]
    assert_reported_at(verify(tampered), first_difference(chain, tampered), chain)


@settings(max_examples=examples(60))
@given(chain=chains, data=st.data())
def test_inserting_a_forged_record_is_reported_where_it_was_inserted(
    chain: list[StoredRecord], data: st.DataObject
) -> None:
    """A record forged with the right position and version but without the chain's hash."""
    index = data.draw(st.integers(0, len(chain)), label="at")
    forged_hash = data.draw(st.text("0123456789abcdef", min_size=64, max_size=64))
    stream = data.draw(st.sampled_from("abcd"))
    version = 1 + sum(1 for record in chain[:index] if record.stream_id == stream)
    forged = StoredRecord(index + 1, stream, version, *new_record(999), forged_hash)
    tampered = [*chain[:index], forged, *chain[index:]]
    assert_reported_at(verify(tampered), index + 1, chain)


@settings(max_examples=examples(60))
@given(chain=chains, data=st.data())
def test_reordering_is_reported_at_the_first_moved_record(
    chain: list[StoredRecord], data: st.DataObject
) -> None:
    first = data.draw(st.integers(0, len(chain) - 2), label="first")
    second = data.draw(st.integers(first + 1, len(chain) - 1), label="second")
    tampered = list(chain)
    tampered[first], tampered[second] = tampered[second], tampered[first]
    assert_reported_at(verify(tampered), first + 1, chain)


def test_truncation_is_not_detected_but_changes_the_head() -> None:
    """Documented limit: removing the newest records leaves a valid chain, so keep the head."""
    chain = build([("a", 3), ("b", 2)])
    report = verify(chain[:-2])
    assert report.ok
    assert (report.head_position, report.head_hash) != (5, chain[-1].hash)


def test_rewriting_every_later_hash_hides_an_edit_but_changes_the_head() -> None:
    """Documented limit: a writer who recomputes the chain after an edit makes it valid again;
    only a head kept elsewhere reveals it."""
    chain = build([("a", 3), ("b", 2)])
    edited = chain[1]._replace(payload='{"n":1,"note":"forged"}')
    rewritten = chain[:1] + seal(chain[0].hash, 2, "a", 2, [NewRecord(*edited[3:11]), *[
        NewRecord(*r[3:11]) for r in chain[2:3]
    ]])  # fmt: skip
    rewritten += seal(rewritten[-1].hash, 4, "b", 1, [NewRecord(*r[3:11]) for r in chain[3:]])
    report = verify(rewritten)
    assert report.ok
    assert report.head_hash != chain[-1].hash


def test_gap_in_stream_versions_is_reported() -> None:
    chain = build([("a", 2)])
    skipped = chain[1]._replace(stream_version=3)
    skipped = skipped._replace(hash=link(chain[0].hash, skipped))  # even with a valid hash
    report = verify([chain[0], skipped])
    assert report.first_bad_position == 2
    assert "expected version 2" in (report.reason or "")


# -- verify over a real log: tampering with the SQLite file ----------------------------------


@pytest.fixture
def sqlite_log(tmp_path: Path) -> EventLog:
    log = open_log(f"sqlite:///{tmp_path / 'log.sqlite3'}", event_types=SAMPLE_TYPES)
    for n in range(6):
        log.append(f"school-{n % 2}", [joined(f"School {n}")], None)
    return log


def _tamper(log: EventLog, sql: str) -> None:
    db = sqlite3.connect(log.store.path)  # type: ignore[attr-defined]
    with db:
        db.execute(sql)
    db.close()


@pytest.mark.parametrize(
    ("sql", "position"),
    [
        ("UPDATE events SET payload = replace(payload, 'School 3', 'School 9') "
         "WHERE position = 4", 4),
        ("UPDATE events SET actor = 'someone else' WHERE position = 1", 1),
        ("UPDATE events SET effective_date = '2000-01-01' WHERE position = 6", 6),
        ("DELETE FROM events WHERE position = 3", 3),
        ("UPDATE events SET position = position + 100 WHERE position >= 5", 5),
    ],
)  # fmt: skip
def test_log_verify_reports_tampering_in_the_sqlite_file(
    sqlite_log: EventLog, sql: str, position: int
) -> None:
    assert sqlite_log.verify().ok
    with sqlite_log:
        _tamper(sqlite_log, "SELECT 1")  # the tamperer uses a connection of their own
        _tamper(sqlite_log, sql)
        report = sqlite_log.verify()
    assert report.first_bad_position == position, str(report)
