"""A committee member's work on a plan: the conflict declaration and the evaluation sheet.

Every change is written to ``audit_log`` in the same transaction. A member scores a plan only
after declaring "sin conflicto" for it, and withdraws a declared conflict only with a written
reason; a submitted sheet is read-only until the presidency or the technical secretariat reopens
it with a written reason.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlite_utils import Database

from procompite.calls.status import require_plan_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.labels import PLAN_STATUS
from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import (
    CURRENT_ROUND_SQL,
    current_round,
    hundredths,
    visible_scores,
)
from procompite.evaluation.verdicts import withdraw_verdict
from procompite.storage import audit

SCORABLE_STATUSES = ("admitido", "en_evaluacion")


@dataclass(frozen=True)
class Declaration:
    has_conflict: bool
    reason: str
    declared_at: str


@dataclass
class Sheet:
    """One member's evaluation of one plan in its current round."""

    plan_id: int
    member_id: int
    round: int
    evaluation_id: int | None = None
    status: str = "nueva"
    submitted_at: str | None = None
    points: dict[int, Decimal] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.status == "enviada"

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


def declaration(db: Database, plan_id: int, member_id: int) -> Declaration | None:
    row = db.execute(
        "SELECT has_conflict, reason, declared_at FROM conflict_declarations "
        "WHERE plan_id = ? AND committee_member_id = ?",
        [plan_id, member_id],
    ).fetchone()
    return Declaration(bool(row[0]), row[1], row[2]) if row else None


def declare(
    db: Database,
    plan_id: int,
    member_id: int,
    has_conflict: bool,
    reason: str = "",
    *,
    actor: str | None = None,
) -> None:
    """Record whether the member has a conflict of interest with the plan.

    Going back to "sin conflicto" after declaring one needs ``reason``, kept in the audit trail.
    """
    require_plan_stage(db, plan_id, "calificar")
    reason = reason.strip()
    if has_conflict and not reason:
        raise ValidationError(
            [Problem("Motivo", "Explique el conflicto de interés (parentesco, relación, etc.).")]
        )
    before = declaration(db, plan_id, member_id)
    withdrawn = before is not None and before.has_conflict and not has_conflict
    if withdrawn and not reason:
        raise ValidationError(
            [
                Problem(
                    "Motivo",
                    "Escriba por qué retira el conflicto de interés declarado; el motivo queda "
                    "en el registro de auditoría.",
                )
            ]
        )
    who = member(db, member_id)
    plan = db["plans"].get(plan_id)
    if plan["call_id"] != who.call_id:
        raise ValidationError([Problem("Plan", "El plan no pertenece a la convocatoria.")])
    if has_conflict and db["evaluations"].count_where(
        "plan_id = ? AND committee_member_id = ?", [plan_id, member_id]
    ):
        raise ValidationError(
            [
                Problem(
                    "Conflicto",
                    f"{who.full_name} ya tiene una ficha de {plan['code']}; la secretaría debe "
                    "anularla antes de registrar el conflicto.",
                )
            ]
        )
    at = now_iso()
    row = {
        "plan_id": plan_id,
        "committee_member_id": member_id,
        "has_conflict": int(has_conflict),
        "reason": reason if has_conflict else "",
        "declared_at": at,
    }
    with db.atomic():
        db.execute(
            "DELETE FROM conflict_declarations WHERE plan_id = ? AND committee_member_id = ?",
            [plan_id, member_id],
        )
        row_id = db["conflict_declarations"].insert(row).last_pk
        audit.record(
            db,
            actor=actor or who.full_name,
            action="retirar conflicto de interés" if withdrawn else "declarar conflicto de interés",
            table="conflict_declarations",
            row_id=row_id,
            before=_declaration_dict(before),
            after=_declaration_dict(Declaration(has_conflict, row["reason"], at)),
            reason=reason if withdrawn else "",
            at=at,
        )


def _declaration_dict(value: Declaration | None) -> dict | None:
    if value is None:
        return None
    return {"con_conflicto": value.has_conflict, "motivo": value.reason}


def load_sheet(db: Database, plan_id: int, member_id: int) -> Sheet:
    round_ = current_round(db, plan_id)
    sheet = Sheet(plan_id, member_id, round_)
    row = db.execute(
        "SELECT id, status, submitted_at FROM evaluations "
        "WHERE plan_id = ? AND committee_member_id = ? AND round = ?",
        [plan_id, member_id, round_],
    ).fetchone()
    if row is None:
        return sheet
    sheet.evaluation_id, sheet.status, sheet.submitted_at = row
    for criterion_id, points, comment in db.execute(
        "SELECT criterion_id, points, comment FROM scores WHERE evaluation_id = ?", [row[0]]
    ):
        sheet.points[criterion_id] = Decimal(hundredths(points)) / 100
        sheet.comments[criterion_id] = comment
    return sheet


def _levels(db: Database, plan_id: int) -> dict[int, tuple[str, set[int]]]:
    sql = """
        SELECT c.id, c.code, l.points FROM plans p
        JOIN rubrics r ON r.call_id = p.call_id
        JOIN rubric_criteria c ON c.rubric_id = r.id
        JOIN rubric_levels l ON l.criterion_id = c.id
        WHERE p.id = ?
    """
    levels: dict[int, tuple[str, set[int]]] = {}
    for criterion_id, code, points in db.execute(sql, [plan_id]):
        levels.setdefault(criterion_id, (code, set()))[1].add(hundredths(points))
    return levels


def _sheet_problems(sheet: Sheet, levels: dict, submit: bool) -> list[Problem]:
    problems = []
    for criterion_id, value in sheet.points.items():
        if criterion_id not in levels:
            problems.append(
                Problem("Criterio", "El criterio no es de la rúbrica de la convocatoria.")
            )
        elif (
            Decimal(str(value)) * 100 != hundredths(value)
            or hundredths(value) not in levels[criterion_id][1]
        ):
            problems.append(
                Problem(
                    f"Criterio {levels[criterion_id][0]}",
                    f"{value} no es uno de los niveles descritos del criterio.",
                )
            )
    if submit:
        missing = [
            code for criterion_id, (code, _) in levels.items() if criterion_id not in sheet.points
        ]
        if missing:
            problems.append(
                Problem(
                    "Ficha", "Falta calificar los criterios " + ", ".join(sorted(missing)) + "."
                )
            )
    return problems


def _check_may_score(db: Database, sheet: Sheet) -> None:
    plan = db["plans"].get(sheet.plan_id)
    who = member(db, sheet.member_id)
    declared = declaration(db, sheet.plan_id, sheet.member_id)
    if declared is None:
        raise ValidationError(
            [Problem("Conflicto de interés", "Declare primero si tiene conflicto con este plan.")]
        )
    if declared.has_conflict:
        raise ValidationError(
            [
                Problem(
                    "Conflicto de interés",
                    f"{who.full_name} declaró conflicto con {plan['code']}; no puede calificarlo.",
                )
            ]
        )
    if plan["status"] not in SCORABLE_STATUSES:
        raise ValidationError(
            [Problem("Plan", f"{plan['code']} no está en evaluación; no se puede calificar.")]
        )


def save_sheet(
    db: Database,
    plan_id: int,
    member_id: int,
    points: dict[int, Decimal | None],
    comments: dict[int, str],
    *,
    submit: bool = False,
) -> Sheet:
    """Save the member's scores as a draft or, with ``submit``, send them to the committee."""
    require_plan_stage(db, plan_id, "calificar")
    sheet = load_sheet(db, plan_id, member_id)
    if sheet.submitted:
        raise ValidationError(
            [Problem("Ficha", "La ficha ya fue enviada; solo la secretaría puede reabrirla.")]
        )
    _check_may_score(db, sheet)
    levels = _levels(db, plan_id)
    before = _sheet_dict(sheet, levels)
    sheet.points = {key: Decimal(str(value)) for key, value in points.items() if value is not None}
    sheet.comments = {key: text.strip() for key, text in comments.items() if text.strip()}
    if problems := _sheet_problems(sheet, levels, submit):
        raise ValidationError(problems)
    who = member(db, member_id)
    at = now_iso()
    with db.atomic():
        if sheet.evaluation_id is None:
            sheet.evaluation_id = (
                db["evaluations"]
                .insert(
                    {
                        "plan_id": plan_id,
                        "committee_member_id": member_id,
                        "round": sheet.round,
                        "status": "borrador",
                        "started_at": at,
                    }
                )
                .last_pk
            )
        db.execute("DELETE FROM scores WHERE evaluation_id = ?", [sheet.evaluation_id])
        db["scores"].insert_all(
            {
                "evaluation_id": sheet.evaluation_id,
                "criterion_id": criterion_id,
                "points": float(value),
                "comment": sheet.comments.get(criterion_id, ""),
                "updated_at": at,
            }
            for criterion_id, value in sheet.points.items()
        )
        if submit:
            db["evaluations"].update(sheet.evaluation_id, {"status": "enviada", "submitted_at": at})
            sheet.status, sheet.submitted_at = "enviada", at
        else:
            sheet.status = "borrador"
        db.execute(
            "UPDATE plans SET status = 'en_evaluacion', updated_at = ? "
            "WHERE id = ? AND status = 'admitido'",
            [at, plan_id],
        )
        audit.record(
            db,
            actor=who.full_name,
            action="enviar ficha de evaluación" if submit else "guardar borrador de ficha",
            table="evaluations",
            row_id=sheet.evaluation_id,
            before=before,
            after=_sheet_dict(sheet, levels),
            at=at,
        )
    return sheet


def _sheet_dict(sheet: Sheet, levels: dict) -> dict | None:
    if sheet.evaluation_id is None:
        return None
    codes = {key: code for key, (code, _) in levels.items()}
    return {
        "estado": sheet.status,
        "ronda": sheet.round,
        "puntajes": {codes[key]: str(value) for key, value in sheet.points.items()},
        "comentarios": {codes[key]: text for key, text in sheet.comments.items()},
    }


def reopen_sheet(db: Database, evaluation_id: int, reason: str, *, actor: str) -> None:
    """Send a submitted sheet back to draft; withdraws the plan's verdict of that round."""
    evaluation = db.execute("SELECT plan_id FROM evaluations WHERE id = ?", [evaluation_id])
    require_plan_stage(db, (evaluation.fetchone() or [0])[0], "calificar")
    reason = reason.strip()
    if not reason:
        raise ValidationError([Problem("Motivo", "Escriba por qué se reabre la ficha.")])
    row = db["evaluations"].get(evaluation_id)
    if row["status"] != "enviada":
        raise ValidationError([Problem("Ficha", "La ficha no está enviada.")])
    at = now_iso()
    with db.atomic():
        db["evaluations"].update(evaluation_id, {"status": "borrador", "submitted_at": None})
        audit.record(
            db,
            actor=actor,
            action="reabrir ficha de evaluación",
            table="evaluations",
            row_id=evaluation_id,
            before={"estado": "enviada", "enviada_el": row["submitted_at"]},
            after={"estado": "borrador"},
            reason=reason,
            at=at,
        )
        withdraw_verdict(db, row["plan_id"], row["round"], reason=reason, actor=actor, at=at)


def may_see_others(db: Database, plan_id: int, member_id: int) -> bool:
    """A member sees the others' scores once their own sheet is sent or the round is decided,
    never with a conflict declared (:func:`~procompite.evaluation.consolidation.score_visibility`).
    """
    return visible_scores(db, plan_id, member_id).members


@dataclass(frozen=True)
class WorkItem:
    """A plan as one committee member sees it on their list."""

    id: int
    code: str
    organization: str
    category: str
    chain: str
    status: str
    declaration: str
    sheet: str
    total: str


SHEET_STATUS = {None: "Sin ficha", "borrador": "Borrador", "enviada": "Enviada"}


def worklist(db: Database, call_id: int, member_id: int) -> list[WorkItem]:
    """The plans of the call in evaluation, with the member's declaration and sheet."""
    sql = f"""
        SELECT p.id, p.code, o.name, coalesce(cat.name, ''), coalesce(ch.name, ''), p.status,
               cd.has_conflict, e.status,
               (SELECT sum(s.points) FROM scores s WHERE s.evaluation_id = e.id)
        FROM plans p
        JOIN organizations o ON o.id = p.organization_id
        LEFT JOIN call_categories cat ON cat.id = p.category_id
        LEFT JOIN chains ch ON ch.id = p.chain_id
        LEFT JOIN conflict_declarations cd
               ON cd.plan_id = p.id AND cd.committee_member_id = :member
        LEFT JOIN evaluations e ON e.plan_id = p.id AND e.committee_member_id = :member
               AND e.round = {CURRENT_ROUND_SQL.format(plan="p.id")}
        WHERE p.call_id = :call
          AND p.status IN ('admitido', 'en_evaluacion', 'evaluado', 'observado')
        ORDER BY p.code
    """
    return [
        WorkItem(
            plan_id,
            code,
            organization,
            category,
            chain,
            PLAN_STATUS.get(status, status),
            "Sin declarar"
            if conflict is None
            else ("Con conflicto" if conflict else "Sin conflicto"),
            SHEET_STATUS.get(sheet, sheet),
            f"{total:.2f}" if total is not None else "",
        )
        for plan_id, code, organization, category, chain, status, conflict, sheet, total in (
            db.execute(sql, {"member": member_id, "call": call_id}).fetchall()
        )
    ]
