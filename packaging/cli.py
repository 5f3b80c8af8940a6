"""The command line of the built application: ``procompite-cli …`` is ``python -m procompite …``."""

import multiprocessing
import sys

from procompite.cli import main

if __name__ == "__main__":
    # Started again as a worker process that prints its share of a batch, the built program
    # runs that work instead of the program.
    multiprocessing.freeze_support()
    sys.exit(main())
