"""Running the command line as a user runs it: ``python -m procompite ...``."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def procompite(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "procompite", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
