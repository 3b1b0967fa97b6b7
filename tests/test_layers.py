"""The layers show in the folders (issue 11): the adapters in ``hom_plugins`` are grouped by kind,
and a storage plugin imports no domain module (the people store lives beside the store protocol,
in the core), so opening a log costs no rules."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import hom_plugins

STORAGE = ["memory", "sqlite", "jsonl", "postgres"]


@pytest.mark.parametrize("name", STORAGE)
def test_a_storage_plugin_imports_no_domain_module(name: str) -> None:
    (point,) = entry_points(group="hom", name=name)
    code = (
        f"import sys, {point.value}\n"
        "print(sorted(m for m in sys.modules if m.startswith('hom_core.domain')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_the_builtin_adapters_are_grouped_by_kind_under_their_old_names() -> None:
    kinds = {
        point.name: point.value.split(".")[1]
        for point in entry_points(group="hom")
        if point.value.startswith("hom_plugins.")
    }
    assert kinds == {
        "memory": "storage",
        "sqlite": "storage",
        "jsonl": "storage",
        "postgres": "storage",
        "csv": "exporters",
        "ical": "exporters",
        "json": "exporters",
        "report": "exporters",
        "email": "notifiers",
        "webhook": "notifiers",
        "partnership": "packs",
        "camden": "packs",
        "harmony": "packs",
        "manchester": "packs",
    }
    folder = Path(hom_plugins.__file__).parent
    loose = sorted(path.name for path in folder.glob("*.py") if path.name != "__init__.py")
    assert loose == []
