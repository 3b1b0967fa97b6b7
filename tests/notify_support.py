"""Real local servers for the notifier tests, and a fake time so backoff never waits.

- :class:`SmtpServer`: an ``aiosmtpd`` SMTP server on 127.0.0.1 that keeps what it received and
  can refuse chosen recipients; :class:`HttpServer`: an ``http.server`` in a thread that keeps
  each POST and answers with the statuses it is told. Both stop and start again on the same
  port, which is how the tests simulate an outage.
- :class:`FakeTime`: the ``timer`` and ``sleep`` of :class:`hom_core.Deliveries`, advanced by
  hand (or by the sleep itself) instead of waited for.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

WAIT = 10.0
"""Seconds: the most a test waits for something a background worker should do at once."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Inbox:
    """What a server received, and a way to wait until it holds enough."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._changed = threading.Condition()

    def add(self, item: Any) -> None:
        with self._changed:
            self.items.append(item)
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = WAIT) -> bool:
        """Whether ``count`` items arrived within ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.items) >= count, timeout)


# -- SMTP ------------------------------------------------------------------------------------


@attrs.frozen
class Mail:
    """One message as the SMTP server received it."""

    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def key(self) -> str:
        return str(self.message["X-Hom-Idempotency-Key"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """Every header and the body, for checking what never appears."""
        return self.message.as_string()


class SmtpServer:
    """An SMTP server on 127.0.0.1 (``aiosmtpd``); recipients in ``refuse`` get a 550 (refused
    for good), those in ``defer`` a 451 (refused for now). With ``login`` (user, password) it
    offers AUTH (over plain text: a test server) and keeps who logged in in ``logins``."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self.inbox = _Inbox()
        self.refuse: set[str] = set()
        self.defer: set[str] = set()
        self.login = login
        self.logins: list[str] = []
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?from=clerk@hom.example.org&timeout=5"

    @property
    def mails(self) -> list[Mail]:
        return list(self.inbox.items)

    def start(self) -> None:
        if self.login is None:
            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        else:
            self._controller = Controller(
                self,
                hostname="127.0.0.1",
                port=self.port,
                authenticator=self._authenticate,
                auth_require_tls=False,
            )
        self._controller.start()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        given = (data.login.decode(), data.password.decode())
        if given == self.login:
            self.logins.append(given[0])
        return AuthResult(success=given == self.login, handled=False)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        if address in self.defer:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.inbox.add(Mail(tuple(envelope.rcpt_tos), message))
        return "250 Message accepted"


# -- HTTP ------------------------------------------------------------------------------------


@attrs.frozen
class Post:
    """One POST as the HTTP server received it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def key(self) -> str:
        return self.headers["Idempotency-Key"]


class HttpServer:
    """An HTTP server on 127.0.0.1 in a thread; answers each POST with the next of
    ``statuses`` (200 when none is left), and keeps the POSTs it answered with 2xx in
    ``accepted`` and every POST in ``inbox``."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = _Inbox()
        self.accepted = _Inbox()
        self.statuses: list[int] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/hom"

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self._answer))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(0.01,),
            daemon=True,  # quick to shut down
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(WAIT)
            self._server = self._thread = None

    def _answer(self, post: Post) -> int:
        status = self.statuses.pop(0) if self.statuses else 200
        self.inbox.add(post)
        if 200 <= status < 300:
            self.accepted.add(post)
        return status


def _handler(answer: Callable[[Post], int]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            status = answer(Post(self.path, dict(self.headers.items()), body))
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: Any) -> None:  # keep the test output quiet
            pass

    return Handler


# -- time ------------------------------------------------------------------------------------


class FakeTime:
    """A monotonic clock that moves only when told to; ``sleep`` records and moves it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def timer(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds
