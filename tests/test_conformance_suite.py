"""The storage conformance suite (hom_core.testing.storage) catches broken stores.

Each mutant below is the memory store with one guarantee of the store protocol broken; the
suite, run against it, must fail the tests that guard that guarantee. (The intact stores pass
it: see test_memory_store.py and test_sqlite_store.py.)
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest_plugins = ["pytester"]

MUTANTS = textwrap.dedent(
    """
    import time

    import pytest

    from hom_core.chain import GENESIS_HASH, seal
    from hom_core.errors import ConcurrencyError, UsageError
    from hom_core.memory import MemoryStore
    from hom_core.testing.storage import StoreConformance


    class IgnoresExpectedVersion(MemoryStore):
        def append(self, stream_id, records, expected_version, idempotency_key=None):
            return super().append(stream_id, records, None, idempotency_key)


    class ForgetsIdempotencyKeys(MemoryStore):
        def append(self, stream_id, records, expected_version, idempotency_key=None):
            return super().append(stream_id, records, expected_version, None)


    class AppendsOneByOne(MemoryStore):
        def append(self, stream_id, records, expected_version, idempotency_key=None):
            if not records:
                raise UsageError("empty")
            results = [
                super(AppendsOneByOne, self).append(
                    stream_id,
                    [record],
                    None if expected_version is None else expected_version + index,
                    None if idempotency_key is None else f"{idempotency_key}/{index}",
                )
                for index, record in enumerate(records)
            ]
            return results[-1]


    class ChecksVersionOutsideTheLock(MemoryStore):
        def append(self, stream_id, records, expected_version, idempotency_key=None):
            if expected_version is not None:
                actual = self.stream_version(stream_id)
                if actual != expected_version:
                    raise ConcurrencyError(stream_id, expected_version, actual)
                time.sleep(0.002)
            return super().append(stream_id, records, None, idempotency_key)


    class ReadsEagerly(MemoryStore):
        def read_all(self, after_position=0, until_position=None):
            return list(super().read_all(after_position, until_position))


    class StopsOneShort(MemoryStore):
        def read_stream(self, stream_id, after_version=0, until_version=None):
            until = None if until_version is None else until_version - 1
            return super().read_stream(stream_id, after_version, until)


    class ReadsAllFromStart(MemoryStore):
        def read_all(self, after_position=0, until_position=None):
            return super().read_all(0, until_position)


    class ChainsEachBatchFromGenesis(MemoryStore):
        def append(self, stream_id, records, expected_version, idempotency_key=None):
            size = len(self._records)
            result = super().append(stream_id, records, expected_version, idempotency_key)
            if len(self._records) > size:
                first = result.stream_version - result.count + 1
                resealed = seal(GENESIS_HASH, size + 1, stream_id, first, records)
                self._records[size:] = resealed
            return result


    class ForgetsSnapshotReplacement(MemoryStore):
        def save_snapshot(self, snapshot):
            self._snapshots.setdefault((snapshot.name, snapshot.key), snapshot)


    class CheckpointsDefaultToNone(MemoryStore):
        def load_checkpoint(self, name):
            return self._checkpoints.get(name)


    class FiltersNothing(MemoryStore):
        def read_stream_of_types(self, stream_id, event_types, after_version=0, until_version=None):
            return super().read_stream(stream_id, after_version, until_version)


    class StaysOpen(MemoryStore):
        def close(self):
            pass


    def suite_for(cls):
        class Suite(StoreConformance):
            race_rounds = 5

            @pytest.fixture
            def store(self):
                return cls()

        Suite.__name__ = f"Test{cls.__name__}"
        return Suite


    MUTANTS = [
        value
        for value in globals().values()
        if isinstance(value, type) and issubclass(value, MemoryStore) and value is not MemoryStore
    ]
    for mutant in MUTANTS:
        globals()[f"Test{mutant.__name__}"] = suite_for(mutant)
    """
)


@pytest.mark.parametrize(
    ("mutant", "caught_by"),
    [
        (
            "IgnoresExpectedVersion",
            [
                "test_stale_expected_version_raises_and_writes_nothing",
                "test_new_stream_only_accepts_expected_version_zero",
                "test_ahead_expected_version_conflicts_too",
                "test_two_appenders_with_the_same_expected_version_exactly_one_wins",
            ],
        ),
        (
            "ForgetsIdempotencyKeys",
            [
                "test_retry_with_same_key_returns_original_result_and_writes_nothing",
                "test_same_key_for_another_stream_is_a_conflict",
                "test_distinct_keys_append_independently",
            ],
        ),
        ("AppendsOneByOne", ["test_batch_failing_on_its_third_record_leaves_no_trace"]),
        (
            "ChecksVersionOutsideTheLock",
            ["test_two_appenders_with_the_same_expected_version_exactly_one_wins"],
        ),
        ("ReadsEagerly", ["test_reads_are_lazy_iterators"]),
        ("StopsOneShort", ["test_read_stream_bounds", "test_reads_span_several_pages"]),
        ("ReadsAllFromStart", ["test_read_all_bounds", "test_append_result_names_the_stored_rows"]),
        (
            "ChainsEachBatchFromGenesis",
            ["test_hash_chain_verifies", "test_each_hash_links_the_previous_record"],
        ),
        ("ForgetsSnapshotReplacement", ["test_snapshot_save_load_and_replace"]),
        ("CheckpointsDefaultToNone", ["test_checkpoints"]),
        ("FiltersNothing", ["test_read_stream_of_types_is_read_stream_filtered"]),
        ("StaysOpen", ["test_closed_store_raises_store_error"]),
    ],
)
def test_the_suite_fails_a_store_that_breaks_a_guarantee(
    pytester: pytest.Pytester, mutant: str, caught_by: list[str]
) -> None:
    pytester.makepyfile(test_mutants=MUTANTS)
    selection = " or ".join(caught_by)
    result = pytester.inline_run("-p", "no:cacheprovider", "-k", f"Test{mutant} and ({selection})")
    passed, skipped, failed = result.listoutcomes()
    failed_names = {report.nodeid.split("::")[-1].split("[")[0] for report in failed}
    assert failed_names == set(caught_by), [r.nodeid for r in passed]
    assert not skipped


def test_the_library_never_imports_its_test_support() -> None:
    """hom_core.testing (and so pytest) is for test suites only."""
    code = (
        "import sys, hom_core, hom_core.log\n"
        "import hom_plugins.storage.memory, hom_plugins.storage.sqlite\n"
        "hom_core.open_log('memory://').close()\n"
        "assert 'hom_core.testing' not in sys.modules, 'hom_core.testing was imported'\n"
        "assert 'pytest' not in sys.modules, 'pytest was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
