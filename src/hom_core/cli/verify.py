"""``hom verify``: check the log's hash chain."""

from __future__ import annotations

import click

from hom_core.cli.options import Session, json_option, pass_session, url_option
from hom_core.cli.output import print_json

__all__ = ["verify"]


@click.command()
@url_option
@json_option
@pass_session
def verify(session: Session, url: str, as_json: bool) -> int:
    """Check the log's hash chain (exit status 1 when broken).

    Reads every record and reports the first position where one was edited, inserted, removed
    or reordered. Keep the head it prints (position and hash) somewhere the log's writers
    cannot change: a later log that no longer reaches it was cut short or rewritten.
    """
    with session.log(url) as log:
        report = log.verify()
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "head_position": report.head_position,
                "head_hash": report.head_hash,
                "first_bad_position": report.first_bad_position,
                "reason": report.reason,
            }
        )
    else:
        click.echo(str(report))
    return 0 if report.ok else 1
