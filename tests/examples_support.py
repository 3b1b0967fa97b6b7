"""The scripts of ``examples/`` in the tests: each loaded as a module as when it runs as a script
(``examples/`` on ``sys.path``, so it can import its siblings), and what it prints."""

from __future__ import annotations

import importlib.util
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from types import ModuleType

EXAMPLES = Path(__file__).parent.parent / "examples"


def load_example(name: str) -> ModuleType:
    """``examples/<name>.py`` as a module (the examples directory on ``sys.path``, as when the
    example is run as a script)."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_example(name: str, argv: list[str]) -> str:
    """What ``examples/<name>.py`` prints when run with the arguments ``argv``."""
    example = load_example(name)
    buffer = StringIO()
    with redirect_stdout(buffer):
        example.main(argv)
    return buffer.getvalue()


def run_twice(name: str, url: str) -> tuple[str, str]:
    """What ``examples/<name>.py`` prints in two runs on the log at ``url``: the first records
    the history, the second finds it there and only replays it."""
    return run_example(name, ["--url", url]), run_example(name, ["--url", url])
