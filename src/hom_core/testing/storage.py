"""The storage conformance suite: the guarantees of :mod:`hom_core.store`, as tests.

A backend author subclasses :class:`StoreConformance` in their own test suite and provides a
``store`` fixture returning a fresh, empty store; every test of the suite then runs against it::

    import pytest
    from hom_core.testing.storage import StoreConformance
    from my_backend import MyStore


    class TestMyStore(StoreConformance):
        page_size = 500  # rows MyStore fetches per read query, if it pages

        @pytest.fixture
        def store(self, tmp_path):
            store = MyStore(tmp_path / "log")
            yield store
            store.close()  # a test may have closed it already: close() must tolerate that

        # Optional: a second handle on the same log (another connection), so the concurrency
        # tests race two handles rather than two threads on one handle.
        @pytest.fixture
        def second_store(self, store, tmp_path):
            other = MyStore(tmp_path / "log")
            yield other
            other.close()

The suite builds :class:`~hom_core.store.NewRecord` rows itself (:func:`new_record`), so it needs
no event classes; it needs pytest only. It checks ordering and gap-free positions and stream
versions, expected-version conflicts, atomic batches, idempotent retries, read bounds, lazy and
paged reads, reads interleaved with appends, ``head()``, snapshots, checkpoints, the hash chain,
racing appenders, and that a closed store refuses to work.

Class attributes tune it: ``page_size`` (see above) and ``race_rounds`` (how many races the
concurrency tests run). :func:`new_record`, :func:`new_records` and :func:`race` (run callables
in threads released together) are there for a backend's own extra tests.
"""

from __future__ import annotations

import pytest

from hom_core.store import Store
from hom_core.testing.storage_reads import ReadConformance
from hom_core.testing.storage_support import new_record, new_records, race
from hom_core.testing.storage_writes import WriteConformance

__all__ = ["StoreConformance", "new_record", "new_records", "race"]


class StoreConformance(WriteConformance, ReadConformance):
    """Tests every :class:`~hom_core.store.Store` must pass; subclass and provide ``store``."""

    @pytest.fixture
    def store(self) -> Store:
        """A fresh, empty store. Override in the subclass."""
        pytest.fail("the subclass of StoreConformance must define a `store` fixture")

    @pytest.fixture
    def second_store(self, store: Store) -> Store:
        """A second handle on ``store``'s log; by default the same handle."""
        return store
