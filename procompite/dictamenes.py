"""Issuing a plan's dictamen: a numbered, dated snapshot of everything the committee decided.

The snapshot holds every figure the printed dictamen shows; its verification code is derived
from that content. Once issued, the triggers of migration 0002 keep all its inputs as they were
until the dictamen is reopened with a written reason; reissuing gives a new number.
"""

import hashlib
import json
from datetime import date

from sqlite_utils import Database

from procompite import audit
from procompite.clock import now_iso
from procompite.committee import members
from procompite.consolidation import METHOD_LABEL, format_points, plan_consolidation
from procompite.dates import format_long, format_short
from procompite.errors import Problem, ValidationError
from procompite.labels import VERDICT
from procompite.money import format_soles
from procompite.plan_brief import plan_brief
from procompite.results import OUTCOME, PlanResult, call_results
from procompite.verdicts import notes


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def verification_code(snapshot: dict) -> str:
    """Sixteen hex digits of the SHA-256 of the snapshot, in groups of four."""
    digest = hashlib.sha256(canonical(snapshot).encode()).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def issue_problems(plan: PlanResult) -> list[Problem]:
    problems = []
    if plan.issued:
        problems.append(Problem(plan.code, f"ya tiene el dictamen {plan.dictamen_number}."))
    if plan.verdict is None:
        problems.append(Problem(plan.code, "la evaluación no está consolidada."))
    if plan.unresolved_flags:
        problems.append(
            Problem(
                plan.code,
                f"{plan.unresolved_flags} criterio(s) con discrepancia sin nota de discusión.",
            )
        )
    if plan.verdict is not None and plan.saved != plan.computed:
        problems.append(Problem(plan.code, "el cuadro de mérito cambió; guárdelo antes de emitir."))
    return problems


def _evaluation(db: Database, plan: PlanResult) -> dict:
    consolidation = plan_consolidation(db, plan.plan_id)
    names = {m.id: m.full_name for m in members(db, db["plans"].get(plan.plan_id)["call_id"])}
    discussed = notes(db, plan.plan_id, consolidation.round)
    sheets = db.execute(
        "SELECT committee_member_id, submitted_at FROM evaluations "
        "WHERE plan_id = ? AND round = ? AND status = 'enviada' ORDER BY committee_member_id",
        [plan.plan_id, consolidation.round],
    ).fetchall()
    comments = {
        (member_id, criterion_id): comment
        for member_id, criterion_id, comment in db.execute(
            "SELECT e.committee_member_id, s.criterion_id, s.comment FROM scores s "
            "JOIN evaluations e ON e.id = s.evaluation_id "
            "WHERE e.plan_id = ? AND e.round = ? AND e.status = 'enviada' AND s.comment <> ''",
            [plan.plan_id, consolidation.round],
        )
    }
    return {
        "ronda": consolidation.round,
        "fichas": [
            {"evaluador": names[member_id], "enviada": submitted_at}
            for member_id, submitted_at in sheets
        ],
        "criterios": [
            {
                "codigo": c.code,
                "criterio": c.name,
                "seccion": c.section,
                "maximo": format_points(c.max_h),
                "puntajes": {names[m]: format_points(v) for m, v in c.by_member.items()},
                "comentarios": {
                    names[m]: comments[(m, c.criterion_id)]
                    for m in c.by_member
                    if (m, c.criterion_id) in comments
                },
                "consolidado": format_points(c.consolidated_h),
                "discrepancia": c.flagged,
                "nota": discussed.get(c.criterion_id, ""),
            }
            for c in consolidation.criteria
        ],
        "total": format_points(consolidation.total_h),
    }


def build_snapshot(db: Database, plan: PlanResult, number: str, issued_on: date) -> dict:
    plan_row = db["plans"].get(plan.plan_id)
    call = db["calls"].get(plan_row["call_id"])
    results_pool = plan.allocation.pool if plan.allocation else ""
    declarations = {
        member_id: (bool(conflict), reason, declared_at)
        for member_id, conflict, reason, declared_at in db.execute(
            "SELECT committee_member_id, has_conflict, reason, declared_at "
            "FROM conflict_declarations WHERE plan_id = ?",
            [plan.plan_id],
        )
    }
    return {
        "numero": number,
        "fecha": issued_on.isoformat(),
        "fecha_texto": format_long(issued_on),
        "convocatoria": {
            "nombre": call["name"],
            "entidad": call["entity_name"],
            "anio": call["year"],
            "puntaje_minimo": format_points(round(call["passing_score"] * 100)),
            "consolidacion": METHOD_LABEL[call["consolidation"]],
            "brecha_discrepancia": format_points(round(call["disagreement_gap"] * 100)),
            "quorum": call["quorum"],
        },
        "plan": plan_brief(db, plan.plan_id, issued_on),
        "comite": [
            {
                "nombre": m.full_name,
                "dni": m.dni,
                "cargo": m.role_label,
                "institucion": m.institution,
                "conflicto": (
                    None
                    if m.id not in declarations
                    else {
                        "declara": "con conflicto" if declarations[m.id][0] else "sin conflicto",
                        "motivo": declarations[m.id][1],
                        "fecha": format_short(declarations[m.id][2]),
                    }
                ),
            }
            for m in members(db, call["id"])
        ],
        "evaluacion": _evaluation(db, plan),
        "veredicto": {
            "codigo": plan.verdict,
            "texto": VERDICT[plan.verdict],
            "puntaje": format_points(plan.verdict_total_h),
            "motivos": plan.reasons,
            "observaciones": plan.observations,
        },
        "asignacion": None
        if plan.allocation is None
        else {
            "bolsa": results_pool,
            "orden": plan.allocation.rank,
            "resultado": OUTCOME[plan.allocation.outcome],
            "monto": format_soles(plan.allocation.amount_cents),
            "desempate": plan.allocation.tie_note,
        },
    }


def next_number(db: Database, call_id: int) -> str:
    call = db["calls"].get(call_id)
    prefix = call["document_prefix"] or f"DICTAMEN-{call['year']}"
    issued = db.execute(
        "SELECT count(*) FROM dictamenes WHERE substr(number, 1, ?) = ?",
        [len(prefix) + 1, prefix + "-"],
    ).fetchone()[0]
    return f"{prefix}-{issued + 1:04d}"


def issue_dictamenes(
    db: Database,
    call_id: int,
    plan_ids: list[int],
    *,
    actor: str,
    on: date | None = None,
) -> list[str]:
    """Issue the dictámenes of the given plans in one transaction; returns their numbers."""
    on = on or date.today()
    results = {plan.plan_id: plan for plan in call_results(db, call_id, on).plans}
    chosen = [results[plan_id] for plan_id in plan_ids]
    if problems := [problem for plan in chosen for problem in issue_problems(plan)]:
        raise ValidationError(problems)
    numbers = []
    at = now_iso()
    with db.atomic():
        for plan in chosen:
            number = next_number(db, call_id)
            snapshot = build_snapshot(db, plan, number, on)
            code = verification_code(snapshot)
            row_id = (
                db["dictamenes"]
                .insert(
                    {
                        "plan_id": plan.plan_id,
                        "number": number,
                        "issued_on": on.isoformat(),
                        "snapshot": canonical(snapshot),
                        "verification_code": code,
                    }
                )
                .last_pk
            )
            audit.record(
                db,
                actor=actor,
                action="emitir dictamen",
                table="dictamenes",
                row_id=row_id,
                after={"numero": number, "plan": plan.code, "verificacion": code},
                at=at,
            )
            numbers.append(number)
    return numbers


def reopen_dictamen(db: Database, dictamen_id: int, reason: str, *, actor: str) -> None:
    """Reopen an issued dictamen so that its plan's evaluation can change again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError([Problem("Motivo", "Escriba por qué se reabre el dictamen.")])
    row = db["dictamenes"].get(dictamen_id)
    if row["status"] != "emitido":
        raise ValidationError([Problem(row["number"], "el dictamen ya está reabierto.")])
    with db.atomic():
        db["dictamenes"].update(dictamen_id, {"status": "reabierto", "reopened_reason": reason})
        audit.record(
            db,
            actor=actor,
            action="reabrir dictamen",
            table="dictamenes",
            row_id=dictamen_id,
            before={"estado": "emitido", "numero": row["number"]},
            after={"estado": "reabierto"},
            reason=reason,
        )
