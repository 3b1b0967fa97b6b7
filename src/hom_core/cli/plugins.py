"""``hom plugins``: the plugins of this installation, loaded, disabled and broken."""

from __future__ import annotations

import click

from hom_core.cli.options import Session, json_option, pass_session
from hom_core.cli.output import print_json, table
from hom_core.plugins import DISABLE_ENV

__all__ = ["plugins"]


@click.command()
@json_option
@pass_session
def plugins(session: Session, as_json: bool) -> None:
    """List the plugins: loaded, disabled and broken.

    Shows each plugin's name, distribution and version, and hooks. A plugin is disabled by
    HOM_DISABLE_PLUGINS (a comma-separated list of names); a broken one (it failed to import,
    or registers something invalid) is skipped and shown with the reason.
    """
    rows = [
        {
            "name": info.name,
            "distribution": info.distribution,
            "version": info.version,
            "hooks": list(info.hooks),
            "status": info.status,
        }
        for info in session.plugins.info()
    ]
    if as_json:
        print_json(rows)
        return
    click.echo(table("plugins", rows, f"none installed ({DISABLE_ENV} may disable them)"))
