"""A PDF shown inside the window (QtPdf), with save as, print and zoom."""

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from procompite.documents.pdf.base import write_whole

ZOOMS = (
    ("Ajustar al ancho", QPdfView.ZoomMode.FitToWidth, 1.0),
    ("Página completa", QPdfView.ZoomMode.FitInView, 1.0),
    ("75 %", QPdfView.ZoomMode.Custom, 0.75),
    ("100 %", QPdfView.ZoomMode.Custom, 1.0),
    ("150 %", QPdfView.ZoomMode.Custom, 1.5),
)
PRINT_DPI_LIMIT = 300


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = b""
        self.file_name = "documento.pdf"
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.note = QLabel("Elija un documento y pulse «Vista previa».", self)
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.save_button = QPushButton("Guardar como…", self)
        self.print_button = QPushButton("Imprimir…", self)
        self.zoom = QComboBox(self)
        for label, _mode, _factor in ZOOMS:
            self.zoom.addItem(label)
        self.pages = QLabel(self)
        self.save_button.clicked.connect(self.choose_save)
        self.print_button.clicked.connect(self.choose_print)
        self.zoom.currentIndexChanged.connect(self._zoom)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)

        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        bar.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._enable(False)

    def _enable(self, enabled: bool) -> None:
        self.save_button.setEnabled(enabled)
        self.print_button.setEnabled(enabled)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def show_pdf(self, data: bytes, note: str, file_name: str) -> None:
        self.document.close()
        self.data, self.file_name = data, file_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.note.setText(note)
        self._show_page(0)
        self._enable(self.page_count > 0)

    def _show_page(self, page: int) -> None:
        self.pages.setText(f"Página {page + 1} de {self.page_count}" if self.page_count else "")

    def _zoom(self, index: int) -> None:
        _label, mode, factor = ZOOMS[index]
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(factor)

    def choose_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Guardar PDF", self.file_name, "Documento PDF (*.pdf)"
        )
        if name:
            self.save(Path(name))

    def save(self, target: Path) -> None:
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_whole(target, self.data)
        except OSError as error:
            QMessageBox.warning(
                self, "Guardar PDF", f"No se pudo guardar «{target}»: {error.strerror}."
            )
            return
        self.note.setText(f"{self.note.text()}\nGuardado en {target}.")

    def choose_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send every page (or the range chosen in the dialog) to ``printer``."""
        first, last = printer.fromPage(), printer.toPage()
        pages = range(0, self.page_count)
        if first and last:
            pages = range(first - 1, min(last, self.page_count))
        dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Imprimir", "No se pudo iniciar la impresión.")
            return
        try:
            for count, page in enumerate(pages):
                if count:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
                image = self.document.render(page, pixels)
                area = QRectF(painter.viewport())
                scale = min(area.width() / pixels.width(), area.height() / pixels.height())
                target = QRectF(0, 0, pixels.width() * scale, pixels.height() * scale)
                target.moveCenter(area.center())
                painter.drawImage(target, image)
        finally:
            painter.end()

    def clear(self) -> None:
        self.document.close()
        self.data = b""
        self.note.setText("Elija un documento y pulse «Vista previa».")
        self.pages.clear()
        self._enable(False)
