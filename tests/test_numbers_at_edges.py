"""Numbers at the edges: Saaty's scale and the AHP file, a criterion equal for every chain,
payback that is lost again, a TIR that is a double root, and a plan asking for S/ 0."""

import argparse
from dataclasses import replace
from decimal import Decimal

import numpy as np
import numpy_financial as npf
import pytest

from procompite.common.errors import ValidationError
from procompite.evaluation.allocation import Candidate, allocate
from procompite.plans.finance import CashFlowYear, format_irr, format_payback, indicators
from procompite.plans.store import load_plan, save_plan
from procompite.prioritization.ahp import MatrixError, ahp, complete_from_upper
from procompite.prioritization.commands import cmd_ahp
from procompite.prioritization.editing import save_ahp, save_value_grid
from procompite.prioritization.exercises import load_exercise
from procompite.prioritization.methods import Chain, Criterion, score_chains
from procompite.transfer.importer import import_file
from tests.stage_helpers import open_registration
from tests.test_import import TODAY, _plan_rows, demo_refs, fill, messages


def _ahp_file(tmp_path, text: str, capsys) -> tuple[int, str]:
    path = tmp_path / "matriz.csv"
    path.write_text(text, encoding="utf-8")
    code = cmd_ahp(argparse.Namespace(matrix=str(path), format="json"))
    return code, capsys.readouterr().err


def test_ahp_refuses_entries_outside_saaty_scale(demo_db, tmp_path, capsys):
    names = ["Producción", "Empleo", "Mercado"]
    with pytest.raises(MatrixError) as refused:
        ahp(complete_from_upper({(0, 1): 12, (0, 2): 3, (1, 2): 2}, 3), names=names)
    assert "«Producción» frente a «Empleo» vale 12" in str(refused.value)
    assert "fila 1, columna 2" in str(refused.value)
    with pytest.raises(MatrixError, match="«Producción» frente a «Mercado» vale 20"):
        ahp([[1, 2, 20], [1 / 2, 1, 2], [1 / 20, 1 / 2, 1]], names=names)

    edges = [[1, 9, 3], [0.111, 1, 0.333], [0.333, 3, 1]]
    eigenvalues, eigenvectors = np.linalg.eig(np.array(edges))
    principal = np.abs(eigenvectors[:, np.argmax(eigenvalues.real)].real)
    assert ahp(edges).weights == pytest.approx(list(principal / principal.sum()))

    code, error = _ahp_file(tmp_path, "1,9.5\n0.105,1\n", capsys)
    assert code == 2
    assert "fila 1, columna 2" in error.lower() and "vale 9.5" in error and "Saaty" in error
    assert _ahp_file(tmp_path, "1,0.333\n3,1\n", capsys)[0] == 0

    exercise = load_exercise(demo_db, 1)
    first, second = exercise.criteria[0], exercise.criteria[1]
    with pytest.raises(ValidationError) as saved:
        save_ahp(demo_db, 1, {(first.id, second.id): 1 / 12}, {first.id: 0.5, second.id: 0.5})
    assert [p.field for p in saved.value.problems] == [f"Comparación {first.name} / {second.name}"]
    assert f"«{first.name}» frente a «{second.name}» vale 1/12" in str(saved.value)
    assert load_exercise(demo_db, 1).comparisons == exercise.comparisons


def test_ahp_file_errors_are_said_in_words(tmp_path, capsys):
    code, error = _ahp_file(tmp_path, "1,3\n1/3,1,2\n", capsys)
    assert code == 2 and "[" not in error
    assert "tiene 2 filas" in error and "la fila 2 tiene 3" in error
    code, error = _ahp_file(tmp_path, "1,3,\n1/3,1\n", capsys)
    assert "Fila 1, columna 3: la celda está vacía" in error
    code, error = _ahp_file(tmp_path, "", capsys)
    assert "vacía" in error and "[" not in error
    code, error = _ahp_file(tmp_path, "1,3\n3,1\n", capsys)
    assert "no es recíproca" in error and "criterio 1» frente a «criterio 2" in error
    assert "debería ser 1/3" in error
    with pytest.raises(MatrixError, match="La diagonal debe valer 1: la fila 2, columna 2"):
        ahp([[1, 2], [1 / 2, 2]])


def test_a_criterion_equal_for_every_chain_is_neutral_and_noted(demo_db, tmp_path):
    chains = [Chain(1, "Cacao"), Chain(2, "Café"), Chain(3, "Quinua")]
    cost = Criterion(1, "Distancia al mercado", "indicator", 1, direction="more_worse")
    rank = Criterion(2, "Puesto nacional", "indicator", 1, normalization="rank")
    output = Criterion(3, "Producción", "indicator", 2)
    values = {(1, c.id): 40.0 for c in chains} | {(2, c.id): 3.0 for c in chains}
    values |= {(3, 1): 10.0, (3, 2): 30.0, (3, 3): 20.0}
    note = (
        "El criterio «Distancia al mercado» tiene el mismo valor para todas las cadenas: no "
        "distingue entre ellas y se le da a todas el mismo puntaje."
    )
    weighted = score_chains("weighted", chains, [cost, rank, output], values)
    assert {r.chain.id: r.contributions[1] for r in weighted.rows} == pytest.approx(
        dict.fromkeys((1, 2, 3), 25.0)
    )
    assert {r.chain.id: r.contributions[2] for r in weighted.rows} == pytest.approx(
        dict.fromkeys((1, 2, 3), 25.0)
    )
    alone = score_chains("weighted", chains, [output], values)
    assert [r.chain.name for r in weighted.rows] == [r.chain.name for r in alone.rows]
    assert weighted.notes[0] == note and len(weighted.notes) == 2
    assert "«Producción»" not in " ".join(weighted.notes)

    missing = {k: v for k, v in values.items() if k != (1, 3)}
    partial = score_chains("weighted", chains, [cost], missing)
    assert {r.chain.id: r.score for r in partial.rows} == pytest.approx({1: 100, 2: 100, 3: 0})
    assert partial.notes == []

    flat = score_chains("topsis", chains, [cost, rank], values, cut_kind="threshold", cut_value=50)
    assert [r.score for r in flat.rows] == pytest.approx([100.0] * 3)
    assert flat.above_cut() == {1, 2, 3} and note in flat.notes
    mixed = score_chains("topsis", chains, [cost, output], values)
    assert [r.chain.name for r in mixed.rows] == ["Café", "Quinua", "Cacao"]
    assert mixed.notes == [note]

    exercise = load_exercise(demo_db, 1)
    ranked = next(c for c in exercise.criteria if c.kind == "indicator")
    save_value_grid(demo_db, 1, {(ranked.id, chain.id): "12" for chain in exercise.chains})
    notes = load_exercise(demo_db, 1).ranking().notes
    assert notes == [
        f"El criterio «{ranked.name}» tiene el mismo valor para todas las cadenas: no distingue "
        "entre ellas y se le da a todas el mismo puntaje."
    ]
    from pypdf import PdfReader

    from procompite.documents.pdf.prioritization import build_report, render_report

    out = tmp_path / "informe.pdf"
    render_report(build_report(demo_db, 1), out)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "tiene el mismo valor para todas las cadenas" in text and "no distingue" in text


def _flows(net: list[int]) -> list[CashFlowYear]:
    return [
        CashFlowYear(year, income_cents=max(v, 0), operating_cost_cents=max(-v, 0))
        for year, v in enumerate(net)
    ]


def test_payback_is_not_reported_when_the_cumulative_flow_turns_negative_again():
    lost = indicators(_flows([-10_000, 6_000, 6_000, -5_000]), Decimal("0.1"))
    assert lost.payback_years is None
    assert "vuelve a ser negativo en el año 3" in lost.payback_reason
    shown = format_payback(lost.payback_years, lost.payback_reason)
    assert shown.startswith("no se recupera (el flujo acumulado se cubre en el año 2")

    regained = indicators(_flows([-10_000, 6_000, 6_000, -5_000, 4_000]), Decimal("0.1"))
    assert regained.payback_years == Decimal("3.75") and regained.payback_reason == ""

    never = indicators(_flows([-10_000, 3_000, 3_000]), Decimal("0.1"))
    assert never.payback_years is None and "sigue negativo" in never.payback_reason
    steady = indicators(_flows([-10_000, 4_000, 4_000, 4_000]), Decimal("0.1"))
    assert steady.payback_years == Decimal("2.50") and format_payback(steady.payback_years) == (
        "2.50 años"
    )


@pytest.mark.parametrize(
    "net, rate",
    [([-1, 2, -1], 0.0), ([-10_000, 23_000, -13_225], 0.15), ([-400, 1_000, -625], 0.25)],
)
def test_irr_that_is_a_double_root_is_found(net, rate):
    double = np.roots(net[::-1])
    assert np.allclose(1 / double.real - 1, rate)
    result = indicators(_flows(net), Decimal("0.1"))
    assert result.irr == pytest.approx(rate, abs=1e-9)
    assert format_irr(result.irr) != "no existe"
    assert npf.npv(result.irr, net) == pytest.approx(0, abs=1e-6)

    crossing = [-10_000, 3_000, 3_000, 3_000, 3_000, 3_000]
    assert indicators(_flows(crossing), Decimal("0.1")).irr == pytest.approx(npf.irr(crossing))
    assert indicators(_flows([-10_000, 2_000, -1_000]), Decimal("0.1")).irr is None


def test_a_plan_requesting_nothing_is_refused_and_never_wins(demo_db, tmp_path):
    open_registration(demo_db)
    plan_id = demo_db.execute("SELECT id FROM plans WHERE status = 'registrado'").fetchone()[0]
    draft = load_plan(demo_db, plan_id)
    assert any(line.payer == "procompite" for line in draft.lines)
    draft.lines = [replace(line, payer="aeo_monetario") for line in draft.lines]
    with pytest.raises(ValidationError) as refused:
        save_plan(demo_db, draft, plan_id=plan_id)
    problem = next(p for p in refused.value.problems if p.field == "Presupuesto, Financia")
    assert "No pide cofinanciamiento" in problem.message and "S/ 0.00" in problem.message
    assert any(line.payer == "procompite" for line in load_plan(demo_db, plan_id).lines)

    refs = demo_refs(demo_db)
    ruc = demo_db.execute("SELECT ruc FROM organizations ORDER BY id LIMIT 1").fetchone()[0]
    rows = _plan_rows(refs, ruc, code="PN-IMP-000")
    rows["Presupuesto"][0][-1] = "AEO monetario"
    result = import_file(demo_db, fill(tmp_path / "plan.xlsx", "plan", rows), today=TODAY)
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Presupuesto", 2, "Financia")]
    assert "Plan PN-IMP-000 (filas 2, 3): No pide cofinanciamiento" in messages(result)[0]
    assert not demo_db.execute("SELECT 1 FROM plans WHERE code = 'PN-IMP-000'").fetchone()

    nothing = Candidate(1, "PN-001", "A", 9000, 0, True)
    asks = Candidate(2, "PN-002", "A", 8000, 50_000_00, True)
    results = {a.code: a for a in allocate([nothing, asks], {"A": 0}, [])}
    assert results["PN-001"].outcome == "no_financiado" and results["PN-001"].rank is None
    assert results["PN-002"].outcome == "accesitario" and results["PN-002"].rank == 1
    funded = {a.code: a.outcome for a in allocate([nothing, asks], {"A": 50_000_00}, [])}
    assert funded == {"PN-001": "no_financiado", "PN-002": "ganador"}
