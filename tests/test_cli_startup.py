"""The ``hom`` command imports only what the command it runs uses (its speed is measured by
benchmarks/startup.py; here, what is imported)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from hom_core.cli.app import COMMANDS, LazyCommands, hom

HEAVY = ("rich", "cattrs", "hom_core.domain", "hom_core.application", "hom_plugins")
"""What ``hom --help`` must not import: the tables' library, the codec's, the rules, plugins."""


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``hom argv``."""
    script = (
        "import json, sys\n"
        "from hom_core.cli import main\n"
        f"main({list(argv)!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY))


def test_help_imports_no_command_no_domain_and_no_rich() -> None:
    modules = imported_by("--help")
    assert heavy(modules) == []
    assert not any(m.startswith("hom_core.cli.") and m not in {
        "hom_core.cli.app", "hom_core.cli.output", "hom_core.cli.tables"} for m in modules
    )  # fmt: skip


def test_a_command_imports_its_own_module_only() -> None:
    modules = imported_by("verify", "--help")
    assert "hom_core.cli.verify" in modules
    others = {f"hom_core.cli.{module}" for module, _, _ in COMMANDS.values()} - {
        "hom_core.cli.verify"
    }
    assert not modules & others - {"hom_core.cli.options", "hom_core.cli.output"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("limit", [20, 45, 200])
def test_the_listed_summary_is_the_first_sentence_of_the_command_help(
    name: str, limit: int
) -> None:
    summary = COMMANDS[name][2]
    listed = hom.commands[name].get_short_help_str(limit)
    assert click.Command(name, help=summary).get_short_help_str(limit) == listed


def test_lazy_commands_import_on_lookup_and_take_added_ones() -> None:
    commands = LazyCommands(COMMANDS)
    assert sorted(commands) == sorted(COMMANDS)
    assert commands.summary("verify") == COMMANDS["verify"][2]
    assert commands["verify"].name == "verify"
    assert commands.summary("verify") is None  # imported: its own help is used from now on
    commands["extra"] = commands["verify"]
    assert "extra" in commands
    assert len(commands) == len(COMMANDS) + 1
    del commands["extra"], commands["schema"]
    assert "schema" not in commands
    assert len(commands) == len(COMMANDS) - 1
    with pytest.raises(KeyError):
        del commands["schema"]


PLUGINS_NOT_USED = ("hom_plugins.packs.camden", "hom_plugins.packs.harmony",
                    "hom_plugins.packs.manchester", "hom_plugins.exporters",
                    "hom_plugins.notifiers")  # fmt: skip
"""What ``hom status`` on a log without pack events must not import: packs, exporters,
notifiers (their plugins are registered as stand-ins, imported when a hook is first called)."""


def test_status_imports_no_pack_exporter_or_notifier_and_no_rich(hom_url: str) -> None:
    modules = imported_by("status", "--url", hom_url, "-p", "hom", "--as-of", "2014-01-01")
    assert "hom_plugins.packs.partnership" in modules  # the core's events: the log holds them
    assert "hom_plugins.storage.sqlite" in modules
    assert [m for m in modules if m.startswith(PLUGINS_NOT_USED)] == []
    assert "hom_core.cli.tables" in modules
    assert [m for m in modules if m == "rich" or m.startswith("rich.")] == []
