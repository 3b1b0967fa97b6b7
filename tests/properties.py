"""How hard the property tests try, by hypothesis profile (``HOM_HYPOTHESIS_PROFILE``).

- ``quick`` (the default, for the README's test command): each property runs half the examples
  its test asks for (at least 10), 50 for those that ask for none;
- ``thorough`` (CI's second run, ``-m hypothesis``): four times what each asks for, 400 for
  those that ask for none.

A test writes the examples it wants as ``@settings(max_examples=examples(60))``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HOM_HYPOTHESIS_PROFILE", "quick")
if PROFILE not in ("quick", "thorough"):
    raise ValueError(f"HOM_HYPOTHESIS_PROFILE={PROFILE!r}: use 'quick' or 'thorough'")


def examples(wanted: int) -> int:
    """The examples a property asking for ``wanted`` runs under the current profile."""
    return wanted * 4 if PROFILE == "thorough" else max(10, wanted // 2)


# Property tests check what is generated, not how fast: on a loaded 2-core CI machine generation
# and examples can be slow, which must not fail a run (speed targets live in benchmarks/).
settings.register_profile(
    PROFILE,
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(PROFILE)
