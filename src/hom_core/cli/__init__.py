"""The ``hom`` command: a partnership's log from a terminal or a script.

=========================  ===================================================================
``hom init``               create a log (a SQLite file by default), optionally forming a
                           partnership in it
``hom record``             decide one command (from ``--field`` options or a JSON file) and
                           record its events
``hom import``             record a JSON-lines history of events and commands, atomically or
                           resumably
``hom status``             members, notices, contributions and the chair, as of a date
``hom export``             write the partnership through an installed exporter
``hom verify``             check the log's hash chain
``hom notify``             deliver the recorded events to the notifiers (email, webhook), from
                           each one's checkpoint; ``--follow`` keeps delivering
``hom plugins``            the plugins: loaded, disabled, broken
``hom forget``             erase a person's name and contact details
=========================  ===================================================================

click and rich come with the ``cli`` extra (``pip install 'hom[cli]'``); :mod:`hom_core` never
imports them, and without them ``hom`` says how to install them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

MISSING_EXTRA = "hom: the hom command needs click and rich: pip install 'hom[cli]'"
"""What ``hom`` prints when the ``cli`` extra is not installed."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hom`` command with ``argv`` (default: the process's arguments); its exit status.

    A user error prints one line on stderr and returns 2; ``hom verify`` returns 1 when the
    chain is broken, ``hom notify`` when a notifier could not deliver.
    """
    try:
        from hom_core.cli.app import hom
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in {"click", "rich"}:
            raise
        print(MISSING_EXTRA, file=sys.stderr)
        return 2
    status: int = hom.main(args=argv, prog_name="hom", standalone_mode=False)
    return status
