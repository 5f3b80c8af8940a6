"""Entry point for ``python -m procompite``."""

import sys

from procompite.cli import main

sys.exit(main())
