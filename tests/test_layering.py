"""The library never imports Qt."""

import pkgutil
import subprocess
import sys

import procompite


def test_library_loads_no_pyside6():
    modules = [
        info.name
        for info in pkgutil.walk_packages(procompite.__path__, "procompite.")
        if not info.name.endswith("__main__")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert len(modules) > 10
