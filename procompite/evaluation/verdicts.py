"""The committee's verdict on a plan, and the notes of its discussion of disagreements.

A plan is "apto" when every eligibility rule of the call passes and its consolidated total
(the technical score) reaches the call's passing score; otherwise "no apto". The affirmative
points of the call's bonus rules (:mod:`.bonus`) are added to an apto's score for the ranking;
they count towards the passing score only when the call says so, and a plan that is not apto
keeps none. Every verdict carries its reasons: the
rules failed and the score short of the minimum, or that every rule passes and the score reaches
it. The committee may instead mark it "observado", with the observations the AEO must correct;
the plan can then be corrected, admitted again and evaluated in a new round. Below the call's
quorum of sent sheets a plan is neither consolidated nor decided.
"""

import json
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.calls.status import require_plan_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.bonus import BonusLine, call_bonuses
from procompite.evaluation.consolidation import (
    PlanConsolidation,
    format_points,
    hundredths,
    plan_consolidation,
)
from procompite.plans.eligibility import RuleResult, check_rules, failed
from procompite.plans.store import load_plan, plan_facts
from procompite.storage import audit

VERDICT_KEYS = ("veredicto", "puntaje", "motivos", "observaciones")


@dataclass(frozen=True)
class Proposal:
    verdict: str
    total_h: int
    reasons: list[str]
    failed_rules: list[RuleResult]
    bonus: list[BonusLine]
    bonus_h: int


def verdict_for(
    failed_rules: list[RuleResult],
    total_h: int,
    passing_h: int,
    bonus_h: int = 0,
    bonus_counts: bool = False,
) -> tuple[str, list[str]]:
    """The verdict the rules and the total give, with its reasons (never none). The bonus
    reaches the passing score only when ``bonus_counts``."""
    reasons = [f"No cumple: {rule.text}. {rule.detail}" for rule in failed_rules]
    counted = total_h + bonus_h if bonus_counts else total_h
    score = (
        f"Puntaje técnico {format_points(total_h)} más bonificación {format_points(bonus_h)}, "
        f"{format_points(counted)},"
        if bonus_counts and bonus_h
        else f"Puntaje {'técnico ' if bonus_h else ''}{format_points(total_h)}"
    )
    if counted < passing_h:
        reasons.append(
            f"{score} menor que el puntaje mínimo aprobatorio {format_points(passing_h)}."
        )
        if bonus_h and not bonus_counts and not failed_rules:
            reasons.append(
                f"La bonificación de {format_points(bonus_h)} no se suma: según las bases, "
                "no cuenta para alcanzar el puntaje mínimo."
            )
    if reasons:
        return "no_apto", reasons
    bonus = (
        [
            f"Bonificación {format_points(bonus_h)}: puntaje final "
            f"{format_points(total_h + bonus_h)}."
        ]
        if bonus_h
        else []
    )
    return "apto", [
        "Cumple todos los requisitos de elegibilidad de la convocatoria.",
        f"{score} igual o mayor que el puntaje mínimo aprobatorio {format_points(passing_h)}.",
        *bonus,
    ]


def submitted_count(db: Database, plan_id: int, round_: int) -> int:
    return db["evaluations"].count_where(
        "plan_id = ? AND round = ? AND status = 'enviada'", [plan_id, round_]
    )


def propose(
    db: Database,
    plan_id: int,
    today: date | None = None,
    consolidation: PlanConsolidation | None = None,
) -> Proposal:
    """What the rules and the consolidated scores say of the plan's current round."""
    plan = db["plans"].get(plan_id)
    call = db["calls"].get(plan["call_id"])
    consolidation = consolidation or plan_consolidation(db, plan_id)
    failing = failed(check_rules(plan_facts(db, load_plan(db, plan_id), today=today)))
    bonus = call_bonuses(db, call["id"], today or date.today(), plan_id).get(plan_id, [])
    bonus_h = sum(line.points_h for line in bonus)
    verdict, reasons = verdict_for(
        failing,
        consolidation.total_h,
        hundredths(call["passing_score"]),
        bonus_h,
        bool(call["bonus_counts_for_passing"]),
    )
    return Proposal(
        verdict, consolidation.total_h, reasons, failing, bonus, bonus_h if verdict == "apto" else 0
    )


def consolidate_plan(
    db: Database,
    plan_id: int,
    *,
    actor: str,
    observations: str = "",
    today: date | None = None,
) -> dict:
    """Decide the plan's current round: the proposal, or "observado" when observations are given."""
    require_plan_stage(db, plan_id, "decidir")
    plan = db["plans"].get(plan_id)
    call = db["calls"].get(plan["call_id"])
    consolidation = plan_consolidation(db, plan_id)
    round_ = consolidation.round
    count = submitted_count(db, plan_id, round_)
    if count < call["quorum"]:
        raise ValidationError(
            [
                Problem(
                    plan["code"],
                    f"tiene {count} fichas enviadas y el quórum de la convocatoria es "
                    f"{call['quorum']}; no se puede consolidar todavía.",
                )
            ]
        )
    proposal = propose(db, plan_id, today, consolidation)
    observations = observations.strip()
    verdict = "observado" if observations else proposal.verdict
    at = now_iso()
    row = {
        "plan_id": plan_id,
        "round": round_,
        "verdict": verdict,
        "total_score": float(proposal.total_h) / 100,
        "reasons": "\n".join(proposal.reasons),
        "observations": observations,
        "decided_at": at,
        "bonus_h": proposal.bonus_h if verdict == "apto" else 0,
        "bonus_detail": json.dumps([line.record for line in proposal.bonus], ensure_ascii=False),
    }
    before = db.execute(
        "SELECT verdict, total_score, reasons, observations FROM plan_verdicts "
        "WHERE plan_id = ? AND round = ?",
        [plan_id, round_],
    ).fetchone()
    with db.atomic():
        db.execute("DELETE FROM plan_verdicts WHERE plan_id = ? AND round = ?", [plan_id, round_])
        row_id = db["plan_verdicts"].insert(row).last_pk
        db["plans"].update(
            plan_id,
            {"status": "observado" if verdict == "observado" else "evaluado", "updated_at": at},
        )
        audit.record(
            db,
            actor=actor,
            action="consolidar evaluación",
            table="plan_verdicts",
            row_id=row_id,
            before=dict(
                zip(("veredicto", "puntaje", "motivos", "observaciones"), before, strict=True)
            )
            if before
            else None,
            after={
                "veredicto": verdict,
                "puntaje": format_points(proposal.total_h),
                "motivos": row["reasons"],
                "observaciones": observations,
                "ronda": round_,
                **(
                    {
                        "bonificacion": format_points(row["bonus_h"]),
                        "bonificaciones": [line.record for line in proposal.bonus],
                    }
                    if proposal.bonus
                    else {}
                ),
            },
            at=at,
        )
    return row


def withdraw_verdict(
    db: Database, plan_id: int, round_: int, *, reason: str, actor: str, at: str | None = None
) -> None:
    """Undo the decision of a round (its scores are being reviewed), in one transaction."""
    with db.atomic():
        verdict = db.execute(
            "SELECT id, verdict, total_score FROM plan_verdicts WHERE plan_id = ? AND round = ?",
            [plan_id, round_],
        ).fetchone()
        if verdict is None:
            return
        at = at or now_iso()
        db.execute(
            "DELETE FROM plan_allocations WHERE plan_id = ? AND round = ?", [plan_id, round_]
        )
        db.execute("DELETE FROM plan_verdicts WHERE id = ?", [verdict[0]])
        db["plans"].update(plan_id, {"status": "en_evaluacion", "updated_at": at})
        audit.record(
            db,
            actor=actor,
            action="anular veredicto",
            table="plan_verdicts",
            row_id=verdict[0],
            before={"veredicto": verdict[1], "puntaje": verdict[2], "ronda": round_},
            reason=reason,
            at=at,
        )


def write_note(db: Database, plan_id: int, criterion_id: int, note: str, *, actor: str) -> None:
    """Record what the committee concluded about a criterion on which its members disagreed."""
    require_plan_stage(db, plan_id, "decidir")
    note = note.strip()
    if not note:
        raise ValidationError([Problem("Nota", "Escriba la conclusión de la discusión.")])
    round_ = plan_consolidation(db, plan_id).round
    before = db.execute(
        "SELECT note FROM disagreement_notes WHERE plan_id = ? AND criterion_id = ? AND round = ?",
        [plan_id, criterion_id, round_],
    ).fetchone()
    at = now_iso()
    with db.atomic():
        db.execute(
            "DELETE FROM disagreement_notes WHERE plan_id = ? AND criterion_id = ? AND round = ?",
            [plan_id, criterion_id, round_],
        )
        row_id = (
            db["disagreement_notes"]
            .insert(
                {
                    "plan_id": plan_id,
                    "criterion_id": criterion_id,
                    "round": round_,
                    "note": note,
                    "written_at": at,
                }
            )
            .last_pk
        )
        audit.record(
            db,
            actor=actor,
            action="anotar discusión de discrepancia",
            table="disagreement_notes",
            row_id=row_id,
            before={"nota": before[0]} if before else None,
            after={"nota": note},
            at=at,
        )


def notes(db: Database, plan_id: int, round_: int) -> dict[int, str]:
    return dict(
        db.execute(
            "SELECT criterion_id, note FROM disagreement_notes WHERE plan_id = ? AND round = ?",
            [plan_id, round_],
        ).fetchall()
    )
