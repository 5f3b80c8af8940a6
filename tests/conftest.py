"""Shared fixtures: every test gets its own database file in a temporary folder."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from procompite.demo.build import build_demo
from procompite.storage.database import open_database
from tests.confined import mount_point  # noqa: F401 (a fixture for the read-only and full disk tests)


@pytest.fixture(scope="session", autouse=True)
def spanish_qt(qapp):
    """Qt's own buttons in Spanish, as the application installs them at start."""
    from ui.translations import install_spanish

    return install_spanish(qapp)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per run; tests work on copies of it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_db(demo_path: Path):
    db = open_database(demo_path)
    yield db
    db.close()


@pytest.fixture
def empty_db(tmp_path: Path):
    db = open_database(tmp_path / "empty.db")
    yield db
    db.close()


@pytest.fixture
def settings(tmp_path: Path):
    """The window's settings in the test's own folder, never the user's."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ajustes.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot, settings):
    """Open the main window on a database file and show it, as the user would."""
    from ui.app import create_window

    def opened(path: Path):
        window = create_window(str(path), settings)
        qtbot.addWidget(window)
        window.show()
        return window

    return opened


@pytest.fixture
def window(open_window, demo_path: Path):
    """The main window on a private copy of the demo."""
    return open_window(demo_path)


@pytest.fixture
def type_text(qtbot):
    """Type text into a widget with real key events, accents included.

    ``QTest.keyClicks`` only knows ASCII keys; other characters are sent as key events
    that carry their text, as a keyboard with a Spanish layout does.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget, text: str) -> None:
        for char in text:
            if char.isascii():
                qtbot.keyClicks(widget, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    return type_into
