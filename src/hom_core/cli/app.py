"""The ``hom`` command group: its commands, and one line for every user error.

Every command is a small module of this package; this one wires them into the group and turns
what a user can get wrong (a :class:`~hom_core.errors.HomError`, a bad option, a missing file)
into one line on stderr and exit status 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Literal, NoReturn, overload

import click

from hom_core.cli.export import export
from hom_core.cli.forget import forget
from hom_core.cli.import_history import import_command
from hom_core.cli.import_tables import import_census, import_gias, import_people, import_terms
from hom_core.cli.init_log import init
from hom_core.cli.notify import notify
from hom_core.cli.output import DATE_STYLE, DATE_STYLES
from hom_core.cli.people import people
from hom_core.cli.plugins import plugins
from hom_core.cli.record import record
from hom_core.cli.schema import schema
from hom_core.cli.status import status
from hom_core.cli.verify import verify
from hom_core.errors import HomError

__all__ = ["USER_ERROR", "HomGroup", "hom"]

USER_ERROR = 2
"""The exit status of every user error."""


class HomGroup(click.Group):
    """A click group whose errors are one line: ``hom: <what went wrong and what to do>``."""

    @overload
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: Literal[True] = True,
        **extra: Any,
    ) -> NoReturn: ...

    @overload
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = ...,
        **extra: Any,
    ) -> Any: ...

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; exit (or, with ``standalone_mode=False``, return) with its status."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            status = result if isinstance(result, int) else 0
        except click.ClickException as error:
            _say(_click_error(error))
            status = USER_ERROR
        except click.Abort:
            _say("hom: aborted, nothing was done")
            status = 1
        except HomError as error:
            _say(f"hom: {error}")
            status = USER_ERROR
        except OSError as error:
            _say(f"hom: {error}")
            status = USER_ERROR
        if standalone_mode:
            sys.exit(status)
        return status


def _click_error(error: click.ClickException) -> str:
    message = error.format_message()
    context = getattr(error, "ctx", None)
    if isinstance(context, click.Context):
        path = context.command_path
        return f"{path}: {message.rstrip('.')} (see {path} --help)"
    return f"hom: {message}"


def _say(line: str) -> None:
    """Print ``line`` on stderr as one line, however many lines the message had."""
    click.echo(" ".join(line.split()), err=True)


@click.group(
    cls=HomGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="hom", prog_name="hom")
@click.option(
    "--date-style",
    type=click.Choice(DATE_STYLES),
    default="iso",
    envvar="HOM_DATE_STYLE",
    show_envvar=True,
    show_default=True,
    help="How tables show dates: iso (2015-09-01) or uk (01/09/2015). JSON is always ISO.",
)
@click.pass_context
def hom(context: click.Context, date_style: str) -> None:
    """The record of a partnership of schools, kept as an append-only, tamper-evident log.

    Most commands take --url (the log; env HOM_URL, default a SQLite file hom.sqlite3 here)
    and --partnership (its id; env HOM_PARTNERSHIP). Set both once:

        export HOM_URL=sqlite:///hom.sqlite3 HOM_PARTNERSHIP=heart-of-manchester

    A mistake prints one line saying what to do and exits with status 2; --json makes the
    output machine-readable. Each command has its own --help.
    """
    context.meta[DATE_STYLE] = date_style
    if context.invoked_subcommand is None:  # a bare `hom`: show what it can do
        click.echo(context.get_help(), err=True)
        context.exit(USER_ERROR)


for command in (init, record, import_command, status, export, verify, notify, plugins, forget):
    hom.add_command(command)
for command in (import_gias, import_census, import_terms, import_people, people, schema):
    hom.add_command(command)
