"""The help shipped in ``resources/help``: one HTML page per screen, an index and a quick guide,
shown offline in a window with its own back, forward, index and close buttons."""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from procompite.common.resources import resource_path

HELP_DIR = resource_path("help")
INDEX = "indice.html"
QUICK_GUIDE = "guia-rapida.html"
# Each screen's page, by the title the screen shows (``Page.title``).
SCREEN_PAGES = {
    "Inicio": "inicio.html",
    "Priorización de cadenas productivas": "priorizacion.html",
    "Convocatorias": "convocatorias.html",
    "Agentes económicos organizados (AEO)": "agentes.html",
    "Planes de negocio": "planes.html",
    "Evaluación por el comité": "evaluacion.html",
    "Seguimiento de los planes financiados": "seguimiento.html",
    "Reportes": "reportes.html",
}


def help_file(name: str) -> Path:
    """The help file ``name`` in the shipped folder."""
    return HELP_DIR / name


def screen_help(title: str) -> Path:
    """The help page of the screen titled ``title``; the index when it has none of its own."""
    name = SCREEN_PAGES.get(title, INDEX)
    path = help_file(name)
    return path if path.is_file() else help_file(INDEX)


class HelpViewer(QDialog):
    """A non-modal window over the main one: the user reads while the screen stays in view."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ayuda de PROCOMPITE")
        self.setModal(False)
        self.resize(900, 640)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(HELP_DIR)])
        self.browser.document().setDocumentMargin(12)
        self.browser.setStyleSheet(
            "QTextBrowser#helpBrowser { background: white; border: 1px solid #c9d3dd; }"
        )
        self.back_button = QPushButton("Atrás", self)
        self.forward_button = QPushButton("Adelante", self)
        self.index_button = QPushButton("Índice", self)
        self.guide_button = QPushButton("Guía rápida", self)
        self.close_button = QPushButton("Cerrar", self)
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.index_button.clicked.connect(lambda: self.show_file(help_file(INDEX)))
        self.guide_button.clicked.connect(lambda: self.show_file(help_file(QUICK_GUIDE)))
        self.close_button.clicked.connect(self.close)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.browser.sourceChanged.connect(self._source_changed)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.index_button):
            buttons.addWidget(button)
        buttons.addWidget(self.guide_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)

    def buttons(self) -> list[QPushButton]:
        return [
            self.back_button,
            self.forward_button,
            self.index_button,
            self.guide_button,
            self.close_button,
        ]

    def show_file(self, path: Path) -> None:
        """Show the help page at ``path`` and bring the window to the front."""
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        if self.isVisible():
            self.raise_()
            self.activateWindow()
        else:
            self.show()

    def source_file(self) -> Path:
        """The help page on view."""
        return Path(self.browser.source().toLocalFile())

    def _source_changed(self, _url: QUrl) -> None:
        title = self.browser.documentTitle()
        self.setWindowTitle(f"Ayuda de PROCOMPITE — {title}" if title else "Ayuda de PROCOMPITE")
