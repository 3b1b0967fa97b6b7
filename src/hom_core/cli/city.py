"""``hom city``: schools reached and money owed across every partnership of one or more logs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from hom_core.city import CityModel, CityTotals, FeedReport, MemoryCity, catch_up_urls, follow
from hom_core.cli.options import Session, json_option, pass_session
from hom_core.cli.output import print_json
from hom_core.errors import UsageError

__all__ = ["city"]


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    required=True,
    metavar="URL",
    help="A log of partnerships (repeat for more): one shared log, or one per schema.",
)
@click.option(
    "--into",
    metavar="URL",
    help="Keep the model in tables of this PostgreSQL schema "
    "(postgresql://user@host/db?schema=city), resuming from their checkpoints. "
    "Default: fold the logs in memory.",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Empty the --into tables first and read every log from the start.",
)
@click.option(
    "--follow", is_flag=True, help="Keep taking new records in until interrupted (Ctrl-C)."
)
@click.option("--each", is_flag=True, help="Also list each partnership's schools and money owed.")
@json_option
@pass_session
def city(
    session: Session,
    sources: tuple[str, ...],
    into: str | None,
    rebuild: bool,
    follow: bool,
    each: bool,
    as_json: bool,
) -> None:
    """Schools reached and money owed across every partnership of the logs given.

    Reads each --source log in position order after its checkpoint and takes in the facts that
    count: schools joining, contributions called, adjusted and paid; a retraction or
    correction takes out the fact it names. With --into the facts and each log's checkpoint are
    kept in PostgreSQL tables, written together, so a run stopped anywhere resumes where it
    stopped; reports can read those tables, from a replica too. Prints the figures and how fast
    the records were read. The logs are only read.
    """
    with _model(into) as model:
        if rebuild:
            model.clear()
        if follow:
            _follow(session, model, list(sources), each, as_json)
            return
        report = catch_up_urls(model, list(sources), plugins=session.plugins)
        _show(model.totals(), report, each, as_json)


@contextmanager
def _model(into: str | None) -> Iterator[CityModel]:
    if into is None:
        yield MemoryCity()  # a fold from scratch: --rebuild changes nothing
        return
    if not into.startswith(("postgresql://", "postgres://")):
        raise UsageError(
            f"--into {into.split('://')[0]}:// is not where the city model is kept: give a "
            "postgresql:// URL (with ?schema=...), or leave --into out to fold in memory"
        )
    from hom_core.city.postgres import PostgresCity

    with PostgresCity(into) as model:
        yield model


def _follow(
    session: Session, model: CityModel, sources: list[str], each: bool, as_json: bool
) -> None:
    stop = threading.Event()

    def show(report: FeedReport) -> None:
        _show(model.totals(), report, each, as_json)

    try:
        follow(model, sources, stop, plugins=session.plugins, on_catch_up=show)
    except KeyboardInterrupt:
        stop.set()


def _show(totals: CityTotals, report: FeedReport, each: bool, as_json: bool) -> None:
    if as_json:
        answer: dict[str, object] = {
            "schools_reached": totals.schools_reached,
            "owed": str(totals.owed.to_decimal()),
            "owed_pence": totals.owed.pence,
            "partnerships": len(totals.partnerships),
            "records_read": report.records,
            "facts_taken_in": report.changes,
            "seconds": round(report.seconds, 3),
            "records_per_second": round(report.rate),
        }
        if each:
            answer["each"] = {
                name: {"schools": figures.schools, "owed_pence": figures.owed.pence}
                for name, figures in totals.partnerships.items()
            }
        print_json(answer)
        return
    click.echo(f"schools reached: {totals.schools_reached}")
    click.echo(f"money owed: {totals.owed}")
    click.echo(f"partnerships: {len(totals.partnerships)}")
    if each:
        for name, figures in totals.partnerships.items():
            click.echo(f"  {name}: {figures.schools} schools, {figures.owed} owed")
    click.echo(
        f"read {report.records} records ({report.changes} facts) in {report.seconds:.2f} s"
        f" ({report.rate:,.0f} records/s)"
    )
