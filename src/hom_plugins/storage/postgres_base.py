"""What the PostgreSQL log and the people store beside it share: the URL, the pool, the schema.

A ``postgresql://`` (or ``postgres://``) URL is a libpq connection URI with hom's own options
added to its query string; :func:`parse_url` takes those out and hands the rest to psycopg::

    postgresql://hom@db.example/partnerships?schema=hom_manchester&sslmode=require

hom's options: ``schema`` (the PostgreSQL schema holding hom's tables, created if missing;
default ``hom``), ``pool_size`` (most connections a store opens, 1 to 100; default 4),
``timeout`` (seconds an append waits for the write lock, and any call for a free connection;
more than 0, at most 3600; default 30) and ``notify`` (``on``, the default: each append sends
``NOTIFY``, which wakes subscribers in other processes at once; ``off``: it sends none, so
writers to one server commit together, and subscribers poll). Every other option
(``sslmode``, ``connect_timeout``, ``application_name``, ...) is libpq's. A user or password
holding ``/``, ``#``, ``?`` or ``@`` must be percent-encoded, as libpq requires; such a URL is
refused, and messages never show a password.

The tables (and the append's function, :mod:`hom_plugins.storage.postgres_append`) are created on
first use, in one transaction that holds an advisory lock on the schema's name (so two processes
opening a new database at once do not race their ``CREATE TABLE IF NOT EXISTS``), and the layout's
version is kept in ``hom_meta``: a schema of a newer version than this hom knows is refused, one of
an older version is upgraded in the same way (layout 1 gains the append's function, layout 2 the one
that returns the hashes it sealed: this needs the schema's owner, or a role that may create
functions in it). A schema already at this version is only read, so a role that may not create
anything (say one granted only ``SELECT`` and ``INSERT``) can open it once its owner has.

Every connection is READ COMMITTED and has ``lock_timeout`` set to ``timeout``: no call waits
longer than that for a lock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

try:
    import psycopg
    from psycopg import sql
    from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout
except ImportError as error:  # reported by the plugin manager as the reason the plugin is broken
    raise ImportError(
        f"hom's PostgreSQL backend needs psycopg and psycopg-pool ({error}): "
        "pip install 'hom[postgres]'"
    ) from error

from hom_core.errors import LogNotFoundError, NotAHomLogError, StoreError
from hom_plugins.storage.postgres_append_sql import APPEND_FUNCTIONS

__all__ = [
    "DEFAULT_SCHEMA",
    "EVENTS_TABLE",
    "SCHEMA_VERSION",
    "PostgresURL",
    "Tables",
    "advisory_key",
    "cannot_reach",
    "open_pool",
    "parse_url",
    "prepare_schema",
    "redact",
]

SCHEMA_VERSION = 3
"""The version of the layout below; a schema of a newer layout is refused, an older one upgraded.
Version 2 added the ``hom_append`` function, version 3 ``hom_append_one`` and
``hom_append_sealed``, which return the hashes they sealed
(:mod:`hom_plugins.storage.postgres_append_sql`)."""

DEFAULT_SCHEMA = "hom"
"""The PostgreSQL schema hom's tables live in when the URL names none."""

_OPTIONS = {"schema", "pool_size", "timeout", "notify"}
_NOTIFY = {"on": True, "off": False}
_MOST_CONNECTIONS = 100  # PostgreSQL's default max_connections
_LONGEST_WAIT = 3600  # seconds: an hour
_EXAMPLE = "write postgresql://user@host:5432/database"
_SCHEMES = ("postgresql", "postgres")

EVENTS_TABLE = """
CREATE TABLE IF NOT EXISTS {schema}.events (
    position bigint PRIMARY KEY,
    stream_id text NOT NULL,
    stream_version bigint NOT NULL,
    event_type text NOT NULL,
    schema_version integer NOT NULL,
    payload text NOT NULL,
    recorded_at text NOT NULL,
    effective_date text NOT NULL,
    actor text NOT NULL,
    correlation_id text NOT NULL,
    causation_id text,
    hash text NOT NULL,
    UNIQUE (stream_id, stream_version)
)
"""
"""The events table, with ``{schema}`` to fill in (the benchmark's floor writes the same one)."""

_LAYOUT = (
    """
CREATE TABLE IF NOT EXISTS {schema}.hom_meta (key text PRIMARY KEY, value text NOT NULL);
"""
    + EVENTS_TABLE
    + """;
CREATE TABLE IF NOT EXISTS {schema}.idempotency (
    key text PRIMARY KEY,
    stream_id text NOT NULL,
    stream_version bigint NOT NULL,
    first_position bigint NOT NULL,
    last_position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS {schema}.snapshots (
    name text NOT NULL,
    key text NOT NULL,
    version bigint NOT NULL,
    code_version integer NOT NULL,
    state text NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE TABLE IF NOT EXISTS {schema}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
CREATE TABLE IF NOT EXISTS {schema}.people (
    person_id text PRIMARY KEY,
    name text NOT NULL,
    contact text
);
CREATE TABLE IF NOT EXISTS {schema}.people_forgotten (
    person_id text PRIMARY KEY,
    forgotten_on date NOT NULL
);
"""
)
"""Every table of a hom schema, the people store's included. ``payload`` is ``text``, not
``jsonb``: the hash chain covers the exact text stored, which ``jsonb`` would normalise."""


class PostgresURL(NamedTuple):
    """A ``postgresql://`` URL taken apart: what psycopg gets, and hom's own options."""

    conninfo: str
    schema: str
    pool_size: int
    timeout: float
    shown: str
    """The URL with its password hidden, for messages."""
    notify: bool = True
    """Whether appends send ``NOTIFY`` (``?notify=off``: they do not)."""


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (in the user info and in the query).

    A password holding an unencoded ``/``, ``#``, ``?`` or ``@`` ends the host part early for a
    URL parser; then everything before the last ``@`` is hidden, so no part of it shows.
    """
    scheme, separator, rest = url.partition("://")
    netloc = rest
    for end in "/?#":
        netloc = netloc.partition(end)[0]
    if _misplaced_credentials(rest, netloc):
        rest = "***@" + rest.rpartition("@")[2]
    elif "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user, colon, _ = userinfo.partition(":")
        rest = (f"{user}:***@{host}" if colon else netloc) + rest[len(netloc) :]
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", f"{scheme}{separator}{rest}")


def _misplaced_credentials(rest: str, netloc: str) -> bool:
    """Does an ``@`` after the host part (or a second one in it) show a user or password that
    holds ``/``, ``#``, ``?`` or ``@`` unencoded? An ``@`` in a query value is libpq's own
    (``?user=alice@server``); in the query it counts when it stands in a key, or when the host
    part ends in a ``:`` and something other than a port (a password cut short by ``?``)."""
    after = rest[len(netloc) :]
    path, _, query = after.partition("#")[0].partition("?")
    if netloc.count("@") > 1 or "@" in path or "@" in after.partition("#")[2]:
        return True
    if "@" in netloc or "@" not in query:
        return False
    _, colon, port = netloc.rpartition(":")
    in_a_key = any("@" in param.partition("=")[0] for param in query.split("&"))
    return in_a_key or (bool(colon) and not port.isdigit())


def parse_url(url: str) -> PostgresURL:
    """Split ``url`` into the DSN psycopg connects with and hom's options (see the module)."""
    shown = redact(url)
    try:
        parts = urlsplit(url)
    except ValueError as error:  # a malformed IPv6 host, say
        raise StoreError(f"{shown!r} is not a URL ({error}): {_EXAMPLE}") from None
    if parts.scheme not in _SCHEMES:
        raise StoreError(f"{shown!r} is not a PostgreSQL URL: {_EXAMPLE}")
    if _misplaced_credentials(url.partition("://")[2], parts.netloc):
        raise StoreError(
            f"the user or password in {shown!r} holds '/', '#', '?' or '@': percent-encode "
            "them (%2F, %23, %3F, %40), as libpq requires, such as "
            "postgresql://alice:p%40ss@host:5432/database"
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    options = {key: value for key, value in query if key in _OPTIONS}
    rest = [(key, value) for key, value in query if key not in _OPTIONS]
    schema = options.get("schema", DEFAULT_SCHEMA)
    if not schema or len(schema.encode()) > 63 or "\x00" in schema:
        raise StoreError(
            f"schema={schema!r} in {shown!r} is not a PostgreSQL schema name: use 1 to 63 bytes"
        )
    try:
        pool_size = int(options.get("pool_size", 4))
        timeout = float(options.get("timeout", 30.0))
    except ValueError:
        raise StoreError(
            f"pool_size or timeout in {shown!r} is not a number: write pool_size=4&timeout=30"
        ) from None
    if not (1 <= pool_size <= _MOST_CONNECTIONS and 0 < timeout <= _LONGEST_WAIT):
        raise StoreError(
            f"pool_size in {shown!r} must be from 1 to {_MOST_CONNECTIONS} and timeout more "
            f"than 0 and at most {_LONGEST_WAIT} seconds: write pool_size=4&timeout=30"
        )
    notify = _NOTIFY.get(options.get("notify", "on"))
    if notify is None:
        raise StoreError(f"notify in {shown!r} must be on or off: write notify=off or leave it out")
    # percent-encoded spaces: libpq reads a '+' in a URI as a plus sign, not as a space
    conninfo = urlunsplit(parts._replace(query=urlencode(rest, quote_via=quote)))
    return PostgresURL(conninfo, schema, pool_size, timeout, shown, notify)


def cannot_reach(url: PostgresURL, error: Exception) -> StoreError:
    """The error for a server that cannot be reached or refuses the connection."""
    return StoreError(
        f"cannot connect to PostgreSQL at {url.shown!r}: {_reason(error)}; check that the server "
        "is up and the URL (host, port, user, database) is right (the tests read "
        "HOM_POSTGRES_DSN)"
    )


def _reason(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _connect_options(conninfo: str, timeout: float) -> dict[str, Any]:
    """Connection options: autocommit (transactions are explicit), and a bounded connect."""
    options: dict[str, Any] = {"autocommit": True}
    if "connect_timeout" not in conninfo:
        options["connect_timeout"] = max(1, min(10, round(timeout)))
    return options


def _configure(timeout: float) -> Any:
    lock_timeout = f"SET lock_timeout = {round(timeout * 1000)}"

    def configure(connection: psycopg.Connection[Any]) -> None:
        # READ COMMITTED whatever the server's default: each statement of an append then sees
        # every transaction committed before the append took the write lock
        connection.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        connection.execute(lock_timeout)

    return configure


def connect(url: PostgresURL) -> psycopg.Connection[Any]:
    """One connection outside the pool (to create the schema, or to LISTEN)."""
    try:
        connection = psycopg.connect(url.conninfo, **_connect_options(url.conninfo, url.timeout))
        _configure(url.timeout)(connection)
    except psycopg.Error as error:
        raise cannot_reach(url, error) from error
    return connection


def open_pool(url: PostgresURL, max_size: int | None = None) -> ConnectionPool:
    """A pool of at most ``pool_size`` (or ``max_size``) connections, one kept open."""
    return ConnectionPool(
        url.conninfo,
        min_size=1,
        max_size=max_size or url.pool_size,
        kwargs=_connect_options(url.conninfo, url.timeout),
        configure=_configure(url.timeout),
        timeout=url.timeout,
        name=f"hom:{url.schema}",
        num_workers=1,
        open=True,
    )


@contextmanager
def pooled(pool: ConnectionPool, url: PostgresURL) -> Iterator[psycopg.Connection[Any]]:
    """A connection from ``pool``; a pool that cannot hand one out raises :class:`StoreError`."""
    try:
        with pool.connection() as connection:
            yield connection
    except PoolTimeout as error:
        raise StoreError(
            f"no PostgreSQL connection to {url.shown!r} within {url.timeout:g} s ({error}): "
            "check that the server is up, or raise ?pool_size= or ?timeout= in the URL"
        ) from error
    except PoolClosed as error:
        raise StoreError(
            f"the PostgreSQL log {url.shown!r} is closed: open it again to go on"
        ) from error


class Tables:
    """The qualified names of a schema's tables, ready to compose into queries."""

    def __init__(self, schema: str) -> None:
        self.schema = sql.Identifier(schema)
        self.name = schema

    def query(self, text: str) -> sql.Composed:
        """``text`` with ``{schema}`` replaced by the quoted schema name."""
        return sql.SQL(text).format(schema=self.schema)


def advisory_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def prepare_schema(url: PostgresURL, *, create: bool = True) -> None:
    """Create the schema and its tables if missing, and check the layout's version.

    A schema already at this version is only read (no DDL, no lock), so a role that may not
    create anything can open a log that exists. With ``create=False`` nothing is created:
    :class:`~hom_core.errors.LogNotFoundError` when the schema holds no log. A schema whose
    ``events`` table hom did not make is refused (:class:`~hom_core.errors.NotAHomLogError`)
    and left as it is.
    """
    tables = Tables(url.schema)
    read_version = tables.query("SELECT value FROM {schema}.hom_meta WHERE key = 'schema_version'")
    with connect(url) as connection:
        try:
            version = _recorded_version(connection, read_version)
            if version is None:
                _check_no_foreign_events(connection, url)
                if not create:
                    raise LogNotFoundError(url.shown, f"its schema {url.schema!r} holds no log")
            if version is None or version < SCHEMA_VERSION:
                with connection.transaction():
                    connection.execute(
                        "SELECT pg_advisory_xact_lock(%s)",
                        (advisory_key(f"hom schema {url.schema}"),),
                    )
                    _create(connection, tables, url.schema)
                    version = _recorded_version(connection, read_version)
                    if version is None or version < SCHEMA_VERSION:
                        connection.execute(
                            tables.query(
                                "INSERT INTO {schema}.hom_meta VALUES ('schema_version', %s) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                            ),
                            (str(SCHEMA_VERSION),),
                        )
                        version = SCHEMA_VERSION
        except psycopg.Error as error:
            raise StoreError(
                f"cannot prepare hom's tables in schema {url.schema!r} at {url.shown!r}: "
                f"{_reason(error)}; check that the user may create tables there, or ask the "
                "database owner to create the schema"
            ) from error
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the schema {url.schema!r} at {url.shown!r} has schema version {version}, newer "
            f"than this hom ({SCHEMA_VERSION}): upgrade hom to open it"
        )


def _check_no_foreign_events(connection: psycopg.Connection[Any], url: PostgresURL) -> None:
    """Refuse a schema holding an ``events`` table but no ``hom_meta``: not hom's."""
    row = connection.execute(
        "SELECT to_regclass(format('%%I.events', %s::text)) IS NOT NULL", (url.schema,)
    ).fetchone()
    if row is not None and row[0]:
        raise NotAHomLogError(
            url.shown, f"its schema {url.schema!r} has an events table but no hom_meta table"
        )


def _recorded_version(connection: psycopg.Connection[Any], query: sql.Composed) -> int | None:
    """The layout version recorded in ``hom_meta``; ``None`` when there is none yet."""
    try:
        with connection.transaction():  # a savepoint inside the creating transaction
            row = connection.execute(query).fetchone()
    except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName):
        return None
    return None if row is None else int(row[0])


def _create(connection: psycopg.Connection[Any], tables: Tables, schema: str) -> None:
    exists = connection.execute(
        "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
    ).fetchone()
    if exists is None:  # CREATE SCHEMA IF NOT EXISTS would need CREATE on the database anyway
        connection.execute(tables.query("CREATE SCHEMA {schema}"))
    connection.execute(tables.query(_LAYOUT))
    connection.execute(tables.query(APPEND_FUNCTIONS))
