"""Qt's own words in Spanish: the standard buttons (Aceptar, Cancelar, Guardar, Cerrar, Sí…),
the file dialogs and the context menus come from the translations that ship with PySide6."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

CATALOGUES = ("qtbase", "qt")


def install_spanish(app: QApplication) -> list[QTranslator]:
    """Install Qt's Spanish catalogues on ``app`` (once) and return them; they stay referenced
    by the application so that they live as long as it does."""
    installed = getattr(app, "_spanish_translators", None)
    if installed is not None:
        return installed
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    locale = QLocale(QLocale.Language.Spanish, QLocale.Country.Peru)
    QLocale.setDefault(locale)
    installed = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    app._spanish_translators = installed
    return installed
