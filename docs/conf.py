"""Sphinx configuration of hom's documentation (``python -m sphinx -W -n docs docs/_build``).

The pages are Markdown (MyST); the API reference is generated from the docstrings by autodoc
over every module autosummary finds in the packages, so a module that moves needs no edit here;
the CLI reference is generated from the click commands themselves (sphinx-click). Built with
``-W -n`` (warnings are errors, every cross-reference must resolve), a broken reference fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

project = "hom"
author = "The hom maintainers"
copyright = "the hom maintainers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx_click",
    "hom_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "hom"
html_static_path: list[str] = []

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
myst_heading_slug_func = "hom_docs.heading_slug"

autodoc_default_options = {"members": True, "show-inheritance": True, "ignore-module-all": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_mock_imports = ["psycopg", "psycopg_pool"]

nitpicky = True
smartquotes_action = "qe"  # quotes and ellipses; "--url" stays two hyphens
