"""Printing all the dictámenes of a call on every core: the same pages, outline and metadata as
printed in one process, progress as runs are done, nothing left behind when cancelled; and the
repeated texts of a report drawn exactly as reportlab draws each one."""

import io

from pypdf import PdfReader
from reportlab.platypus import Paragraph

from procompite.documents.pdf.base import ReportMeta, ReportRenderer
from procompite.documents.pdf.texts import SharedParagraph


def test_repeated_texts_are_drawn_exactly_as_reportlab_draws_each_one():
    def story(pdf: ReportRenderer) -> list:
        rows = [
            [f"{n % 4}.00", "Cumple", "S/ 1,000.00", "Texto repetido en cada fila"]
            for n in range(90)
        ]
        long = "Un párrafo largo que se repite y se corta entre dos páginas. " * 40
        return [
            pdf.paragraph("Título centrado", "title"),
            pdf.table(["Puntaje", "Resultado", "Monto", "Nota"], rows, [1, 1, 1, 2], right=(0, 2)),
            *(pdf.paragraph(long) for _ in range(3)),
            pdf.paragraph("Con <b>negrita</b> y un <i>énfasis</i>."),
            pdf.paragraph("Título centrado", "title"),
        ]

    meta = ReportMeta("Prueba", "Entidad")
    shared = ReportRenderer(meta)
    assert isinstance(shared.paragraph("Cumple", "cell"), SharedParagraph)
    plain = ReportRenderer(meta)
    plain.texts.paragraph = lambda text, style: Paragraph(text, style)
    mine = PdfReader(io.BytesIO(shared.render(story(shared)))).pages
    theirs = PdfReader(io.BytesIO(plain.render(story(plain)))).pages
    assert len(mine) == len(theirs) >= 3
    for page, expected in zip(mine, theirs, strict=True):
        assert page.get_contents().get_data() == expected.get_contents().get_data()
