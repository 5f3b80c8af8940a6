"""Starting the application: settings, which database to open, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.main_window import LAST_DATABASE_KEY, MainWindow
from ui.translations import install_spanish
from ui.widgets.style import STYLE_SHEET

ORGANIZATION = "PROCOMPITE"
APPLICATION = "procompite"


def demo_path_built() -> Path:
    """The demo in the user's data folder, built the first time."""
    from procompite.storage.locations import default_demo_path

    path = default_demo_path()
    if not path.exists():
        from procompite.demo.build import build_demo

        build_demo(path)
    return path


def create_window(
    db_path: str | None, settings: QSettings, *, interactive: bool = True
) -> MainWindow:
    """The main window with its database open (see :func:`open_first`)."""
    window = MainWindow(settings)
    window.interactive = interactive
    open_first(window, db_path, settings)
    return window


def open_first(window: MainWindow, db_path: str | None, settings: QSettings) -> None:
    """Open the database asked for, else the last one used, else the demo, in ``window``.

    Raises :class:`DatabaseError` when the database asked for (or the demo) cannot be opened.
    A last-used database that can no longer be opened is forgotten, and the demo opens instead,
    with a warning in ``window.startup_warning``. With ``window.interactive``, the user is asked
    what to do with a file held by another program, read-only or damaged.
    """
    from procompite.storage.checks import DatabaseError
    from ui.storage.session_flow import open_interactively

    interactive = window.interactive
    warning = ""
    session = None
    remembered = settings.value(LAST_DATABASE_KEY)
    if db_path:
        session = open_interactively(window, Path(db_path), interactive=interactive)
    elif remembered and Path(str(remembered)).exists():
        try:
            session = open_interactively(window, Path(str(remembered)), interactive=interactive)
        except DatabaseError as error:
            settings.remove(LAST_DATABASE_KEY)
            warning = (
                f"No se pudo abrir la última base de datos usada. {error} Se abre la demostración."
            )
    if session is None:
        session = open_interactively(window, demo_path_built(), interactive=interactive)
    window.set_session(session)
    window.startup_warning = " ".join([warning, *session.notices]).strip()
    session.notices.clear()


def save_screenshot(window: MainWindow, out: str) -> None:
    """Write a PNG of the window as painted, then close it (which releases the database)."""
    saved = window.grab().save(out)
    if not saved:
        print(f"Error: no se pudo guardar la captura en «{out}».", file=sys.stderr)
    window.close()
    QApplication.exit(0 if saved else 1)


def run(db_path: str | None = None, screenshot: str | None = None) -> int:
    """Show the window, then open the database in it; with ``screenshot``, save a PNG of the
    window once the database is shown, and exit.

    The window paints before the database and the screens' code load, so that starting the
    program answers at once; the first screen fills right after.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    install_spanish(app)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setStyleSheet(STYLE_SHEET)
    settings = QSettings(ORGANIZATION, APPLICATION)
    window = MainWindow(settings)
    window.interactive = not screenshot
    window.first_painted.connect(lambda: open_shown(window, db_path, settings, screenshot))
    window.show()
    return app.exec()


def open_shown(
    window: MainWindow, db_path: str | None, settings: QSettings, screenshot: str | None
) -> None:
    """After the first paint: the database, then what happened while opening."""
    from procompite.storage.checks import DatabaseError

    try:
        open_first(window, db_path, settings)
    except DatabaseError as error:
        if screenshot:
            print(f"Error: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(window, "No se puede abrir la base de datos", str(error))
        window.close()
        QApplication.exit(1)
        return
    if screenshot:
        if window.startup_warning:
            print(f"Aviso: {window.startup_warning}", file=sys.stderr)
        # Once the screen's layout has settled, as the user sees it.
        QTimer.singleShot(0, lambda: save_screenshot(window, screenshot))
    else:
        sys.excepthook = lambda kind, error, trace: report_error(window, error)
        greet(window)


def greet(window: MainWindow) -> None:
    """After the first paint: what happened while opening, then the forms left unsaved."""
    if window.startup_warning:
        QMessageBox.warning(window, "PROCOMPITE", window.startup_warning)
    window.offer_drafts()


def report_error(window: MainWindow, error: BaseException) -> None:
    """An error no screen handled: say it in Spanish; what was saved before stays saved."""
    import sqlite3
    import traceback

    from procompite.storage.checks import explain

    if isinstance(error, (sqlite3.Error, OSError)):
        message = explain(error, window.path)
    else:
        message = (
            f"Error inesperado: {error!r}. Lo que se guardó antes está a salvo; "
            "si estaba escribiendo un plan o una calificación, se le ofrecerá al volver a abrir."
        )
    traceback.print_exception(error)
    QMessageBox.critical(window, "PROCOMPITE", message)
