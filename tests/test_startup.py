"""Starting the program answers at once: the main window is built without the storage code,
the screens' code or the data-frame libraries, which load once the database opens; and
sqlite-utils, when it loads, leaves pandas and numpy unloaded."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlite_utils", "pandas", "numpy", "reportlab", "openpyxl", "PySide6.QtCharts")


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_window_is_built_before_any_storage_or_screen_code_loads(tmp_path):
    loaded = _loaded_after(
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import ui.app\n"
        "app = QApplication([])\n"
        f"settings = QSettings({str(tmp_path / 'p.ini')!r}, QSettings.Format.IniFormat)\n"
        "window = ui.app.MainWindow(settings)\n"
    )
    assert not loaded & set(HEAVY)
    assert not {name for name in loaded if name.startswith("procompite.storage")}
    screens = {name for name in loaded if name.startswith("ui.") and name.endswith(".page")}
    assert screens <= {"ui.widgets.page"}


def test_opening_the_database_builds_inicio_alone(tmp_path):
    _loaded_after(
        f"from procompite.demo.build import build_demo\nbuild_demo({str(tmp_path / 'demo.db')!r})"
    )
    loaded = _loaded_after(
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import ui.app\n"
        "app = QApplication([])\n"
        f"settings = QSettings({str(tmp_path / 'p.ini')!r}, QSettings.Format.IniFormat)\n"
        f"window = ui.app.create_window({str(tmp_path / 'demo.db')!r}, settings, "
        "interactive=False)\n"
        "assert [type(page).__name__ for page in window.pages.built()] == ['HomePage']\n"
    )
    assert "ui.home.page" in loaded
    assert "ui.documents.page" not in loaded
    assert "reportlab" not in loaded


def test_sqlite_utils_loads_without_pandas_or_numpy():
    loaded = _loaded_after(
        "import procompite\nimport sqlite_utils\nsqlite_utils.Database(memory=True)"
    )
    assert "sqlite_utils" in loaded
    assert not loaded & {"pandas", "numpy"}
