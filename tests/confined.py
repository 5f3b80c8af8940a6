"""A private mount namespace for tests that need a read-only or full disk: ``confined`` runs a
shell script in it, ``mount_point`` gives a folder where it may mount a small tmpfs (and skips,
saying why, where the machine does not allow it)."""

import shutil
import subprocess
from pathlib import Path

import pytest


def confined(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def mount_point(tmp_path) -> Path:
    """A folder where a private tmpfs can be mounted; skips where namespaces are not allowed."""
    point = tmp_path / "disco"
    point.mkdir()
    if shutil.which("unshare") is None:
        pytest.skip("sin la orden unshare no se puede montar una unidad de prueba")
    probe = confined(f"mount -t tmpfs -o size=64k tmpfs {point}")
    if probe.returncode != 0:
        pytest.skip(f"esta máquina no permite montar un disco de prueba: {probe.stderr.strip()}")
    return point
