"""Secrets never appear in messages (issue 16, section 4): webhook and PostgreSQL URLs with a
password, and a webhook's user and password sent as HTTP basic auth to a real HTTP server."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from cli_support import quick, user_error
from hom_core import Deliveries, DeliveryStatus, EventLog, StoreError, UsageError
from hom_plugins.notifiers.webhook import webhook_notifier
from notify_support import HttpServer
from postgres_support import require_psycopg
from samples import joined

SECRET = "s3cr"


@pytest.mark.parametrize(
    "url",
    [
        f"ftp://alice:{SECRET}@example.org/hom",
        f"http://alice:{SECRET}@example.org:99999/hom",
        f"http://alice:{SECRET}@[::1/hom",
        f"https://alice:{SECRET}/x@example.org/hom",
        f"http://alice:{SECRET}@example.org/hom",  # credentials in clear over the network
    ],
)
def test_an_invalid_webhook_url_is_refused_without_its_password(url: str) -> None:
    """An invalid webhook URL was echoed with its password."""
    with pytest.raises(UsageError) as raised:
        webhook_notifier(url)
    assert SECRET not in str(raised.value)
    assert "***@" in str(raised.value)


def test_a_webhook_user_and_password_are_sent_as_basic_auth(
    log: EventLog, http: HttpServer
) -> None:
    """``http://alice:p%40ss@127.0.0.1:PORT/...``: urllib took ``alice:p%40ss@127.0.0.1`` as
    the host name; now the POST goes to 127.0.0.1 with ``Authorization: Basic`` of the decoded
    user and password, the address itself free of them."""
    url = http.url.replace("http://", "http://alice:p%40ss%20w@")
    notifier = webhook_notifier(url, timeout=5)
    assert "alice" not in notifier.description
    log.append("school/A", [joined("A")], expected_version=0)
    assert Deliveries(log, [notifier]).run_once() == [DeliveryStatus("webhook", 1)]
    (post,) = http.inbox.items
    assert post.path == "/hooks/hom"
    expected = base64.b64encode(b"alice:p@ss w").decode()
    assert post.headers["Authorization"] == f"Basic {expected}"


def test_a_webhook_without_credentials_sends_no_authorization(
    log: EventLog, http: HttpServer
) -> None:
    log.append("school/A", [joined("A")], expected_version=0)
    Deliveries(log, [webhook_notifier(http.url + "?token=t", timeout=5)]).run_once()
    (post,) = http.inbox.items
    assert "Authorization" not in post.headers
    assert post.path == "/hooks/hom?token=t"


def postgres_url_tools() -> tuple[Callable[[str], Any], Callable[[str], str]]:
    """The PostgreSQL backend's ``parse_url`` and ``redact``: the test skips without psycopg
    (the README's test line installs none), and fails instead under CI."""
    require_psycopg()
    from hom_plugins.storage.postgres_base import parse_url, redact

    return parse_url, redact


@pytest.mark.parametrize("password", ["s3cr/t", "s3#cr", "s@cr", "pw?x"])
def test_postgres_passwords_with_unencoded_delimiters_are_redacted_and_refused(
    password: str,
) -> None:
    """PostgreSQL redaction missed passwords with an unencoded ``/``, ``#`` or ``@``: such a
    URL is now refused (libpq would read the host from the password), never showing it."""
    parse_url, redact = postgres_url_tools()
    url = f"postgresql://alice:{password}@127.0.0.1:1/hom?application_name=x"
    assert password not in redact(url)
    with pytest.raises(StoreError, match="percent-encode") as raised:
        parse_url(url)
    assert password not in str(raised.value)
    line = user_error(quick("status", "--url", url, "-p", "hom"))
    assert password not in line
    assert "postgresql://***@127.0.0.1:1/hom" in line


def test_postgres_urls_with_at_signs_in_the_query_keep_their_host() -> None:
    """libpq's own ``?user=alice@server`` (a cloud server's user name) is not a password."""
    parse_url, redact = postgres_url_tools()
    assert redact("postgresql://h:5432/db?user=a@b&password=pw") == (
        "postgresql://h:5432/db?user=a@b&password=***"
    )
    assert parse_url("postgresql://h/db?user=a@b").conninfo == "postgresql://h/db?user=a%40b"
    assert redact("postgresql://a%40b:pw@h/db") == "postgresql://a%40b:***@h/db"


@pytest.mark.parametrize(
    "query", ["timeout=inf", "timeout=nan", "timeout=1e400", "timeout=3601", "pool_size=101"]
)
def test_postgres_timeout_and_pool_size_are_bounded(query: str) -> None:
    """``?timeout=inf`` raised OverflowError; now a StoreError saying the range."""
    parse_url, _ = postgres_url_tools()
    with pytest.raises(StoreError, match="at most 3600 seconds"):
        parse_url(f"postgresql://alice:pw@127.0.0.1:1/hom?{query}")
    line = user_error(
        quick("status", "--url", f"postgresql://a:pw@127.0.0.1:1/h?{query}", "-p", "x")
    )
    assert "pw" not in line.replace("pool_size", "")
