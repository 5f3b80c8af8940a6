"""A follow-up document (an acta de entrega, the follow-up report) shown in a window of its
own with the shared preview: save as, print, zoom."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from ui.widgets.forms import RememberedDialog
from ui.widgets.pdf_preview import PdfPreview


class PdfDialog(RememberedDialog):
    geometry_key = "dialogs/followup_pdf"

    def __init__(
        self,
        settings: QSettings,
        title: str,
        data: bytes,
        note: str,
        file_name: str,
        parent: QWidget | None = None,
    ):
        super().__init__(settings, parent)
        self.setWindowTitle(title)
        if not settings.value(self.geometry_key):
            self.resize(900, 700)
        self.preview = PdfPreview(self)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.preview.show_pdf(data, note, file_name)
