"""The committee's evaluation on real database files: sheets, consolidation, verdicts, dictámenes.

Most tests work on a copy of the demo, whose call 1 (PROCOMPITE 2026 — Gobierno Regional Cusco)
has twelve decided plans, four plans with two sheets sent and one draft (below the quorum of 3),
a declared conflict and a discussed disagreement.
"""

import json
import re
import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procompite.common.errors import ValidationError
from procompite.documents.dictamenes import issue_dictamenes, reopen_dictamen
from procompite.documents.issuing import verification_code
from procompite.evaluation.committee import members, pin_matches, save_member, set_pin
from procompite.evaluation.consolidation import (
    consolidate_frame,
    current_round,
    plan_consolidation,
)
from procompite.evaluation.consolidation import plan_totals as consolidation_totals
from procompite.evaluation.results import call_results, save_ranking
from procompite.evaluation.rubrics import copy_rubric_to_call
from procompite.evaluation.scoring import (
    declare,
    load_sheet,
    may_see_others,
    reopen_sheet,
    save_sheet,
)
from procompite.evaluation.verdicts import consolidate_plan, verdict_for, write_note
from procompite.plans.store import admit_plan

CALL = 1
ON = date(2026, 11, 20)
SECRETARY = "Luz Marina Zamalloa Torres"
LEVELS = (0, 1, 3, 5)


# --- helpers ---------------------------------------------------------------------------------


def plan_id(db, code: str) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]


def member_id(db, position: int) -> int:
    return members(db, CALL)[position].id


def criteria(db) -> dict[str, int]:
    """Criterion code -> id of the call's rubric, in rubric order."""
    return {
        code: criterion_id
        for criterion_id, code in db.execute(
            "SELECT c.id, c.code FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
            "WHERE r.call_id = ? ORDER BY c.position",
            [CALL],
        )
    }


def full_sheet(db, value: int = 3, **overrides: int) -> dict[int, Decimal]:
    """Points for every criterion; ``overrides`` by code with dots as underscores (c1_2=0)."""
    codes = criteria(db)
    points = dict.fromkeys(codes.values(), Decimal(value))
    for key, points_value in overrides.items():
        points[codes[key[1:].replace("_", ".")]] = Decimal(points_value)
    return points


def audit_rows(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def evaluation_id(db, plan: int, member: int) -> int:
    return db.execute(
        "SELECT id FROM evaluations WHERE plan_id = ? AND committee_member_id = ? "
        "ORDER BY round DESC",
        [plan, member],
    ).fetchone()[0]


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_value_h(values: list[int], method: str) -> int:
    """Independent consolidation of one criterion, in hundredths, with Decimal."""
    if method == "mean":
        return half_up(Decimal(sum(values)) / len(values))
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return half_up((Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2)


def frame(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["plan_id", "member_id", "criterion_id", "points_h"]).astype(
        "int64"
    )


def one_criterion(points_h: list[int], method: str = "mean", gap_h: int = 400):
    table = consolidate_frame(
        frame([(1, m, 10, p) for m, p in enumerate(points_h, start=1)]), method, gap_h
    )
    return table.loc[(1, 10)]


def submit_third_sheet(db, code: str, points: dict[int, Decimal]) -> None:
    """The third member of the demo sends the sheet left as a draft, reaching the quorum."""
    save_sheet(db, plan_id(db, code), member_id(db, 2), points, {}, submit=True)


# --- consolidation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points_h", "expected"),
    [
        ([300, 300, 400], 333),  # 3.333… -> 3.33
        ([300, 400, 400], 367),  # 3.666… -> 3.67
        ([100, 200], 150),
        ([100, 101], 101),  # 1.005 -> 1.01, half up (not to even)
        ([0, 1], 1),
        ([50, 100], 75),  # levels of half a point
        ([50, 50, 100], 67),
        ([50, 100, 100, 150], 100),
        ([500], 500),
    ],
)
def test_mean_is_rounded_half_up_to_hundredths(points_h, expected):
    assert one_criterion(points_h)["value_h"] == expected


@pytest.mark.parametrize(
    ("points_h", "expected"),
    [
        ([100, 500, 300], 300),
        ([100, 300, 500, 500], 400),
        ([100, 200], 150),
        ([100, 201], 151),  # 1.505 -> 1.51
        ([0, 50, 100, 500], 75),
    ],
)
def test_median_takes_the_middle_or_the_mean_of_the_two_middle_scores(points_h, expected):
    assert one_criterion(points_h, "median")["value_h"] == expected


@pytest.mark.parametrize(
    ("points_h", "flagged"),
    [([100, 500], False), ([0, 500], True), ([300, 300, 300], False), ([100, 300, 501], True)],
)
def test_disagreement_is_flagged_only_when_the_spread_exceeds_the_gap(points_h, flagged):
    row = one_criterion(points_h, gap_h=400)
    assert row["spread_h"] == max(points_h) - min(points_h)
    assert bool(row["flagged"]) is flagged


def test_plan_total_is_the_sum_of_the_rounded_criterion_values():
    rows = [
        (1, m, c, p) for c in (10, 11, 12) for m, p in zip((1, 2, 3), (300, 300, 400), strict=True)
    ]
    totals = consolidation_totals(consolidate_frame(frame(rows), "mean", 400))
    # Three criteria of 3.33 each: 9.99, not the 10.00 of the unrounded means.
    assert totals.at[1, "total_h"] == 999
    assert totals.at[1, "flags"] == 0


@st.composite
def score_tables(draw):
    step = draw(st.sampled_from([1, 50, 100]))
    rows = []
    for plan in range(1, draw(st.integers(1, 4)) + 1):
        count = draw(st.integers(1, 6))
        for criterion in range(1, draw(st.integers(1, 5)) + 1):
            for member in range(1, count + 1):
                rows.append((plan, member, criterion, draw(st.integers(0, 1000 // step)) * step))
    return rows


@settings(max_examples=200, deadline=None)
@given(
    score_tables(), st.sampled_from(["mean", "median"]), st.sampled_from([0, 100, 200, 400, 450])
)
def test_consolidation_matches_an_independent_decimal_computation(rows, method, gap_h):
    table = consolidate_frame(frame(rows), method, gap_h)
    groups: dict[tuple[int, int], list[int]] = {}
    for plan, _member, criterion, points_h in rows:
        groups.setdefault((plan, criterion), []).append(points_h)
    assert len(table) == len(groups)
    for key, values in groups.items():
        row = table.loc[key]
        assert row["value_h"] == expected_value_h(values, method)
        assert row["spread_h"] == max(values) - min(values)
        assert bool(row["flagged"]) == (max(values) - min(values) > gap_h)
    totals = consolidation_totals(table)
    for plan in {key[0] for key in groups}:
        expected = sum(expected_value_h(v, method) for k, v in groups.items() if k[0] == plan)
        assert totals.at[plan, "total_h"] == expected


def test_stored_totals_of_the_demo_match_a_recomputation_from_the_raw_scores(demo_db):
    raw: dict[int, dict[int, list[int]]] = {}
    for plan, criterion, points in demo_db.execute(
        "SELECT e.plan_id, s.criterion_id, s.points FROM scores s "
        "JOIN evaluations e ON e.id = s.evaluation_id WHERE e.status = 'enviada' AND e.round = 1"
    ):
        raw.setdefault(plan, {}).setdefault(criterion, []).append(int(Decimal(str(points)) * 100))
    verdicts = dict(
        demo_db.execute(
            "SELECT v.plan_id, v.total_score FROM plan_verdicts v "
            "JOIN plans p ON p.id = v.plan_id WHERE p.call_id = ?",
            [CALL],
        )
    )
    assert len(verdicts) == 12
    results = {p.plan_id: p for p in call_results(demo_db, CALL, ON).plans}
    for plan, total in verdicts.items():
        expected = sum(expected_value_h(values, "mean") for values in raw[plan].values())
        assert round(total * 100) == expected
        assert results[plan].verdict_total_h == expected
        if results[plan].round == 1:
            assert results[plan].total_h == expected


def test_the_discussed_disagreement_of_the_demo(demo_db):
    disputed = plan_id(demo_db, "PN-2026-003")
    consolidation = plan_consolidation(demo_db, disputed)
    first = consolidation.criteria[0]
    assert [c.code for c in consolidation.flagged] == ["1.1"]
    assert sorted(first.by_member.values()) == [0, 0, 500, 500, 500]
    assert first.consolidated_h == 300 and first.spread_h == 500
    note = demo_db.execute(
        "SELECT note FROM disagreement_notes WHERE plan_id = ? AND criterion_id = ?",
        [disputed, first.criterion_id],
    ).fetchone()[0]
    assert "El comité acepta el promedio" in note
    result = next(p for p in call_results(demo_db, CALL, ON).plans if p.plan_id == disputed)
    assert (result.flags, result.unresolved_flags) == (1, 0)


# --- scoring -----------------------------------------------------------------------------------


def test_a_member_with_a_declared_conflict_cannot_score(demo_db):
    plan, julio = plan_id(demo_db, "PN-2026-001"), member_id(demo_db, 1)
    with pytest.raises(ValidationError, match="declaró conflicto") as error:
        save_sheet(demo_db, plan, julio, full_sheet(demo_db), {})
    assert error.value.problems[0].field == "Conflicto de interés"
    assert (
        demo_db["evaluations"].count_where("plan_id = ? AND committee_member_id = ?", [plan, julio])
        == 0
    )
    # The database refuses it too, whatever program writes to the file.
    with pytest.raises(sqlite3.IntegrityError, match="conflicto de interés"):
        demo_db["evaluations"].insert(
            {"plan_id": plan, "committee_member_id": julio, "started_at": "2026-11-21"}
        )


def test_declaring_a_conflict_needs_a_reason_and_then_blocks_the_sheet(demo_db):
    plan, edwin = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 3)
    with pytest.raises(ValidationError, match="Explique el conflicto"):
        declare(demo_db, plan, edwin, True, "   ")
    before = audit_rows(demo_db)
    declare(demo_db, plan, edwin, True, "Asesoró al AEO en la formulación del plan.")
    assert audit_rows(demo_db) == before + 1
    with pytest.raises(ValidationError, match="conflicto"):
        save_sheet(demo_db, plan, edwin, full_sheet(demo_db), {})
    with pytest.raises(sqlite3.IntegrityError):
        demo_db["evaluations"].insert(
            {"plan_id": plan, "committee_member_id": edwin, "started_at": "2026-11-21"}
        )


def test_a_conflict_cannot_be_declared_once_the_member_has_a_sheet(demo_db):
    plan, carmen = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 2)
    with pytest.raises(ValidationError, match="ya tiene una ficha"):
        declare(demo_db, plan, carmen, True, "Recordó un parentesco.")
    assert not demo_db.execute(
        "SELECT has_conflict FROM conflict_declarations WHERE plan_id = ? "
        "AND committee_member_id = ?",
        [plan, carmen],
    ).fetchone()[0]


def test_declaring_is_required_before_scoring(demo_db):
    plan, edwin = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 3)
    with pytest.raises(ValidationError, match="Declare primero"):
        save_sheet(demo_db, plan, edwin, full_sheet(demo_db), {})
    declare(demo_db, plan, edwin, False)
    sheet = save_sheet(demo_db, plan, edwin, full_sheet(demo_db), {})
    assert sheet.status == "borrador" and sheet.evaluation_id is not None
    assert sheet.total == Decimal(60)


def test_submitting_needs_every_criterion(demo_db):
    plan, carmen = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 2)
    draft = load_sheet(demo_db, plan, carmen)
    assert draft.status == "borrador" and len(draft.points) == 10
    codes = {v: k for k, v in criteria(demo_db).items()}
    missing = sorted(codes[c] for c in criteria(demo_db).values() if c not in draft.points)
    with pytest.raises(ValidationError) as error:
        save_sheet(demo_db, plan, carmen, draft.points, {}, submit=True)
    assert str(error.value) == "Ficha: Falta calificar los criterios " + ", ".join(missing) + "."
    assert load_sheet(demo_db, plan, carmen).status == "borrador"
    # The same points are a valid draft.
    assert save_sheet(demo_db, plan, carmen, draft.points, {}).status == "borrador"


@pytest.mark.parametrize("value", ["2", "4", "6", "-1", "0.5"])
def test_points_outside_the_described_levels_are_refused_naming_the_criterion(demo_db, value):
    plan, carmen = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 2)
    points = full_sheet(demo_db)
    points[criteria(demo_db)["2.3"]] = Decimal(value)
    before = audit_rows(demo_db)
    with pytest.raises(ValidationError) as error:
        save_sheet(demo_db, plan, carmen, points, {})
    [problem] = error.value.problems
    assert problem.field == "Criterio 2.3"
    assert "no es uno de los niveles descritos" in problem.message
    assert audit_rows(demo_db) == before
    assert len(load_sheet(demo_db, plan, carmen).points) == 10, "el borrador queda como estaba"


def test_points_with_more_than_two_decimals_are_not_taken_for_a_level(demo_db):
    plan, carmen = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 2)
    points = full_sheet(demo_db)
    points[criteria(demo_db)["2.3"]] = Decimal("3.004")
    with pytest.raises(ValidationError, match=r"Criterio 2\.3"):
        save_sheet(demo_db, plan, carmen, points, {})


def test_each_save_writes_one_audit_row_with_the_scores(demo_db):
    plan, carmen = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 2)
    before = audit_rows(demo_db)
    save_sheet(demo_db, plan, carmen, full_sheet(demo_db, 1), {criteria(demo_db)["1.1"]: " ok "})
    assert audit_rows(demo_db) == before + 1
    sheet = save_sheet(demo_db, plan, carmen, full_sheet(demo_db, 5), {}, submit=True)
    assert audit_rows(demo_db) == before + 2
    last = demo_db.execute(
        "SELECT actor, action, table_name, row_id, before, after FROM audit_log "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert last[:4] == (
        "Carmen Rosa Béjar Huamán",
        "enviar ficha de evaluación",
        "evaluations",
        sheet.evaluation_id,
    )
    before_json, after_json = json.loads(last[4]), json.loads(last[5])
    assert before_json["estado"] == "borrador" and before_json["puntajes"]["1.1"] == "1"
    assert before_json["comentarios"]["1.1"] == "ok"
    assert after_json["estado"] == "enviada" and after_json["puntajes"]["6.2"] == "5"
    stored = demo_db.execute(
        "SELECT count(*), sum(points) FROM scores WHERE evaluation_id = ?", [sheet.evaluation_id]
    ).fetchone()
    assert stored == (20, 100.0)


def test_a_submitted_sheet_is_read_only(demo_db):
    plan, rosa = plan_id(demo_db, "PN-2026-009"), member_id(demo_db, 0)
    sent = load_sheet(demo_db, plan, rosa)
    assert sent.submitted
    with pytest.raises(ValidationError, match="ya fue enviada"):
        save_sheet(demo_db, plan, rosa, full_sheet(demo_db), {})
    for statement in (
        "UPDATE scores SET points = 0 WHERE evaluation_id = ?",
        "DELETE FROM scores WHERE evaluation_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="ya fue enviada"):
            demo_db.execute(statement, [sent.evaluation_id])
    with pytest.raises(sqlite3.IntegrityError, match="ya fue enviada"):
        demo_db["scores"].insert(
            {
                "evaluation_id": sent.evaluation_id,
                "criterion_id": 999_999,
                "points": 1,
                "updated_at": "2026-11-21",
            }
        )
    assert load_sheet(demo_db, plan, rosa).points == sent.points


def test_reopening_a_sheet_needs_a_reason_and_withdraws_the_verdict(demo_db):
    plan, rosa = plan_id(demo_db, "PN-2026-008"), member_id(demo_db, 0)
    evaluation = evaluation_id(demo_db, plan, rosa)
    before = audit_rows(demo_db)
    with pytest.raises(ValidationError, match="por qué se reabre"):
        reopen_sheet(demo_db, evaluation, "  ", actor=SECRETARY)
    assert audit_rows(demo_db) == before
    assert demo_db["plan_verdicts"].count_where("plan_id = ?", [plan]) == 1

    reason = "La presidenta anotó 3 en 4.2 por error; corresponde 5."
    reopen_sheet(demo_db, evaluation, reason, actor=SECRETARY)

    row = demo_db["evaluations"].get(evaluation)
    assert (row["status"], row["submitted_at"]) == ("borrador", None)
    assert demo_db["plan_verdicts"].count_where("plan_id = ?", [plan]) == 0
    assert demo_db["plan_allocations"].count_where("plan_id = ?", [plan]) == 0
    assert demo_db["plans"].get(plan)["status"] == "en_evaluacion"
    assert audit_rows(demo_db) == before + 2
    logged = demo_db.execute(
        "SELECT action, table_name, actor, reason FROM audit_log ORDER BY id DESC LIMIT 2"
    ).fetchall()
    assert logged[::-1] == [
        ("reabrir ficha de evaluación", "evaluations", SECRETARY, reason),
        ("anular veredicto", "plan_verdicts", SECRETARY, reason),
    ]
    with pytest.raises(ValidationError, match="no está enviada"):
        reopen_sheet(demo_db, evaluation, reason, actor=SECRETARY)

    # The member corrects and sends again; the plan can be decided again.
    sheet = load_sheet(demo_db, plan, rosa)
    sheet.points[criteria(demo_db)["4.2"]] = Decimal(5)
    save_sheet(demo_db, plan, rosa, sheet.points, {}, submit=True)
    assert consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)["verdict"] == "apto"


def test_others_scores_are_visible_only_after_sending_or_deciding(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    rosa, carmen, edwin = (member_id(demo_db, i) for i in (0, 2, 3))
    assert may_see_others(demo_db, plan, rosa)
    assert not may_see_others(demo_db, plan, carmen)
    assert not may_see_others(demo_db, plan, edwin)
    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db))
    assert may_see_others(demo_db, plan, carmen)
    assert not may_see_others(demo_db, plan, edwin)
    consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    assert may_see_others(demo_db, plan, edwin)


def test_a_pin_is_stored_only_as_a_salted_hash(demo_db):
    rosa = member_id(demo_db, 0)
    assert pin_matches(demo_db, rosa, "cualquiera"), "sin PIN la sesión se abre"
    set_pin(demo_db, rosa, "482916", actor=SECRETARY)
    row = demo_db["committee_members"].get(rosa)
    assert row["pin_salt"] and len(row["pin_salt"]) == 32
    assert row["pin_hash"] and row["pin_hash"] != "482916" and "482916" not in row["pin_hash"]
    assert pin_matches(demo_db, rosa, "482916")
    assert not pin_matches(demo_db, rosa, "482917")
    assert not pin_matches(demo_db, rosa, "")
    dumped = "\n".join(
        str(r)
        for r in demo_db.execute(
            "SELECT at, actor, action, table_name, row_id, before, after, reason FROM audit_log"
        )
    )
    assert "482916" not in dumped
    assert members(demo_db, CALL)[0].has_pin

    # The same PIN for another member gives another hash (its own salt).
    carmen = member_id(demo_db, 2)
    set_pin(demo_db, carmen, "482916", actor=SECRETARY)
    assert demo_db["committee_members"].get(carmen)["pin_hash"] != row["pin_hash"]

    set_pin(demo_db, rosa, None, actor=SECRETARY)
    row = demo_db["committee_members"].get(rosa)
    assert (row["pin_salt"], row["pin_hash"]) == (None, None)
    assert pin_matches(demo_db, rosa, "0000")


@pytest.mark.parametrize("pin", ["123", "", "12a4", "12 34"])
def test_a_short_or_non_numeric_pin_is_refused(demo_db, pin):
    rosa = member_id(demo_db, 0)
    with pytest.raises(ValidationError, match="al menos 4 dígitos"):
        set_pin(demo_db, rosa, pin, actor=SECRETARY)
    assert demo_db["committee_members"].get(rosa)["pin_hash"] is None


# --- verdicts ----------------------------------------------------------------------------------


def test_consolidation_is_refused_below_the_quorum_and_works_at_it(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    with pytest.raises(ValidationError, match="quórum") as error:
        consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    assert "tiene 2 fichas enviadas" in str(error.value)
    assert "quórum de la convocatoria es 3" in str(error.value)
    assert demo_db["plan_verdicts"].count_where("plan_id = ?", [plan]) == 0

    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db, 5))
    before = audit_rows(demo_db)
    row = consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    assert row["verdict"] == "apto"
    assert row["reasons"] == (
        "Cumple todos los requisitos de elegibilidad de la convocatoria.\n"
        f"Puntaje {row['total_score']:.2f} igual o mayor que el puntaje mínimo aprobatorio 60.00."
    )
    assert demo_db["plans"].get(plan)["status"] == "evaluado"
    stored = demo_db.execute(
        "SELECT verdict, total_score, round FROM plan_verdicts WHERE plan_id = ?", [plan]
    ).fetchone()
    assert stored == ("apto", row["total_score"], 1)
    assert audit_rows(demo_db) == before + 1


def test_a_total_below_the_passing_score_is_no_apto_with_the_reason(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db, 0))
    scores: dict[int, list[int]] = {}
    for criterion, points in demo_db.execute(
        "SELECT s.criterion_id, s.points FROM scores s JOIN evaluations e "
        "ON e.id = s.evaluation_id WHERE e.plan_id = ? AND e.status = 'enviada'",
        [plan],
    ):
        scores.setdefault(criterion, []).append(round(points * 100))
    total_h = sum(expected_value_h(values, "mean") for values in scores.values())
    assert total_h < 6000
    row = consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    assert row["verdict"] == "no_apto"
    assert round(row["total_score"] * 100) == total_h
    text = f"{Decimal(total_h) / 100:.2f}"
    assert row["reasons"] == f"Puntaje {text} menor que el puntaje mínimo aprobatorio 60.00."


def test_a_failed_rule_makes_a_well_scored_plan_no_apto_naming_the_rule(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    demo_db.execute(
        "UPDATE plan_documents SET present = 0 WHERE plan_id = ? AND document_id = "
        "(SELECT id FROM call_documents WHERE call_id = ? AND code = 'DJ')",
        [plan, CALL],
    )
    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db, 5))
    row = consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    assert row["verdict"] == "no_apto"
    assert row["total_score"] >= 60
    assert row["reasons"] == (
        "No cumple: Documentos obligatorios completos. Faltan: Declaración jurada de no tener "
        "sanciones ni deudas coactivas."
    )


def test_observations_make_the_plan_observado_and_open_a_new_round(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db, 5))
    # Blank observations are no observations: the proposal stands.
    blank = consolidate_plan(demo_db, plan, actor=SECRETARY, observations="  ", today=ON)
    assert blank["verdict"] == "apto"
    row = consolidate_plan(
        demo_db, plan, actor=SECRETARY, observations=" Adjuntar cotizaciones. ", today=ON
    )
    assert (row["verdict"], row["observations"]) == ("observado", "Adjuntar cotizaciones.")
    assert demo_db["plans"].get(plan)["status"] == "observado"
    # The plan keeps its round while the AEO corrects it...
    assert current_round(demo_db, plan) == 1
    assert load_sheet(demo_db, plan, member_id(demo_db, 0)).status == "enviada"
    result = next(p for p in call_results(demo_db, CALL, ON).plans if p.plan_id == plan)
    assert (result.verdict, result.allocation.outcome) == ("observado", "no_financiado")
    # ...and is evaluated afresh, in round 2, once admitted again.
    admit_plan(demo_db, plan, actor=SECRETARY)
    assert current_round(demo_db, plan) == 2
    assert load_sheet(demo_db, plan, member_id(demo_db, 0)).status == "nueva"
    result = next(p for p in call_results(demo_db, CALL, ON).plans if p.plan_id == plan)
    assert (result.round, result.verdict, result.allocation) == (2, None, None)


@pytest.mark.parametrize(
    ("total_h", "verdict"), [(6000, "apto"), (5999, "no_apto"), (10000, "apto"), (0, "no_apto")]
)
def test_the_passing_score_itself_passes(total_h, verdict):
    assert verdict_for([], total_h, 6000)[0] == verdict


DEMO_OUTCOMES = {
    # code: (verdict, category, rank, outcome)
    "PN-2026-008": ("apto", "A", 1, "ganador"),
    "PN-2026-021": ("apto", "A", 2, "ganador"),
    "PN-2026-019": ("apto", "A", 3, "accesitario"),
    "PN-2026-023": ("apto", "A", 4, "accesitario"),
    "PN-2026-001": ("apto", "B", 1, "ganador"),
    "PN-2026-003": ("apto", "B", 2, "ganador"),
    "PN-2026-005": ("apto", "B", 3, "accesitario"),
    "PN-2026-022": ("apto", "B", 4, "accesitario"),
    "PN-2026-011": ("no_apto", "A", None, "no_financiado"),
    "PN-2026-018": ("no_apto", "A", None, "no_financiado"),
    "PN-2026-024": ("no_apto", "A", None, "no_financiado"),
    "PN-2026-020": ("observado", "A", None, "no_financiado"),
}


def test_the_demo_call_shows_every_case_the_committee_meets(demo_db):
    results = call_results(demo_db, CALL, ON)
    decided = {
        p.code: (p.verdict, p.category, p.allocation.rank, p.allocation.outcome)
        for p in results.plans
        if p.verdict is not None
    }
    assert decided == DEMO_OUTCOMES
    assert results.unsaved == [], "el cuadro de mérito de la demostración está guardado"
    stored = dict(
        demo_db.execute(
            "SELECT p.code, a.outcome FROM plan_allocations a JOIN plans p ON p.id = a.plan_id "
            "WHERE p.call_id = ?",
            [CALL],
        )
    )
    assert stored == {code: value[3] for code, value in DEMO_OUTCOMES.items()}
    plans = {p.code: p for p in results.plans}

    # A tie at 80.00 decided by the share of women.
    for code, other in (("PN-2026-021", "PN-2026-019"), ("PN-2026-019", "PN-2026-021")):
        assert plans[code].verdict_total_h == 8000
        assert plans[code].allocation.tie_note.startswith(
            f"Empate a 80.00 puntos con {other}; desempata por mayor porcentaje de mujeres socias"
        )
    # No apto for the letter found unsigned at the field visit, though well scored.
    field_visit = plans["PN-2026-018"]
    assert field_visit.verdict_total_h >= results.passing_h
    assert "Carta de compromiso de cofinanciamiento" in field_visit.reasons
    assert "Documentos obligatorios completos" in field_visit.reasons
    # Below the passing score.
    for code in ("PN-2026-011", "PN-2026-024"):
        assert plans[code].verdict_total_h < results.passing_h
        assert "menor que el puntaje mínimo aprobatorio 60.00" in plans[code].reasons
    assert "cotizaciones actualizadas" in plans["PN-2026-020"].observations
    # The declared conflict: four sheets, not five.
    assert (plans["PN-2026-001"].conflicts, plans["PN-2026-001"].submitted) == (1, 4)
    # Money: the winners of each pool fit in it.
    for pool, budget in results.pools.items():
        spent = sum(
            p.allocation.amount_cents
            for p in results.plans
            if p.allocation and p.allocation.pool == pool and p.allocation.outcome == "ganador"
        )
        assert 0 < spent <= budget
    assert results.pools == {"A": 300_000_00, "B": 600_000_00}
    # Plans still being scored have no verdict and no place in the ranking.
    pending = [p.code for p in results.plans if p.verdict is None]
    assert {"PN-2026-009", "PN-2026-010", "PN-2026-015", "PN-2026-016"} <= set(pending)
    assert all(plans[code].allocation is None for code in pending)


def test_a_call_with_a_single_budgeted_category_still_has_winners(demo_db):
    category_a = demo_db.execute(
        "SELECT id FROM call_categories WHERE code = 'A' AND call_id = ?", [CALL]
    ).fetchone()[0]
    demo_db.execute("UPDATE plans SET category_id = ? WHERE call_id = ?", [category_a, CALL])
    demo_db.execute("DELETE FROM call_categories WHERE code = 'B' AND call_id = ?", [CALL])
    results = call_results(demo_db, CALL, ON)
    assert results.pools == {"A": 300_000_00}
    outcomes = {p.code: p.allocation.outcome for p in results.plans if p.allocation}
    assert outcomes["PN-2026-001"] == "ganador", "el mejor puntaje apto debe ganar"


# --- dictámenes --------------------------------------------------------------------------------


def transfer(db, amount_cents: int, source: str = "B", target: str = "A") -> None:
    ids = dict(db.execute("SELECT code, id FROM call_categories WHERE call_id = ?", [CALL]))
    db["call_pool_transfers"].insert(
        {
            "call_id": CALL,
            "from_category_id": ids[source],
            "to_category_id": ids[target],
            "amount_cents": amount_cents,
            "document_reference": "Resolución Gerencial N.° 101-2026-GR CUSCO",
            "transferred_on": "2026-11-21",
        }
    )


def test_issuing_is_refused_while_a_disagreement_has_no_note(demo_db):
    plan = plan_id(demo_db, "PN-2026-009")
    # Rosa gave 5 to 1.2; Carmen gives 0: a spread of 5 points, above the call's gap of 4.
    submit_third_sheet(demo_db, "PN-2026-009", full_sheet(demo_db, 5, c1_2=0))
    consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    save_ranking(demo_db, CALL, actor=SECRETARY, today=ON)
    with pytest.raises(ValidationError, match="1 criterio\\(s\\) con discrepancia sin nota"):
        issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    assert demo_db["dictamenes"].count_where("plan_id = ?", [plan]) == 0
    write_note(demo_db, plan, criteria(demo_db)["1.2"], "Se acepta el promedio.", actor=SECRETARY)
    assert issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON) == [
        "GRC-PROCOMPITE-2026-0001"
    ]


def test_issuing_is_refused_while_the_ranking_is_unsaved(demo_db):
    plan = plan_id(demo_db, "PN-2026-023")
    transfer(demo_db, 100_000_00)  # pool A grows to S/ 400,000: PN-2026-023 now fits
    with pytest.raises(ValidationError, match="el cuadro de mérito cambió; guárdelo"):
        issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    assert save_ranking(demo_db, CALL, actor=SECRETARY, today=ON) >= 1
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    snapshot = json.loads(
        demo_db.execute("SELECT snapshot FROM dictamenes WHERE plan_id = ?", [plan]).fetchone()[0]
    )
    assert snapshot["asignacion"]["resultado"] == "Ganador"
    assert snapshot["asignacion"]["monto"] == "S/ 90,020.00"


def test_plans_not_decided_or_already_issued_get_no_dictamen(demo_db):
    with pytest.raises(ValidationError, match="no está consolidada"):
        issue_dictamenes(demo_db, CALL, [plan_id(demo_db, "PN-2026-009")], actor=SECRETARY)
    plan = plan_id(demo_db, "PN-2026-011")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    with pytest.raises(ValidationError, match="ya tiene el dictamen GRC-PROCOMPITE-2026-0001"):
        issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)


def test_an_issued_dictamen_holds_a_verifiable_snapshot(demo_db):
    plan = plan_id(demo_db, "PN-2026-001")
    before = audit_rows(demo_db)
    numbers = issue_dictamenes(
        demo_db, CALL, [plan, plan_id(demo_db, "PN-2026-003")], actor=SECRETARY, on=ON
    )
    assert numbers == ["GRC-PROCOMPITE-2026-0001", "GRC-PROCOMPITE-2026-0002"]
    assert audit_rows(demo_db) == before + 2
    row = demo_db.execute(
        "SELECT number, issued_on, status, verification_code, snapshot FROM dictamenes "
        "WHERE plan_id = ?",
        [plan],
    ).fetchone()
    assert row[:3] == ("GRC-PROCOMPITE-2026-0001", "2026-11-20", "emitido")
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", row[3])
    snapshot = json.loads(row[4])
    assert verification_code(snapshot) == row[3]
    assert snapshot["numero"] == row[0]

    # Every submitted score, by member name.
    names = {m.id: m.full_name for m in members(demo_db, CALL)}
    codes = {v: k for k, v in criteria(demo_db).items()}
    stored = {
        (names[m], codes[c]): f"{p:.2f}"
        for m, c, p in demo_db.execute(
            "SELECT e.committee_member_id, s.criterion_id, s.points FROM scores s "
            "JOIN evaluations e ON e.id = s.evaluation_id WHERE e.plan_id = ?",
            [plan],
        )
    }
    shown = {
        (name, criterion["codigo"]): value
        for criterion in snapshot["evaluacion"]["criterios"]
        for name, value in criterion["puntajes"].items()
    }
    assert shown == stored and len(shown) == 4 * 20
    assert snapshot["evaluacion"]["total"] == "88.00"
    # Every member's declaration, the conflict with its reason.
    declared = {m["nombre"]: m["conflicto"] for m in snapshot["comite"]}
    assert declared["Julio César Villafuerte Loayza"]["declara"] == "con conflicto"
    assert "Familiar directo" in declared["Julio César Villafuerte Loayza"]["motivo"]
    assert [d["declara"] for n, d in declared.items() if n != "Julio César Villafuerte Loayza"] == [
        "sin conflicto"
    ] * 4
    assert snapshot["veredicto"]["codigo"] == "apto"
    assert snapshot["asignacion"] == {
        "bolsa": "B",
        "orden": 1,
        "resultado": "Ganador",
        "monto": "S/ 287,471.00",
        "desempate": "",
        "espera": None,
    }


FROZEN_CHANGES = [
    "UPDATE plan_verdicts SET verdict = 'no_apto' WHERE plan_id = :plan",
    "DELETE FROM plan_verdicts WHERE plan_id = :plan",
    "UPDATE conflict_declarations SET reason = 'x' WHERE plan_id = :plan",
    "UPDATE plan_budget_lines SET unit_cost_cents = unit_cost_cents + 100 WHERE plan_id = :plan",
    "DELETE FROM plan_budget_lines WHERE plan_id = :plan",
    "UPDATE plans SET title = 'Otro título' WHERE id = :plan",
    "UPDATE plan_allocations SET amount_cents = 0 WHERE plan_id = :plan",
    "UPDATE plan_documents SET present = 0 WHERE plan_id = :plan",
    "UPDATE evaluations SET status = 'borrador', submitted_at = NULL WHERE plan_id = :plan",
    "INSERT INTO disagreement_notes (plan_id, criterion_id, round, note, written_at) "
    "VALUES (:plan, (SELECT max(id) FROM rubric_criteria), 1, 'nota', '2026-11-21')",
]


@pytest.mark.parametrize("statement", FROZEN_CHANGES)
def test_an_issued_dictamen_freezes_its_inputs(demo_db, statement):
    plan = plan_id(demo_db, "PN-2026-001")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        demo_db.execute(statement, {"plan": plan})
    # Another plan of the call is not frozen.
    demo_db.execute(statement, {"plan": plan_id(demo_db, "PN-2026-003")})


def test_the_library_cannot_change_an_issued_plan_either(demo_db):
    plan = plan_id(demo_db, "PN-2026-001")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    before = audit_rows(demo_db)
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        declare(demo_db, plan, member_id(demo_db, 0), False)
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        reopen_sheet(demo_db, evaluation_id(demo_db, plan, member_id(demo_db, 0)), "x", actor="y")
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        write_note(demo_db, plan, criteria(demo_db)["1.1"], "Nota tardía.", actor=SECRETARY)
    assert audit_rows(demo_db) == before, "nada a medias en la auditoría"
    with pytest.raises(sqlite3.IntegrityError):
        demo_db.execute("DELETE FROM dictamenes")
    with pytest.raises(sqlite3.IntegrityError):
        demo_db.execute("UPDATE dictamenes SET snapshot = '{}'")


def test_save_ranking_refuses_to_change_an_issued_allocation(demo_db):
    plan = plan_id(demo_db, "PN-2026-001")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    saved = demo_db.execute("SELECT * FROM plan_allocations ORDER BY id").fetchall()
    transfer(demo_db, 400_000_00)  # pool B falls to S/ 200,000: PN-2026-001 no longer fits
    with pytest.raises(ValidationError) as error:
        save_ranking(demo_db, CALL, actor=SECRETARY, today=ON)
    assert str(error.value).startswith(
        "PN-2026-001: su resultado cambiaría y tiene el dictamen GRC-PROCOMPITE-2026-0001 emitido"
    )
    assert demo_db.execute("SELECT * FROM plan_allocations ORDER BY id").fetchall() == saved


def test_save_ranking_still_works_when_the_issued_plan_keeps_its_place(demo_db):
    plan = plan_id(demo_db, "PN-2026-001")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    before = demo_db.execute("SELECT * FROM plan_allocations WHERE plan_id = ?", [plan]).fetchone()
    transfer(demo_db, 100_000_00)  # B keeps S/ 500,000: PN-2026-001 and PN-2026-003 still fit
    assert save_ranking(demo_db, CALL, actor=SECRETARY, today=ON) == 1
    after = demo_db.execute("SELECT * FROM plan_allocations WHERE plan_id = ?", [plan]).fetchone()
    assert after == before
    outcome = demo_db.execute(
        "SELECT outcome FROM plan_allocations WHERE plan_id = ?",
        [plan_id(demo_db, "PN-2026-023")],
    ).fetchone()[0]
    assert outcome == "ganador"


def test_reopening_a_dictamen_needs_a_reason_and_reissuing_gets_a_new_number(demo_db):
    plan = plan_id(demo_db, "PN-2026-001")
    issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON)
    first_id, first_code = demo_db.execute(
        "SELECT id, verification_code FROM dictamenes WHERE plan_id = ?", [plan]
    ).fetchone()
    with pytest.raises(ValidationError, match="por qué se reabre el dictamen"):
        reopen_dictamen(demo_db, first_id, " ", actor=SECRETARY)
    reason = "Transferencia de saldo entre categorías aprobada por resolución."
    reopen_dictamen(demo_db, first_id, reason, actor=SECRETARY)
    row = demo_db["dictamenes"].get(first_id)
    assert (row["status"], row["reopened_reason"]) == ("reabierto", reason)
    assert demo_db.execute(
        "SELECT action, actor, reason FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("reabrir dictamen", SECRETARY, reason)
    with pytest.raises(ValidationError, match="ya está reabierto"):
        reopen_dictamen(demo_db, first_id, reason, actor=SECRETARY)

    # Changes are possible again: the new allocation is saved and a new dictamen issued.
    transfer(demo_db, 400_000_00)
    save_ranking(demo_db, CALL, actor=SECRETARY, today=ON)
    assert demo_db.execute(
        "SELECT outcome FROM plan_allocations WHERE plan_id = ?", [plan]
    ).fetchone() == ("accesitario",)
    assert issue_dictamenes(demo_db, CALL, [plan], actor=SECRETARY, on=ON) == [
        "GRC-PROCOMPITE-2026-0002"
    ]
    second = demo_db.execute(
        "SELECT status, verification_code, snapshot FROM dictamenes WHERE plan_id = ? AND id <> ?",
        [plan, first_id],
    ).fetchone()
    assert second[0] == "emitido" and second[1] != first_code
    assert json.loads(second[2])["asignacion"]["resultado"] == "Accesitario"
    assert demo_db["dictamenes"].get(first_id)["status"] == "reabierto"
    with pytest.raises(sqlite3.IntegrityError, match="dictamen emitido"):
        demo_db.execute("UPDATE plans SET title = 'Otro' WHERE id = ?", [plan])


def second_call_with_a_decided_plan(db) -> tuple[int, int]:
    """Another call of 2026 whose one plan is scored by its own committee, decided and ranked."""
    first = db["calls"].get(CALL)
    call_id = (
        db["calls"]
        .insert(
            {key: value for key, value in first.items() if key != "id"}
            | {"name": "PROCOMPITE 2026 — segunda convocatoria", "document_prefix": ""}
        )
        .last_pk
    )
    template = db.execute("SELECT id FROM rubrics WHERE call_id IS NULL").fetchone()[0]
    copy_rubric_to_call(db, template, call_id)
    committee = [
        save_member(db, call_id, {"full_name": f"Evaluador {i}", "dni": f"4{i}111111", "role": r})
        for i, r in enumerate(("presidente", "miembro", "secretario_tecnico"))
    ]
    organization = db["plans"].get(plan_id(db, "PN-2026-006"))["organization_id"]
    plan = (
        db["plans"]
        .insert(
            {
                "call_id": call_id,
                "code": "PN-2026-001",
                "organization_id": organization,
                "title": "Plan de la segunda convocatoria",
                "status": "admitido",
                "registered_on": "2026-07-01",
                "created_at": "2026-07-01T00:00:00+00:00",
                "updated_at": "2026-07-01T00:00:00+00:00",
            }
        )
        .last_pk
    )
    criterion_ids = [
        row[0]
        for row in db.execute(
            "SELECT c.id FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
            "WHERE r.call_id = ?",
            [call_id],
        )
    ]
    for member in committee:
        declare(db, plan, member, False)
        save_sheet(db, plan, member, dict.fromkeys(criterion_ids, Decimal(5)), {}, submit=True)
    consolidate_plan(db, plan, actor=SECRETARY, today=ON)
    save_ranking(db, call_id, actor=SECRETARY, today=ON)
    return call_id, plan


def test_two_calls_of_the_same_year_without_prefix_get_distinct_numbers(demo_db):
    demo_db["calls"].update(CALL, {"document_prefix": ""})
    second, plan = second_call_with_a_decided_plan(demo_db)
    [first_number] = issue_dictamenes(
        demo_db, CALL, [plan_id(demo_db, "PN-2026-011")], actor=SECRETARY, on=ON
    )
    assert first_number == "DICTAMEN-2026-0001"
    [second_number] = issue_dictamenes(demo_db, second, [plan], actor=SECRETARY, on=ON)
    assert second_number != first_number
