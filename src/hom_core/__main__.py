"""``python -m hom_core``: the ``hom`` command, for where its script is not on the PATH."""

import sys

from hom_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
