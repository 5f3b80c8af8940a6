"""The printed priorización report and the ficha's plans table: the cut and its ties said once
and agreeing with the «Sí» column, weights as percentages, named signature lines, chart names
that wrap, and table headers that never split a word."""

import re
from dataclasses import replace

import pytest
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from procompite.calls.entity import letterhead
from procompite.documents.pdf.base import ReportMeta, ReportRenderer
from procompite.documents.pdf.ficha import PLAN_HEADER, build_ficha, plan_widths, render_ficha
from procompite.documents.pdf.prioritization import (
    UNNAMED,
    Signatory,
    build_report,
    ranking_chart,
    render_report,
)
from procompite.prioritization.methods import Chain, Criterion, score_chains
from tests.report_helpers import issue_ready, pages_text

ROW = re.compile(r"(\d+) (\S(?:.*?\S)?) (\d+\.\d{2}) (Sí|No)")


def _text(data: bytes) -> str:
    return " ".join(" ".join(pages_text(data)).split())


def _ranking(text: str) -> list[tuple[str, str]]:
    """The chain and «Sobre el corte» of each row of section 3."""
    start = text.index("Sobre el corte", text.index("3. Ranking y corte"))
    end = min(
        text.find(mark, start)
        for mark in ("Empate", "Otros empates", "El criterio", "Artesanía textil 100.0 ")
        if text.find(mark, start) > 0
    )
    return [(m.group(2), m.group(4)) for m in ROW.finditer(text[start:end])]


def test_tie_across_the_cut_is_said_once_and_the_si_column_agrees(demo_db):
    report = build_report(demo_db, 1)
    text = _text(render_report(report))
    rows = _ranking(text)
    above = [name for name, mark in rows if mark == "Sí"]
    assert len(rows) == len(report.ranking.rows)
    assert above == [r.chain.name for r in report.ranking.rows if r.above_cut]
    assert len(above) == 8
    assert text.lower().count("empate en el corte") == 1
    assert "los primeros 7 puestos: 8 cadenas sobre el corte" in text
    assert (
        "Empate en el corte. Cacao, Café y Lácteos tienen el mismo puntaje (60.00) y comparten "
        "el puesto 6; el corte llega al puesto 7. Regla: las cadenas empatadas comparten el "
        "puesto, así que entran todas"
    ) in text
    assert "Resultado: 8 cadenas sobre el corte, 1 más que los 7 puestos." in text
    assert text.count("8 cadenas sobre el corte") == 2


def test_a_threshold_cut_states_the_count_of_its_si(demo_db):
    report = build_report(demo_db, 2)
    text = _text(render_report(report))
    rows = _ranking(text)
    assert [mark for _, mark in rows] == ["Sí"] * 11
    assert "puntaje de 100 o más: 11 cadenas sobre el corte" in text
    assert "empate en el corte" not in text.lower()


def test_a_score_short_of_the_threshold_only_by_rounding_reaches_it():
    chains = [Chain(1, "Cacao"), Chain(2, "Café")]
    criteria = [Criterion(i, f"C{i}", "flag", float(i)) for i in (1, 2, 3)]
    values = {(1, 1): 1.0, (2, 1): 1.0, (3, 1): 0.0, (1, 2): 0.0, (2, 2): 0.0, (3, 2): 1.0}
    ranking = score_chains("weighted", chains, criteria, values, cut_kind="threshold", cut_value=50)
    assert [round(r.score, 2) for r in ranking.rows] == [50.0, 50.0]
    assert ranking.rows[0].rank == ranking.rows[1].rank == 1
    assert ranking.above_cut() == {1, 2}


@pytest.mark.parametrize("exercise", [1, 2, 4, 5])
def test_each_tie_is_noted_once_not_on_every_row(demo_db, exercise):
    report = build_report(demo_db, exercise)
    text = _text(render_report(report))
    assert "Empate con" not in text and "se listan en orden alfabético" in text
    for tie in report.ties():
        shared = f"comparten el puesto {tie.rank}"
        if tie == report.tie_at_cut():
            assert text.count(shared) == 1
        elif len(tie.names) == len(report.ranking.rows):
            assert text.count(shared) == 1
            assert f"las {len(tie.names)} cadenas tienen el mismo puntaje" in text
        else:
            assert text.count(f"puesto {tie.rank}, ") == 1


def test_single_criterion_says_there_is_no_sensitivity_to_measure(demo_db):
    text = _text(render_report(build_report(demo_db, 2)))
    assert "Hay un solo criterio: su peso es siempre 100.0 %" in text
    assert "Si baja más" not in text


def test_signature_lines_name_the_signatories(demo_db):
    report = build_report(demo_db, 4)
    text = _text(render_report(report))
    assert text.count(UNNAMED) == 3 + 1
    for role in ("Gerencia Regional de Desarrollo Económico", "Agencia Regional de Desarrollo"):
        assert role in text
    named = [
        Signatory("Rosa Quispe Mamani", "Gerencia Regional de Desarrollo Económico", "Gerente"),
        Signatory("Julio Ccahua Torres", "Agencia Regional de Desarrollo", "Representante"),
    ]
    text = _text(render_report(replace(report, signatories=named)))
    assert "Rosa Quispe Mamani" in text and "Julio Ccahua Torres" in text
    assert UNNAMED not in text and "no registra quiénes" not in text


def test_weights_are_percentages_with_one_decimal(demo_db):
    report = build_report(demo_db, 5)
    text = _text(render_report(report))
    assert text.count("35.1 %") >= 3
    assert "18.9 %" in text and "10.9 %" in text
    assert not re.search(r"\b0\.\d{4,}", text)
    assert "1/3" in text and "0.333" not in text


def test_long_chain_names_wrap_in_the_chart_instead_of_running_off(demo_db):
    with demo_db.atomic():
        for old, new in (
            ("Lácteos", "Derivados lácteos de la cuenca alta del Vilcanota: quesos madurados"),
            ("Cacao", "Derivados lácteos de la cuenca alta del Vilcanota: yogur y manjar"),
        ):
            demo_db.execute("UPDATE chains SET name = ? WHERE name = ?", [new, old])
    report = build_report(demo_db, 1)
    pdf = ReportRenderer(ReportMeta("Informe", "Entidad"))
    drawing = ranking_chart(report, pdf.frame_width)
    labels = [s for s in drawing.contents if isinstance(s, String) and s.textAnchor == "end"]
    assert all(stringWidth(s.text, s.fontName, s.fontSize) <= 116 for s in labels)
    joined = " ".join(s.text for s in labels)
    for row in report.ranking.rows:
        assert row.chain.name in joined
    text = _text(render_report(report))
    assert "quesos madurados" in text and "yogur y manjar" in text


@pytest.mark.parametrize("organization", [1, 3])
def test_ficha_plan_headers_wrap_between_words_only(demo_db, organization):
    issue_ready(demo_db)
    ficha = build_ficha(demo_db, organization)
    pdf = ReportRenderer(ReportMeta("Ficha del AEO", "Entidad"))
    widths = plan_widths(pdf, ficha["planes"])
    head = pdf.styles["cell_head"]
    for header, width in zip(PLAN_HEADER, widths, strict=True):
        widest = max(stringWidth(w, head.fontName, head.fontSize) for w in header.split())
        assert widest + 6 <= width
    assert sum(widths) == pytest.approx(pdf.frame_width)
    text = " ".join(pages_text(render_ficha(ficha, letterhead(demo_db))))
    for word in ("Código", "Título", "Estado", "PROCOMPITE", "Veredicto", "Dictamen"):
        assert word in text.split()
    for row in ficha["planes"]:
        assert row[0] in text and row[3] in text and row[5] in text
