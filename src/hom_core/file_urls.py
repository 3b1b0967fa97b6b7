"""Reading the URL of a log kept in one file (``sqlite://``, ``jsonl://``): its path, and its
query options, each checked against the options the backend knows."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qs, urlsplit

from hom_core.errors import StoreError

__all__ = ["file_url"]


def file_url(
    url: str, kind: str, example: str, known: Collection[str]
) -> tuple[str, dict[str, str]]:
    """The file path of ``url`` (relative after three slashes, absolute after four) and its
    options (the last value of each); :class:`~hom_core.errors.StoreError` naming the URL
    ``kind`` and its ``example`` form (``scheme:///relative/log``) when the URL has a host or no
    path, or an option that is not ``known``."""
    parts = urlsplit(url)
    path = parts.path[1:] if parts.path.startswith("/") else parts.path
    if parts.netloc or not path:
        absolute = example.replace(":///relative/", ":////absolute/")
        raise StoreError(f"{url!r} is not a {kind} URL: write {example} or {absolute}")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - set(known)
    if unknown:
        raise StoreError(f"unknown {kind} URL option(s) {sorted(unknown)}: use {', '.join(known)}")
    return path, options
