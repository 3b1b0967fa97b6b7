"""The domain of hom: the values, calendar and rules of a partnership of schools.

The rule ids cited in docstrings and tests (M2, F1, C1, ...) are those of ``DOMAIN.md``.

- :mod:`hom_core.domain.values`: exact money and FTE, school identifiers (URN, UKPRN),
  academic and financial years;
- :mod:`hom_core.domain.calendar`: school terms and half terms, recorded or by default (C1), and
  the date rules computed from them (a term's notice, M2; support lasting a number of terms).
"""
