"""Group commit: threads of one process that append at once share one durable commit.

A store that commits durably (SQLite at ``synchronous=FULL``, PostgreSQL waiting for its WAL
flush) pays a flush per commit, and appends to one log take its write lock one at a time: with
one commit per append, eight threads append no faster than one. :class:`GroupCommit` lets them
share the flush, leader and followers:

- a thread that appends while fewer than two groups are being committed becomes a **leader**:
  it takes every append queued so far, and its own (when nobody else waits, it commits alone,
  exactly as without group commit, with no hand-over to another thread);
- threads that append while two leaders commit queue their append and wait (**followers**);
- a leader runs its group through the store's ``together`` (one transaction, one commit),
  hands each follower its own result or its own exception, and wakes them; a follower whose
  append is still queued then leads the next group.

Two leaders at once (``lanes``), not one: the second leader's transaction waits for the first's
at the database's write lock, already begun (for PostgreSQL already sent), so the database goes
from one commit to the next without waiting for a thread to wake; the appends that arrive
meanwhile make the next group. With one lane, two threads would take turns through a hand-over
between threads after every commit, slower than without group commit.

What an append promises does not change (see :mod:`hom_core.store`): within a group the
appends run one after another in queue order, each with its own expected-version check,
idempotency key, positions and hash links; an append that is refused (a stale expected version,
an idempotency key recorded for another stream, a batch that cannot be sealed) is refused
before it writes anything and raises its own error to its own caller, and the rest of the group
commits. When the group's transaction itself fails (the database refuses a write or the
commit), nothing of it is kept and each append of the group is run again alone
(``alone``), so each caller gets the outcome its append has on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["GroupCommit", "GroupRolledBackError", "Waiting"]

T = TypeVar("T")
R = TypeVar("R")


class GroupRolledBackError(Exception):
    """Raised by a store's ``together`` when the group's transaction failed and was rolled back
    as a whole: the appends are then run again one at a time. Never reaches a caller."""


class Waiting(Generic[T, R]):
    """One queued append: what to append, and, once its group is committed, its outcome."""

    __slots__ = ("done", "error", "request", "result", "taken")

    def __init__(self, request: T) -> None:
        self.request = request
        self.result: R | None = None
        self.error: BaseException | None = None
        self.done = False
        self.taken = False
        """Whether a leader has taken it into its group (it is no longer queued)."""

    def succeed(self, result: R) -> None:
        """Record the append's result."""
        self.result, self.error, self.done = result, None, True

    def fail(self, error: BaseException) -> None:
        """Record the error the append's caller is to get."""
        self.result, self.error, self.done = None, error, True

    def outcome(self) -> R:
        """The result, or raise the error (in the caller's thread)."""
        if self.error is not None:
            raise self.error
        assert self.done
        return self.result  # type: ignore[return-value]


class GroupCommit(Generic[T, R]):
    """Leader/follower group commit over a store's two ways to append.

    ``alone(request)`` appends one request in a transaction of its own and returns its result or
    raises its error (what the store did before group commit); two may run at once, as two
    threads' appends could before, and the store's write lock orders them. ``together(group)``
    appends the requests of ``group`` (two or more) in one transaction, in order, committing
    once (two groups may run at once, likewise): it records each one's result or error on its
    :class:`Waiting`, and raises :class:`GroupRolledBackError` (having rolled back) when the
    transaction as a whole failed. ``lanes`` is how many leaders may commit at once.
    """

    def __init__(
        self,
        alone: Callable[[T], R],
        together: Callable[[Sequence[Waiting[T, R]]], None],
        lanes: int = 2,
    ) -> None:
        self._alone = alone
        self._together = together
        self._lanes = lanes
        self._changed = threading.Condition(threading.Lock())
        self._queue: list[Waiting[T, R]] = []
        self._leaders = 0
        self.groups = 0
        """Groups of two or more committed together (for tests and benchmarks)."""
        self.grouped = 0
        """Appends committed in those groups."""

    @property
    def committing(self) -> int:
        """How many leaders are committing now (what monitoring and tests look at)."""
        return self._leaders

    @property
    def queued(self) -> int:
        """How many appends wait for the next group."""
        return len(self._queue)

    def append(self, request: T) -> R:
        """Append ``request``, alone or in a group, and return its result or raise its error."""
        changed = self._changed
        with changed:
            if self._leaders < self._lanes:  # a free lane: lead at once, alone if none queued
                group = self._take()
                mine: Waiting[T, R] | None = None
            else:
                mine = Waiting(request)
                self._queue.append(mine)
                while not mine.done and (mine.taken or self._leaders >= self._lanes):
                    changed.wait()
                if mine.done:
                    return mine.outcome()
                group = self._take()  # still queued, and a lane is free: lead its group
        try:
            if mine is None and not group:
                return self._alone(request)  # the fast path: one thread, no queue, no hand-over
            if mine is None:
                mine = Waiting(request)
                group.append(mine)
            self._commit(group)
        finally:
            with changed:
                self._leaders -= 1
                changed.notify_all()
        return mine.outcome()

    def _take(self) -> list[Waiting[T, R]]:
        """Become a leader and take the queue as its group (called holding the condition)."""
        self._leaders += 1
        group, self._queue = self._queue, []
        for waiting in group:
            waiting.taken = True
        return group

    def _commit(self, group: list[Waiting[T, R]]) -> None:
        """Commit ``group``; whatever happens, every member ends with an outcome."""
        try:
            if len(group) == 1:
                self._run_alone(group[0])
                return
            try:
                self._together(group)
                with self._changed:
                    self.groups += 1
                    self.grouped += len(group)
            except GroupRolledBackError:
                for waiting in group:
                    self._run_alone(waiting)
        except BaseException as error:  # an interrupt: nobody may wait for an outcome forever
            for waiting in group:
                if not waiting.done:
                    waiting.fail(error)
            raise

    def _run_alone(self, waiting: Waiting[T, R]) -> None:
        try:
            waiting.succeed(self._alone(waiting.request))
        except Exception as error:
            waiting.fail(error)
