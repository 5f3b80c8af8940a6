"""The main window: navigation on the left, one screen per stage of the workflow.

The window itself loads no storage code, so that it paints at once; the database and each
screen's code load when first needed.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.evaluation.package_actions import PackageActions
from ui.screens import Screens
from ui.storage.file_actions import FileActions
from ui.transfer.file_actions import TransferActions
from ui.widgets.icons import icon
from ui.widgets.page import Page
from ui.widgets.tasks import TaskRunner

if TYPE_CHECKING:
    from sqlite_utils import Database

    from procompite.storage.session import Session
    from ui.widgets.help_viewer import HelpViewer

LAST_DATABASE_KEY = "database/last"
RECENT_KEY = "database/recent"
RECENT_COUNT = 6
GEOMETRY_KEY = "window/geometry"


def read_only_text(session: Session) -> str:
    if not session.read_only:
        return ""
    why = (
        f"la tiene abierta para escribir {session.holder.describe()}"
        if session.holder
        else "el archivo o su carpeta no se pueden escribir"
    )
    return (
        f"<b>Solo consulta</b>: {why}. Puede ver, exportar e imprimir; no se guarda ningún "
        "cambio. Para modificarla, ciérrela allí y vuelva a abrirla."
    )


class MainWindow(FileActions, TransferActions, PackageActions, QMainWindow):
    """Holds the open database and the screens that show it."""

    first_painted = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.db: Database | None = None
        self.path: Path | None = None
        self.session: Session | None = None
        self.interactive = True
        self._painted = False
        self._shortcuts: list[tuple[QAction, str]] = []
        self.startup_warning = ""
        self.tasks = TaskRunner(self)
        self.last_import = None
        self.last_dialog = None
        self.setWindowIcon(icon("procompite"))
        self.resize(1280, 800)
        if geometry := settings.value(GEOMETRY_KEY):
            self.restoreGeometry(QByteArray(geometry))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        self.stack = QStackedWidget()
        self._stale: set[Page] = set()
        self.pages = Screens(self.stack, settings, self.tasks, self._page_built)
        self.navigation.addItems(list(self.pages))
        self.navigation.currentRowChanged.connect(self._show_row)
        self.stack.currentChanged.connect(self._reload_current)

        self.demo_banner = QLabel()
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.hide()
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.hide()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addWidget(self.read_only_banner)
        content_layout.addWidget(self.demo_banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(14, 10, 14, 10)
        body_layout.addWidget(self.stack)
        content_layout.addWidget(body, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)
        self._build_menu()

    def _page_built(self, name: str, page: Page) -> None:
        page.data_changed.connect(self.reload)
        page.go_to.connect(self.show_page)
        self._stale.add(page)
        if name == "Evaluación":
            page.report_requested.connect(self.open_report)
        if name == "Reportes":
            page.viewer = lambda: self.pages["Evaluación"].viewer_id

    def _show_row(self, row: int) -> None:
        if self.db is None or row < 0:
            return
        self.stack.setCurrentWidget(self.pages[self.pages.name_at(row)])
        self._reload_current()

    def create_database(self, path: Path) -> None:
        """Archivo → Nuevo: the entity, its place and logo, then the file built whole."""
        from procompite.calls.entity import Entity, save_entity
        from procompite.storage.creating import build_file
        from ui.calls.entity_dialog import EntityDialog

        def store(entity: Entity, logo: bytes | None) -> None:
            build_file(path, lambda db: save_entity(db, entity, logo, actor=getpass.getuser()))

        dialog = EntityDialog(self.settings, store, self, "Nueva base de datos: entidad")
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.open_path(path))
        dialog.open()

    def list_position(self, name: str) -> int:
        return list(self.pages).index(name)

    def show_page(self, name: str) -> Page:
        self.navigation.setCurrentRow(self.list_position(name))
        return self.pages[name]

    def open_report(self, kind: str, item_id: int) -> None:
        """Show a document of another screen in Reportes, with its preview."""
        page = self.show_page("Reportes")
        call_id = self.pages["Evaluación"].call_id
        page.select(kind, item_id, call_id)
        page.show_preview()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Archivo")
        for text, shortcut, slot in (
            ("&Nuevo…", "Ctrl+N", self.new_database),
            ("&Abrir…", "Ctrl+O", self.choose_database),
            ("Abrir &demo", None, self.open_demo),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                self._shortcuts.append((action, shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
        self.recent_menu = menu.addMenu("Abiertos &recientemente")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        self.writing_actions: list[QAction] = []
        for text, slot, writes in (
            ("&Importar desde Excel o CSV…", self.choose_import, True),
            ("&Exportar a Excel…", self.choose_export, False),
            ("Guardar plantilla de &AEO…", lambda: self.save_template("aeo"), False),
            ("Guardar plantilla de &planes…", lambda: self.save_template("plan"), False),
            (None, None, False),
            ("Crear &paquete de evaluación…", self.create_member_package, True),
            ("Importar e&valuaciones de un paquete…", self.choose_package_to_merge, True),
            (None, None, False),
            ("&Hacer un respaldo ahora", self.back_up_now, False),
            ("&Restaurar respaldo…", self.show_backups, False),
        ):
            if text is None:
                menu.addSeparator()
                continue
            action = QAction(text, self)
            action.triggered.connect(slot)
            menu.addAction(action)
            if writes:
                self.writing_actions.append(action)
        self.secretariat_actions = list(self.writing_actions)
        seal = QAction("&Sellar para devolver…", self)
        seal.triggered.connect(self.seal_for_return)
        seal.setVisible(False)
        menu.addAction(seal)
        self.package_actions = [seal]
        self.writing_actions.append(seal)
        menu.addSeparator()
        quit_action = QAction("&Salir", self)
        self._shortcuts.append((quit_action, "Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self._build_view_menu()
        self._build_help_menu()

    def _build_view_menu(self) -> None:
        """Ver: filter the list on view (Ctrl+F) and refill the screen (F5)."""
        menu = self.menuBar().addMenu("&Ver")
        for text, shortcut, slot in (
            ("&Filtrar la lista", "Ctrl+F", self.focus_filter),
            ("&Actualizar", "F5", self.reload),
            (
                "&Imprimir el documento en pantalla",
                "Ctrl+P",
                self.print_shown,
            ),
        ):
            action = QAction(text, self)
            self._shortcuts.append((action, shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)

    def print_shown(self) -> None:
        """Print the document previewed in Reportes (Ctrl+P), when there is one."""
        preview = getattr(self.stack.currentWidget(), "preview", None)
        if preview is not None and preview.print_button.isEnabled():
            preview.choose_print()
        else:
            self.statusBar().showMessage(
                "No hay un documento en pantalla: ábralo con «Vista previa» en Reportes.", 8_000
            )

    def focus_filter(self) -> None:
        """Put the cursor in the filter of the list on view, if the screen has one."""
        page = self.stack.currentWidget()
        edits = [edit for edit in page.findChildren(QLineEdit) if edit.objectName() == "filter"]
        visible = [edit for edit in edits if edit.isVisible()]
        if visible:
            visible[0].setFocus()
            visible[0].selectAll()

    def _recent(self) -> list[str]:
        stored = self.settings.value(RECENT_KEY) or []
        return [stored] if isinstance(stored, str) else list(stored)

    def _remember(self, path: Path) -> None:
        recent = [str(path), *(p for p in self._recent() if p != str(path))]
        self.settings.setValue(RECENT_KEY, recent[:RECENT_COUNT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = [p for p in self._recent() if Path(p).exists()]
        if not paths:
            self.recent_menu.addAction("(ninguno)").setEnabled(False)
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(path).name} — {path}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))

    def _build_help_menu(self) -> None:
        """Ayuda: the help of the screen on view (F1) and the quick guide, in one viewer."""
        self.help_viewer: HelpViewer | None = None
        menu = self.menuBar().addMenu("A&yuda")
        self.screen_help_action = QAction("Ayuda de esta &pantalla", self)
        self._shortcuts.append((self.screen_help_action, "F1"))
        self.screen_help_action.triggered.connect(self.show_screen_help)
        menu.addAction(self.screen_help_action)
        guide_action = QAction("&Guía rápida", self)
        guide_action.triggered.connect(self.show_quick_guide)
        menu.addAction(guide_action)
        menu.addSeparator()
        about_action = QAction("&Acerca de PROCOMPITE…", self)
        about_action.triggered.connect(self.show_about)
        menu.addAction(about_action)

    def show_about(self) -> None:
        from ui.widgets.about import show_about

        show_about(self, self.db, self.path)

    def show_help(self, path: Path) -> HelpViewer:
        from ui.widgets.help_viewer import HelpViewer

        if self.help_viewer is None:
            self.help_viewer = HelpViewer(self)
        self.help_viewer.show_file(path)
        return self.help_viewer

    def show_quick_guide(self) -> HelpViewer:
        from ui.widgets.help_viewer import QUICK_GUIDE, help_file

        return self.show_help(help_file(QUICK_GUIDE))

    def show_screen_help(self) -> HelpViewer:
        from ui.widgets.help_viewer import screen_help

        return self.show_help(screen_help(self.stack.currentWidget().title))

    def set_session(self, session: Session) -> None:
        """Show the session's database; the previous session, if another, is closed."""
        if self.session is not None and self.session is not session:
            self.tasks.wait()
            self.session.close()
        from procompite.storage.settings import is_demo, is_package, setting

        self.session = session
        self.db, self.path = session.db, session.path
        self._install_shortcuts()
        demo = is_demo(self.db)
        self.setWindowTitle(
            f"PROCOMPITE — {self.path.name}"
            + (" — DATOS DE DEMOSTRACIÓN" if demo else "")
            + (" — SOLO CONSULTA" if session.read_only else "")
            + (" — PAQUETE DE EVALUACIÓN" if is_package(self.db) else "")
        )
        self.demo_banner.setText(setting(self.db, "demo_notice"))
        self.demo_banner.setVisible(demo)
        if package_text := self.show_package_mode(is_package(self.db)):
            self.demo_banner.setText(package_text)
            self.demo_banner.setVisible(True)
        self.read_only_banner.setText(read_only_text(session))
        self.read_only_banner.setVisible(session.read_only)
        for action in self.writing_actions:
            action.setEnabled(not session.read_only)
        backup = session.backup
        self.statusBar().showMessage(
            str(self.path) + (f" · respaldo del día en {backup.path.parent}" if backup else "")
        )
        self.settings.setValue(LAST_DATABASE_KEY, str(self.path))
        self._remember(self.path)
        self.reload()
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(self.list_position("Inicio"))
        else:
            self._show_row(self.navigation.currentRow())

    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open the database at ``path``, telling the user in a dialog when it cannot be used."""
        from procompite.storage.checks import DatabaseError
        from ui.storage.session_flow import open_interactively

        try:
            session = open_interactively(self, path, create=create, interactive=self.interactive)
        except DatabaseError as error:
            QMessageBox.critical(self, "No se puede abrir la base de datos", str(error))
            return False
        self.set_session(session)
        self.show_notices()
        return True

    def show_notices(self) -> None:
        """Tell the user what happened while opening (a stale lock cleared, a failed backup)."""
        if self.session is not None and self.session.notices:
            QMessageBox.warning(self, "PROCOMPITE", "\n\n".join(self.session.notices))
            self.session.notices.clear()

    def show_error(self, error: Exception) -> None:
        QMessageBox.critical(self, "PROCOMPITE", str(error))

    def reload(self) -> None:
        """Refill the screen on view from the open database, and each other one when shown:
        a large database opens as fast as its first screen fills."""
        self._stale = set(self.pages.built())
        self._reload_current()

    def _reload_current(self) -> None:
        from procompite.lists.repository import Repository

        page = self.stack.currentWidget()
        if self.db is not None and page in self._stale:
            self._stale.discard(page)
            page.reload(Repository(self.db))

    def _install_shortcuts(self) -> None:
        """The menus' keys (Ctrl+N, Ctrl+F, F1…), given with the first database: Qt's key
        tables take longer to load than the window takes to appear."""
        for action, keys in self._shortcuts:
            action.setShortcut(QKeySequence(keys))
        self._shortcuts.clear()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_event.set()
        self.tasks.wait()
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.session is not None:
            self.session.close()
            self.session = None
            self.db = None
        super().closeEvent(event)
