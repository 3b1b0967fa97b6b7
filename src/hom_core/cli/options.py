"""What the commands share: the session (plugins, opening a log), options, and the date type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

import click

from hom_core.application import Partnership, formed_partnerships
from hom_core.connect import DEFAULT_URL, open_log, open_people
from hom_core.domain import MemoryPeople, PeopleStore
from hom_core.domain.bounds import parse_date
from hom_core.errors import (
    InvalidValueError,
    LogNotFoundError,
    StoreError,
    UnknownPartnershipError,
    UsageError,
)
from hom_core.log import EventLog
from hom_core.plugins import Plugins

__all__ = [
    "Session",
    "actor_option",
    "answer_day",
    "as_of_option",
    "json_option",
    "partnership_option",
    "pass_session",
    "to_date",
    "url_option",
]

F = TypeVar("F", bound=Callable[..., Any])


class Session:
    """What one run of ``hom`` shares: the plugins its logs are opened with.

    ``plugins`` defaults to the installed ones (loaded when first needed); tests pass their own
    as the click context's ``obj``.
    """

    def __init__(self, plugins: Plugins | None = None) -> None:
        self._plugins = plugins

    @property
    def plugins(self) -> Plugins:
        """The plugins of this run."""
        if self._plugins is None:
            self._plugins = Plugins()
        return self._plugins

    @contextmanager
    def log(
        self, url: str, actor: str | None = None, *, create: bool = False, read_only: bool = False
    ) -> Iterator[EventLog]:
        """The log at ``url``, closed afterwards; ``actor`` is who records its appends.

        Only ``init`` and the commands that record pass ``create``: any other command on a
        log that does not exist raises :class:`~hom_core.errors.LogNotFoundError`, creating
        nothing. The commands that only read pass ``read_only``: they save nothing, not even a
        snapshot (reading never writes).
        """
        with open_log(
            url, plugins=self.plugins, actor=actor or "system", create=create, read_only=read_only
        ) as log:
            yield log

    @contextmanager
    def people(
        self, url: str, *, required: bool = True, create: bool = False
    ) -> Iterator[PeopleStore]:
        """The people store beside the log at ``url``, closed afterwards.

        When the backend keeps none, raises :class:`~hom_core.errors.StoreError` if
        ``required``, else gives an empty store (names then show as unknown). ``create`` as
        for :meth:`log`.
        """
        try:
            store = open_people(url, plugins=self.plugins, create=create)
        except StoreError as error:
            if required or isinstance(error, LogNotFoundError):
                raise
            yield MemoryPeople()
            return
        try:
            yield store
        finally:
            close = getattr(store, "close", None)
            if callable(close):
                close()

    @staticmethod
    def formed(
        log: EventLog, partnership_id: str, people: PeopleStore | None = None
    ) -> Partnership:
        """The partnership ``partnership_id`` of ``log``; an
        :class:`~hom_core.errors.UnknownPartnershipError` (naming those formed) if never formed.
        """
        partnership = Partnership(log, partnership_id, people=people)
        if not log.stream_version(partnership.stream_id):
            raise UnknownPartnershipError(partnership_id, formed_partnerships(log))
        return partnership


def answer_day(partnership: Partnership, as_of: date | None) -> date:
    """The day a question is asked for: ``as_of``, or today by the log's clock; a
    :class:`UsageError` when the partnership was formed after it (there is nothing to answer:
    a ledger of a year before formation would be made up)."""
    day = as_of or partnership.log.clock().date()
    first = next(iter(partnership.log.read_stream(partnership.stream_id, 0, 1)), None)
    formed_on = getattr(None if first is None else first.event, "formed_on", None)
    if isinstance(formed_on, date) and day < formed_on:
        raise UsageError(
            f"{partnership.partnership_id} was formed on {formed_on}: nothing is recorded as of "
            f"{day}; ask --as-of {formed_on} or later"
        )
    return day


pass_session = click.make_pass_decorator(Session, ensure=True)
"""Passes the run's :class:`Session` to a command as its first argument."""


def to_date(_: click.Context, parameter: click.Parameter, value: str | None) -> date | None:
    """The date an option's ``YYYY-MM-DD`` text names (a click callback); ``None`` if not given.

    A malformed date, or one outside the dates a record holds (1900-01-01 to 2199-12-31,
    :mod:`hom_core.domain.bounds`), is a one-line usage error naming the option.
    """
    if value is None:
        return None
    try:
        return parse_date(value, "")
    except InvalidValueError as error:
        raise click.BadParameter(str(error).strip(), param=parameter) from None


def url_option(function: F) -> F:
    """``--url``: the log to open (env ``HOM_URL``, default a SQLite file here)."""
    return click.option(
        "--url",
        envvar="HOM_URL",
        show_envvar=True,
        default=DEFAULT_URL,
        show_default=True,
        metavar="URL",
        help="The log: sqlite:///file.db, jsonl:///file.jsonl, postgresql://user@host/db.",
    )(function)


def partnership_option(*, required: bool = True) -> Callable[[F], F]:
    """``--partnership``: the id of the partnership (env ``HOM_PARTNERSHIP``)."""
    return click.option(
        "--partnership",
        "-p",
        "partnership_id",
        envvar="HOM_PARTNERSHIP",
        show_envvar=True,
        required=required,
        metavar="ID",
        help="The partnership's id, such as heart-of-manchester.",
    )


def json_option(function: F) -> F:
    """``--json``: print JSON instead of text and tables."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print JSON instead of text, for scripts; an error is one JSON object on stderr.",
    )(function)


def as_of_option(function: F) -> F:
    """``--as-of``: the date questions are asked for (default today)."""
    return click.option(
        "--as-of",
        callback=to_date,
        metavar="DATE",
        help="Answer as of this date (YYYY-MM-DD); only events effective by then count. "
        "Default: today.",
    )(function)


def actor_option(function: F) -> F:
    """``--actor``: who is recording (env ``HOM_ACTOR``)."""
    return click.option(
        "--actor",
        envvar="HOM_ACTOR",
        show_envvar=True,
        metavar="NAME",
        help="Who is recording, kept with each event (default: system).",
    )(function)
