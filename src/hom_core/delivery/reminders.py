"""Reminders when a date arrives: :class:`Reminders` sends each obligation that has fallen due
(:mod:`hom_core.obligations`) through the notifiers that can remind, once per obligation and due
date.

On each run, for the day its clock gives, it asks every partnership of the log for its
obligations (the core's and its packs', :func:`hom_core.application.agenda.obligations`) and
gives each one that is due or overdue and not yet reminded to every notifier with a ``remind``
(:class:`~hom_core.registrations.Notifier`). An obligation done before its day comes is never
reminded; one put off (a new due date) is reminded again, for its new date.

Keys and checkpoint
    A reminder's key, ``hom.remind.<notifier>.<partnership>.<rule>/<topic>/<due date>``, is the
    same on every attempt and after a restart. The keys a notifier accepted are kept in the
    store snapshot ``hom.remind`` (:data:`REMINDED_SNAPSHOT`) under its name, saved after each
    one, so a new process (a restart) sends none of them again. A ``remind`` that raises is
    logged on ``hom.notify`` and tried again on the next run.
Pruning
    A key stays while its obligation is due or overdue on the run's day, and while its due date
    is less than :data:`KEEP_FOR` before that day; then it goes from the snapshot (saved at
    once), so the snapshot holds what is open and what fell due lately, not every year's. An
    obligation done or gone from the record's list (its half term, term or year passed) does not
    come back as due unless the record is corrected, and a correction within :data:`KEEP_FOR`
    of the due date finds its key still kept: nothing is sent twice, with a restart or not.
    The snapshot also keeps the horizon of the last pruning: an obligation due before it is
    not reminded (its key may have been pruned), so one that leaves the list and comes back
    later is not sent again; the agenda still shows it.
The clock
    ``interval`` is how many seconds the background thread waits between runs
    (:data:`INTERVAL` by default). ``clock`` (a function returning the day) is injectable, so
    a test runs a simulated year of reminders without waiting; by default it is the log's
    clock.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from hom_core.delivery.events import logger
from hom_core.errors import UsageError
from hom_core.log import EventLog
from hom_core.obligations import Obligation, Status
from hom_core.registrations import Notifier
from hom_core.store import Snapshot

if TYPE_CHECKING:
    from hom_core.people import PeopleStore

__all__ = [
    "INTERVAL",
    "KEEP_FOR",
    "REMINDED_SNAPSHOT",
    "REMINDERS_ENV",
    "Reminder",
    "Reminders",
    "reminder_key",
    "reminders_wanted",
]

REMINDERS_ENV = "HOM_REMINDERS"
"""The environment variable naming the builtin notifiers that also send reminders, separated by
commas (``HOM_REMINDERS=email,webhook``): a receiver set up for events is sent nothing else
until it is named here."""

REMINDED_SNAPSHOT = "hom.remind"
"""The store snapshot name under which each notifier's reminded keys are kept (key: its name)."""

INTERVAL = 60.0
"""Seconds between two runs in the background, by default."""

KEEP_FOR = timedelta(days=183)
"""How long after its due date a reminded key is kept once its obligation is no longer due or
overdue (half a year: longer than any obligation stays on the record's list after its due date
without being done: G7's report of a term is listed to the end of the next)."""

_FORMAT = 2
"""The snapshot's ``code_version``: a JSON list of keys."""


def reminders_wanted(notifier: str) -> bool:
    """Whether :data:`REMINDERS_ENV` names ``notifier``."""
    names = os.environ.get(REMINDERS_ENV, "").split(",")
    return notifier in {name.strip() for name in names}


def reminder_key(notifier: str, partnership_id: str, obligation: Obligation) -> str:
    """The key of the reminder ``notifier`` sends for ``obligation`` of ``partnership_id``:
    stable, and unique per notifier, partnership, obligation and due date."""
    return f"hom.remind.{notifier}.{partnership_id}.{obligation.key}"


def _due_on(key: str) -> date:
    """The due date a key ends with (:func:`reminder_key`)."""
    return date.fromisoformat(key.rpartition("/")[2])


@attrs.frozen
class Reminder:
    """One obligation that has fallen due, on its way to one notifier: what ``remind`` is given.

    ``status`` is where it stands on ``day`` (due or overdue), ``source`` whose rules ask it (the
    partnership's, or a pack's name); ``key`` is the idempotency key (:func:`reminder_key`): put
    it in the message. ``log`` and ``people`` answer any other question (who is the head of a
    school, their address).
    """

    log: EventLog
    partnership_id: str
    obligation: Obligation
    status: Status
    day: date
    source: str
    key: str
    people: PeopleStore


class Reminders:
    """Sends the reminders of ``log``'s partnerships through ``notifiers`` (default: those of the
    log's plugins that can remind), as of the day ``clock`` gives (see the module docstring)."""

    def __init__(
        self,
        log: EventLog,
        notifiers: Iterable[Notifier] | None = None,
        *,
        people: PeopleStore | None = None,
        clock: Callable[[], date] | None = None,
        interval: float = INTERVAL,
    ) -> None:
        if not interval > 0:
            raise UsageError(f"reminders need an interval of more than 0 seconds, not {interval}")
        if notifiers is None:
            notifiers = () if log.plugins is None else log.plugins.notifiers().values()
        if people is None:
            from hom_core.people import MemoryPeople  # imported only when needed

            people = MemoryPeople()
        self.log = log
        self.people = people
        self.clock = clock or (lambda: log.clock().date())
        self.interval = interval
        self._notifiers = [notifier for notifier in notifiers if notifier.remind is not None]
        self._pruned_before: dict[str, date | None] = {}
        self._sent = {notifier.name: self._load(notifier.name) for notifier in self._notifiers}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._scanned = 0  # the log is scanned for new partnerships from here
        self._partnerships: dict[str, Any] = {}  # id -> its Partnership (the application's)

    @property
    def notifiers(self) -> list[str]:
        """The names of the notifiers reminders go to."""
        return [notifier.name for notifier in self._notifiers]

    def reminded(self, notifier: str) -> frozenset[str]:
        """The keys ``notifier`` has accepted, this run and before (from the store)."""
        return frozenset(self._sent[notifier])

    def _load(self, name: str) -> set[str]:
        snapshot = self.log.store.load_snapshot(REMINDED_SNAPSHOT, name)
        self._pruned_before[name] = None
        if snapshot is None or snapshot.code_version not in (_FORMAT - 1, _FORMAT):
            return set()
        kept = json.loads(snapshot.state)
        if snapshot.code_version == _FORMAT - 1:  # the keys alone, before the horizon was kept
            return set(kept)
        if kept["pruned_before"] is not None:
            self._pruned_before[name] = date.fromisoformat(kept["pruned_before"])
        return set(kept["keys"])

    def _save(self, name: str) -> None:
        keys = sorted(self._sent[name])
        horizon = self._pruned_before[name]
        state = {"keys": keys, "pruned_before": None if horizon is None else horizon.isoformat()}
        snapshot = Snapshot(REMINDED_SNAPSHOT, name, len(keys), _FORMAT, json.dumps(state))
        self.log.store.save_snapshot(snapshot)

    def _already_sent(self, name: str, key: str, obligation: Obligation) -> bool:
        """Whether ``key`` went to notifier ``name``, or may have and was pruned since."""
        horizon = self._pruned_before[name]
        return key in self._sent[name] or (horizon is not None and obligation.due_on < horizon)

    def due(self, day: date) -> list[tuple[str, str, Obligation, Status]]:
        """Each obligation due or overdue on ``day``, of every partnership: its partnership,
        source, the obligation and its status."""
        from hom_core.application import Partnership, formed_partnerships  # above delivery
        from hom_core.application.agenda import obligations

        head = self.log.head()[0]
        for partnership_id in formed_partnerships(self.log, self._scanned):
            self._partnerships.setdefault(
                partnership_id, Partnership(self.log, partnership_id, people=self.people)
            )
        self._scanned = head
        found: list[tuple[str, str, Obligation, Status]] = []
        for partnership_id, partnership in sorted(self._partnerships.items()):
            view = partnership.as_of(day)
            for source, obligation in obligations(view):
                status = obligation.status_on(day)
                if status in (Status.DUE, Status.OVERDUE):
                    found.append((partnership_id, source, obligation, status))
        return found

    def run_once(self) -> list[Reminder]:
        """Send every reminder due by the clock's day and not sent yet; the reminders the
        notifiers accepted."""
        if not self._notifiers:
            return []
        day = self.clock()
        due = self.due(day)
        self._prune(day, due)
        accepted = []
        for partnership_id, source, obligation, status in due:
            for notifier in self._notifiers:
                key = reminder_key(notifier.name, partnership_id, obligation)
                if self._already_sent(notifier.name, key, obligation):
                    continue
                reminder = Reminder(
                    self.log, partnership_id, obligation, status, day, source, key, self.people
                )
                assert notifier.remind is not None
                try:
                    notifier.remind(reminder)
                except Exception as error:
                    logger.warning(
                        "notifier %r could not send the reminder %s: %s: %s; trying again on "
                        "the next run",
                        notifier.name, key, type(error).__name__, error,
                    )  # fmt: skip
                    continue
                self._sent[notifier.name].add(key)
                self._save(notifier.name)
                accepted.append(reminder)
        return accepted

    def _prune(self, day: date, due: list[tuple[str, str, Obligation, Status]]) -> None:
        """Drop each notifier's keys neither due nor overdue on ``day`` whose due date is
        :data:`KEEP_FOR` or more before it (see the module docstring)."""
        oldest = day - KEEP_FOR
        for name, sent in self._sent.items():
            still = {reminder_key(name, partnership_id, each) for partnership_id, _, each, _ in due}
            stale = {key for key in sent if key not in still and _due_on(key) < oldest}
            if stale:
                sent -= stale
                self._pruned_before[name] = oldest
                self._save(name)

    # -- in the background ------------------------------------------------------------------

    def start(self) -> None:
        """Send reminders in the background: a daemon thread runs every ``interval`` seconds."""
        if self._thread is not None:
            raise UsageError("reminders are running already: call stop() first")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="hom-remind", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the background thread; waits up to ``timeout`` seconds."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _follow(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:
                logger.exception("reminders could not be worked out; trying again")
            self._stopping.wait(self.interval)
