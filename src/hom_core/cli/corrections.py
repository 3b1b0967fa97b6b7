"""``hom log``, ``hom retract`` and ``hom correct``: the record, readable, and its mistakes put
right by further facts (R1), never by rewriting it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import click

from hom_core.application import Partnership
from hom_core.application.corrections import Change
from hom_core.cli.commands import CommandReader
from hom_core.cli.options import (
    Session,
    actor_option,
    json_option,
    partnership_option,
    pass_session,
    to_date,
    url_option,
)
from hom_core.cli.output import print_json, table
from hom_core.domain import CorrectFact, RetractFact
from hom_core.domain.corrections import FactRetracted
from hom_core.envelope import RecordedEvent
from hom_core.log import EventLog

__all__ = ["correct", "log_command", "retract", "summary"]

SUMMARY_WIDTH = 60
"""The longest one-line summary ``hom log`` prints in a table (``--json`` gives it whole)."""


def summary(log: EventLog, event: object) -> str:
    """A one-line summary of ``event``: its fields as ``name=value``, values as stored."""
    event_type = log.codec.types.of(event)
    payload = log.codec.converter.unstructure(event, unstructure_as=event_type.cls)
    return ", ".join(f"{name}={_short(value)}" for name, value in payload.items())


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={_short(inner)}" for key, inner in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(inner) for inner in value) + "]"
    return str(value)


def _mentions(event: object, member_id: str) -> bool:
    """Does ``event`` name ``member_id`` (as its member, or among its fields' values)?"""
    if getattr(event, "member_id", None) == member_id:
        return True
    values = getattr(event, "__attrs_attrs__", ())
    return any(_holds(getattr(event, field.name), member_id) for field in values)


def _holds(value: Any, member_id: str) -> bool:
    if isinstance(value, str):
        return value == member_id
    if isinstance(value, tuple | list):
        return any(_holds(inner, member_id) for inner in value)
    return False


def log_rows(
    log: EventLog,
    records: Iterable[RecordedEvent[Any]],
    *,
    member: str | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``hom log`` for ``records`` (one stream's, in order), filtered: facts that
    name ``member``, of a type whose name is or contains ``event_type``, effective from
    ``since`` to ``until``. ``retracted_by`` is the position of the retraction of a fact
    retracted (a correction's, when it was replaced)."""
    kept = list(records)
    retracted_by = {r.event.position: r.position for r in kept if type(r.event) is FactRetracted}
    for recorded in kept:
        if member is not None and not _mentions(recorded.event, member):
            continue
        if event_type is not None and event_type not in recorded.event_type:
            continue
        if since is not None and recorded.effective_date < since:
            continue
        if until is not None and recorded.effective_date > until:
            continue
        yield {
            "position": recorded.position,
            "effective_date": recorded.effective_date.isoformat(),
            "recorded_at": recorded.recorded_at.isoformat(timespec="seconds"),
            "by": recorded.actor,
            "type": recorded.event_type,
            "summary": summary(log, recorded.event),
            "retracted_by": retracted_by.get(recorded.position),
        }


@click.command("log")
@url_option
@partnership_option()
@click.option("--member", metavar="ID", help="Only the facts that name this member.")
@click.option(
    "--type", "event_type", metavar="TYPE", help="Only facts whose type contains TYPE (notice)."
)
@click.option("--since", callback=to_date, metavar="DATE", help="Only facts effective from DATE.")
@click.option("--until", callback=to_date, metavar="DATE", help="Only facts effective to DATE.")
@json_option
@pass_session
def log_command(
    session: Session,
    url: str,
    partnership_id: str,
    member: str | None,
    event_type: str | None,
    since: date | None,
    until: date | None,
    as_json: bool,
) -> None:
    """List what was recorded for a partnership, in the order it was recorded.

    Each fact with its position (what `hom retract` and `hom correct` take), the date it is
    effective, when and by whom it was recorded, its type and a one-line summary; a fact
    retracted shows the position of its retraction. Reading never writes.
    """
    with session.log(url, read_only=True) as log:
        partnership = session.formed(log, partnership_id)
        rows = list(
            log_rows(
                log,
                log.read_stream(partnership.stream_id),
                member=member,
                event_type=event_type,
                since=since,
                until=until,
            )
        )
    if as_json:
        print_json({"partnership": partnership_id, "facts": rows})
        return
    shown = [_shown(row) for row in rows]
    click.echo(table(f"the record of {partnership_id}", shown, "no fact matches"))


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``hom log`` as its table shows it: the time recorded to the minute, the summary
    cut to :data:`SUMMARY_WIDTH` and led by the position of its retraction, if any."""
    text = row["summary"]
    if len(text) > SUMMARY_WIDTH:
        text = text[: SUMMARY_WIDTH - 1] + "…"
    if row["retracted_by"] is not None:
        text = f"(retracted at {row['retracted_by']}) {text}"
    return {
        "position": row["position"],
        "effective": row["effective_date"],
        "recorded": row["recorded_at"][:16].replace("T", " "),
        "by": row["by"],
        "type": row["type"],
        "summary": text,
    }


def _change_options(function: Any) -> Any:
    for option in reversed(
        (
            click.option("--reason", required=True, metavar="TEXT", help="Why, in a few words."),
            click.option(
                "--by", "by", required=True, metavar="PERSON", help="Person id of who does it."
            ),
            click.option(
                "--on",
                "on",
                callback=to_date,
                metavar="DATE",
                help="The day of the correction (YYYY-MM-DD). Default: today.",
            ),
            click.option("--dry-run", is_flag=True, help="Show what would change; record nothing."),
            click.option(
                "--idempotency-key",
                metavar="KEY",
                help="Record it once under KEY: a retry with the same key records nothing again.",
            ),
            url_option,
            partnership_option(),
            actor_option,
            json_option,
            pass_session,
        )
    ):
        function = option(function)
    return function


@click.command()
@click.argument("position", type=int)
@_change_options
def retract(
    session: Session,
    position: int,
    reason: str,
    by: str,
    on: date | None,
    dry_run: bool,
    idempotency_key: str | None,
    url: str,
    partnership_id: str,
    actor: str | None,
    as_json: bool,
) -> None:
    """Retract the fact at POSITION (see `hom log`): it was a mistake.

    The fact stays in the log; from now on every answer, as of any day, is as if it had never
    been recorded. Refused, with nothing recorded, if a later fact rests on it.

    \b
        hom retract 212 --reason "recorded twice" --by person-clerk
    """
    with session.log(url, actor, read_only=dry_run) as log:
        partnership = session.formed(log, partnership_id)
        command = RetractFact(position, reason, by, on or log.clock().date())
        _run(partnership, command, dry_run, idempotency_key, actor, as_json)


@click.command()
@click.argument("position", type=int)
@click.argument("command_name", metavar="COMMAND")
@click.option(
    "--field",
    "-f",
    "fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="A field of the replacement COMMAND, as for `hom record` (repeat for each).",
)
@_change_options
def correct(
    session: Session,
    position: int,
    command_name: str,
    fields: tuple[str, ...],
    reason: str,
    by: str,
    on: date | None,
    dry_run: bool,
    idempotency_key: str | None,
    url: str,
    partnership_id: str,
    actor: str | None,
    as_json: bool,
) -> None:
    """Correct the fact at POSITION (see `hom log`): retract it and record COMMAND instead.

    Both are recorded in one append, or neither; the replacement is decided by the rules as if
    the fact had never been recorded.

    \b
        hom correct 212 RecordPayment --field member_id=st-marys \\
            --field financial_year=2014-15 --field amount=420.00 --field paid_on=2014-05-01 \\
            --reason "typed 4200 for 420" --by person-clerk
    """
    with session.log(url, actor, read_only=dry_run) as log:
        partnership = session.formed(log, partnership_id)
        reader = CommandReader(partnership.command_types(), log.codec.converter)
        replacement = reader.from_options(command_name, fields)
        command = CorrectFact(position, replacement, reason, by, on or log.clock().date())
        _run(partnership, command, dry_run, idempotency_key, actor, as_json)


def _run(
    partnership: Partnership,
    command: RetractFact | CorrectFact,
    dry_run: bool,
    idempotency_key: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """Plan ``command`` (``dry_run``) or record it, and print what changes."""
    log = partnership.log
    retried = False
    if dry_run:
        change: Change = partnership.change(command)
        retracts = change.retracts
        events: list[tuple[int | None, object]] = [(None, event) for event in change.events]
    else:
        result = partnership.execute(command, actor=actor, idempotency_key=idempotency_key)
        assert result is not None  # a retraction always records its fact
        retried = result.retried
        records = list(log.read_all(result.first_position - 1, result.last_position))
        events = [(record.position, record.event) for record in records]
        position = records[0].event.position
        retracts = next(log.read_all(position - 1, position))
    retracted = next(log_rows(log, [retracts]))
    recorded = [
        {
            "position": position,
            "type": log.codec.types.of(event).name,
            "summary": summary(log, event),
        }
        for position, event in events
    ]
    if as_json:
        print_json(
            {"dry_run": dry_run, "retried": retried, "retracts": retracted, "records": recorded}
        )
        return
    verb = "would retract" if dry_run else "retracted"
    if retried:
        verb = "retracted before under this idempotency key (nothing new recorded):"
    click.echo(
        f"{verb} position {retracted['position']} ({retracted['type']}): {reason_of(command)}"
    )
    click.echo(table("the fact retracted", [_shown(retracted)], ""))
    title = "would record (dry run: nothing was recorded)" if dry_run else "recorded"
    click.echo(table(title, recorded, ""))


def reason_of(command: RetractFact | CorrectFact) -> str:
    """The reason a retraction or correction gives, and who gives it."""
    return f"{command.reason.strip()} (by {command.by})"
