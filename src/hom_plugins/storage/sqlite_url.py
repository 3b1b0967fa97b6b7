"""Reading a ``sqlite://`` URL, for the SQLite log and the people store beside it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hom_core.errors import StoreError

__all__ = ["parse_url"]


def parse_url(url: str) -> tuple[str, str, float]:
    """The file path, ``synchronous`` setting and lock ``timeout`` of a ``sqlite://`` URL."""
    parts = urlsplit(url)
    path = parts.path[1:] if parts.path.startswith("/") else parts.path
    if parts.netloc or not path:
        raise StoreError(
            f"{url!r} is not a SQLite URL: write sqlite:///relative/file.db or "
            "sqlite:////absolute/file.db"
        )
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"synchronous", "timeout"}
    if unknown:
        raise StoreError(
            f"unknown SQLite URL option(s) {sorted(unknown)}: use synchronous, timeout"
        )
    try:
        timeout = float(options.get("timeout", 30.0))
    except ValueError:
        raise StoreError(
            f"timeout={options['timeout']!r} in {url!r} is not a number of seconds"
        ) from None
    return path, options.get("synchronous", "full"), timeout
