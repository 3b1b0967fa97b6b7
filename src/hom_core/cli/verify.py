"""``hom verify``: check the log's hash chain and store; ``hom head``: the anchor to keep."""

from __future__ import annotations

import click

from hom_core.chain import ChainReport
from hom_core.cli.options import Session, json_option, pass_session, url_option
from hom_core.cli.output import print_json
from hom_core.errors import CorruptLogError
from hom_core.verification import parse_anchor

__all__ = ["head", "verify"]


@click.command()
@url_option
@click.option(
    "--head",
    "anchor",
    metavar="POSITION:HASH",
    help="A head kept from hom head: also prove the log still holds that record.",
)
@json_option
@pass_session
def verify(session: Session, url: str, anchor: str | None, as_json: bool) -> int:
    """Check the log's hash chain and its store (exit status 1 when anything is wrong).

    Reads every record and reports the first position where one was edited, inserted, removed
    or reordered; runs the store's own integrity check; checks that snapshots and checkpoints
    match the log. Keep the head hom head prints somewhere the log's writers cannot change, and
    give it to --head later: a log cut short or rewritten no longer holds it.
    """
    kept = None if anchor is None else parse_anchor(anchor)
    try:
        with session.log(url, read_only=True) as log:
            report = log.verify(kept)
    except CorruptLogError as error:  # a store that checks its records on open refused them
        if error.position is None:
            raise
        before = error.position - 1
        report = ChainReport(before, before, "", error.position, str(error))
    if as_json:
        answer: dict[str, object] = {
            "ok": report.ok,
            "checked": report.checked,
            "head_position": report.head_position,
            "head_hash": report.head_hash,
            "first_bad_position": report.first_bad_position,
            "reason": report.reason,
        }
        if report.problems:  # what is wrong beside the chain
            answer["problems"] = list(report.problems)
        print_json(answer)
    else:
        click.echo(str(report))
    return 0 if report.ok else 1


@click.command()
@url_option
@json_option
@pass_session
def head(session: Session, url: str, as_json: bool) -> None:
    """Print the log's head as POSITION:HASH, to keep where the log's writers cannot change it.

    Give it to hom verify --head later: it proves the log still holds that record, so it was
    neither cut short nor rewritten up to there.
    """
    with session.log(url, read_only=True) as log:
        position, digest = log.head()
    if as_json:
        print_json({"position": position, "hash": digest, "head": f"{position}:{digest}"})
    else:
        click.echo(f"{position}:{digest}")
