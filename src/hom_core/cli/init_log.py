"""``hom init``: create a log, and optionally form a partnership in it."""

from __future__ import annotations

from datetime import date

import click

from hom_core.application import Partnership
from hom_core.cli.options import (
    Session,
    actor_option,
    json_option,
    pass_session,
    to_date,
    url_option,
)
from hom_core.cli.output import print_json
from hom_core.domain import FormPartnership
from hom_core.errors import UsageError

__all__ = ["init"]


@click.command()
@url_option
@click.option(
    "--partnership",
    "-p",
    "partnership_id",
    metavar="ID",
    help="Also form a partnership with this id (with --name), such as heart-of-manchester.",
)
@click.option("--name", metavar="NAME", help="The partnership's name, as its agreement gives it.")
@click.option(
    "--formed-on", callback=to_date, metavar="DATE", help="The day it was formed (default today)."
)
@click.option(
    "--existing",
    is_flag=True,
    help="Go ahead when the log already holds events (nothing in it is changed or removed).",
)
@actor_option
@json_option
@pass_session
def init(
    session: Session,
    url: str,
    partnership_id: str | None,
    name: str | None,
    formed_on: date | None,
    existing: bool,
    actor: str | None,
    as_json: bool,
) -> None:
    """Create a log, and optionally form a partnership in it.

    The log is the one --url names (a SQLite file hom.sqlite3 here by default).

    \b
        hom init --partnership heart-of-manchester --name "Heart of Manchester Partnership"

    With --partnership and --name it also forms the partnership (the first event of its
    record). A log that already holds events is left alone unless --existing is given: a log
    is append-only, so init never overwrites or deletes one.
    """
    if (partnership_id is None) != (name is None):
        raise UsageError("give --partnership ID and --name NAME together, or neither")
    if formed_on is not None and partnership_id is None:
        raise UsageError("--formed-on is the date of a partnership: give --partnership and --name")
    with session.log(url, actor, create=True) as log:
        held = log.head()[0]
        if held and not existing:
            raise UsageError(
                f"the log at {url} already holds {held} events: use it as it is, choose a new "
                "--url, or pass --existing to form a partnership in it"
            )
        formed = None
        if partnership_id is not None and name is not None:
            partnership = Partnership(log, partnership_id)
            day = formed_on or log.clock().date()
            result = partnership.execute(FormPartnership(name, day), actor=actor)
            assert result is not None  # formation always records its events
            formed = {
                "partnership": partnership_id,
                "name": name,
                "formed_on": day.isoformat(),
                "first_position": result.first_position,
                "last_position": result.last_position,
            }
        position, head_hash = log.head()
    if as_json:
        print_json({"url": url, "events": position, "head_hash": head_hash, "formed": formed})
        return
    click.echo(f"{url}: a log of {position} events" + (" (new)" if not held else ""))
    if formed is not None:
        click.echo(
            f"formed {name!r} as {partnership_id} on {formed['formed_on']}: "
            f"export HOM_URL={url} HOM_PARTNERSHIP={partnership_id}"
        )
