"""``hom import``: record a JSON-lines history, atomically or in batches that resume."""

from __future__ import annotations

import time
from pathlib import Path

import attrs
import click
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from hom_core.application import Partnership
from hom_core.cli.history import BATCH_SIZE, ImportReport, import_history
from hom_core.cli.options import (
    Session,
    actor_option,
    json_option,
    partnership_option,
    pass_session,
    url_option,
)
from hom_core.cli.output import console, print_json

__all__ = ["import_command"]


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--atomic",
    is_flag=True,
    help="Record every line in one append, or nothing (all lines must be for one stream).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    metavar="N",
    help="Lines per batch of a resumable import.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: when stderr is a terminal).",
)
@url_option
@partnership_option(required=False)
@actor_option
@json_option
@pass_session
def import_command(
    session: Session,
    file: Path,
    atomic: bool,
    batch_size: int,
    progress: bool | None,
    url: str,
    partnership_id: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """Import a JSON-lines file of events and commands.

    One JSON object a line (blank lines are skipped). An event line is recorded as it is,
    without asking the rules again (a history decided elsewhere):

    \b
        {"event": "hom.notice_given", "payload": {...}, "effective_date": "2015-03-02"}

    with optional "stream" (default: the partnership's), "effective_date" (default: the date
    the event is about) and "schema_version" (older versions are upcast). A command line is
    decided against the partnership as it stands after the lines before it, as hom record
    would, and stops the import where it breaks a rule:

    \b
        {"command": "GiveNotice", "fields": {"member_id": "webster", "received_on": "2015-03-02"}}

    By default lines are recorded in batches, each under an idempotency key made from its line
    numbers and text: after a failure or an interrupt, whole batches are in the log, and the
    same command run again (after fixing the line it names) records the rest, never twice.
    With --atomic every line is read and decided first and recorded in one append, or none is.
    """
    stderr = console(stderr=True)
    bar = Progress(
        TextColumn("importing {task.fields[name]}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[lines]:,} lines"),
        TimeRemainingColumn(),
        console=stderr,
        disable=not (stderr.is_terminal if progress is None else progress),
    )
    started = time.perf_counter()
    with session.log(url, actor, create=True) as log, bar:
        task = bar.add_task("import", total=file.stat().st_size, name=file.name, lines=0)
        partnership = Partnership(log, partnership_id) if partnership_id else None
        report = import_history(
            log,
            partnership,
            file,
            atomic=atomic,
            batch_size=batch_size,
            progress=lambda done, lines: bar.update(task, completed=done, lines=lines),
        )
    seconds = time.perf_counter() - started
    if as_json:
        timing = {"file": str(file), "url": url, "seconds": round(seconds, 3)}
        print_json(timing | attrs.asdict(report))
    else:
        click.echo(_summary(file, report, seconds))


def _summary(file: Path, report: ImportReport, seconds: float) -> str:
    skipped = (
        f"; {report.skipped_batches} batch(es) were in the log already"
        if report.skipped_batches
        else ""
    )
    if not report.events:
        return f"{file}: {report.lines:,} lines, nothing new recorded{skipped}"
    rate = report.events / seconds if seconds > 0 else float(report.events)
    return (
        f"{file}: {report.lines:,} lines, recorded {report.events:,} events in "
        f"{report.batches} batch(es) at positions {report.first_position}-"
        f"{report.last_position}{skipped} ({seconds:.1f} s, {rate:,.0f} events/s)"
    )
