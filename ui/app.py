"""Starting the application: settings, which database to open, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from procompite.database import DatabaseError, open_database
from procompite.demo import build_demo
from procompite.locations import default_demo_path
from ui.main_window import LAST_DATABASE_KEY, MainWindow
from ui.style import STYLE_SHEET

ORGANIZATION = "PROCOMPITE"
APPLICATION = "procompite"


def startup_path(explicit: str | None, settings: QSettings) -> Path:
    """The database to open: the one asked for, else the last one used, else the demo."""
    if explicit:
        return Path(explicit)
    remembered = settings.value(LAST_DATABASE_KEY)
    if remembered and Path(str(remembered)).exists():
        return Path(str(remembered))
    demo = default_demo_path()
    if not demo.exists():
        build_demo(demo)
    return demo


def create_window(db_path: str | None, settings: QSettings) -> MainWindow:
    """Open the database and build the main window; raises :class:`DatabaseError`."""
    path = startup_path(db_path, settings)
    db = open_database(path, create=False)
    window = MainWindow(settings)
    window.set_database(db, path)
    return window


def save_screenshot(window: MainWindow, out: str) -> None:
    """Write a PNG of the window as painted, then quit."""
    if not window.grab().save(out):
        print(f"Error: no se pudo guardar la captura en «{out}».", file=sys.stderr)
        QApplication.exit(1)
        return
    QApplication.exit(0)


def run(db_path: str | None = None, screenshot: str | None = None) -> int:
    """Start the window; with ``screenshot``, save a PNG after the first paint and exit."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setStyleSheet(STYLE_SHEET)
    settings = QSettings(ORGANIZATION, APPLICATION)
    try:
        window = create_window(db_path, settings)
    except DatabaseError as error:
        if screenshot:
            print(f"Error: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "No se puede abrir la base de datos", str(error))
        return 1
    if screenshot:
        window.first_painted.connect(lambda: save_screenshot(window, screenshot))
    window.show()
    return app.exec()
