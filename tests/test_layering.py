"""The layers hold: the library never imports Qt, and the import contracts of ``pyproject.toml``
(checked by import-linter) are kept, and would fail if broken."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import procompite

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


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


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert result.stdout.count(" KEPT") == 4


def _copy_of_the_project(tmp_path: Path) -> Path:
    for name in ("procompite", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def _add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_library_module_that_imports_qt_breaks_the_contracts(tmp_path):
    root = _copy_of_the_project(tmp_path)
    _add_line(root / "procompite" / "common" / "money.py", "import PySide6.QtCore  # noqa")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "The library never imports Qt nor the window BROKEN" in result.stdout
    assert "procompite.common.money -> PySide6" in result.stdout


def test_a_stage_that_imports_one_above_it_breaks_the_layers(tmp_path):
    root = _copy_of_the_project(tmp_path)
    padron = root / "procompite" / "registry" / "padron.py"
    _add_line(padron, "import procompite.evaluation.results")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "in the order of the workflow BROKEN" in result.stdout
    assert "procompite.registry is not allowed to import procompite.evaluation" in result.stdout


def test_a_cycle_between_two_modules_of_a_package_is_refused(tmp_path):
    root = _copy_of_the_project(tmp_path)
    _add_line(root / "procompite" / "storage" / "checks.py", "import procompite.storage.database")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "No import cycles between the packages of the library or of the window BROKEN" in (
        result.stdout
    )
