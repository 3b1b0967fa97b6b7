"""``hom record``: decide one command and record its events (or, with ``--dry-run``, show them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import click

from hom_core.application import Partnership, command_types
from hom_core.cli.commands import CommandReader, field_list
from hom_core.cli.options import (
    Session,
    actor_option,
    json_option,
    partnership_option,
    pass_session,
    url_option,
)
from hom_core.cli.output import print_json, table
from hom_core.errors import InvalidValueError, UsageError
from hom_core.jsontext import loads
from hom_core.log import EventLog
from hom_core.registrations import DomainPack

__all__ = ["record"]


@click.command()
@click.argument("command_name", metavar="[COMMAND]", required=False)
@click.option(
    "--field",
    "-f",
    "fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="A field of the command (repeat for each). VALUE is read as JSON when that gives the "
    'field\'s type (402, true, ["a"], {...}), else as text (2015-03-02, 412.50, a name).',
)
@click.option(
    "--file",
    "command_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help='Read the command from a JSON file (- for stdin): {"command": NAME, "fields": {...}}.',
)
@click.option(
    "--dry-run", is_flag=True, help="Show the events the command would record; record nothing."
)
@click.option(
    "--idempotency-key",
    metavar="KEY",
    help="Record the command once under KEY: a retry with the same key records nothing again.",
)
@url_option
@partnership_option(required=False)
@actor_option
@json_option
@pass_session
def record(
    session: Session,
    command_name: str | None,
    fields: tuple[str, ...],
    command_file: IO[str] | None,
    dry_run: bool,
    idempotency_key: str | None,
    url: str,
    partnership_id: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """Record a command, decided against the partnership's rules.

    With no COMMAND (and no --file), lists the commands and their fields.

    \b
        hom record GiveNotice --field member_id=st-philips --field received_on=2015-03-02
        hom record --file command.json

    Values read as the log stores them: dates YYYY-MM-DD, money 412.50, FTE 201.5, enums by
    value (primary), URNs as digits. A command that breaks a rule prints the rule's id and why,
    and records nothing.
    """
    if command_name is None and command_file is None:
        if fields:
            raise UsageError("--field needs a COMMAND: hom record COMMAND --field NAME=VALUE")
        _list_commands(session.plugins.domain_packs().values(), as_json)
        return
    if command_name is not None and command_file is not None:
        raise UsageError("give a COMMAND with --field options, or --file, not both")
    if partnership_id is None:
        raise UsageError("record needs the partnership: pass --partnership ID (or HOM_PARTNERSHIP)")
    with session.log(url, actor, create=not dry_run, read_only=dry_run) as log:
        partnership = Partnership(log, partnership_id)
        reader = CommandReader(partnership.command_types(), log.codec.converter)
        if command_file is not None:
            command = reader.from_json(_load(command_file))
        else:
            assert command_name is not None
            command = reader.from_options(command_name, fields)
        if dry_run:
            events = partnership.decide(command)
            rows = [_row(log, None, event) for event in events]
            retried = False
        else:
            result = partnership.execute(command, actor=actor, idempotency_key=idempotency_key)
            recorded = (
                []
                if result is None
                else log.read_all(result.first_position - 1, result.last_position)
            )
            rows = [_row(log, each.position, each.event) for each in recorded]
            retried = result is not None and result.retried
    name = type(command).__name__
    if as_json:
        print_json(
            {
                "command": name,
                "stream": partnership.stream_id,
                "dry_run": dry_run,
                "retried": retried,
                "events": rows,
            }
        )
        return
    click.echo(_headline(name, len(rows), dry_run, retried))
    if rows:
        click.echo(table("events", rows, ""))


def _load(source: IO[str]) -> Any:
    try:
        return loads(source.read())
    except InvalidValueError as error:
        raise UsageError(f"{source.name}: {error}") from None
    except ValueError as error:  # not JSON, or not UTF-8
        raise UsageError(
            f"{source.name} is not JSON in UTF-8 ({error}): write a command as JSON"
        ) from None


def _row(log: EventLog, position: int | None, event: object) -> dict[str, Any]:
    event_type = log.codec.types.of(event)
    day = getattr(event, "effective_date", None)
    return {
        "position": position,
        "event": event_type.name,
        "effective_date": None if day is None else day.isoformat(),
        "payload": log.codec.converter.unstructure(event, unstructure_as=event_type.cls),
    }


def _headline(name: str, count: int, dry_run: bool, retried: bool) -> str:
    if dry_run:
        return f"{name} would record {count} event(s) (dry run: nothing was recorded)"
    if retried:
        return f"{name} was recorded before under this idempotency key: nothing new recorded"
    if not count:
        return f"{name} changes nothing: no event recorded"
    return f"recorded {name}: {count} event(s)"


def _list_commands(packs: Iterable[DomainPack], as_json: bool) -> None:
    commands = command_types(packs).values()
    rows = [{"command": cls.__name__, "fields": field_list(cls)} for cls in commands]
    if as_json:
        print_json(rows)
        return
    click.echo(table("commands (hom record COMMAND --field NAME=VALUE ...)", rows, "none"))
