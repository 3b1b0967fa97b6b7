"""Builtin plugin: a webhook, an HTTP POST of JSON for every recorded event (standard library).

Configured by ``HOM_WEBHOOK_URL`` (``http://`` or ``https://``) in the environment, or in code
with :func:`webhook_notifier`; with neither, the plugin registers no notifier. A user and
password in the URL (``https://alice:s3cret@example.org/hom``) are sent as HTTP basic auth
(over ``http://`` only to a loopback host); no message shows them.

Each event is one ``POST`` with the headers ``Content-Type: application/json`` and
``Idempotency-Key`` (the delivery's key: the same on every retry, so the receiver drops
duplicates) and this body (``version`` :data:`BODY_VERSION`; fields are added, never changed,
within a version)::

    {
      "version": 1,
      "idempotency_key": "hom.webhook.42.3f2a9c0d1e2b4a5c",
      "event": {
        "position": 42,                 // in the whole log, from 1, gap-free
        "stream_id": "partnership/heart-of-manchester",
        "stream_version": 17,
        "type": "hom.notice_given",     // the registered event type name
        "schema_version": 1,            // the version of "data"'s shape
        "recorded_at": "2015-03-02T09:30:00+00:00",
        "effective_date": "2015-03-02",
        "actor": "clerk",
        "correlation_id": "...",
        "causation_id": null,
        "hash": "...",                  // the record's chained SHA-256, hex
        "data": {"member_id": "st-philips", "received_on": "2015-03-02", ...}
      }
    }

``data`` is the event as the log's codec stores it: people appear only as opaque ids, never by
name. With ``HOM_REMINDERS=webhook`` it also posts each reminder
(:class:`~hom_core.delivery.Reminder`) when an obligation falls due: ``{"version": 1,
"idempotency_key": ..., "reminder": {"partnership_id", "rule", "subject", "due_on",
"opens_on", "status", "responsible", "command", "source", "day", "key"}}``. A response
other than 2xx (redirects are not followed) or a connection error is a
failure: the delivery retries the same event with backoff.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import urllib.parse
import urllib.request
from typing import Any

from hom_core import Notification, Notifier, RecordedEvent, UsageError, hookimpl
from hom_core.delivery import Reminder, reminders_wanted

__all__ = [
    "BODY_VERSION",
    "WEBHOOK_URL_ENV",
    "hom_notifiers",
    "reminder_body",
    "request_body",
    "webhook_notifier",
]

WEBHOOK_URL_ENV = "HOM_WEBHOOK_URL"
"""The environment variable holding the URL to POST to; unset, no webhook is registered."""

BODY_VERSION = 1
"""The version of the JSON body's schema (the module docstring shows it)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn a redirected POST into a GET and call it success."""

    def redirect_request(self, *_: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def request_body(notification: Notification) -> dict[str, Any]:
    """The JSON body (as Python values) posted for ``notification``."""
    recorded: RecordedEvent[Any] = notification.recorded
    event_type, schema_version, payload = notification.log.codec.encode(recorded.event)
    return {
        "version": BODY_VERSION,
        "idempotency_key": notification.key,
        "event": {
            "position": recorded.position,
            "stream_id": recorded.stream_id,
            "stream_version": recorded.stream_version,
            "type": event_type,
            "schema_version": schema_version,
            "recorded_at": recorded.recorded_at.isoformat(),
            "effective_date": recorded.effective_date.isoformat(),
            "actor": recorded.actor,
            "correlation_id": recorded.correlation_id,
            "causation_id": recorded.causation_id,
            "hash": recorded.hash,
            "data": json.loads(payload),
        },
    }


def reminder_body(reminder: Reminder) -> dict[str, Any]:
    """The JSON body (as Python values) posted for ``reminder``."""
    obligation = reminder.obligation
    return {
        "version": BODY_VERSION,
        "idempotency_key": reminder.key,
        "reminder": {
            "partnership_id": reminder.partnership_id,
            "rule": obligation.rule,
            "subject": obligation.subject,
            "due_on": obligation.due_on.isoformat(),
            "opens_on": obligation.opens_on.isoformat(),
            "status": reminder.status.value,
            "responsible": obligation.responsible,
            "command": obligation.command,
            "source": reminder.source,
            "day": reminder.day.isoformat(),
            "key": obligation.key,
        },
    }


class _Poster:
    """POSTs each notification's body to ``url`` (no credentials in it), with HTTP basic auth
    when ``authorization`` is given; raises unless the answer is 2xx."""

    def __init__(self, url: str, timeout: float, authorization: str | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json", "User-Agent": "hom-webhook"}
        if authorization is not None:
            self.headers["Authorization"] = authorization

    def __call__(self, notification: Notification) -> None:
        self._post(request_body(notification), notification.key)

    def remind(self, reminder: Reminder) -> None:
        """POST ``reminder``'s body."""
        self._post(reminder_body(reminder), reminder.key)

    def _post(self, body: dict[str, Any], key: str) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url, data=data, method="POST", headers={**self.headers, "Idempotency-Key": key}
        )
        # urllib raises HTTPError for any status but 2xx (3xx too: redirects are refused) and
        # URLError when the receiver cannot be reached
        with _OPENER.open(request, timeout=self.timeout) as response:
            response.read()


def webhook_notifier(
    url: str, *, timeout: float = 10.0, name: str = "webhook", remind: bool = False
) -> Notifier:
    """A :class:`Notifier` that POSTs every recorded event to ``url`` (``http(s)://``), and
    each reminder too when ``remind`` is true.

    A user and password in the URL (``https://alice:s3cret@example.org/hom``) are sent as HTTP
    basic auth, not as part of the address; over ``http://`` only to this machine (a loopback
    host), since anywhere else they would cross the network in clear. Messages never show them.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (checks the port: a ValueError when it is not one)
    except ValueError:  # not the error's text: it may quote a piece of a password
        raise UsageError(
            f"{_redacted(url)!r} is not a webhook URL (its host or port cannot be read; "
            "percent-encode a '/', '?', '#' or '@' in a password): " + _EXAMPLE
        ) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(f"{_redacted(url)!r} is not a webhook URL: {_EXAMPLE}")
    authorization = None
    if parts.username is not None or parts.password is not None:
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise UsageError(
                f"{_redacted(url)!r} sends a user and password over http://, in clear: use "
                "https:// for a receiver on another machine"
            )
        user = urllib.parse.unquote(parts.username or "")
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        authorization = f"Basic {token}"
    poster = _Poster(_without_credentials(parts, query=True), timeout, authorization)
    return Notifier(
        name,
        deliver=poster,
        description=f"POST of JSON to {_without_credentials(parts)}",
        remind=poster.remind if remind else None,
    )


_EXAMPLE = "give an http:// or https:// URL, such as https://example.org/hom/events"


@hookimpl
def hom_notifiers() -> list[Notifier]:
    """The webhook when ``HOM_WEBHOOK_URL`` is set (reminding too when ``HOM_REMINDERS``
    names it); otherwise none."""
    url = os.environ.get(WEBHOOK_URL_ENV, "").strip()
    return [webhook_notifier(url, remind=reminders_wanted("webhook"))] if url else []


def _without_credentials(parts: urllib.parse.SplitResult, *, query: bool = False) -> str:
    """The URL without a user or password: scheme, host, port and path (and the query, for
    the request; listings leave it out, since it may carry a token)."""
    port = f":{parts.port}" if parts.port else ""
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    tail = f"?{parts.query}" if query and parts.query else ""
    return f"{parts.scheme}://{host}{port}{parts.path}{tail}"


def _redacted(url: str) -> str:
    """``url`` for a message: anything before the last ``@`` of its address hidden."""
    scheme, separator, rest = url.partition("://")
    if "@" not in rest:
        return url
    return f"{scheme}{separator}***@{rest.rpartition('@')[2]}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
