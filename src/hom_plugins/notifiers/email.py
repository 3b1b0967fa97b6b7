"""Builtin plugin: email over SMTP to the people a recorded event concerns (standard library).

Configured by a URL, in the environment (``HOM_SMTP_URL``) or in code (:func:`email_notifier`);
with none, the plugin registers no notifier::

    HOM_SMTP_URL='smtp://127.0.0.1:8025?from=clerk@example.org'
    HOM_SMTP_URL='smtp://clerk:secret@mail.example.org:587?from=clerk@example.org&starttls=yes'
    HOM_SMTP_URL='smtps://clerk:secret@mail.example.org?from=clerk@example.org&timeout=20'

``smtp://`` talks plain SMTP (port 25; ``starttls=yes`` upgrades the connection), ``smtps://``
TLS from the start (port 465). User and password (percent-encoded) log in when given.

Rules (:data:`RULES`) turn an event of a partnership's stream into messages, each addressed to
people by their ids and sent to the addresses the people store holds for them (``contact``):

- ``notice``: notice given (M2) -> the strategic group (G1: the Headteachers' group, the head of
  each member on the day the notice was received);
- ``banker``: the banker school gives notice and no successor is appointed to take over (F4)
  -> every head of a member school.

With ``HOM_REMINDERS=email`` it also mails each reminder (an obligation fallen due,
:class:`~hom_core.delivery.Reminder`) to the strategic group on the day.

The partnership is read as the log stood just after the event (``as_known_at`` its position,
on its effective date), so a retry composes the same message. Forgotten people have no details
in the people store: they get no mail and their names never appear. Each message carries the
delivery's idempotency key plus the rule's name in ``Message-ID`` and
``X-Hom-Idempotency-Key``, the same on every retry.
"""

from __future__ import annotations

import logging
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

import attrs

from hom_core import Notification, Notifier, UsageError, hookimpl
from hom_core.application import Partnership, PartnershipView
from hom_core.delivery import Reminder, reminders_wanted
from hom_core.domain import Role
from hom_core.domain.membership.events import NoticeGiven
from hom_core.people import PeopleStore, PersonId

if TYPE_CHECKING:  # smtplib, ssl and email are imported when a message is written or sent
    import email.headerregistry
    import email.message

__all__ = [
    "RULES",
    "SMTP_URL_ENV",
    "Draft",
    "EmailNotifier",
    "MailRule",
    "SmtpSettings",
    "email_notifier",
    "every_head",
    "hom_notifiers",
]

logger = logging.getLogger("hom.notify")

SMTP_URL_ENV = "HOM_SMTP_URL"
"""The environment variable holding the SMTP URL; unset, the plugin registers no notifier."""

_PARTNERSHIP_STREAM = "partnership/"
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_OPTIONS = {"from", "starttls", "timeout"}
_YES, _NO = {"yes", "true", "1"}, {"no", "false", "0"}


# -- configuration ---------------------------------------------------------------------------


@attrs.frozen
class SmtpSettings:
    """Where and how to send: from an SMTP URL (:meth:`from_url`).

    ``security`` is ``"none"``, ``"starttls"`` (upgrade a plain connection) or ``"tls"``
    (``smtps://``); ``username`` and ``password`` log in when given.
    """

    host: str
    port: int
    sender: str
    security: str = "none"
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Read ``smtp[s]://[user:password@]host[:port]?from=address[&starttls=yes][&timeout=s]``."""
        parts = urllib.parse.urlsplit(url)
        example = "smtp://127.0.0.1:8025?from=clerk@example.org"
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise UsageError(f"{_safe(url)!r} is not an SMTP URL: write one such as {example}")
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 25)
            options = dict(urllib.parse.parse_qsl(parts.query, strict_parsing=bool(parts.query)))
        except ValueError as error:
            raise UsageError(f"{_safe(url)!r}: {error}; write a URL such as {example}") from None
        unknown = set(options) - _OPTIONS
        if unknown:
            raise UsageError(
                f"{_safe(url)!r} has unknown options {sorted(unknown)}: use from=, starttls= "
                "and timeout="
            )
        sender = options.get("from", "")
        if not _ADDRESS.match(sender):
            raise UsageError(
                f"{_safe(url)!r} needs the sender's address, such as {example} (got {sender!r})"
            )
        starttls = options.get("starttls", "no").lower()
        if starttls not in _YES | _NO or (starttls in _YES and parts.scheme == "smtps"):
            raise UsageError(f"{_safe(url)!r}: starttls= takes yes or no, and only on smtp://")
        try:
            timeout = float(options.get("timeout", "30"))
        except ValueError:
            timeout = 0.0
        if not timeout > 0:
            raise UsageError(f"{_safe(url)!r}: timeout= takes seconds, such as timeout=20")
        security = "tls" if parts.scheme == "smtps" else "starttls" if starttls in _YES else "none"
        username = urllib.parse.unquote(parts.username) if parts.username else None
        password = urllib.parse.unquote(parts.password) if parts.password else None
        return cls(parts.hostname, port, sender, security, username, password, timeout)

    @property
    def domain(self) -> str:
        """The sender's domain: the right-hand part of every ``Message-ID``."""
        return self.sender.rpartition("@")[2]


def _safe(url: str) -> str:
    """``url`` without its password, for error messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


# -- rules -----------------------------------------------------------------------------------


@attrs.frozen
class Draft:
    """A message a rule wants sent: to people by id, with a subject and a plain-text body."""

    recipients: tuple[PersonId, ...]
    subject: str
    body: str


@attrs.frozen
class MailRule:
    """For events named ``event_type``: ``compose(view, event)`` gives a :class:`Draft`, or
    ``None`` when this event calls for no message. ``name`` tells the rule's messages apart
    in their idempotency keys."""

    name: str
    event_type: str
    compose: Callable[[PartnershipView, Any], Draft | None]


def every_head(view: PartnershipView) -> tuple[PersonId, ...]:
    """G1: the strategic group, the Headteachers' group: the head of each member school on the
    day (a member that is not a school has no place in it, M1)."""
    schools = (member for member in view.members() if member.kind.is_school)
    heads = (member.holder_on(Role.HEAD, view.day) for member in schools)
    return tuple(dict.fromkeys(head for head in heads if head is not None))


def _prefix(view: PartnershipView) -> str:
    return f"[{view.state.framework.name}] " if view.state.framework.name else ""


def _notice_given(view: PartnershipView, event: NoticeGiven) -> Draft | None:
    member = view.state.membership.members.get(event.member_id)
    if member is None:
        return None
    return Draft(
        every_head(view),
        f"{_prefix(view)}{member.name} has given notice to leave the partnership",
        f"To the strategic group:\n\n"
        f"{member.name} gave formal written notice to leave the partnership, received on "
        f"{event.received_on:%d %B %Y}.\n"
        f"Under the partnership's notice policy (a term's notice, M2) its membership ends on "
        f"{event.leaves_on:%d %B %Y}.\n",
    )


def _banker_leaving(view: PartnershipView, event: NoticeGiven) -> Draft | None:
    succession = view.funding.banker_needs_successor()
    if succession is None or succession.banker.member_id != event.member_id:
        return None
    return Draft(
        every_head(view),
        f"{_prefix(view)}The banker school {succession.banker.name} is leaving: "
        "a new banker is needed",
        f"To every head:\n\n{succession.reason}.\n"
        "The partnership's funds are held by a banker school that must be a member (F4): the "
        "strategic group needs to appoint a member school to take over.\n",
    )


RULES: tuple[MailRule, ...] = (
    MailRule("notice", "hom.notice_given", _notice_given),
    MailRule("banker", "hom.notice_given", _banker_leaving),
)
"""The builtin rules: notice given -> the strategic group; the banker leaving with no
successor -> every head."""


# -- sending ---------------------------------------------------------------------------------


class EmailNotifier:
    """Composes the messages :data:`RULES` (or ``rules``) call for, and sends them by SMTP.

    Use it as a :class:`Notifier`'s ``deliver`` (:func:`email_notifier` does). Raises when the
    server cannot be reached or refuses for now (the delivery retries it); recipients the
    server refuses for good (5xx) are reported on ``hom.notify`` and not retried.
    """

    def __init__(self, settings: SmtpSettings, rules: Sequence[MailRule] = RULES) -> None:
        self.settings = settings
        self.rules = tuple(rules)

    @property
    def event_types(self) -> frozenset[str]:
        """The events any rule looks at."""
        return frozenset(rule.event_type for rule in self.rules)

    def __call__(self, notification: Notification) -> None:
        """Send the messages ``notification``'s event calls for, in one SMTP session."""
        messages = list(self.messages(notification))
        if messages:
            self._send(messages)

    def messages(self, notification: Notification) -> Iterable[email.message.EmailMessage]:
        """The messages for ``notification``, with their headers, ready to send."""
        recorded = notification.recorded
        stream, _, partnership_id = recorded.stream_id.partition(_PARTNERSHIP_STREAM)
        rules = [rule for rule in self.rules if rule.event_type == recorded.event_type]
        if stream or not partnership_id or not rules:
            return
        partnership = Partnership(notification.log, partnership_id, people=notification.people)
        view = partnership.as_known_at(recorded.position, recorded.effective_date)
        for rule in rules:
            draft = rule.compose(view, recorded.event)
            if draft is None:
                continue
            to = _addresses(notification.people, draft.recipients)
            if not to:
                logger.warning(
                    "email rule %r for position %d: none of its %d recipients has an email "
                    "address in the people store (forgotten people are never mailed); record "
                    "their contact, or pass people= to Deliveries",
                    rule.name, recorded.position, len(draft.recipients),
                )  # fmt: skip
                continue
            yield self._message(draft, to, f"{notification.key}.{rule.name}", recorded.recorded_at)

    def remind(self, reminder: Reminder) -> None:
        """Mail ``reminder`` to the strategic group (every head) on its day."""
        people, obligation = reminder.people, reminder.obligation
        view = Partnership(reminder.log, reminder.partnership_id, people=people).as_of(reminder.day)
        to = _addresses(people, every_head(view))
        if not to:
            return
        draft = Draft(
            every_head(view),
            f"{_prefix(view)}{reminder.status.value.capitalize()} by {obligation.due_on}: "
            f"{obligation.subject}",
            f"To the strategic group:\n\n{obligation.subject} ({obligation.rule}) is "
            f"{reminder.status.value} on {reminder.day}: it falls due by {obligation.due_on}. "
            f"Who: {obligation.responsible}.\n",
        )
        when = datetime.combine(reminder.day, time(), UTC)
        self._send([self._message(draft, to, reminder.key, when)])

    def _message(
        self, draft: Draft, to: list[email.headerregistry.Address], key: str, when: Any
    ) -> email.message.EmailMessage:
        from email.message import EmailMessage
        from email.utils import format_datetime

        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = _one_line(draft.subject)
        message["Date"] = format_datetime(when)
        message["Message-ID"] = f"<{key}@{self.settings.domain}>"
        message["X-Hom-Idempotency-Key"] = key
        message.set_content(draft.body)
        return message

    def _send(self, messages: list[email.message.EmailMessage]) -> None:
        settings = self.settings
        import smtplib
        import ssl

        context = ssl.create_default_context() if settings.security != "none" else None
        smtp: smtplib.SMTP
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.username is not None:
                smtp.login(settings.username, settings.password or "")
            for message in messages:
                try:
                    refused: Mapping[str, tuple[int, bytes]] = smtp.send_message(message)
                except smtplib.SMTPRecipientsRefused as error:
                    refused = error.recipients
                _check_refused(message, refused)


def _check_refused(
    message: email.message.EmailMessage, refused: Mapping[str, tuple[int, bytes]]
) -> None:
    """Report addresses refused for good; raise to retry when any was refused for now (4xx)."""
    later = {address: reply for address, reply in refused.items() if 400 <= reply[0] < 500}
    never = {address: reply for address, reply in refused.items() if address not in later}
    if never:
        logger.error(
            "the SMTP server refused %s for message %s for good (%s): it is not sent to them "
            "again; fix their address in the people store",
            ", ".join(sorted(never)), message["Message-ID"],
            "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in never.values()),
        )  # fmt: skip
    if later:
        import smtplib

        raise smtplib.SMTPRecipientsRefused(later)


def _addresses(
    people: PeopleStore, recipients: Iterable[PersonId]
) -> list[email.headerregistry.Address]:
    """The addresses of ``recipients`` the people store holds; forgotten people have none."""
    from email.headerregistry import Address

    found = []
    for person_id in recipients:
        person = people.get(person_id)
        contact = None if person is None else (person.contact or "").strip()
        if person is None or not contact or not _ADDRESS.match(contact):
            continue
        username, _, domain = contact.rpartition("@")
        found.append(Address(_one_line(person.name), username, domain))
    return found


def _one_line(text: str) -> str:
    """``text`` with line breaks and runs of spaces as single spaces (safe in a header)."""
    return " ".join(text.split())


def email_notifier(
    settings: SmtpSettings | str,
    *,
    rules: Sequence[MailRule] = RULES,
    name: str = "email",
    remind: bool = False,
) -> Notifier:
    """A :class:`Notifier` that mails what ``rules`` call for, by the server of ``settings``
    (an :class:`SmtpSettings` or an SMTP URL), and each reminder when ``remind`` is true."""
    if isinstance(settings, str):
        settings = SmtpSettings.from_url(settings)
    sender = EmailNotifier(settings, rules)
    return Notifier(
        name,
        deliver=sender,
        description=f"email from {settings.sender} by SMTP to {settings.host}:{settings.port}",
        event_types=sender.event_types,
        remind=sender.remind if remind else None,
    )


@hookimpl
def hom_notifiers() -> list[Notifier]:
    """The email notifier when ``HOM_SMTP_URL`` is set (reminding too when ``HOM_REMINDERS``
    names it); otherwise none."""
    url = os.environ.get(SMTP_URL_ENV, "").strip()
    return [email_notifier(url, remind=reminders_wanted("email"))] if url else []
