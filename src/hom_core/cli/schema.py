"""``hom schema``: the JSON Schema of each event type's payload (:mod:`hom_core.schema`)."""

from __future__ import annotations

import difflib

import click

from hom_core.cli.options import Session, pass_session
from hom_core.cli.output import print_json
from hom_core.errors import UsageError
from hom_core.schema import event_schema, event_schemas

__all__ = ["schema"]


@click.command()
@click.argument("event_type", metavar="TYPE", required=False)
@pass_session
def schema(session: Session, event_type: str | None) -> None:
    """Print the JSON Schema of the events: all of them as one document, or of TYPE.

    TYPE is an event type's name, such as hom.notice_given (hom plugins lists the plugins that
    register them). The payloads hom import reads and the webhook sends follow these schemas.
    """
    types = session.plugins.event_types()
    if event_type is None:
        print_json(event_schemas(types))
        return
    if event_type not in types:
        names = [registered.name for registered in types]
        close = difflib.get_close_matches(event_type, names, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(
            f"no event type {event_type!r}: {hint}hom schema with no TYPE prints them all"
        )
    print_json(event_schema(types.by_name(event_type)))
