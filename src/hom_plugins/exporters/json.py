"""Builtin plugin: the ``json`` exporter, the partnership as of a day in a stable, documented form.

The document is one JSON object of the shape below (schema version 1). Keys are written sorted
and lists in the order stated, with two-space indents and UTF-8, so the same log and day always
give the same bytes. In the shape, a string names the kind of value; a key ending in ``?`` may
be ``null`` (the ``?`` is not part of the key); a list shows the shape of each of its items:

- ``"str"``, ``"int"``, ``"bool"``: a JSON string, integer or boolean;
- ``"date"``: an ISO date, ``"2014-04-01"``;
- ``"money"``: pounds as an exact plain decimal with two places, ``"412.50"`` or ``"-3.00"``
  (a string, never a float);
- ``"fte"``: full-time-equivalent pupils, exact, in halves: ``"201.5"`` or ``"200"`` (C2);
- ``"person"``: a person's name, or ``"(forgotten)"`` once their data was erased, or
  ``"(unknown)"`` for an id the people store never held.

::

    {
      "schema_version": 1,
      "as_of": "date",
      "partnership": {"id": "str", "name": "str", "formed_on?": "date"},
      "members": [
        {"member_id": "str", "name": "str", "kind": "str", "urn?": "str",
         "joined_on": "date", "head": "person", "chair_of_governors": "person",
         "notice_received_on?": "date", "leaves_on?": "date"}
      ],
      "former_members": [{"member_id": "str", "name": "str", "left_on": "date"}],
      "contributions": [
        {"financial_year": "str", "member_id": "str", "name": "str", "census_date": "date",
         "fte": "fte", "rate": "money", "months": "int", "due": "money",
         "adjustments": "money", "owed": "money", "paid": "money", "balance": "money",
         "due_on": "date"}
      ],
      "banker?": {"member_id": "str", "name": "str"},
      "banker_needs_successor?": {"member_id": "str", "leaves_on": "date",
                                  "has_left": "bool", "reason": "str"},
      "holding": "money",
      "chair?": {"member_id": "str", "school": "str", "head": "person",
                 "from_date": "date", "until": "date"},
      "next_chair?": {"member_id": "str", "name": "str"},
      "groups": [
        {"group_id": "str", "name": "str", "kind": "str", "established_on": "date",
         "closed_on?": "date",
         "meetings": [{"held_on": "date", "host_member_id?": "str", "chair?": "person",
                       "summary": "str"}]}
      ],
      "decisions": [
        {"decision_id": "str", "motion": "str", "taken_on": "date", "carried": "bool",
         "member_schools": "int", "votes": [{"member_id": "str", "vote": "str"}]}
      ],
      "reviews": {"history": ["date"], "last?": "date", "next_due?": "date",
                  "overdue": "bool"},
      "training_days": [{"held_on": "date", "theme": "str", "member_ids": ["str"]}],
      "conferences": [{"held_on": "date", "theme": "str"}],
      "corrections": [
        {"corrected_on": "date", "position": "int", "event_type": "str",
         "effective_date?": "date", "replaced": "bool", "reason": "str", "by": "person"}
      ]
    }

What the parts hold, as of ``as_of``: ``members`` are the members on the day in order of joining
(M4), with the notice a member has given and the day it leaves (M2); ``former_members`` the
schools that have left and not rejoined, by leaving date (M3); ``contributions`` each school's
line of the ledger for every financial year called, year by year (F1: ``owed`` is ``due`` plus
``adjustments`` after corrected censuses, ``balance`` is ``owed`` less ``paid``; ``months`` is
12 or a pro-rata joiner's months, F6); ``banker`` the school holding the funds and ``holding``
what it holds (F4), ``banker_needs_successor`` set while the banker is leaving or has left with
no successor; ``chair`` the strategic group's chair and ``next_chair`` the school the rotation
passes to next (G2); ``groups`` every group established by the day (open or closed) with its
meetings (G1, G4, G5); ``decisions`` in date order with each school's vote (G6, votes
``"for"``, ``"against"``, ``"abstain"``); ``reviews`` the framework's reviews and the next due
date (G8); ``training_days`` and ``conferences`` the joint work in date order (T1);
``corrections`` the facts retracted or corrected by the day, in the order it was done, each with
the position, type and effective date of the fact and why and by whom (R1): what changed since a
date is those whose ``corrected_on`` is on or after it.

Readers should ignore keys they do not know: keys may be added within a version, but none is
removed, renamed or given another kind of value without a new ``schema_version``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, BinaryIO

from hom_core import Exporter, hookimpl
from hom_core.application import Partnership, PartnershipView
from hom_plugins.exporters.rows import correction_rows, former_members, ledger, member_rows, plain

__all__ = ["SCHEMA_VERSION", "document", "hom_exporters", "write_json"]

SCHEMA_VERSION = 1
"""The version of the schema in this module's docstring."""

Json = dict[str, Any]


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _members(view: PartnershipView) -> list[Json]:
    return [
        {
            "member_id": row.member_id,
            "name": row.name,
            "kind": row.kind,
            "urn": row.urn,
            "joined_on": _day(row.joined_on),
            "head": row.head,
            "chair_of_governors": row.chair_of_governors,
            "notice_received_on": _day(row.notice_received_on),
            "leaves_on": _day(row.leaves_on),
        }
        for row in member_rows(view)
    ]


def _contributions(view: PartnershipView) -> list[Json]:
    return [
        {
            "financial_year": str(year),
            "member_id": row.member_id,
            "name": row.name,
            "census_date": _day(row.census_date),
            "fte": str(row.fte),
            "rate": plain(row.rate),
            "months": row.months,
            "due": plain(row.due),
            "adjustments": plain(row.adjustments),
            "owed": plain(row.owed),
            "paid": plain(row.paid),
            "balance": plain(row.balance),
            "due_on": _day(row.due_on),
        }
        for year, row in ledger(view)
    ]


def _funds(view: PartnershipView) -> Json:
    funding = view.funding
    banker = funding.banker()
    successor = funding.banker_needs_successor()
    return {
        "banker": None if banker is None else {"member_id": banker.member_id, "name": banker.name},
        "banker_needs_successor": None
        if successor is None
        else {
            "member_id": successor.banker.member_id,
            "leaves_on": _day(successor.leaves_on),
            "has_left": successor.has_left,
            "reason": successor.reason,
        },
        "holding": plain(funding.holding()),
    }


def _chairs(view: PartnershipView) -> Json:
    governance = view.governance
    chair, after = governance.chair(), governance.next_chair()
    return {
        "chair": None
        if chair is None
        else {
            "member_id": chair.member_id,
            "school": chair.school,
            "head": view.name_of(chair.head),
            "from_date": _day(chair.from_date),
            "until": _day(chair.until),
        },
        "next_chair": None if after is None else {"member_id": after.member_id, "name": after.name},
    }


def _groups(view: PartnershipView) -> list[Json]:
    return [
        {
            "group_id": group.group_id,
            "name": group.name,
            "kind": group.kind.value,
            "established_on": _day(group.established_on),
            "closed_on": _day(group.closed_on),
            "meetings": [
                {
                    "held_on": _day(meeting.held_on),
                    "host_member_id": meeting.host_member_id,
                    "chair": None if meeting.chair is None else view.name_of(meeting.chair),
                    "summary": meeting.summary,
                }
                for meeting in group.meetings
            ],
        }
        for group in view.state.governance.groups.values()
    ]


def _decisions(view: PartnershipView) -> list[Json]:
    return [
        {
            "decision_id": taken.decision_id,
            "motion": taken.motion,
            "taken_on": _day(taken.taken_on),
            "carried": taken.carried,
            "member_schools": taken.member_schools,
            "votes": [{"member_id": member, "vote": vote.value} for member, vote in taken.votes],
        }
        for taken in view.governance.decisions()
    ]


def _reviews(view: PartnershipView) -> Json:
    governance = view.governance
    return {
        "history": [_day(day) for day in view.state.framework.reviews],
        "last": _day(governance.last_review()),
        "next_due": _day(governance.next_review_due()),
        "overdue": governance.review_overdue(),
    }


def document(partnership: Partnership, day: date) -> Json:
    """The export of ``partnership`` as of ``day``, as the JSON value the schema describes."""
    view = partnership.as_of(day)
    framework = view.state.framework
    joint_work = view.state.joint_work
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": _day(day),
        "partnership": {
            "id": partnership.partnership_id,
            "name": framework.name,
            "formed_on": _day(framework.formed_on),
        },
        "members": _members(view),
        "former_members": [
            {"member_id": row.member_id, "name": row.name, "left_on": _day(row.left_on)}
            for row in former_members(view)
        ],
        "contributions": _contributions(view),
        **_funds(view),
        **_chairs(view),
        "groups": _groups(view),
        "decisions": _decisions(view),
        "reviews": _reviews(view),
        "training_days": [
            {
                "held_on": _day(held.held_on),
                "theme": held.theme,
                "member_ids": list(held.member_ids),
            }
            for held in joint_work.training_days
        ],
        "conferences": [
            {"held_on": _day(held.held_on), "theme": held.theme} for held in joint_work.conferences
        ],
        "corrections": [
            {
                "corrected_on": _day(row.corrected_on),
                "position": row.position,
                "event_type": row.event_type,
                "effective_date": _day(row.effective_date),
                "replaced": row.replaced,
                "reason": row.reason,
                "by": row.by,
            }
            for row in correction_rows(view)
        ],
    }


def write_json(partnership: Partnership, out: BinaryIO, day: date) -> None:
    """Write :func:`document` to ``out`` as UTF-8 JSON: sorted keys, two-space indents."""
    text = json.dumps(document(partnership, day), sort_keys=True, indent=2, ensure_ascii=False)
    out.write(f"{text}\n".encode())


@hookimpl
def hom_exporters() -> list[Exporter]:
    """The ``json`` exporter."""
    return [
        Exporter(
            "json",
            "application/json",
            ".json",
            write=write_json,
            description=f"the partnership as of a day, schema version {SCHEMA_VERSION}",
        )
    ]
