"""``hom import-gias``, ``import-census``, ``import-terms``, ``import-people``: data in from
spreadsheets and open data (see :mod:`hom_core.imports`).

Each reads its whole file first (a cell it cannot read stops it, naming the file, the line and
the column, and nothing is recorded), then decides every command and records them: in one
append by default (all or nothing), or with ``--resumable`` in batches that a second run
resumes. ``--dry-run`` shows, row by row, what would be recorded, and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import click
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from hom_core.application import Partnership
from hom_core.cli.options import (
    Session,
    actor_option,
    json_option,
    partnership_option,
    pass_session,
    to_date,
    url_option,
)
from hom_core.cli.output import console, print_json, table
from hom_core.domain import PeopleStore
from hom_core.imports.batches import BATCH_SIZE, ImportReport
from hom_core.imports.census import plan_census
from hom_core.imports.gias import ENCODING, plan_gias
from hom_core.imports.people import plan_people
from hom_core.imports.plan import Plan, record_plan, store_people
from hom_core.imports.terms import plan_terms

__all__ = ["import_census", "import_gias", "import_people", "import_terms"]

Planner = Callable[[Partnership, PeopleStore], Plan]

F = Callable[..., Any]


def _common(function: F) -> F:
    """The options every table import shares."""
    for option in reversed(
        (
            click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option(
                "--dry-run", is_flag=True, help="Show what each row would record; record nothing."
            ),
            click.option(
                "--resumable",
                is_flag=True,
                help="Record in batches that a second run resumes after a failure (default: "
                "all rows in one append, or none).",
            ),
            click.option(
                "--batch-size",
                type=click.IntRange(min=1),
                default=BATCH_SIZE,
                show_default=True,
                metavar="N",
                help="Rows per batch with --resumable.",
            ),
            click.option(
                "--progress/--no-progress",
                default=None,
                help="Show a progress bar on stderr (default: when stderr is a terminal).",
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


def _encoding(default: str) -> F:
    return click.option(
        "--encoding",
        default=default,
        show_default=True,
        metavar="NAME",
        help="The text encoding of a CSV file.",
    )


_sheet = click.option("--sheet", metavar="NAME", help="The sheet of an XLSX workbook to read.")


def _run(
    session: Session, planner: Planner, options: dict[str, Any], *, people_store: bool = False
) -> None:
    """Plan the import, then show it (dry run) or record it, and say what was done;
    ``people_store``: the import writes to the people store, so the log must keep one."""
    file: Path = options["file"]
    with (
        session.log(options["url"], options["actor"], create=True) as log,
        session.people(options["url"], required=people_store, create=True) as people,
    ):
        partnership = session.formed(log, options["partnership_id"], people)
        plan = planner(partnership, people)
        report = _record(partnership, plan, options)
        stored = 0 if options["dry_run"] else store_people(people, plan)
    rows = [{"line": row.line, "row": row.about, "action": row.action} for row in plan.rows]
    if options["as_json"]:
        print_json(
            {"file": str(file), "dry_run": options["dry_run"], "rows": rows}
            | {"people_stored": stored}
            | attrs.asdict(report)
        )
        return
    if options["dry_run"]:
        click.echo(table(f"{file.name}: what would be recorded", rows, "no rows"))
    click.echo(_summary(file, plan, report, stored, dry_run=options["dry_run"]))


def _record(partnership: Partnership, plan: Plan, options: dict[str, Any]) -> ImportReport:
    stderr = console(stderr=True)
    shown = stderr.is_terminal if options["progress"] is None else options["progress"]
    bar = Progress(
        TextColumn("importing {task.fields[name]}"),
        BarColumn(),
        TaskProgressColumn(),
        console=stderr,
        disable=not shown,
    )
    with bar:
        task = bar.add_task("import", total=max(plan.commands, 1), name=plan.source)
        batch = options["batch_size"]
        return record_plan(
            partnership,
            plan,
            atomic=not options["resumable"],
            batch_size=batch,
            dry_run=options["dry_run"],
            after_batch=lambda: bar.advance(task, batch),
        )


def _summary(file: Path, plan: Plan, report: ImportReport, stored: int, *, dry_run: bool) -> str:
    doing = sum(1 for row in plan.rows if row.commands)
    what = f"{file.name}: {len(plan.rows)} row(s), {doing} with something to record"
    if dry_run:
        return f"{what}; would record {report.events} event(s): nothing was recorded (dry run)"
    people = f"; stored {stored} person(s)" if stored else ""
    if not report.events:
        return f"{what}; nothing new recorded{people}"
    return (
        f"{what}; recorded {report.events} event(s) at positions "
        f"{report.first_position}-{report.last_position}{people}"
    )


@click.command("import-gias")
@_common
@click.option(
    "--signed-on", required=True, callback=to_date, metavar="DATE", help="The day new members sign."
)
@click.option(
    "--partnership-chair",
    required=True,
    metavar="PERSON",
    help="The person id of the partnership's chairperson, who signs for it.",
)
@_encoding(ENCODING)
def import_gias(session: Session, **options: Any) -> None:
    """Members from a GIAS establishment extract (CSV, as GIAS publishes it).

    Reads URN, EstablishmentName, TypeOfEstablishment (name), PhaseOfEducation (name), UKPRN
    and EstablishmentStatus (name). Each open establishment is matched to the members by URN:
    a member is left as it is, a former member rejoins, any other joins, signed on
    --signed-on, its head and chair of governors recorded as head-of-ID and chair-of-ID (give
    them names with hom people add). The kind (primary, special...) comes from the type and
    phase. Closed establishments are skipped.
    """
    _run(
        session,
        lambda partnership, _: plan_gias(
            options["file"],
            partnership,
            signed_on=options["signed_on"],
            partnership_chair=options["partnership_chair"],
            encoding=options["encoding"],
        ),
        options,
    )


@click.command("import-census")
@_common
@click.option(
    "--census-date",
    required=True,
    callback=to_date,
    metavar="DATE",
    help="The day of the January census, such as 2025-01-16.",
)
@_encoding("utf-8-sig")
@_sheet
def import_census(session: Session, **options: Any) -> None:
    """January census figures from a CSV or XLSX sheet.

    One row per school: URN or member_id, and either full_time and part_time pupils or the
    FTE alone (FTE = full-time + part-time / 2). Each row is submitted as the school's census
    on --census-date; a second import for the same January corrects it.
    """
    _run(
        session,
        lambda partnership, _: plan_census(
            options["file"],
            partnership,
            census_date=options["census_date"],
            encoding=options["encoding"],
            sheet=options["sheet"],
        ),
        options,
    )


@click.command("import-terms")
@_common
@click.option(
    "--recorded-on", callback=to_date, metavar="DATE", help="The day of recording (default today)."
)
@_encoding("utf-8-sig")
@_sheet
def import_terms(session: Session, **options: Any) -> None:
    """Term dates from an iCalendar (.ics) file or a CSV or XLSX sheet.

    An .ics file has one all-day event per half term, its SUMMARY naming it (Autumn 1 ...
    Summer 2); a sheet has the columns half_term, first_day and last_day. Each academic year
    needs its six half terms, and is recorded as the partnership's term dates for that year.
    """
    _run(
        session,
        lambda _, __: plan_terms(
            options["file"],
            recorded_on=options["recorded_on"] or date.today(),
            encoding=options["encoding"],
            sheet=options["sheet"],
        ),
        options,
    )


@click.command("import-people")
@_common
@click.option(
    "--from",
    "from_date",
    callback=to_date,
    metavar="DATE",
    help="The day roles are held from, for rows without a from column (default today).",
)
@_encoding("utf-8-sig")
@_sheet
def import_people(session: Session, **options: Any) -> None:
    """People's names, emails and roles from a CSV or XLSX sheet into the people store.

    Columns person_id and name, and optionally email, member_id and role (head, deputy head,
    chair of governors, EYFS representative, business representative) with from. A role is
    recorded in the log; names and emails go to the people store beside it, where hom forget
    can erase them.
    """
    _run(
        session,
        lambda partnership, people: plan_people(
            options["file"],
            partnership,
            people,
            from_date=options["from_date"] or date.today(),
            encoding=options["encoding"],
            sheet=options["sheet"],
        ),
        options,
        people_store=True,
    )
