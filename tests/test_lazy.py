"""A package's lazily exported names (:mod:`hom_core.lazy`), installed in a directory or in a
zip file."""

from __future__ import annotations

import importlib
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

INIT = textwrap.dedent(
    """
    from typing import TYPE_CHECKING

    from hom_core.lazy import lazy_exports

    if TYPE_CHECKING:
        from json import dumps as dumps
        from os.path import join as join

    if not TYPE_CHECKING:
        __getattr__, __dir__ = lazy_exports(globals())
    """
)


@pytest.mark.parametrize("zipped", [False, True], ids=["directory", "zip file"])
def test_names_are_imported_when_first_used_wherever_the_package_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zipped: bool
) -> None:
    name = f"lazy_sample_{'zip' if zipped else 'dir'}"
    if zipped:
        root = tmp_path / "packages.zip"
        with zipfile.ZipFile(root, "w") as archive:
            archive.writestr(f"{name}/__init__.py", INIT)
    else:
        root = tmp_path
        (root / name).mkdir()
        (root / name / "__init__.py").write_text(INIT)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, name, raising=False)
    package = importlib.import_module(name)
    try:
        assert package.__all__ == ["dumps", "join"]
        assert package.join("a", "b") == str(Path("a", "b"))
        with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
            _ = package.nothing
    finally:
        del sys.modules[name]
