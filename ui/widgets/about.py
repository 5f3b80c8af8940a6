"""Ayuda → Acerca de PROCOMPITE: the program's version, which version wrote the open file, where
the user's data is kept, and the licences."""

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from procompite import __version__
from procompite.storage.locations import data_dir
from procompite.storage.settings import CREATED_BY, WRITTEN_BY, setting


def about_text(db, path: Path | None) -> str:
    lines = [
        f"<h3>PROCOMPITE {__version__}</h3>",
        "<p>Evaluación de planes de negocio PROCOMPITE (Ley N.° 29337): priorización de cadenas, "
        "registro de AEO, comité evaluador, dictámenes, actas y seguimiento de los planes "
        "financiados. Funciona sin conexión.</p>",
    ]
    if db is not None and path is not None:
        written, created = setting(db, WRITTEN_BY), setting(db, CREATED_BY)
        lines.append(f"<p><b>Archivo abierto:</b> {path}<br/>Escrito por {written or '—'}")
        if created and created != written:
            lines.append(f" (creado con {created})")
        lines.append("</p>")
    lines.append(f"<p><b>Datos del usuario:</b> {data_dir()}</p>")
    lines.append(
        "<p>Licencia MIT. Las bibliotecas incluidas y sus licencias están en la carpeta "
        "«licencias» del programa instalado.</p>"
    )
    return "".join(lines)


def show_about(parent: QWidget, db, path: Path | None) -> None:
    QMessageBox.about(parent, "Acerca de PROCOMPITE", about_text(db, path))
