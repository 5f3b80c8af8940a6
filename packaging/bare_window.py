"""The yardstick of the built application's size: a bare PySide6 window with a PDF view,
built the same way (``--onedir``) by ``make dist``."""

import sys

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication, QMainWindow

if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    view = QPdfView(window)
    view.setDocument(QPdfDocument(view))
    window.setCentralWidget(view)
    window.show()
    sys.exit(0 if "--salir" in sys.argv else app.exec())
