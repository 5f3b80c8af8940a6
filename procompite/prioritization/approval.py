"""Approving an exercise (its ranking and signatories frozen as a dated snapshot), copying an
approved one into a new draft, and the ranking as plain rows."""

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.prioritization.exercises import Exercise, load_exercise, refuse_if_approved
from procompite.prioritization.methods import Ranking
from procompite.prioritization.signatories import (
    Signatory,
    load_signatories,
    save_signatories,
    signatory_problems,
)
from procompite.storage import audit


def snapshot(
    exercise: Exercise, ranking: Ranking, signatories: Sequence[Signatory] = ()
) -> dict[str, Any]:
    return {
        "ejercicio": {
            k: exercise.record[k]
            for k in (
                "name",
                "year",
                "method",
                "weighting",
                "missing_policy",
                "cut_kind",
                "cut_value",
            )
        },
        "criterios": exercise.criterion_rows,
        "valores": [[c, ch, v] for (c, ch), v in sorted(exercise.values.items())],
        "comparaciones": [[a, b, v] for (a, b), v in sorted(exercise.comparisons.items())],
        "resultado": [
            {
                "cadena": row.chain.name,
                "chain_id": row.chain.id,
                "puntaje": round(row.score, 6),
                "puesto": row.rank,
                "sobre_el_corte": row.above_cut,
                "empate": row.tie_note,
            }
            for row in ranking.rows
        ],
        "regla_de_empate": ranking.tie_rule,
        "firmantes": [signatory.as_snapshot() for signatory in signatories],
    }


def approve(
    db: Database,
    exercise_id: int,
    *,
    approved_on: date,
    reference: str,
    signatories: Sequence[Signatory] | None = None,
    transcribed: bool = False,
    actor: str = "usuario",
    at: str | None = None,
) -> Ranking:
    """Freeze the exercise: results, its signatories and a snapshot of criteria, weights and
    values.

    ``signatories``, when given, replace the stored ones in the same transaction. The approval
    needs at least one signatory rather than a president of the committee: the space that
    approves a list differs between regions (regional management, development agency, technical
    table, each signing with its own role), no rule says who presides it, so the program keeps
    whoever the approving act names, in its order, and the report prints them. A list approved
    elsewhere and only transcribed here (``transcribed``, as the demo's published lists) may
    have none: nobody knows here who signed it, and its report keeps the labelled lines to be
    signed by hand.
    """
    exercise = load_exercise(db, exercise_id)
    refuse_if_approved(exercise)
    if signatories is None:
        signers = load_signatories(db, exercise_id)
    else:
        signers = [signatory.cleaned() for signatory in signatories]
    problems = []
    if not reference.strip():
        problems.append(Problem("Documento de aprobación", "Indique el acta o resolución."))
    if approved_on > date.today():
        problems.append(Problem("Fecha de aprobación", "No puede estar en el futuro."))
    if not exercise.chains or not exercise.criteria:
        problems.append(Problem("Ejercicio", "Necesita cadenas candidatas y criterios."))
    if not signers and not transcribed:
        problems.append(
            Problem(
                "Firmantes",
                "Indique al menos un firmante del espacio de concertación (nombre, institución "
                "y cargo).",
            )
        )
    problems += signatory_problems(signers)
    if problems:
        raise ValidationError(problems)
    ranking = exercise.ranking()
    frozen = snapshot(exercise, ranking, signers)
    with db.atomic():
        if signatories is not None:
            save_signatories(db, exercise_id, signers, actor=actor, at=at)
        db["prioritization_results"].insert_all(
            {
                "prioritization_id": exercise_id,
                "chain_id": row.chain.id,
                "score": row.score,
                "rank": row.rank,
                "above_cut": int(row.above_cut),
                "tie_note": row.tie_note,
            }
            for row in ranking.rows
        )
        db["prioritizations"].update(
            exercise_id,
            {
                "status": "aprobado",
                "approved_on": approved_on.isoformat(),
                "approval_reference": reference.strip(),
                "frozen_snapshot": json.dumps(frozen, ensure_ascii=False, sort_keys=True),
            },
        )
        audit.record(
            db,
            actor=actor,
            action="aprobar priorización",
            table="prioritizations",
            row_id=exercise_id,
            after={
                "referencia": reference,
                "fecha": approved_on.isoformat(),
                "firmantes": [signatory.name for signatory in signers],
            },
            at=at,
        )
    return ranking


def copy_to_draft(db: Database, exercise_id: int, *, actor: str = "usuario") -> int:
    """A new draft with the same scope, chains, criteria, values, comparisons and signatories."""
    exercise = load_exercise(db, exercise_id)
    record = {
        k: v
        for k, v in exercise.record.items()
        if k
        not in (
            "id",
            "status",
            "approved_on",
            "approval_reference",
            "frozen_snapshot",
            "created_at",
        )
    }
    with db.atomic():
        new_id = (
            db["prioritizations"]
            .insert(
                record
                | {
                    "name": f"{record['name']} (copia)",
                    "copied_from_id": exercise_id,
                    "created_at": now_iso(),
                }
            )
            .last_pk
        )
        db.execute(
            "INSERT INTO prioritization_chains SELECT ?, chain_id FROM prioritization_chains "
            "WHERE prioritization_id = ?",
            [new_id, exercise_id],
        )
        db.execute(
            "INSERT INTO prioritization_provinces SELECT ?, province_id FROM "
            "prioritization_provinces WHERE prioritization_id = ?",
            [new_id, exercise_id],
        )
        db.execute(
            "INSERT INTO prioritization_signatories SELECT ?, position, name, dni, institution, "
            "role FROM prioritization_signatories WHERE prioritization_id = ?",
            [new_id, exercise_id],
        )
        mapping = {}
        for row in exercise.criterion_rows:
            mapping[row["id"]] = (
                db["prioritization_criteria"]
                .insert({k: v for k, v in row.items() if k != "id"} | {"prioritization_id": new_id})
                .last_pk
            )
        db["prioritization_values"].insert_all(
            {"criterion_id": mapping[c], "chain_id": ch, "value": v}
            for (c, ch), v in exercise.values.items()
        )
        db["prioritization_comparisons"].insert_all(
            {
                "prioritization_id": new_id,
                "row_criterion_id": mapping[a],
                "column_criterion_id": mapping[b],
                "value": v,
            }
            for (a, b), v in exercise.comparisons.items()
        )
        audit.record(
            db,
            actor=actor,
            action="copiar priorización",
            table="prioritizations",
            row_id=new_id,
            after={"copia_de": exercise_id},
        )
    return new_id


def ranking_rows(ranking: Ranking) -> list[dict[str, Any]]:
    """The ranking as plain rows (for CSV and JSON)."""
    return [
        {
            "chain_id": row.chain.id,
            "chain": row.chain.name,
            "score": round(row.score, 4),
            "rank": row.rank,
            "above_cut": row.above_cut,
            "tie_note": row.tie_note,
        }
        for row in ranking.rows
    ]
