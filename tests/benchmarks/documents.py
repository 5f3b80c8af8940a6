"""Printing dictámenes, beside a bare reportlab document of the same content.

The baseline lays out the same texts and tables with reportlab's sample styles and no header,
footer, fonts or page numbering, so the ratio is the cost of our layout.
"""

from pathlib import Path

from report import Row
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from timing import timed

from procompite.calls.entity import letterhead
from procompite.documents.dictamen_document import call_dictamenes
from procompite.documents.pdf.batch import one_file
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.storage.database import open_database

BARE = (
    "reportlab sin membrete: los mismos textos y tablas con los estilos de ejemplo, sin "
    "encabezado, pie, fuentes ni numeración."
)


def _bare_flowables(snapshot: object, styles) -> list:
    """Every text of the snapshot as a paragraph, every list of records as a table."""
    if isinstance(snapshot, dict):
        return [f for value in snapshot.values() for f in _bare_flowables(value, styles)]
    if isinstance(snapshot, list) and snapshot and isinstance(snapshot[0], dict):
        rows = [
            [
                Paragraph(str(v), styles["Normal"])
                for v in item.values()
                if not isinstance(v, dict | list)
            ]
            for item in snapshot
        ]
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        return [Table(rows, repeatRows=1)] if width else []
    if isinstance(snapshot, list):
        return [f for value in snapshot for f in _bare_flowables(value, styles)]
    return [Paragraph(str(snapshot), styles["Normal"])]


def bare(snapshots: list[dict], target: Path) -> None:
    styles = getSampleStyleSheet()
    story = [f for snapshot in snapshots for f in _bare_flowables(snapshot, styles)]
    SimpleDocTemplate(str(target)).build(story)


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def dictamen_rows(path: Path, folder: Path, runs: int, heavy_runs: int, count: int) -> list[Row]:
    """One dictamen; then ``count`` issued dictámenes in one PDF, as Reportes prints a call."""
    db = open_database(path, readonly=True)
    head = letterhead(db)
    documents = [
        document
        for (call_id,) in db.execute("SELECT id FROM calls ORDER BY year")
        for document in call_dictamenes(db, call_id)
    ][:count]
    db.close()
    if not documents:
        raise RuntimeError("la base no tiene dictámenes emitidos; genérela con dos convocatorias")
    one = documents[0]
    single, batch = folder / "uno.pdf", folder / "todos.pdf"
    rows = [
        Row(
            "Imprimir un dictamen",
            "",
            timed(lambda: render_dictamen(one, head, single), runs),
            target=0.15,
            baseline=timed(lambda: bare([one.snapshot], folder / "uno_base.pdf"), runs),
            baseline_label=BARE,
        ),
        Row(
            "Imprimir los dictámenes de una convocatoria (un PDF)",
            "",
            timed(lambda: one_file(documents, head, batch), heavy_runs),
            target=60.0,
            baseline=timed(
                lambda: bare([d.snapshot for d in documents], folder / "todos_base.pdf"),
                heavy_runs,
            ),
            baseline_label=BARE,
        ),
    ]
    rows[0].size = f"{_pages(single)} páginas"
    rows[1].size = f"{len(documents)} dictámenes, {_pages(batch):,} páginas"
    return rows
