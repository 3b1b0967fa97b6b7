"""Opening a SQLite file for hom: never creating one by reading, never writing to a foreign one.

The log and the people store beside it share one file; both open it through :func:`connect`,
which says what is at the path before anything is written:

- no file (or an empty one): a read raises :class:`~hom_core.errors.LogNotFoundError` (with a
  hint when the path is relative and the same path made absolute holds a file), a writer
  creates it;
- a file holding tables hom did not make (an unrelated database that happens to have an
  ``events`` table): :class:`~hom_core.errors.NotAHomLogError`, and nothing is written to it;
- a file SQLite cannot read: :func:`failed` turns SQLite's error into one typed error.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from hom_core.errors import DamagedLogError, LogNotFoundError, NotAHomLogError, StoreError
from hom_plugins.storage.sqlite_layout import PEOPLE_TABLES

__all__ = [
    "connect",
    "failed",
    "holders",
    "holds_log",
    "lenient_text",
]

_DAMAGE = ("malformed", "corrupt", "disk i/o error", "decode")


def connect(path: str, *, create: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the file at ``path`` (autocommit; the caller begins transactions).

    With ``create=False`` a missing file raises :class:`LogNotFoundError` and is not created.
    """
    if path == ":memory:":
        uri = "file::memory:"
    else:
        if not create and not os.path.exists(path):
            raise LogNotFoundError(path, missing_hint(path))
        uri = f"file:{quote(path)}?mode={'rwc' if create else 'rw'}"
    try:
        return sqlite3.connect(
            uri, timeout=timeout, isolation_level=None, check_same_thread=False, uri=True
        )
    except sqlite3.Error as error:
        raise StoreError(
            f"cannot open the SQLite log at {path!r}: {error}; check the path exists, is "
            "writable and is a hom log"
        ) from error


def missing_hint(path: str) -> str:
    """Why a relative path may not be what was meant: ``sqlite:///var/x`` is ``var/x`` here."""
    if os.path.isabs(path):
        return ""
    here = f"sqlite:/// reads {path!r} relative to {os.getcwd()}"
    absolute = "/" + path
    if Path(absolute).is_file():
        return f"{here}; {absolute} exists: write sqlite:///{absolute} (four slashes) for it"
    return here


def holds_log(db: sqlite3.Connection, path: str) -> bool:
    """Whether the file holds a hom log (its ``hom_meta`` table); ``False`` for a new file or
    one holding only the people store. Raises :class:`NotAHomLogError` for any other file."""
    try:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as error:
        raise failed(path, error) from error
    if "hom_meta" in names:
        return True
    if names <= PEOPLE_TABLES:
        return False
    shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    raise NotAHomLogError(path, f"its tables are {shown}, without hom's hom_meta table")


def failed(path: str, error: sqlite3.Error) -> StoreError:
    """The typed error for a SQLite error: :class:`DamagedLogError` when the file is damaged,
    a :class:`StoreError` saying what SQLite said otherwise."""
    text = str(error)
    if "not a database" in text:
        return StoreError(
            f"cannot open the SQLite log at {path!r}: {text}; check the path names a hom log"
        )
    if isinstance(error, sqlite3.DatabaseError) and any(word in text.lower() for word in _DAMAGE):
        return DamagedLogError(path, f"SQLite: {text}")
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the SQLite log at {path!r} is locked by another process ({text}): retry, or raise "
            "?timeout= in the URL"
        )
    return StoreError(f"the SQLite log at {path!r} failed: {text}")


def lenient_text(data: bytes) -> str:
    """Stored text that is not UTF-8, decoded with its bad bytes kept as lone surrogates (which
    no hash matches), so verification can name the record instead of failing on it."""
    return data.decode("utf-8", "surrogateescape")


def holders(path: str) -> list[str]:
    """The other processes that hold the file at ``path`` (or its ``-wal``) open, as
    ``"process PID (COMMAND)"``, as far as ``/proc`` shows them (``[]`` elsewhere)."""
    targets = {os.path.realpath(path), os.path.realpath(path) + "-wal"}
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        if entry.name == str(os.getpid()):
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
            if links & targets:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").strip()
                found.append(f"process {entry.name} ({command.decode(errors='replace')})")
        except OSError:
            continue
    return sorted(found)
