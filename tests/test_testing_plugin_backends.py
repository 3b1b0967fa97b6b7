"""The ``hom`` pytest plugin finds its backends among the installed storage plugins (issue 11):
a third party's backend that says how to make a fresh log gets the fixtures too."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

ACME = """
    from contextlib import contextmanager

    from hom_core import MemoryStore, StorageBackend, hookimpl


    @contextmanager
    def fresh_url(folder):
        (folder / "acme-made").write_text("")
        yield "acme://" + str(folder)
        (folder / "acme-made").unlink()


    @hookimpl
    def hom_storage_backends():
        return [StorageBackend("acme", lambda url: MemoryStore(), fresh_url=fresh_url)]
"""

TEST = """
    def test_a_fresh_log(hom_backend, hom_log_url, hom_log):
        assert hom_log.head()[0] == 0
        if hom_backend == "acme":
            assert hom_log_url.startswith("acme://")
"""


def test_a_third_party_backend_gets_the_fixtures(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(acme_store=textwrap.dedent(ACME), test_acme=textwrap.dedent(TEST))
    info = pytester.mkdir("acme_store-1.0.dist-info")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-store\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[hom]\nacme = acme_store\n")
    monkeypatch.setenv("PYTHONPATH", str(pytester.path))
    monkeypatch.delenv("HOM_POSTGRES_DSN", raising=False)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v", "-rs")
    result.assert_outcomes(passed=4, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*test_a_fresh_log?memory? PASSED*",
            "*test_a_fresh_log?sqlite? PASSED*",
            "*test_a_fresh_log?jsonl? PASSED*",
            "*test_a_fresh_log?postgres? SKIPPED*",
            "*test_a_fresh_log?acme? PASSED*",
        ]
    )
