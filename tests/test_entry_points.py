"""Entry points read without importlib.metadata (:mod:`hom_core.entry_points`) are the ones
importlib.metadata finds, in the same order; where the reader cannot tell, importlib.metadata
answers."""

from __future__ import annotations

import importlib.metadata
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hom_core import entry_points as reader
from hom_core.entry_points import EntryPoint, entry_points

Site = Callable[..., Path]
"""Writes a directory put first on sys.path holding distributions ``{dist-info name:
entry_points.txt text}``; returns it."""


def listed(group: str) -> list[tuple[str, str, str]]:
    return [(point.name, point.value, point.group) for point in entry_points(group)]


def by_importlib(group: str) -> list[tuple[str, str, str]]:
    found = importlib.metadata.entry_points(group=group)
    return [(point.name, point.value, point.group) for point in found]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    count = iter(range(100))

    def make(distributions: dict[str, str]) -> Path:
        root = tmp_path / f"site-{next(count)}"
        for directory, text in distributions.items():
            info = root / directory
            info.mkdir(parents=True)
            name, version = info.stem.split("-")[:2] if "-" in info.stem else (info.stem, "0")
            (info / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            )
            (info / "entry_points.txt").write_text(text)
        monkeypatch.syspath_prepend(str(root))
        return root

    return make


@pytest.mark.parametrize("group", ["hom", "console_scripts", "pytest11", "no-such-group"])
def test_the_installed_entry_points_are_importlib_metadatas(group: str) -> None:
    assert reader._read(group) is not None  # read here, not handed to importlib.metadata
    assert listed(group) == by_importlib(group)


def test_the_first_distribution_of_a_name_on_the_path_hides_the_later_ones(site: Site) -> None:
    site({"acme.hom-2.0.dist-info": "[hom]\nold = acme_old\n"})
    site({"Acme_Hom-1.0.dist-info": "[hom]\nnew = acme_new\n"})
    assert [name for name, _, _ in listed("hom") if name in ("old", "new")] == ["new"]
    assert listed("hom") == by_importlib("hom")


def test_sections_comments_spaces_and_egg_info_are_read_as_importlib_reads_them(
    site: Site,
) -> None:
    site({
        "zeta-1.0.dist-info": "# a comment\n\n[console_scripts]\nz = zeta:main\n"
        "[hom]\n  spaced   =   zeta.plugin  \nobject = zeta.plugin:Thing.hooks [extra]\n",
        "alpha-0.1.egg-info": "[hom]\nalpha = alpha_plugin\n",
    })  # fmt: skip
    assert listed("hom") == by_importlib("hom")
    points = {point.name: point for point in entry_points("hom")}
    assert (points["spaced"].module, points["spaced"].attr) == ("zeta.plugin", "")
    assert (points["object"].module, points["object"].attr) == ("zeta.plugin", "Thing.hooks")


def test_an_entry_point_loads_its_object_and_names_its_distribution(site: Site) -> None:
    site({"gamma-3.1.dist-info": "[hom]\njoin = os.path:join\nmodule = os.path\n"})
    points = {point.name: point for point in entry_points("hom")}
    assert points["join"].load() is sys.modules["os.path"].join
    assert points["module"].load() is sys.modules["os.path"]
    dist = points["join"].dist
    assert dist is not None
    assert (dist.name, dist.version) == ("gamma", "3.1")


def test_a_zip_file_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[hom]\nzipped = zipped_hom\n")
    monkeypatch.syspath_prepend(str(archive))
    assert reader._read("hom") is None
    assert ("zipped", "zipped_hom", "hom") in listed("hom")
    assert listed("hom") == by_importlib("hom")


@pytest.mark.parametrize(
    "directory",
    ["broken-1.0.dist-info", "Upper-1.0.DIST-INFO"],
    ids=["a line without =", "a suffix in capitals"],
)
def test_what_the_reader_cannot_tell_is_left_to_importlib_metadata(
    site: Site, directory: str
) -> None:
    text = "[hom]\nno equals sign here\n" if directory.startswith("broken") else "[hom]\nu = u\n"
    site({directory: text})
    assert reader._read("hom") is None


def test_a_finder_with_distributions_of_its_own_is_left_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Finder:
        @staticmethod
        def find_spec(*_: object) -> None:
            return None

        @staticmethod
        def find_distributions(*_: object) -> list[importlib.metadata.Distribution]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    assert reader._read("hom") is None
    assert listed("hom") == by_importlib("hom")


def test_an_entry_point_without_a_module_says_so() -> None:
    with pytest.raises(ValueError, match="names no module"):
        _ = EntryPoint("bad", ":nothing", "hom", ".").module
