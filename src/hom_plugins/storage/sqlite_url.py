"""Reading a ``sqlite://`` URL, for the SQLite log and the people store beside it."""

from __future__ import annotations

from hom_core.errors import StoreError
from hom_core.file_urls import file_url

__all__ = ["parse_url"]


def parse_url(url: str) -> tuple[str, str, float]:
    """The file path, ``synchronous`` setting and lock ``timeout`` of a ``sqlite://`` URL."""
    known = ("synchronous", "timeout")
    path, options = file_url(url, "SQLite", "sqlite:///relative/file.db", known)
    try:
        timeout = float(options.get("timeout", 30.0))
    except ValueError:
        raise StoreError(
            f"timeout={options['timeout']!r} in {url!r} is not a number of seconds"
        ) from None
    return path, options.get("synchronous", "full"), timeout
