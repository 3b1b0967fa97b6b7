"""Test support for authors of hom backends and plugins; imported by test suites only.

- :mod:`hom_core.testing.storage`: the conformance suite every storage backend must pass.

Nothing in :mod:`hom_core` imports this package, so its test dependencies (pytest) stay out of
an application's way.
"""
