"""Feeding the city model: each source log read in position order from the model's checkpoint.

A source is a log (one shared log holding many partnerships, or one of many logs, say one per
PostgreSQL schema), named by its URL with any password hidden. :func:`catch_up` reads each
source's records after its checkpoint, ``batch_size`` at a time, and hands each batch's
changes to the model together with the position reached (:meth:`CityModel.apply`): the rows and
the checkpoint are written together, so a feed stopped anywhere (a crash, a restart) resumes
where the model says and takes every record in once. Positions are gap-free and handed out in
commit order by every store, so a record committed after a read is never behind the checkpoint.

Reading never writes: the sources are opened read-only (they must exist); only the model is
written.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

import attrs

from hom_core.city.facts import Reader
from hom_core.city.model import CityModel
from hom_core.connect import open_log
from hom_core.errors import ConcurrencyError, UsageError
from hom_core.log import EventLog
from hom_core.plugins import Plugins
from hom_core.store import AppendWaiter

__all__ = ["BATCH_SIZE", "FeedReport", "catch_up", "catch_up_urls", "follow", "source_name"]

BATCH_SIZE = 5000
"""Records read per batch: one transaction of the model each."""


@attrs.frozen
class FeedReport:
    """What a catch-up did: ``records`` read (of every type), ``changes`` taken in, in
    ``seconds``."""

    records: int
    changes: int
    seconds: float

    @property
    def rate(self) -> float:
        """Records read per second (0 when none was read)."""
        return self.records / self.seconds if self.records and self.seconds > 0 else 0.0

    def __add__(self, other: FeedReport) -> FeedReport:
        return FeedReport(
            self.records + other.records, self.changes + other.changes, self.seconds + other.seconds
        )


NOTHING = FeedReport(0, 0, 0.0)


def source_name(url: str) -> str:
    """The name a source's checkpoint and facts are kept under: its URL, password hidden."""
    parts = urlsplit(url)
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        url = url.replace(parts.netloc, f"{parts.username or ''}:***@{host}", 1)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url)


def catch_up(
    model: CityModel, logs: Mapping[str, EventLog], *, batch_size: int = BATCH_SIZE
) -> FeedReport:
    """Take every record of each log (by name) after the model's checkpoint into the model."""
    if batch_size < 1:
        raise UsageError(f"a batch holds at least one record, not {batch_size}")
    report = NOTHING
    for name, log in logs.items():
        report += _catch_up_one(model, name, log, batch_size)
    return report


def _catch_up_one(model: CityModel, name: str, log: EventLog, batch_size: int) -> FeedReport:
    reader = Reader(name, log.codec)
    started = time.perf_counter()
    records = changes = 0
    after = model.checkpoint(name)
    pages = log.store.read_all(after)
    while batch := list(itertools.islice(pages, batch_size)):
        found = [change for record in batch if (change := reader.change(record)) is not None]
        try:
            model.apply(name, after, found, batch[-1].position)
        except ConcurrencyError:  # another feed moved the checkpoint: go on from there
            after = model.checkpoint(name)
            pages = log.store.read_all(after)
            continue
        after = batch[-1].position
        records += len(batch)
        changes += len(found)
    return FeedReport(records, changes, time.perf_counter() - started)


@contextmanager
def _opened(urls: Sequence[str], plugins: Plugins | None) -> Iterator[dict[str, EventLog]]:
    with ExitStack() as stack:
        yield {
            source_name(url): stack.enter_context(
                open_log(url, plugins=plugins, create=False, read_only=True)
            )
            for url in urls
        }


def catch_up_urls(
    model: CityModel,
    urls: Sequence[str],
    *,
    plugins: Plugins | None = None,
    rebuild: bool = False,
    batch_size: int = BATCH_SIZE,
) -> FeedReport:
    """Open each log at ``urls`` in turn (read-only; one open at a time, so a thousand
    schemas need no thousand connections) and catch the model up with it. ``rebuild`` clears
    the model first, so every source is read from its first record."""
    if not urls:
        raise UsageError("name at least one log to read: --source URL (repeat it for more)")
    plugins = Plugins() if plugins is None else plugins
    if rebuild:
        model.clear()
    report = NOTHING
    for url in urls:
        with _opened([url], plugins) as logs:
            report += catch_up(model, logs, batch_size=batch_size)
    return report


def follow(
    model: CityModel,
    urls: Sequence[str],
    stop: threading.Event,
    *,
    plugins: Plugins | None = None,
    poll_interval: float = 1.0,
    batch_size: int = BATCH_SIZE,
    on_catch_up: Callable[[FeedReport], None] | None = None,
) -> FeedReport:
    """Keep the model caught up with the logs at ``urls`` until ``stop`` is set.

    Every log stays open (a connection each on PostgreSQL). After each round that took
    records in, ``on_catch_up`` is called with its report. Between rounds it waits for an
    append to a log that announces them (PostgreSQL, for one source), else ``poll_interval``
    seconds.
    """
    if not urls:
        raise UsageError("name at least one log to follow: --source URL (repeat it for more)")
    total = NOTHING
    with _opened(urls, Plugins() if plugins is None else plugins) as logs:
        while not stop.is_set():
            report = catch_up(model, logs, batch_size=batch_size)
            total += report
            if report.records and on_catch_up is not None:
                on_catch_up(report)
            _wait(model, logs, stop, poll_interval)
    return total


def _wait(
    model: CityModel, logs: Mapping[str, EventLog], stop: threading.Event, poll_interval: float
) -> None:
    if len(logs) == 1:
        ((name, log),) = logs.items()
        store = log.store
        if isinstance(store, AppendWaiter):
            deadline = time.monotonic() + poll_interval
            while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                if store.wait_for_append(model.checkpoint(name), min(left, 0.1)):
                    return
            return
    stop.wait(poll_interval)
