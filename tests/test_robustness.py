"""How robust a call's award is, on copies of the demo: call 1 has twelve decided plans scored by
its five members (four on PN-2026-001, where Julio declared a conflict), pools A and B, and the
mean as its method. Each test rewrites the sent scores of the plans it needs and decides them
again, so that the figures can be worked out by hand."""

import json
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import product

import numpy as np
import pytest

from procompite.evaluation.consolidation import consolidate_frame, plan_totals, submitted_scores
from procompite.evaluation.results import call_results, save_ranking
from procompite.evaluation.robustness import NO_DECIDED, robustness, robustness_record
from procompite.evaluation.robustness_margin import (
    consolidated_totals,
    evaluator_cost,
    score_cube,
)
from procompite.evaluation.scoring import reopen_sheet, save_sheet
from procompite.evaluation.verdicts import consolidate_plan
from tests.cli_helpers import procompite

CALL = 1
ON = date(2026, 11, 20)
SECRETARY = "Luz Marina Zamalloa Torres"
ROSA, JULIO, CARMEN, EDWIN, LUZ = range(5)  # committee positions
EDWIN_NAME = "Edwin Alberto Cárdenas Quispe"


# --- helpers ---------------------------------------------------------------------------------


def plan_id(db, code: str) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]


def sent_sheets(db, plan: int) -> dict[int, tuple[int, int]]:
    """Committee position -> (evaluation, member) of the plan's sent sheets."""
    return {
        position: (evaluation, member)
        for position, evaluation, member in db.execute(
            "SELECT m.position, e.id, m.id FROM evaluations e "
            "JOIN committee_members m ON m.id = e.committee_member_id "
            "WHERE e.plan_id = ? AND e.status = 'enviada' "
            "AND e.round = (SELECT max(round) FROM evaluations WHERE plan_id = e.plan_id)",
            [plan],
        ).fetchall()
    }


def decided_codes(db) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT p.code FROM plan_verdicts v JOIN plans p ON p.id = v.plan_id "
            "WHERE p.call_id = ? ORDER BY p.code",
            [CALL],
        )
    ]


def criteria(db) -> list[int]:
    return [
        row[0]
        for row in db.execute(
            "SELECT c.id FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
            "WHERE r.call_id = ? ORDER BY c.position",
            [CALL],
        )
    ]


def fine_levels(db) -> None:
    """The demo's rubric with a described level every 0.05 points, so sheets can say 3.45."""
    for criterion in criteria(db):
        known = {
            row[0]
            for row in db.execute(
                "SELECT round(points * 100) FROM rubric_levels WHERE criterion_id = ?", [criterion]
            )
        }
        db["rubric_levels"].insert_all(
            {
                "criterion_id": criterion,
                "position": 10 + step,
                "points": step * 5 / 100,
                "description": "Nivel intermedio (prueba).",
            }
            for step in range(101)
            if step * 5 not in known
        )


def resend(db, plan: int, sheets: dict[int, list[Decimal]]) -> None:
    """Reopen the plan's sent sheets, send them again with these points (by committee position)
    and decide the plan again."""
    found = sent_sheets(db, plan)
    for position, points in sheets.items():
        evaluation, member = found[position]
        reopen_sheet(db, evaluation, "Recalificación de prueba.", actor=SECRETARY)
        save_sheet(db, plan, member, dict(zip(criteria(db), points, strict=True)), {}, submit=True)
    consolidate_plan(db, plan, actor=SECRETARY, today=ON)


def rescore(db, code: str, points, **by_member) -> None:
    """Every sent sheet of the plan gives ``points`` (one figure, or one per criterion in rubric
    order); ``by_member`` (rosa=..., edwin=...) gives other points to some members."""
    fine_levels(db)
    names = {"rosa": ROSA, "julio": JULIO, "carmen": CARMEN, "edwin": EDWIN, "luz": LUZ}
    chosen = {names[name]: value for name, value in by_member.items()}
    count = len(criteria(db))
    plan = plan_id(db, code)
    sheets = {}
    for position in sent_sheets(db, plan):
        value = chosen.get(position, points)
        values = value if isinstance(value, list) else [value] * count
        sheets[position] = [Decimal(str(figure)) for figure in values]
    resend(db, plan, sheets)


def unanimous(db) -> None:
    """Every member of each decided plan (but the observed one) gives its first sheet's scores."""
    for code in decided_codes(db):
        plan = plan_id(db, code)
        if db["plans"].get(plan)["status"] == "observado":
            continue
        found = sent_sheets(db, plan)
        first = found[min(found)][0]
        by_criterion = dict(
            db.execute("SELECT criterion_id, points FROM scores WHERE evaluation_id = ?", [first])
        )
        points = [Decimal(str(by_criterion[c])) for c in criteria(db)]
        resend(db, plan, {position: points for position in found if found[position][0] != first})


def pool_b(db, *, waitlisted, winner=3.5, **by_member) -> None:
    """Pool B (S/ 600,000): PN-2026-001 first at 90.00 (S/ 287,471.00); PN-2026-003 (S/ 190,923.00)
    and PN-2026-005 (S/ 131,162.00) compete for the rest; PN-2026-022 apto at 60.00 fits in no
    remainder (S/ 212,723.00)."""
    rescore(db, "PN-2026-001", 4.5)
    rescore(db, "PN-2026-022", 3)
    rescore(db, "PN-2026-003", winner)
    rescore(db, "PN-2026-005", waitlisted, **by_member)


def change(found, label: str, pool: str):
    scenario = next(s for s in found.scenarios if s.label == label)
    return next(c for c in scenario.changes if c.pool == pool)


def verdict(found, pool: str) -> str:
    return next(v.text for v in found.verdicts if v.pool == pool)


# --- scenarios -------------------------------------------------------------------------------


def test_excluding_a_harsh_evaluator_swaps_the_cut_and_names_them(demo_db):
    unanimous(demo_db)
    # PN-2026-005: four members give 4 on every criterion, Edwin 0: 64.00 against 70.00.
    pool_b(demo_db, waitlisted=4, edwin=0)
    outcomes = {
        p.code: p.allocation.outcome for p in call_results(demo_db, CALL, ON).plans if p.allocation
    }
    assert (outcomes["PN-2026-003"], outcomes["PN-2026-005"]) == ("ganador", "accesitario")

    found = robustness(demo_db, CALL, ON)
    # Without Edwin PN-2026-005 has 80.00; it comes second and PN-2026-003 no longer fits.
    swapped = change(found, f"Sin {EDWIN_NAME}", "B")
    assert (swapped.entering, swapped.leaving) == (("PN-2026-005",), ("PN-2026-003",))
    others = [
        s for s in found.scenarios if s.kind == "sin_evaluador" and s.member.name != EDWIN_NAME
    ]
    assert len(others) == 4 and not any(s.changed for s in others)
    assert verdict(found, "B").startswith(
        f"Cambia si se excluye a {EDWIN_NAME}: entra PN-2026-005, sale PN-2026-003"
    )
    assert verdict(found, "A") == (
        "El resultado no cambia si se excluye a cualquier evaluador ni si se consolida con la "
        "mediana."
    )


def test_a_unanimous_committee_leaves_the_result_unchanged(demo_db):
    unanimous(demo_db)
    found = robustness(demo_db, CALL, ON)
    assert found.decided == 12 and len(found.scenarios) == 6
    assert not any(scenario.changed for scenario in found.scenarios)
    assert [v.text for v in found.verdicts] == [
        "El resultado no cambia si se excluye a cualquier evaluador ni si se consolida con la "
        "mediana."
    ] * 2
    assert [v["texto"] for v in robustness_record(found)["veredictos"]] == [
        v.text for v in found.verdicts
    ]


def test_the_median_scenario_detects_a_change_the_exclusions_do_not(demo_db):
    unanimous(demo_db)
    # PN-2026-005: 4, 4, 4 and Rosa and Julio 2: mean 3.20 (64.00), median 4 (80.00). Without
    # one member the mean is at most 3.50 (70.00), below PN-2026-003's 71.00.
    pool_b(demo_db, waitlisted=4, winner=3.55, rosa=2, julio=2)
    found = robustness(demo_db, CALL, ON)
    assert [s.label for s in found.scenarios if s.changed] == ["Consolidado con la mediana"]
    assert verdict(found, "B") == (
        "Cambia si se consolida con la mediana: entra PN-2026-005, sale PN-2026-003."
    )


def test_a_plan_left_below_the_quorum_is_listed(demo_db):
    unanimous(demo_db)
    plan = plan_id(demo_db, "PN-2026-003")
    for member in (EDWIN, LUZ):
        reopen_sheet(demo_db, sent_sheets(demo_db, plan)[member][0], "Revisión.", actor=SECRETARY)
    consolidate_plan(demo_db, plan, actor=SECRETARY, today=ON)
    found = robustness(demo_db, CALL, ON)
    short = {s.member.name: s.below_quorum for s in found.scenarios if s.member}
    assert short["Rosa Elvira Ccahuana Farfán"] == ("PN-2026-003",)
    assert short[EDWIN_NAME] == ()


# --- severity --------------------------------------------------------------------------------


def test_a_member_one_point_below_on_three_criteria_is_three_points_severe(demo_db):
    for code in decided_codes(demo_db):
        rescore(demo_db, code, 4, edwin=[3, 3, 3] + [4] * 17)
    record = robustness_record(robustness(demo_db, CALL, ON))
    severity = {s["evaluador"]: s for s in record["severidad"]}
    edwin = severity[EDWIN_NAME]
    assert (edwin["planes"], edwin["desviacion_promedio"]) == (12, "-3.00")
    assert (edwin["desviacion_minima"], edwin["desviacion_maxima"]) == ("-3.00", "-3.00")
    # Rosa: 80 - (3 × 80 + 77) / 4 = 0.75 on eleven plans, 80 - (80 + 77 + 80) / 3 = 1.00 on
    # PN-2026-001 (Julio in conflict): 9.25 / 12 = 0.7708...
    rosa = severity["Rosa Elvira Ccahuana Farfán"]
    assert (rosa["planes"], rosa["desviacion_promedio"]) == (12, "0.77")
    assert (rosa["desviacion_minima"], rosa["desviacion_maxima"]) == ("0.75", "1.00")
    assert severity["Julio César Villafuerte Loayza"]["planes"] == 11


# --- margin at the cut -----------------------------------------------------------------------


def test_margin_at_the_cut_with_three_members_by_hand(demo_db):
    unanimous(demo_db)
    for code in ("PN-2026-003", "PN-2026-005"):
        plan = plan_id(demo_db, code)
        for member in (EDWIN, LUZ):
            evaluation = sent_sheets(demo_db, plan)[member][0]
            reopen_sheet(demo_db, evaluation, "Revisión.", actor=SECRETARY)
    # Rosa, Julio and Carmen: 3.50 on PN-2026-003 (70.00), 3.45 on PN-2026-005 (69.00). The
    # accesitario must gain 1.01. On each of the 40 criteria the first hundredth costs 0.02 (a
    # sum of 10.35 + 0.02 is 3.4567, rounded 3.46; 10.50 - 0.02 is 3.4933, rounded 3.49) and
    # each next one 0.03: 40 × 0.02 + 61 × 0.03 = 2.63.
    pool_b(demo_db, waitlisted=3.45)
    margin = next(m for m in robustness(demo_db, CALL, ON).margins if m.pool == "B")
    assert (margin.winner, margin.waitlisted, margin.gap_h) == ("PN-2026-003", "PN-2026-005", 100)
    costs = {cost.member.name: cost.cost_h for cost in margin.costs}
    assert costs == {
        "Rosa Elvira Ccahuana Farfán": 263,
        "Julio César Villafuerte Loayza": 263,
        "Carmen Rosa Béjar Huamán": 263,
        EDWIN_NAME: None,
        SECRETARY: None,
    }
    record = robustness_record(robustness(demo_db, CALL, ON))["margenes"][1]
    assert (record["diferencia"], record["puntos_minimos"], record["evaluador"]) == (
        "1.00",
        "2.63",
        "Rosa Elvira Ccahuana Farfán",
    )


def _value(scores: list[int], method: str) -> int:
    """One criterion consolidated with Decimal, independently of the library."""
    if method == "mean":
        exact = Decimal(sum(scores)) / len(scores)
    else:
        ordered, middle = sorted(scores), len(scores) // 2
        exact = (
            Decimal(ordered[middle])
            if len(scores) % 2
            else (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2
        )
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("method", ["mean", "median"])
@pytest.mark.parametrize("seed", range(12))
def test_the_margin_is_the_least_change_an_exhaustive_search_finds(method, seed):
    """Two plans × two criteria of 0 to 0.06 points, two to four members: every way the first
    member can rewrite their four scores is tried."""
    rng = random.Random(seed)
    top, count = 6, rng.randint(2, 4)
    plans = [[[rng.randint(0, top) for _ in range(count)] for _ in range(2)] for _ in range(2)]
    needed = rng.randint(1, 5)

    def total(plan):
        return sum(_value(row, method) for row in plan)

    best = None
    for own in product(range(top + 1), repeat=4):
        raised = [[own[c], *plans[0][c][1:]] for c in range(2)]
        lowered = [[own[2 + c], *plans[1][c][1:]] for c in range(2)]
        if (total(raised) - total(plans[0])) + (total(plans[1]) - total(lowered)) >= needed:
            cost = sum(
                abs(own[c] - plans[0][c][0]) + abs(own[2 + c] - plans[1][c][0]) for c in range(2)
            )
            best = cost if best is None else min(best, cost)

    def arrays(plan):
        scores = np.array(plan, dtype=np.int64)
        return scores, np.ones_like(scores, dtype=bool)

    max_h = np.array([top, top], dtype=np.int64)
    assert evaluator_cost(method, arrays(plans[0]), arrays(plans[1]), max_h, 0, needed) == best


def test_no_accesitario_is_said(demo_db):
    demo_db.execute("UPDATE call_categories SET budget_cents = 100000000")
    found = robustness(demo_db, CALL, ON)
    for margin in found.margins:
        assert margin.waitlisted is None and margin.costs == ()
        assert (
            margin.note == "No hay accesitarios: todos los aptos de la categoría están financiados."
        )


# --- consolidation, empty calls and the command line -----------------------------------------


@pytest.mark.parametrize("method", ["mean", "median"])
def test_the_scenario_totals_match_consolidate_frame(demo_db, method):
    results = call_results(demo_db, CALL, ON)
    decided = [p.plan_id for p in results.plans if p.verdict]
    team = [row[0] for row in demo_db.execute("SELECT id FROM committee_members ORDER BY position")]
    cube = score_cube(demo_db, CALL, decided, team)
    scores = submitted_scores(demo_db, CALL)
    expected = plan_totals(consolidate_frame(scores, method, 0))["total_h"]
    assert consolidated_totals(cube.points, cube.present, method).tolist() == [
        int(expected[plan]) for plan in decided
    ]


def test_a_call_without_decided_plans_gives_an_empty_valid_result(demo_db):
    of_call = "plan_id IN (SELECT id FROM plans WHERE call_id = ?)"
    demo_db.execute(f"DELETE FROM plan_allocations WHERE {of_call}", [CALL])
    demo_db.execute(f"DELETE FROM plan_verdicts WHERE {of_call}", [CALL])
    found = robustness(demo_db, CALL, ON)
    assert (found.decided, found.message, found.scenarios, found.margins) == (0, NO_DECIDED, (), ())
    record = json.loads(json.dumps(robustness_record(found)))
    assert record["mensaje"] == NO_DECIDED and record["escenarios"] == []


def test_the_command_prints_the_same_json_twice_and_readable_text(demo_path):
    on = ("robustness", "--db", str(demo_path), "--call", str(CALL))
    first, second = procompite(*on, "--format", "json"), procompite(*on, "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    record = json.loads(first.stdout)
    assert record["planes_decididos"] == 12 and len(record["escenarios"]) == 6
    assert [m["categoria"] for m in record["margenes"]] == ["A", "B"]
    text = procompite(*on)
    assert text.returncode == 0, text.stderr
    for heading in (
        "Escenarios",
        "Severidad de los evaluadores",
        "Margen en el corte",
        "Veredicto",
    ):
        assert heading in text.stdout
    missing = procompite("robustness", "--db", str(demo_path), "--call", "99")
    assert missing.returncode == 2
    assert missing.stderr.startswith("Error: no existe la convocatoria 99.")
    assert missing.stderr.count("\n") == 1


# --- the acta's annex and the screen -----------------------------------------------------------


def test_the_acta_prints_the_annex_it_froze_and_verifies(demo_db):
    from procompite.calls.entity import letterhead
    from procompite.documents.pdf.acta import load_acta, render_acta
    from procompite.documents.verification import verify
    from tests.report_helpers import ISSUED_ON, issue_demo_acta, pages_text

    unanimous(demo_db)
    pool_b(demo_db, waitlisted=4, edwin=0)
    save_ranking(demo_db, CALL, actor=SECRETARY, today=ISSUED_ON)
    issue_demo_acta(demo_db)
    document = load_acta(demo_db, CALL)
    annex = document.snapshot["solidez"]
    assert annex == robustness_record(robustness(demo_db, CALL, ISSUED_ON))
    text = " ".join(" ".join(pages_text(render_acta(document, letterhead(demo_db)))).split())
    assert "Anexo: solidez del resultado" in text
    assert f"Cambia si se excluye a {EDWIN_NAME}: entra PN-2026-005, sale PN-2026-003" in text
    assert "Severidad de cada evaluador" in text and "Margen en el corte" in text
    assert verify(demo_db, document.code).valid


def test_the_screen_shows_the_verdicts_and_the_tables(demo_db, qtbot, settings):
    from ui.evaluation.robustness_dialog import RobustnessDialog

    unanimous(demo_db)
    pool_b(demo_db, waitlisted=4, edwin=0)
    record = robustness_record(robustness(demo_db, CALL, ON))
    dialog = RobustnessDialog(settings, record)
    qtbot.addWidget(dialog)
    assert f"Cambia si se excluye a {EDWIN_NAME}" in dialog.verdicts.text()
    rows = {
        dialog.scenarios.item(row, 0).text(): dialog.scenarios.item(row, 2).text()
        for row in range(dialog.scenarios.rowCount())
    }
    assert rows[f"Sin {EDWIN_NAME}"] == "PN-2026-005"
    assert dialog.severity.rowCount() == len(record["severidad"])
    assert dialog.margins.rowCount() == len(record["margenes"])
