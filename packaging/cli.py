"""The command line of the built application: ``procompite-cli …`` is ``python -m procompite …``."""

import sys

from procompite.cli import main

if __name__ == "__main__":
    sys.exit(main())
