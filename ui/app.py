"""Starting the application: settings, which database to open, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlite_utils import Database

from procompite.database import DatabaseError, open_database
from procompite.locations import default_demo_path
from ui.main_window import LAST_DATABASE_KEY, MainWindow
from ui.style import STYLE_SHEET

ORGANIZATION = "PROCOMPITE"
APPLICATION = "procompite"


def open_demo_database() -> tuple[Database, Path]:
    """Open the demo in the user's data folder, building it the first time."""
    path = default_demo_path()
    if not path.exists():
        from procompite.demo import build_demo

        build_demo(path)
    return open_database(path, create=False), path


def create_window(db_path: str | None, settings: QSettings) -> MainWindow:
    """Open the database asked for, else the last one used, else the demo; build the window.

    Raises :class:`DatabaseError` when the database asked for (or the demo) cannot be opened.
    A last-used database that can no longer be opened is forgotten, and the demo opens instead,
    with a warning in ``window.startup_warning``.
    """
    warning = ""
    db: Database | None = None
    remembered = settings.value(LAST_DATABASE_KEY)
    if db_path:
        path = Path(db_path)
        db = open_database(path, create=False)
    elif remembered and Path(str(remembered)).exists():
        path = Path(str(remembered))
        try:
            db = open_database(path, create=False)
        except DatabaseError as error:
            settings.remove(LAST_DATABASE_KEY)
            warning = (
                f"No se pudo abrir la última base de datos usada. {error} Se abre la demostración."
            )
    if db is None:
        db, path = open_demo_database()
    window = MainWindow(settings)
    window.set_database(db, path)
    window.startup_warning = warning
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
        if window.startup_warning:
            print(f"Aviso: {window.startup_warning}", file=sys.stderr)
        window.first_painted.connect(lambda: save_screenshot(window, screenshot))
    elif window.startup_warning:
        QTimer.singleShot(
            0, lambda: QMessageBox.warning(window, "PROCOMPITE", window.startup_warning)
        )
    window.show()
    return app.exec()
