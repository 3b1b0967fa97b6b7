"""The ``hom`` command group: its commands, and one line for every user error.

Every command is a small module of this package; this one wires them into the group and turns
what a user can get wrong (a :class:`~hom_core.errors.HomError`, a bad option, a missing file,
an argument that is not Unicode text) into one line on stderr and exit status 2: plain text, or
with ``--json`` one JSON object (:func:`error_document`). Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from types import NoneType
from typing import Any, Literal, NoReturn, overload

import click

from hom_core.cli.output import DATE_STYLE, DATE_STYLES
from hom_core.errors import HomError, UsageError
from hom_core.jsontext import not_unicode

__all__ = ["COMMANDS", "USER_ERROR", "HomGroup", "LazyCommands", "error_document", "hom"]

USER_ERROR = 2
"""The exit status of every user error."""


COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("init_log", "init", "Create a log, and optionally form a partnership in it."),
    "record": ("record", "record", "Record a command, decided against the partnership's rules."),
    "import": ("import_history", "import_command", "Import a JSON-lines file of events and "
               "commands."),
    "status": ("status", "status", "Members, notices, contributions, arrears of every year and the "
               "chair, as of a date."),
    "agenda": ("agenda", "agenda", "What falls due, as of a date, by the partnership's rules and "
               "its packs."),
    "export": ("export", "export", "Write the partnership through an installed exporter."),
    "verify": ("verify", "verify", "Check the log's hash chain and its store (exit status 1 when "
               "anything is wrong)."),
    "head": ("verify", "head", "Print the log's head as POSITION:HASH, to keep where the log's "
             "writers cannot change it."),
    "notify": ("notify", "notify", "Deliver recorded events to the notifiers (email, webhook)."),
    "plugins": ("plugins", "plugins", "List the plugins: loaded, disabled and broken."),
    "forget": ("forget", "forget", "Erase a person's name and contact details for good."),
    "import-gias": ("import_tables", "import_gias", "Members from a GIAS establishment extract "
                    "(CSV, as GIAS publishes it)."),
    "import-census": ("import_tables", "import_census", "January census figures from a CSV or "
                      "XLSX sheet."),
    "import-terms": ("import_tables", "import_terms", "Term dates from an iCalendar (.ics) file "
                     "or a CSV or XLSX sheet."),
    "import-people": ("import_tables", "import_people", "People's names, emails and roles from "
                      "a CSV or XLSX sheet into the people store."),
    "people": ("people", "people", "The people behind the ids of the log: add their names, list "
               "and show them."),
    "log": ("corrections", "log_command", "List what was recorded for a partnership, in the "
            "order it was recorded."),
    "retract": ("corrections", "retract", "Retract the fact at POSITION (see `hom log`): it was "
                "a mistake."),
    "correct": ("corrections", "correct", "Correct the fact at POSITION (see `hom log`): retract "
                "it and record COMMAND instead."),
    "city": ("city", "city", "Schools reached and money owed across every partnership of the "
             "logs given."),
    "schema": ("schema", "schema", "Print the JSON Schema of the events: all of them as one "
               "document, or of TYPE."),
}  # fmt: skip
"""Every command of ``hom``: its module in this package, the command's name there, and the
first sentence of its help (what ``hom --help`` lists; a test checks it against the command's)."""


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands, each imported the first time it is looked up.

    ``hom --help`` lists them from :data:`COMMANDS` and ``hom status`` imports only the status
    command's module, so no command pays for the imports (the domain, rich, cattrs) of another.
    """

    def __init__(self, table: dict[str, tuple[str, str, str]]) -> None:
        self._table = table
        self._loaded: dict[str, click.Command] = {}

    def summary(self, name: str) -> str | None:
        """The first sentence of the help of command ``name``, without importing it (``None``
        for a command added at run time)."""
        return None if name in self._loaded or name not in self._table else self._table[name][2]

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, attribute, _ = self._table[name]
            command = getattr(import_module(f"hom_core.cli.{module}"), attribute)
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._table = {key: value for key, value in self._table.items() if key != name}

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._table, *self._loaded]))

    def __len__(self) -> int:
        return len(self._table.keys() | self._loaded.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._table or name in self._loaded


class HomGroup(click.Group):
    """A click group whose errors are one line: ``hom: <what went wrong and what to do>``, and
    whose commands are imported only when one is run (:class:`LazyCommands`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

    def format_commands(self, context: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands of ``--help``, each with the first sentence of its help, from
        :data:`COMMANDS` for those not imported yet (as click would shorten the help)."""
        commands = self.commands
        assert isinstance(commands, LazyCommands)
        names = self.list_commands(context)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            summary = commands.summary(name)
            if summary is not None:
                # shortened as click shortens a command's help for this list
                rows.append((name, click.Command(name, help=summary).get_short_help_str(limit)))
            elif not (command := commands[name]).hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
        """Run the command; exit (or, with ``standalone_mode=False``, return) with its status.

        A user error is one line on stderr: ``hom: <message>``, or with ``--json`` among the
        arguments one JSON object (:func:`error_document`).
        """
        arguments = list(sys.argv[1:] if args is None else args)
        report = _report_json if _wants_json(arguments) else _report_line
        try:
            _check_text(arguments)
            result = super().main(
                arguments, prog_name, complete_var, standalone_mode=False, **extra
            )
            status = result if isinstance(result, int) else 0
        except click.ClickException as error:
            status = report(_click_error(error), error, USER_ERROR)
        except click.Abort as error:
            status = report("hom: aborted, nothing was done", error, 1)
        except (HomError, OSError) as error:
            status = report(f"hom: {error}", error, USER_ERROR)
        if standalone_mode:
            sys.exit(status)
        return status


def _wants_json(arguments: Sequence[str]) -> bool:
    """Is ``--json`` among the options (before any ``--``)?"""
    end = arguments.index("--") if "--" in arguments else len(arguments)
    return "--json" in arguments[:end]


def _check_text(arguments: Sequence[str]) -> None:
    """Refuse an argument or ``HOM_*`` variable that is not Unicode text (a byte that is not
    UTF-8 reaches Python as half of a surrogate pair, which nothing can store or print)."""
    given = [(f"argument {number}", text) for number, text in enumerate(arguments, 1)]
    given += [(name, text) for name, text in os.environ.items() if name.startswith("HOM_")]
    for where, text in given:
        problem = not_unicode(text)
        if problem is not None:
            raise UsageError(f"{where} holds {problem}")


def _click_error(error: click.ClickException) -> str:
    message = error.format_message()
    context = getattr(error, "ctx", None)
    if isinstance(context, click.Context):
        path = context.command_path
        return f"{path}: {message.rstrip('.')} (see {path} --help)"
    return f"hom: {message}"


def _report_line(line: str, _: BaseException, status: int) -> int:
    """Print ``line`` on stderr as one line, however many lines the message had."""
    click.echo(_printable(" ".join(line.split())), err=True)
    return status


def _report_json(line: str, error: BaseException, status: int) -> int:
    document = json.dumps(error_document(line, error, status), ensure_ascii=False)
    click.echo(_printable(document), err=True)
    return status


def _printable(text: str) -> str:
    """``text`` with anything that is not Unicode (a lone surrogate) escaped, so it prints."""
    return text.encode("utf-8", "backslashreplace").decode()


def error_document(line: str, error: BaseException, status: int) -> dict[str, Any]:
    """What ``hom ... --json`` prints on stderr for a failure, as one line of JSON::

        {"error": {"type": "UnknownPartnershipError",
                   "types": ["UnknownPartnershipError", "RuleViolation", "UsageError", "HomError"],
                   "message": "hom: the log holds no partnership ...", "exit_status": 2,
                   "details": {"partnership_id": "...", "formed": ["..."], "rule": "M2"}}}

    ``type`` is the error's class (``UsageError`` for a mistake in the options, ``OSError`` for a
    file that cannot be read or written); ``types`` its classes up to :class:`HomError`, to
    match on a family; ``message`` the line ``hom`` prints without ``--json``; ``details`` the
    error's own fields (a rule id, a position, ...). Stdout stays empty, for results only.
    """
    if isinstance(error, click.ClickException):
        types = ["UsageError", "HomError"]
    elif isinstance(error, HomError):
        types = [cls.__name__ for cls in type(error).__mro__ if issubclass(cls, HomError)]
    else:
        types = [type(error).__name__ if isinstance(error, OSError) else "Aborted"]
    details = {
        name: list(value) if isinstance(value, tuple) else value
        for name in getattr(error, "_fields", ())
        if isinstance(value := getattr(error, name, None), str | int | tuple | NoneType)
    }
    return {
        "error": {
            "type": types[0],
            "types": types,
            "message": " ".join(line.split()),
            "exit_status": status,
            "details": details,
        }
    }


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
    output machine-readable, errors too (one JSON object on stderr, stdout left empty). Dates
    are written YYYY-MM-DD, from 1900-01-01 to 2199-12-31. Each command has its own --help.
    """
    context.meta[DATE_STYLE] = date_style
    if context.invoked_subcommand is None:  # a bare `hom`: show what it can do
        click.echo(context.get_help(), err=True)
        context.exit(USER_ERROR)
