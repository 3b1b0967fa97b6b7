"""The ``hom`` pytest plugin (hom_core.testing.pytest_plugin), run in pytest sessions of its own."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap

import pytest

from postgres_support import execute

pytest_plugins = ["pytester"]

USES_EVERY_FIXTURE = """
    from datetime import date

    from hom_core.domain import FormPartnership

    def test_a_fresh_log(hom_backend, hom_log_url, hom_log, hom_partnership, hom_scenario):
        assert hom_log.head()[0] == 0
        assert hom_log_url.split(":")[0] == {"postgres": "postgresql"}.get(hom_backend, hom_backend)
        assert hom_partnership.log is hom_log is hom_scenario.log
        hom_scenario.given_commands(FormPartnership("Heart of Manchester", date(2013, 7, 1)))
        assert hom_log.verify().ok
        with open("urls.txt", "a") as urls:
            urls.write(hom_log_url + "\\n")
"""


def run(pytester: pytest.Pytester, test: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user=textwrap.dedent(test))
    return pytester.runpytest("-p", "no:cacheprovider", "-rs", *args)


def test_a_fresh_log_on_each_backend_postgres_skipping_without_a_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOM_POSTGRES_DSN", raising=False)
    result = run(pytester, USES_EVERY_FIXTURE, "-v")
    result.assert_outcomes(passed=3, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*test_a_fresh_log?memory? PASSED*",
            "*test_a_fresh_log?sqlite? PASSED*",
            "*test_a_fresh_log?jsonl? PASSED*",
            "*SKIPPED*HOM_POSTGRES_DSN is not set: set it to a PostgreSQL URL to run there*",
        ]
    )
    memory, sqlite, jsonl = (pytester.path / "urls.txt").read_text().split()
    assert memory == "memory://"
    assert sqlite.startswith("sqlite:////")
    assert sqlite.endswith("/hom.sqlite")
    assert jsonl.startswith("jsonl:////")
    assert jsonl.endswith("/hom.jsonl")


@pytest.mark.postgres  # what it says depends on the driver being installed
def test_an_unreachable_server_skips_saying_why(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOM_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:1/test")
    result = run(pytester, USES_EVERY_FIXTURE)
    result.assert_outcomes(passed=3, skipped=1)
    if importlib.util.find_spec("psycopg") is None:  # the newcomer's install: no driver
        reason = "*SKIPPED*needs psycopg*pip install 'hom?postgres?'"  # ? for fnmatch's [
        assert result.stdout.str().count("pip install 'hom[postgres]'") == 1
    else:
        reason = "*SKIPPED*cannot connect to PostgreSQL at*127.0.0.1:1*"
    result.stdout.fnmatch_lines([reason])


@pytest.mark.postgres
def test_postgres_runs_in_a_schema_of_its_own_dropped_afterwards(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, postgres_dsn: str
) -> None:
    monkeypatch.setenv("HOM_POSTGRES_DSN", postgres_dsn)
    run(pytester, USES_EVERY_FIXTURE).assert_outcomes(passed=4)
    url = (pytester.path / "urls.txt").read_text().split()[-1]
    schema = url.rpartition("schema=")[2]
    assert url == f"{postgres_dsn}{'&' if '?' in postgres_dsn else '?'}schema={schema}"
    query = "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s"
    assert execute(postgres_dsn, query, (schema,)) == []


def test_a_backend_that_is_disabled_skips(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOM_DISABLE_PLUGINS", "jsonl")
    monkeypatch.delenv("HOM_POSTGRES_DSN", raising=False)
    result = run(pytester, USES_EVERY_FIXTURE)
    result.assert_outcomes(passed=2, skipped=2)
    result.stdout.fnmatch_lines(["*SKIPPED*the jsonl:// storage backend is not installed*"])


def test_a_conftest_chooses_the_backends(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(params=["memory", "sqlite"])
        def hom_backend(request):
            return request.param
        """
    )
    run(pytester, USES_EVERY_FIXTURE).assert_outcomes(passed=2)


def test_a_backend_it_does_not_know_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def hom_backend():
            return "redis"
        """
    )
    result = run(pytester, USES_EVERY_FIXTURE)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*hom_backend 'redis': use one of memory, sqlite, jsonl, postgres*"]
    )


def test_scenario_failures_point_at_the_test_line(pytester: pytest.Pytester) -> None:
    """M2: the failure shows the expected and actual leaving dates, from the user's line."""
    result = run(
        pytester,
        """
        from datetime import date

        from hom_core.domain import FormPartnership, GiveNotice
        from hom_core.domain.membership.events import NoticeGiven
        from hom_core.testing import join

        def test_notice(hom_scenario):
            hom_scenario.given_commands(
                FormPartnership("HOM", date(2013, 7, 1)), join("st-marys", date(2013, 7, 10))
            )
            outcome = hom_scenario.when(GiveNotice("st-marys", date(2015, 1, 5)))
            outcome.then(NoticeGiven("st-marys", date(2015, 1, 5), date(2015, 4, 30)))
        """,
        "-k",
        "memory",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            ">*outcome.then(NoticeGiven(*",
            "E*AssertionError: when GiveNotice(*",
            "E*event 1 differs in leaves_on: expected datetime.date(2015, 4, 30), got *8, 31)",
        ]
    )
    assert "scenario.py" not in result.stdout.str()


def test_p_no_hom_switches_it_off(pytester: pytest.Pytester) -> None:
    result = run(pytester, USES_EVERY_FIXTURE, "-p", "no:hom")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'hom_backend' not found*"])


def test_loading_the_plugin_imports_nothing_of_hom_but_the_package() -> None:
    """Its module imports only pytest: hom's modules load when a test asks for a fixture."""
    code = (
        "import sys, pytest, hom_core\n"
        "before = set(sys.modules)\n"
        "import hom_core.testing.pytest_plugin\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "['hom_core.testing', 'hom_core.testing.pytest_plugin']"
