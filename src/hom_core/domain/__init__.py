"""The domain of hom: the values, calendar and rules of a partnership of schools.

The rule ids cited in docstrings and tests (M2, F1, C1, ...) are those of the rulebook in hom's
documentation (``docs/rulebook/``), which states each rule, its default and its policies; each
rule family is one module (funding and governance: a package of small modules, its docstring
saying which holds which rule), with its events, its part of the state, its decide and evolve:

- :mod:`~hom_core.domain.values`: exact money and FTE, URN and UKPRN, academic and financial
  years; :mod:`~hom_core.domain.calendar`: terms and half terms (C1) and the date rules computed
  from them; :mod:`~hom_core.domain.policies`: the choices the agreement leaves open;
  :mod:`~hom_core.domain.people`: people as opaque ids, their details erasable;
- :mod:`~hom_core.domain.framework` (formation, policies, term dates, reviews: G8, C1) and
  :mod:`~hom_core.domain.membership` (M1-M4, C3, C4);
  :mod:`~hom_core.domain.governance` (groups, the rotating chair, decisions, governors: G1-G8)
  and :mod:`~hom_core.domain.joint_work` (training days and conferences: T1);
- :mod:`~hom_core.domain.state` wires the families into one ``decide`` and ``evolve``;
  :mod:`~hom_core.domain.partnership` is the API: :class:`Partnership` and its views.
"""

import cattrs

from hom_core.domain import calendar
from hom_core.domain.calendar import Calendar, DateRange, Term, TermDates
from hom_core.domain.framework import (
    AdoptPolicies,
    FormPartnership,
    RecordTermDates,
    ReviewFramework,
)
from hom_core.domain.funding import (
    AppointBanker,
    CallContributions,
    FundingView,
    RecordPayment,
    SetContributionRate,
    SpendFunds,
    SubmitCensus,
)
from hom_core.domain.governance import (
    ChairRule,
    CloseTaskGroup,
    DisbandGroup,
    EstablishGroup,
    GovernanceView,
    GroupKind,
    HoldMeeting,
    HoldStrategicDirectionMeeting,
    ReportBack,
    ReportToGovernors,
    RotateChair,
    TakeDecision,
    Vote,
    agreement_standing_groups,
)
from hom_core.domain.joint_work import (
    AgreeTrainingDays,
    HoldConference,
    HoldTrainingDay,
    JointWorkView,
)
from hom_core.domain.membership import (
    AppointRoleHolder,
    ChangeUrn,
    GiveNotice,
    JoinPartnership,
    OfstedOutcome,
    OrganisationKind,
    RecordOfstedOutcome,
    Role,
    WithdrawNotice,
)
from hom_core.domain.partnership import Partnership, PartnershipView
from hom_core.domain.people import FORGOTTEN, MemoryPeople, PeopleStore, Person, new_person_id
from hom_core.domain.policies import JoinerCharge, NoticePolicy, NoticeReading, Policies
from hom_core.domain.state import EVENT_TYPES, PartnershipState
from hom_core.domain.values import AcademicYear, FinancialYear, Fte, Money, Ukprn, Urn

__all__ = [
    "EVENT_TYPES",
    "FORGOTTEN",
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
    "Partnership",
    "PartnershipState",
    "PartnershipView",
    "PeopleStore",
    "Person",
    "Policies",
    "RecordOfstedOutcome",
    "RecordPayment",
    "RecordTermDates",
    "ReportBack",
    "ReportToGovernors",
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
    """Teach ``converter`` every value type of the domain (money, FTE, URN, years, calendar)."""
    calendar.configure_converter(converter)
