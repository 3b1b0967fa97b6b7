"""Membership (M1-M5, C3, C4): joining, notice, leaving, URNs, role holders, Ofsted outcomes.

Members are organisations of a kind (a school, the council, a business...). A school keeps its
identity across an academy conversion: its URN changes from a date (C3), it is not a new member.
People (head, deputy, chair of governors, staff representatives) appear only as opaque ids.
A school signs by its head and chair of governors (M1); a member that is not a school (the
council, a business, a university, a partnership...) need record neither: the documents name
nobody who signs for it, so only the partnership's chairperson and the date are required.

- :mod:`~hom_core.domain.membership.vocabulary`: kinds of member, roles, Ofsted outcomes;
- :mod:`~hom_core.domain.membership.events` and :mod:`~hom_core.domain.membership.state`
  (:class:`MembershipState`, every member with its periods of membership, URNs, role holders
  and Ofsted outcomes, and how each event changes it);
- :mod:`~hom_core.domain.membership.decide`: each command beside how it is decided, against
  :class:`~hom_core.domain.membership.inputs.MembershipInputs` (the framework and the members).
"""
