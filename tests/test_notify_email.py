"""Email over SMTP (hom_plugins.notifiers.email), against a real SMTP server on 127.0.0.1: notice
given (M2) -> the strategic group (G1), the banker leaving with no successor (F4) -> every head;
addresses from the people store, forgotten people never mailed nor named; outages and restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hom_core import (
    Backoff,
    Deliveries,
    DeliveryStatus,
    EventLog,
    PluginError,
    Plugins,
    UsageError,
    open_log,
)
from hom_core.application import Partnership
from hom_core.delivery import idempotency_key
from hom_core.domain import (
    AppointBanker,
    FormPartnership,
    GiveNotice,
    JoinPartnership,
    MemoryPeople,
    OrganisationKind,
    PeopleStore,
    Person,
)
from hom_plugins.notifiers import email as notify_email
from hom_plugins.notifiers.email import SMTP_URL_ENV, SmtpSettings, email_notifier
from notify_support import FakeTime, Mail, SmtpServer

SCHOOLS = {
    "webster": "Webster Primary",
    "claremont": "Claremont Primary",
    "st-philips": "St Philip's CE Primary",
    "rolls-crescent": "Rolls Crescent Primary",
}
SIGNED_ON = date(2013, 7, 10)
NOTICE_ON = date(2015, 3, 2)


def head(member_id: str) -> str:
    return f"head@{member_id}.example.org"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def people() -> MemoryPeople:
    return MemoryPeople()


def heart_of_manchester(url: str, people: PeopleStore) -> Partnership:
    """Four schools with heads and chairs of governors who have addresses; Rolls Crescent the
    banker."""
    hom = Partnership(open_log_for(url), "heart-of-manchester", people=people)
    hom.execute(FormPartnership("Heart of Manchester", date(2013, 7, 1)))
    for member_id, name in SCHOOLS.items():
        people.put(Person(f"head-{member_id}", f"Head of {name}", head(member_id)))
        people.put(Person(f"chair-{member_id}", f"Chair of {name}", f"chair@{member_id}.org"))
        hom.execute(
            JoinPartnership(
                member_id,
                name,
                OrganisationKind.PRIMARY,
                head=f"head-{member_id}",
                chair_of_governors=f"chair-{member_id}",
                partnership_chair="head-webster",
                signed_on=SIGNED_ON,
            )
        )
    hom.execute(AppointBanker("rolls-crescent", SIGNED_ON))
    return hom


def open_log_for(url: str) -> EventLog:
    """The log at ``url`` with the installed plugins, whatever HOM_DISABLE_PLUGINS says."""
    return open_log(url, plugins=Plugins(environ={}))


@pytest.fixture
def hom(people: MemoryPeople) -> Partnership:
    return heart_of_manchester("memory://", people)


def deliveries(hom: Partnership, server: SmtpServer, time: FakeTime | None = None) -> Deliveries:
    time = time or FakeTime()
    return Deliveries(
        hom.log,
        [email_notifier(server.url)],
        people=hom.people,
        backoff=Backoff(base=1, maximum=4, jitter=0),
        timer=time.timer,
        sleep=time.sleep,
    )


def keys_of(hom: Partnership, rule: str) -> list[str]:
    """The message keys the rule's mails carry, for every notice in the log."""
    return [
        f"{idempotency_key('email', recorded)}.{rule}"
        for recorded in hom.log.read_all()
        if recorded.event_type == "hom.notice_given"
    ]


# -- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://127.0.0.1:8025?from=clerk@example.org",
            SmtpSettings("127.0.0.1", 8025, "clerk@example.org"),
        ),
        (
            "smtp://mail.example.org?from=clerk@example.org&timeout=2.5",
            SmtpSettings("mail.example.org", 25, "clerk@example.org", timeout=2.5),
        ),
        (
            "smtp://clerk:s%40cret@mail.example.org:587?from=clerk@example.org&starttls=yes",
            SmtpSettings(
                "mail.example.org", 587, "clerk@example.org", "starttls", "clerk", "s@cret"
            ),
        ),
        (
            "smtps://clerk:pw@mail.example.org?from=clerk@example.org",
            SmtpSettings("mail.example.org", 465, "clerk@example.org", "tls", "clerk", "pw"),
        ),
    ],
)
def test_the_smtp_url_gives_the_settings(url: str, expected: SmtpSettings) -> None:
    assert SmtpSettings.from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1?from=clerk@example.org", "is not an SMTP URL"),
        ("smtp://127.0.0.1:8025", "needs the sender's address"),
        ("smtp://127.0.0.1:8025?from=clerk", "needs the sender's address"),
        ("smtp://127.0.0.1:port?from=clerk@example.org", "Port could not be cast"),
        ("smtp://127.0.0.1?from=clerk@example.org&tls=yes", "unknown options"),
        ("smtp://127.0.0.1?from=clerk@example.org&starttls=maybe", "starttls= takes yes or no"),
        ("smtps://127.0.0.1?from=clerk@example.org&starttls=yes", "only on smtp://"),
        ("smtp://127.0.0.1?from=clerk@example.org&timeout=soon", "timeout= takes seconds"),
        ("smtp://127.0.0.1?from=clerk@example.org&timeout=0", "timeout= takes seconds"),
        ("smtp://clerk:topsecret@127.0.0.1", "needs the sender's address"),
    ],
)
def test_a_bad_smtp_url_says_what_to_write(url: str, problem: str) -> None:
    with pytest.raises(UsageError, match=problem) as caught:
        SmtpSettings.from_url(url)
    assert "topsecret" not in str(caught.value)


def test_the_password_never_shows_in_the_settings() -> None:
    settings = SmtpSettings.from_url("smtp://clerk:topsecret@host?from=clerk@example.org")
    assert settings.password == "topsecret"
    assert "topsecret" not in repr(settings)


def test_the_credentials_of_the_url_log_in(hom: Partnership) -> None:
    server = SmtpServer(login=("clerk", "s@cret"))
    server.start()
    try:
        hom.execute(GiveNotice("st-philips", NOTICE_ON))
        wrong = server.url.replace("smtp://", "smtp://clerk:guess@")
        refused = Deliveries(hom.log, [email_notifier(wrong)], people=hom.people).run_once()
        assert "SMTPAuthenticationError" in (refused[0].error or "")
        right = server.url.replace("smtp://", "smtp://clerk:s%40cret@")
        (status,) = Deliveries(hom.log, [email_notifier(right)], people=hom.people).run_once()
        assert status == DeliveryStatus("email", hom.log.head()[0])
    finally:
        server.stop()
    assert server.logins == ["clerk"]
    assert [mail.key for mail in server.mails] == keys_of(hom, "notice")


def test_the_plugin_registers_an_email_notifier_only_when_configured(
    monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer
) -> None:
    plugins = Plugins(entry_points=False)
    plugins.register(notify_email, "email")
    monkeypatch.delenv(SMTP_URL_ENV, raising=False)
    assert plugins.notifiers() == {}

    monkeypatch.setenv(SMTP_URL_ENV, smtp.url)
    (notifier,) = plugins.notifiers().values()
    assert notifier.name == "email"
    assert notifier.event_types == frozenset({"hom.notice_given"})
    assert f"127.0.0.1:{smtp.port}" in notifier.description

    monkeypatch.setenv(SMTP_URL_ENV, "smtp://127.0.0.1")
    with pytest.raises(PluginError, match="needs the sender's address"):
        plugins.notifiers()


# -- rules -------------------------------------------------------------------------------------


def test_notice_given_mails_the_strategic_group_m2_g1(hom: Partnership, smtp: SmtpServer) -> None:
    """M2, G1: notice goes to the strategic group, the heads of the members on the day: not to
    chairs of governors, nor to the head of a school that had left."""
    hom.execute(GiveNotice("claremont", date(2014, 3, 3)))  # leaves on 31 August 2014
    hom.execute(GiveNotice("st-philips", NOTICE_ON))
    deliveries(hom, smtp).run_once()

    first, second = smtp.mails
    assert set(first.recipients) == {head(school) for school in SCHOOLS}
    assert set(second.recipients) == {head("webster"), head("st-philips"), head("rolls-crescent")}
    assert second.subject == (
        "[Heart of Manchester] St Philip's CE Primary has given notice to leave the partnership"
    )
    assert "received on 02 March 2015" in second.message.get_content()
    assert "ends on 31 August 2015" in second.message.get_content()
    assert "Head of Webster Primary <head@webster.example.org>" in str(second.message["To"])
    assert [first.key, second.key] == keys_of(hom, "notice")
    assert second.message["Message-ID"] == f"<{second.key}@hom.example.org>"
    assert second.message["From"] == "clerk@hom.example.org"


def test_the_banker_leaving_with_no_successor_mails_every_head_f4(
    hom: Partnership, smtp: SmtpServer
) -> None:
    hom.execute(GiveNotice("rolls-crescent", NOTICE_ON))
    deliveries(hom, smtp).run_once()

    notice, banker = smtp.mails
    assert notice.key == keys_of(hom, "notice")[0]
    assert banker.key == keys_of(hom, "banker")[0]
    assert set(banker.recipients) == {head(school) for school in SCHOOLS}
    assert banker.subject == (
        "[Heart of Manchester] The banker school Rolls Crescent Primary is leaving: "
        "a new banker is needed"
    )
    assert "appoint a successor (AppointBanker)" in banker.message.get_content()


def test_no_banker_mail_when_a_successor_is_appointed_f4(
    hom: Partnership, smtp: SmtpServer
) -> None:
    hom.execute(AppointBanker("webster", date(2015, 9, 1), appointed_on=date(2015, 2, 2)))
    hom.execute(GiveNotice("rolls-crescent", NOTICE_ON))
    deliveries(hom, smtp).run_once()
    assert [mail.key for mail in smtp.mails] == keys_of(hom, "notice")


def test_forgotten_people_get_no_mail_and_are_never_named(
    hom: Partnership, smtp: SmtpServer
) -> None:
    hom.forget("head-webster")
    hom.execute(GiveNotice("rolls-crescent", NOTICE_ON))
    deliveries(hom, smtp).run_once()

    assert len(smtp.mails) == 2
    for mail in smtp.mails:
        assert set(mail.recipients) == {head(s) for s in SCHOOLS if s != "webster"}
        assert "Webster Primary" not in mail.text
        assert head("webster") not in mail.text


def test_an_address_refused_for_good_is_reported_and_not_retried(
    hom: Partnership, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    smtp.refuse = {head("claremont")}
    hom.execute(GiveNotice("st-philips", NOTICE_ON))
    with caplog.at_level(logging.ERROR, "hom.notify"):
        status = deliveries(hom, smtp).run_once()

    assert status == [DeliveryStatus("email", hom.log.head()[0])]
    (mail,) = smtp.mails
    assert head("claremont") not in mail.recipients
    assert f"refused {head('claremont')}" in caplog.text
    assert "fix their address in the people store" in caplog.text


def test_an_address_refused_for_now_is_retried_and_duplicates_carry_the_same_key(
    hom: Partnership, smtp: SmtpServer
) -> None:
    """A 4xx for one recipient fails the delivery: the event is retried, so the others get its
    mails again, each time with the same key and the same bytes."""
    time = FakeTime()
    delivery = deliveries(hom, smtp, time)
    smtp.defer = {head("claremont")}
    hom.execute(GiveNotice("rolls-crescent", NOTICE_ON))
    assert delivery.run_once()[0].error == (
        f"SMTPRecipientsRefused: {{'{head('claremont')}': (451, b'4.3.0 try again later')}}"
    )
    smtp.defer = set()
    time.advance(4)
    assert delivery.run_once()[0].failing is None

    notice, again, banker = smtp.mails  # the banker mail was never tried before the failure
    assert (notice.key, banker.key) == (keys_of(hom, "notice")[0], keys_of(hom, "banker")[0])
    assert head("claremont") not in notice.recipients
    assert again.key == notice.key
    assert again.message.as_bytes() == notice.message.as_bytes()
    assert head("claremont") in again.recipients


def test_no_one_to_mail_is_reported(
    smtp: SmtpServer, caplog: pytest.LogCaptureFixture, people: MemoryPeople
) -> None:
    hom = heart_of_manchester("memory://", people)
    for school in SCHOOLS:
        people.put(Person(f"head-{school}", "A head", contact="0161 234 5678"))  # no address
    hom.execute(GiveNotice("st-philips", NOTICE_ON))
    with caplog.at_level(logging.WARNING, "hom.notify"):
        status = deliveries(hom, smtp).run_once()
    assert smtp.mails == []
    assert status[0].failing is None
    assert "none of its 4 recipients has an email address" in caplog.text


# -- outages and restarts ----------------------------------------------------------------------


def test_every_mail_arrives_after_an_outage(hom: Partnership, smtp: SmtpServer) -> None:
    time = FakeTime()
    delivery = deliveries(hom, smtp, time)
    hom.execute(GiveNotice("claremont", date(2014, 3, 3)))
    delivery.run_once()
    assert len(smtp.mails) == 1

    smtp.stop()
    hom.execute(GiveNotice("st-philips", NOTICE_ON))  # appends go on while the server is down
    hom.execute(GiveNotice("rolls-crescent", NOTICE_ON))
    status = delivery.run_once()
    assert status[0].failing is not None
    assert "ConnectionRefusedError" in (status[0].error or "")

    smtp.start()
    time.advance(4)
    assert delivery.run_once() == [DeliveryStatus("email", hom.log.head()[0])]
    keys = [mail.key for mail in smtp.mails]
    assert sorted(set(keys)) == sorted([*keys_of(hom, "notice"), keys_of(hom, "banker")[-1]])


def test_a_restarted_delivery_catches_up_without_resending(
    tmp_path: Path, smtp: SmtpServer, people: MemoryPeople
) -> None:
    url = f"sqlite:///{tmp_path / 'hom.sqlite3'}"
    first = heart_of_manchester(url, people)
    first.execute(GiveNotice("claremont", date(2014, 3, 3)))
    deliveries(first, smtp).run_once()
    first.log.close()

    again = Partnership(open_log_for(url), "heart-of-manchester", people=people)
    again.execute(GiveNotice("st-philips", NOTICE_ON))
    deliveries(again, smtp).run_once()
    again.log.close()

    assert [mail.key for mail in smtp.mails] == keys_of_file(url, "notice")


def keys_of_file(url: str, rule: str) -> list[str]:
    log = open_log_for(url)
    try:
        return keys_of(Partnership(log, "heart-of-manchester"), rule)
    finally:
        log.close()


def test_mails_carry_what_a_receiver_needs_to_drop_duplicates(
    hom: Partnership, smtp: SmtpServer
) -> None:
    """A second delivery from scratch (a lost checkpoint) resends with the same keys."""
    hom.execute(GiveNotice("st-philips", NOTICE_ON))
    deliveries(hom, smtp).run_once()
    hom.log.store.save_checkpoint("hom.notify/email", 0)
    deliveries(hom, smtp).run_once()
    first, again = smtp.mails
    assert isinstance(first, Mail)
    assert (first.key, first.message["Message-ID"]) == (again.key, again.message["Message-ID"])
    assert first.message.as_bytes() == again.message.as_bytes()
