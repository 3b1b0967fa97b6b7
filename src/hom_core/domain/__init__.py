"""The domain of hom: the values, calendar and rules of a partnership of schools, and nothing
else (no log, no storage, no plugins: those are the application's, :mod:`hom_core.application`).

The rule ids cited in docstrings and tests (M2, F1, C1, ...) are those of the rulebook in hom's
documentation (``docs/rulebook/``), which states each rule, its default and its policies. Each
rule family is a :class:`~hom_core.decider.Decider` of cases: its events, its part of the state
and how each event changes it, what it reads of the other parts (its inputs), each command beside
how it is decided, and the questions it answers (its view):

- :mod:`~hom_core.domain.values`: exact money and FTE, URN and UKPRN, academic and financial
  years; :mod:`~hom_core.domain.calendar`: terms and half terms (C1) and the date rules computed
  from them; :mod:`~hom_core.domain.policies`: the choices the agreement leaves open;
  people are opaque ids here, their details kept erasable beside the log (:mod:`hom_core.people`);
  :mod:`~hom_core.domain.history`: dated records kept in order;
  :mod:`~hom_core.domain.checks`: the checks every family and pack shares;
- :mod:`~hom_core.domain.framework` (formation, policies, term dates, reviews: G8, C1),
  :mod:`~hom_core.domain.membership` (M1-M5, C3, C4), :mod:`~hom_core.domain.funding` (C2,
  F1-F6), :mod:`~hom_core.domain.governance` (groups, the rotating chair, decisions, governors:
  G1-G8), :mod:`~hom_core.domain.joint_work` (training days and conferences: T1) and
  :mod:`~hom_core.domain.corrections` (retracting or correcting a recorded fact: R1);
- :mod:`~hom_core.domain.partnership`: each family's decider, and :data:`PARTNERSHIP`, the five
  composed (its state a :class:`PartnershipState`).
"""

import cattrs

from hom_core.domain import calendar
from hom_core.domain.calendar import Calendar, DateRange, Term, TermDates
from hom_core.domain.corrections import CorrectFact, RetractFact
from hom_core.domain.framework.decide import (
    AdoptPolicies,
    FormPartnership,
    RecordTermDates,
    ReviewFramework,
)
from hom_core.domain.funding.banker import AppointBanker, SpendFunds
from hom_core.domain.funding.contributions import (
    CallContributions,
    RecordPayment,
    SetContributionRate,
    SubmitCensus,
)
from hom_core.domain.funding.view import FundingView
from hom_core.domain.governance import meetings
from hom_core.domain.governance.chair import RotateChair
from hom_core.domain.governance.decisions import TakeDecision
from hom_core.domain.governance.governors import HoldStrategicDirectionMeeting, ReportToGovernors
from hom_core.domain.governance.groups import (
    CloseTaskGroup,
    DisbandGroup,
    EstablishGroup,
    HoldMeeting,
    ReportBack,
    agreement_standing_groups,
)
from hom_core.domain.governance.view import GovernanceView
from hom_core.domain.governance.vocabulary import ChairRule, GroupKind, Vote
from hom_core.domain.joint_work import (
    AgreeTrainingDays,
    HoldConference,
    HoldTrainingDay,
    JointWorkView,
)
from hom_core.domain.membership.decide import (
    AppointRoleHolder,
    ChangeUrn,
    GiveNotice,
    JoinPartnership,
    RecordOfstedOutcome,
    WithdrawNotice,
)
from hom_core.domain.membership.vocabulary import OfstedOutcome, OrganisationKind, Role
from hom_core.domain.partnership import PARTNERSHIP, PartnershipState
from hom_core.domain.policies import JoinerCharge, NoticePolicy, NoticeReading, Policies
from hom_core.domain.values import AcademicYear, FinancialYear, Fte, Money, Ukprn, Urn
from hom_core.people import FORGOTTEN, MemoryPeople, PeopleStore, Person, new_person_id

__all__ = [
    "FORGOTTEN",
    "PARTNERSHIP",
    "AcademicYear",
    "AdoptPolicies",
    "AgreeTrainingDays",
    "AppointBanker",
    "AppointRoleHolder",
    "Calendar",
    "CallContributions",
    "ChairRule",
    "ChangeUrn",
    "CloseTaskGroup",
    "CorrectFact",
    "DateRange",
    "DisbandGroup",
    "EstablishGroup",
    "FinancialYear",
    "FormPartnership",
    "Fte",
    "FundingView",
    "GiveNotice",
    "GovernanceView",
    "GroupKind",
    "HoldConference",
    "HoldMeeting",
    "HoldStrategicDirectionMeeting",
    "HoldTrainingDay",
    "JoinPartnership",
    "JoinerCharge",
    "JointWorkView",
    "MemoryPeople",
    "Money",
    "NoticePolicy",
    "NoticeReading",
    "OfstedOutcome",
    "OrganisationKind",
    "PartnershipState",
    "PeopleStore",
    "Person",
    "Policies",
    "RecordOfstedOutcome",
    "RecordPayment",
    "RecordTermDates",
    "ReportBack",
    "ReportToGovernors",
    "RetractFact",
    "ReviewFramework",
    "Role",
    "RotateChair",
    "SetContributionRate",
    "SpendFunds",
    "SubmitCensus",
    "TakeDecision",
    "Term",
    "TermDates",
    "Ukprn",
    "Urn",
    "Vote",
    "WithdrawNotice",
    "agreement_standing_groups",
    "configure_converter",
    "new_person_id",
]


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` every value type of the domain (money, FTE, URN, years, calendar) and
    the compact form of a group's meetings in a snapshot."""
    calendar.configure_converter(converter)
    meetings.configure_converter(converter)
