"""``hom export``: write the partnership through an installed exporter."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

import click

from hom_core.cli.options import (
    Session,
    answer_day,
    as_of_option,
    json_option,
    partnership_option,
    pass_session,
    url_option,
)
from hom_core.cli.output import print_json, table
from hom_core.errors import UsageError
from hom_core.registrations import Exporter

__all__ = ["export"]


@click.command()
@click.argument("exporter_name", metavar="[EXPORTER]", required=False)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    callback=lambda _context, _option, value: None if value == Path("-") else value,
    metavar="FILE",
    help="Write to FILE (replaced only once the export succeeds). Default, or -: stdout.",
)
@click.option(
    "--for",
    "person",
    metavar="PERSON_ID",
    help="Only what PERSON_ID is responsible for on the day (by the roles they hold), for an "
    "exporter that writes per person, such as deadlines.",
)
@click.option(
    "--role",
    metavar="ROLE",
    help="Only what ROLE is responsible for (head, banker, chair, strategic-group, group-chair, "
    "or a pack's role), for an exporter that writes per person, such as deadlines.",
)
@url_option
@partnership_option(required=False)
@as_of_option
@json_option
@pass_session
def export(
    session: Session,
    exporter_name: str | None,
    output: Path | None,
    person: str | None,
    role: str | None,
    url: str,
    partnership_id: str | None,
    as_of: date | None,
    as_json: bool,
) -> None:
    """Write the partnership through an installed exporter.

    Writes the partnership as of --as-of (default today) in the format of EXPORTER, to
    stdout or to -o FILE; people whose details were erased appear as forgotten. Exporters
    are plugins (the hom_exporters hook): with no EXPORTER, lists the installed ones.
    --for PERSON_ID and --role ROLE keep one person's or one role's part, for an exporter
    that can (such as deadlines: a head's feed of what they are responsible for).
    """
    exporters = session.plugins.exporters()
    if exporter_name is None:
        _list(exporters, as_json)
        return
    exporter = exporters.get(exporter_name)
    if exporter is None:
        known = ", ".join(sorted(exporters)) or "none (install a plugin that provides one)"
        raise UsageError(f"no exporter {exporter_name!r}: the installed exporters are {known}")
    if partnership_id is None:
        raise UsageError("export needs the partnership: pass --partnership ID (or HOM_PARTNERSHIP)")
    if as_json and output is None:
        raise UsageError("--json describes the file written with -o FILE: give -o, or drop --json")
    audience = None
    if person is not None or role is not None:
        if exporter.write_for is None:
            per_person = sorted(name for name, each in exporters.items() if each.write_for)
            raise UsageError(
                f"the {exporter.name} exporter writes the whole partnership: --for and --role "
                f"apply to {', '.join(per_person) or 'an exporter that writes per person'}"
            )
        from hom_core.application.agenda import Audience  # the application only when needed

        audience = Audience(person, role)
    with session.log(url, read_only=True) as log, session.people(url, required=False) as people:
        partnership = session.formed(log, partnership_id, people)
        day = answer_day(partnership, as_of)
        if audience is not None:
            assert exporter.write_for is not None
            audience.check(partnership.as_of(day))  # before the destination is touched
        with _destination(output) as out:
            if audience is None:
                exporter.write(partnership, out, day)
            else:
                assert exporter.write_for is not None
                exporter.write_for(partnership, out, day, audience)
    if output is not None:
        summary = {"exporter": exporter.name, "file": str(output), "as_of": day.isoformat()}
        if as_json:
            print_json(summary | {"bytes": output.stat().st_size})
        else:
            click.echo(f"wrote {output} ({exporter.media_type}) as of {day}")


@contextmanager
def _destination(output: Path | None) -> Iterator[BinaryIO]:
    """Stdout, or a temporary file beside ``output`` renamed over it once the export is whole."""
    if output is None:
        stdout = sys.stdout.buffer
        yield stdout
        stdout.flush()
        return
    folder = output.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    except OSError as error:  # name the folder, not the temporary file it could not create
        raise UsageError(
            f"cannot write {output}: the directory {folder} {_unwritable(folder, error)}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as a file opened for writing would be
        os.replace(temporary, output)
    except BaseException:
        os.unlink(temporary)
        raise


def _unwritable(folder: Path, error: OSError) -> str:
    """Why no new file can be made in ``folder``, for a message."""
    if not folder.exists():
        return "does not exist: create it, or write elsewhere"
    if not folder.is_dir():
        return "is not a directory: write to a file in a directory"
    if error.errno == errno.EACCES:
        return "cannot be written to: write elsewhere, or ask for access"
    return f"cannot hold a new file ({error.strerror}): write elsewhere"


def _list(exporters: dict[str, Exporter], as_json: bool) -> None:
    rows = [
        {
            "name": exporter.name,
            "media_type": exporter.media_type,
            "suffix": exporter.suffix,
            "description": exporter.description,
        }
        for exporter in sorted(exporters.values(), key=lambda exporter: exporter.name)
    ]
    if as_json:
        print_json(rows)
        return
    click.echo(table("exporters", rows, "none installed (a plugin can add one)"))
