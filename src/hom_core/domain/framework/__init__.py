"""The framework: forming the partnership, its policies, its calendar, its annual review (G8, C1).

- :mod:`~hom_core.domain.framework.events`: the partnership formed, policies adopted, the
  framework reviewed (G8), term dates recorded (C1);
- :mod:`~hom_core.domain.framework.state`: :class:`FrameworkState` (name, formation, calendar,
  the policies in force on each day, reviews) and how each event changes it;
- :mod:`~hom_core.domain.framework.decide`: each command beside how it is decided, against
  :class:`~hom_core.domain.framework.inputs.FrameworkInputs` (the framework, and the members
  whose notice a new notice policy must not move, M2).
"""
