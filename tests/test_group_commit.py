"""Group commit's leader and followers (issue 14), on a fake store whose commits a test holds.

The first append of each test leads and is held inside its commit (``Held``) until the test has
queued the others behind it, one at a time, so the next group and its order are known; then
the hold is let go and each caller's outcome checked. The committer has one lane here (one
leader at a time) unless a test says otherwise. No timing: the test waits for states (a thread
queued), never for durations.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from hom_core.group_commit import GroupCommit, GroupRolledBackError, Waiting

WAIT = 30.0  # seconds before a test gives up waiting for a thread to reach a state


def until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition`` to hold (a state another thread reaches), failing after ``WAIT``."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "a thread never reached the expected state"
        time.sleep(0.001)


class Held:
    """A store whose first commit waits for :meth:`release`; it records what it committed."""

    def __init__(self, fail_group: BaseException | None = None, lanes: int = 1) -> None:
        self.release_event = threading.Event()
        self.holding = lanes
        self.alone: list[Any] = []
        self.groups: list[list[Any]] = []
        self.fail_group = fail_group
        self.group_started = threading.Event()
        self.group_release = threading.Event()
        self.group_release.set()  # a test clears it to hold groups too
        self.committer: GroupCommit[Any, Any] = GroupCommit(self.append_alone, self.together, lanes)

    def release(self) -> None:
        self.release_event.set()

    def hold(self) -> None:
        """The first append of each lane waits for :meth:`release`."""
        if self.holding:
            self.holding -= 1
            assert self.release_event.wait(WAIT)

    def append_alone(self, request: Any) -> Any:
        self.hold()
        self.alone.append(request)
        if isinstance(request, Exception):
            raise request
        return f"alone {request}"

    def together(self, group: Sequence[Waiting[Any, Any]]) -> None:
        self.groups.append([waiting.request for waiting in group])
        self.group_started.set()
        assert self.group_release.wait(WAIT)
        if self.fail_group is not None:
            raise self.fail_group
        for waiting in group:
            if isinstance(waiting.request, Exception):
                waiting.fail(waiting.request)
            else:
                waiting.succeed(f"group {waiting.request}")


def queue_behind_leader(store: Held, requests: list[Any], leaders: int = 1) -> list[Any]:
    """Append ``requests`` from threads: the first ``leaders`` lead and are held, the others
    queue in order behind them; then release, and return each caller's result or exception."""
    outcomes: list[Any] = [None] * len(requests)

    def run(index: int) -> None:
        try:
            outcomes[index] = store.committer.append(requests[index])
        except BaseException as error:  # the test checks it
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
    for number, thread in enumerate(threads[:leaders], start=1):
        thread.start()
        until(lambda number=number: store.committer.committing == number)
    for number, thread in enumerate(threads[leaders:], start=1):
        thread.start()
        until(lambda number=number: store.committer.queued == number)
    store.release()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads), "an append hung"
    return outcomes


def test_one_thread_commits_alone_with_no_group() -> None:
    store = Held()
    store.release()
    assert [store.committer.append(n) for n in range(3)] == ["alone 0", "alone 1", "alone 2"]
    assert store.groups == []
    assert (store.committer.groups, store.committer.committing) == (0, 0)


def test_appends_queued_behind_a_commit_share_the_next_one_in_arrival_order() -> None:
    """issue 14: N writers, one commit for those that waited."""
    store = Held()
    outcomes = queue_behind_leader(store, [0, 1, 2, 3, 4])
    assert outcomes == ["alone 0", "group 1", "group 2", "group 3", "group 4"]
    assert store.groups == [[1, 2, 3, 4]]
    assert (store.committer.groups, store.committer.grouped) == (1, 4)


def test_with_two_lanes_two_lead_at_once_and_the_rest_queue_for_the_next_group() -> None:
    """issue 14: a second leader commits beside the first (the database orders them), so two
    threads never hand over to each other; the appends arriving meanwhile make one group."""
    store = Held(lanes=2)
    outcomes = queue_behind_leader(store, [0, 1, 2, 3, 4], leaders=2)
    assert outcomes == ["alone 0", "alone 1", "group 2", "group 3", "group 4"]
    assert store.groups == [[2, 3, 4]]


def test_a_follower_whose_group_is_being_committed_waits_for_it_while_a_lane_is_free() -> None:
    """A follower woken while its own group commits in one lane must not take the free lane and
    return before its outcome; a newcomer takes that lane instead."""
    store = Held(lanes=2)
    store.group_release.clear()
    outcomes: list[Any] = []
    committing = threading.Thread(
        target=lambda: outcomes.extend(queue_behind_leader(store, [0, 1, 2, 3], leaders=2))
    )
    committing.start()
    assert store.group_started.wait(WAIT)  # the group [2, 3] commits in one lane, held
    until(lambda: store.committer.committing == 1)
    assert store.committer.append("new") == "alone new"  # the free lane
    store.group_release.set()
    committing.join(WAIT)
    assert outcomes == ["alone 0", "alone 1", "group 2", "group 3"]


def test_a_refused_append_raises_its_own_error_and_the_group_commits() -> None:
    """issue 14: a failed append in a group fails only its own caller."""
    store = Held()
    refused = ValueError("refused")
    outcomes = queue_behind_leader(store, [0, 1, refused, 3])
    assert outcomes == ["alone 0", "group 1", refused, "group 3"]


def test_a_group_rolled_back_as_a_whole_runs_each_append_alone() -> None:
    """issue 14: when the group's transaction fails, each append gets its outcome alone."""
    bad = KeyError("bad")
    store = Held(fail_group=GroupRolledBackError("disk full"))
    outcomes = queue_behind_leader(store, [0, 1, bad, 3])
    assert outcomes == ["alone 0", "alone 1", bad, "alone 3"]
    assert store.groups == [[1, bad, 3]]
    assert store.alone == [0, 1, bad, 3]
    assert store.committer.groups == 0


def test_an_interrupted_group_reaches_every_caller_and_frees_the_committer() -> None:
    interrupt = KeyboardInterrupt()
    store = Held(fail_group=interrupt)
    outcomes = queue_behind_leader(store, [0, 1, 2])
    assert outcomes == ["alone 0", interrupt, interrupt]
    assert not store.committer.committing
    assert store.committer.append(9) == "alone 9"  # the next append leads again


def test_an_appender_arriving_between_groups_leads_the_queued_ones() -> None:
    """A thread that finds nobody committing takes over the appends still queued."""
    store = Held()
    committer = store.committer
    store.release()
    follower = Waiting[Any, Any]("queued")
    committer._queue.append(follower)  # as left by a leader that has just finished
    assert committer.append("new") == "group new"
    assert follower.outcome() == "group queued"
    assert store.groups == [["queued", "new"]]


@pytest.mark.parametrize("error", [ValueError("no"), None])
def test_waiting_outcome_is_the_last_recorded(error: Exception | None) -> None:
    waiting = Waiting[str, str]("r")
    waiting.fail(RuntimeError("first try"))
    if error is None:
        waiting.succeed("second try")
        assert waiting.outcome() == "second try"
    else:
        waiting.fail(error)
        with pytest.raises(ValueError, match="no"):
            waiting.outcome()
