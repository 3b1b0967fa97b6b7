"""``hom notify``: deliver the recorded events to the notifiers (email, webhook, ...)."""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import attrs
import click

from hom_core.cli.options import Session, json_option, pass_session, url_option
from hom_core.cli.output import print_json
from hom_core.delivery import INTERVAL, Deliveries, DeliveryStatus, Notification, Reminders
from hom_core.errors import UsageError
from hom_core.registrations import Notifier

__all__ = ["NO_NOTIFIER", "notify", "to_seconds"]

NO_NOTIFIER = (
    "no notifier is configured: set HOM_SMTP_URL (email, such as "
    "smtp://127.0.0.1:25?from=clerk@example.org) or HOM_WEBHOOK_URL (a POST of JSON per event, "
    "such as https://example.org/hom/events), or install a plugin that provides one"
)
"""The user error when there is nothing to deliver to."""

STUCK = 1
"""The exit status when a notifier could not deliver an event (it is tried again next time)."""

_PROGRESS_EVERY = 1.0
"""Seconds between the progress lines of ``--follow``."""

_DURATION = re.compile(r"(\d{1,5})([smh]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}
_LONGEST = 24 * 3600  # due dates are days: a reminder is looked for at least once a day


def to_seconds(_: click.Context, parameter: click.Parameter, value: str | None) -> float | None:
    """``--remind-every``: seconds (``90``, ``90s``), minutes (``5m``) or hours (``1h``), from
    one second to a day."""
    if value is None:
        return None
    found = _DURATION.fullmatch(value.strip())
    seconds = 0 if found is None else int(found[1]) * _UNITS[found[2]]
    if not 1 <= seconds <= _LONGEST:
        raise click.BadParameter(
            f"{value!r} is not an interval from 1s to 24h: give seconds, minutes or hours, "
            "such as 90s, 5m or 1h",
            param=parameter,
        )
    return float(seconds)


@click.command()
@click.option(
    "--follow",
    is_flag=True,
    help="Keep running: deliver each event as it is recorded, and each reminder as its day "
    "comes, until Ctrl-C or SIGTERM.",
)
@click.option(
    "--status",
    "status_only",
    is_flag=True,
    help="Deliver nothing: show how far each notifier got (its checkpoint) and what it is "
    "stuck on.",
)
@click.option(
    "--remind-every",
    "remind_every",
    metavar="SPAN",
    callback=to_seconds,
    help="With --follow, how often to look for reminders fallen due: seconds, minutes or hours, "
    f"such as 90s, 5m or 1h (from 1s to 24h). Default: {INTERVAL:g}s.",
)
@url_option
@json_option
@pass_session
def notify(
    session: Session,
    follow: bool,
    status_only: bool,
    remind_every: float | None,
    url: str,
    as_json: bool,
) -> int:
    """Deliver recorded events to the notifiers (email, webhook).

    Notifiers are plugins (the hom_notifiers hook). The builtin ones are set up by the
    environment: HOM_SMTP_URL mails the people an event concerns (such as
    smtp://user:password@mail.example.org:587?from=clerk@example.org&starttls=yes) and
    HOM_WEBHOOK_URL POSTs every event as JSON.

    Delivers every pending event once and exits. Each notifier resumes after the last event it
    acknowledged (its checkpoint, kept in the log's store), so a second run sends nothing twice.
    A notifier that fails (its server is down or refuses) stops at that event and the command
    exits with status 1: run it again later; no message is dropped. --follow keeps delivering
    as events are recorded, retrying failures with backoff, until Ctrl-C or SIGTERM. --status
    only shows each notifier's checkpoint, how many events of the log lie after it and the event
    it is stuck on (as the last run saved it: position, failed attempts, error), exiting with
    status 1 when one is stuck.

    Notifiers named in HOM_REMINDERS (such as email,webhook) also send reminders: each
    obligation of the agenda (see hom agenda) once, when it falls due, unless it is done first;
    the reminders sent are kept in the store, so none is sent twice. With --follow they are
    looked for every --remind-every.
    """
    if follow and status_only:
        raise UsageError("--follow delivers and --status does not: give one of them")
    if remind_every is not None and not follow:
        raise UsageError("--remind-every sets how often --follow looks for reminders: add --follow")
    notifiers = session.plugins.notifiers()
    if not notifiers:
        raise UsageError(NO_NOTIFIER)
    counted = {name: _Counted(notifier) for name, notifier in notifiers.items()}
    with (
        session.log(url) as log,
        session.people(url, required=False) as people,
        _logged(logging.INFO if follow else logging.ERROR),
    ):
        deliveries = Deliveries(log, [count.notifier for count in counted.values()], people=people)
        every = INTERVAL if remind_every is None else remind_every
        reminders = Reminders(log, notifiers.values(), people=people, interval=every)
        reminded = 0
        if status_only:
            statuses = deliveries.status()
        elif follow:
            statuses = _follow(deliveries, counted, reminders)
        else:
            statuses = deliveries.run_once()
            reminded = len(reminders.run_once())
        head = log.head()[0]
    rows = [
        _row(status, notifiers[status.notifier], head, None if status_only else counted)
        for status in statuses
    ]
    if as_json:
        print_json({"head": head, "notifiers": rows, "reminded": reminded})
    else:
        for row in rows:
            click.echo(_line(row, head))
        if reminders.notifiers and not status_only and not follow:
            click.echo(f"reminders: sent {reminded} by {', '.join(reminders.notifiers)}")
    stuck = not follow and any(row["stuck"] for row in rows)
    return STUCK if stuck else 0


class _Counted:
    """A notifier whose accepted deliveries are counted (``delivered``)."""

    def __init__(self, notifier: Notifier) -> None:
        self.delivered = 0
        self._deliver = notifier.deliver
        self.notifier = attrs.evolve(notifier, deliver=self)

    def __call__(self, notification: Notification) -> None:
        self._deliver(notification)
        self.delivered += 1


def _row(
    status: DeliveryStatus,
    notifier: Notifier,
    head: int,
    counted: dict[str, _Counted] | None,
) -> dict[str, Any]:
    """One notifier's progress as JSON-able data; ``counted`` is ``None`` when nothing was
    delivered (``--status``)."""
    row: dict[str, Any] = {
        "notifier": status.notifier,
        "description": notifier.description,
        "acknowledged": status.acknowledged,
        "behind": head - status.acknowledged,
    }
    if counted is not None:
        row["delivered"] = counted[status.notifier].delivered
    row["stuck"] = (
        None
        if status.failing is None
        else {"position": status.failing, "attempts": status.attempts, "error": status.error}
    )
    return row


def _line(row: dict[str, Any], head: int) -> str:
    """``row`` as one line for a person."""
    text = f"{row['notifier']}: "
    if "delivered" in row:
        text += f"delivered {_events(row['delivered'])}; "
    text += f"acknowledged up to position {row['acknowledged']} of {head}"
    stuck = row["stuck"]
    if stuck is None:
        return text
    return (
        f"{text}; stuck at position {stuck['position']} after {stuck['attempts']} failed "
        f"attempt{'s' if stuck['attempts'] != 1 else ''} ({stuck['error']}): fix the receiver, "
        "then run hom notify again"
    )


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def _follow(
    deliveries: Deliveries, counted: dict[str, _Counted], reminders: Reminders
) -> list[DeliveryStatus]:
    """Deliver and remind in the background until SIGINT or SIGTERM, saying on stderr what
    was delivered; the statuses when stopped."""
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    reported = {name: 0 for name in counted}
    try:
        deliveries.start()
        if reminders.notifiers:
            reminders.start()
        click.echo(f"delivering to {', '.join(deliveries.notifiers)}; Ctrl-C stops", err=True)
        while not stopping.wait(_PROGRESS_EVERY):
            _progress(deliveries, counted, reported)
    finally:
        deliveries.stop()
        reminders.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    _progress(deliveries, counted, reported)
    click.echo("stopped", err=True)
    return deliveries.status()


def _progress(
    deliveries: Deliveries, counted: dict[str, _Counted], reported: dict[str, int]
) -> None:
    """A line on stderr for each notifier that delivered since the last line."""
    for status in deliveries.status():
        delivered = counted[status.notifier].delivered
        if delivered > reported[status.notifier]:
            more = _events(delivered - reported[status.notifier])
            click.echo(
                f"{status.notifier}: delivered {more}, up to position {status.acknowledged}",
                err=True,
            )
            reported[status.notifier] = delivered


@contextmanager
def _logged(level: int) -> Iterator[None]:
    """The delivery's log lines (logger ``hom.notify``) at ``level`` and above on stderr while
    the command runs: retries and recoveries for ``--follow``; a single run states what is
    stuck in its own output."""
    logger = logging.getLogger("hom.notify")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.setLevel(level)
    earlier = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(earlier)
