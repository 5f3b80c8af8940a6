"""Admissibility before evaluation: a plan that lacks a required document (or breaks another
rule of its call) is declared inadmissible with what it lacks, never reaches scoring, and the
acta lists it; corrected while the call is open, it is reviewed again and admitted."""

import pytest

from procompite.calls.entity import letterhead
from procompite.common.errors import ValidationError
from procompite.documents.pdf.acta import load_acta, render_acta
from procompite.lifecycle.stages import stage_change_problems
from procompite.plans.admissibility import inadmissible_plans, review_call, review_plan
from tests.cli_helpers import procompite
from tests.report_helpers import pages_text
from tests.stage_helpers import open_registration

MISSING = "PN-2026-017"


def _plan(db, code: str) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]


def test_a_plan_missing_a_required_document_is_inadmissible_and_never_scored(demo_db):
    open_registration(demo_db)
    reviews = {review.code: review for review in review_call(demo_db, 1, actor="Mesa de partes")}
    assert reviews["PN-2026-014"].decision == "admisible"
    missing = reviews[MISSING]
    assert missing.decision == "inadmisible"
    assert "Documentos obligatorios completos: Faltan: Carta de compromiso" in " ".join(
        missing.missing
    )
    plan_id = _plan(demo_db, MISSING)
    assert demo_db["plans"].get(plan_id)["status"] == "registrado"
    assert plan_id in inadmissible_plans(demo_db, 1)
    assert demo_db["plans"].get(_plan(demo_db, "PN-2026-014"))["status"] == "admitido"
    assert not any(
        "sin revisión" in str(p) for p in stage_change_problems(demo_db, 1, "evaluacion")
    )


def test_a_corrected_plan_is_reviewed_again_and_admitted(demo_db):
    open_registration(demo_db)
    plan_id = _plan(demo_db, MISSING)
    assert review_plan(demo_db, plan_id, actor="Mesa de partes").decision == "inadmisible"
    demo_db.execute("UPDATE plan_documents SET present = 1 WHERE plan_id = ?", [plan_id])
    assert review_plan(demo_db, plan_id, actor="Mesa de partes").decision == "admisible"
    assert plan_id not in inadmissible_plans(demo_db, 1)
    with pytest.raises(ValidationError, match="solo se revisa la admisibilidad de un plan"):
        review_plan(demo_db, plan_id, actor="Mesa de partes")


def test_the_acta_lists_every_plan_presented_with_its_admissibility(demo_db):
    open_registration(demo_db)
    review_call(demo_db, 1, actor="Mesa de partes")
    snapshot = load_acta(demo_db, 1).snapshot
    rows = {row["codigo"]: row for row in snapshot["admisibilidad"]}
    assert rows[MISSING]["admision"] == "Inadmisible"
    assert "Faltan: Carta de compromiso" in rows[MISSING]["motivo"]
    assert rows["PN-2026-014"]["admision"] == "Admitido"
    text = " ".join(
        "\n".join(pages_text(render_acta(load_acta(demo_db, 1), letterhead(demo_db)))).split()
    )
    assert "Planes de negocio presentados, admitidos y evaluados" in text
    assert "declarados inadmisibles antes de evaluarse" in text


def test_admission_from_the_command_line(demo_path):
    import sqlite3

    conn = sqlite3.connect(demo_path)
    with conn:
        conn.execute("UPDATE calls SET status = 'abierta' WHERE id = 1")
    conn.close()
    result = procompite("admission", "--db", str(demo_path), "--call", "1", "--actor", "Mesa")
    assert result.returncode == 0, result.stderr
    assert f"{MISSING}: INADMISIBLE — Documentos obligatorios completos" in result.stdout
    assert "1 admitidos a evaluación, 3 declarados inadmisibles" in result.stdout
