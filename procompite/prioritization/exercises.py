"""Prioritisation exercises in the database: the exercise with its criteria, chains and values,
creating one, and the candidate chains of a department or its zones."""

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.prioritization.methods import Chain, Criterion, Ranking, Values, score_chains
from procompite.prioritization.sensitivity import SensitivityRow, sensitivity
from procompite.storage import audit

CRITERION_FIELDS = (
    "id",
    "name",
    "kind",
    "weight",
    "direction",
    "normalization",
    "scale_min",
    "scale_max",
)


@dataclass
class Exercise:
    record: dict[str, Any]
    chains: list[Chain]
    criteria: list[Criterion]
    values: Values
    criterion_rows: list[dict[str, Any]] = field(default_factory=list)
    comparisons: dict[tuple[int, int], float] = field(default_factory=dict)

    @property
    def approved(self) -> bool:
        return self.record["status"] == "aprobado"

    def _scored_with(self, compute, method: str | None):
        settings = {key: self.record[key] for key in ("missing_policy", "cut_kind", "cut_value")}
        method = method or self.record["method"]
        return compute(method, self.chains, self.criteria, self.values, **settings)

    def ranking(self, method: str | None = None) -> Ranking:
        return self._scored_with(score_chains, method)

    def sensitivity(self, method: str | None = None) -> list[SensitivityRow]:
        return self._scored_with(sensitivity, method)


def load_exercise(db: Database, exercise_id: int) -> Exercise:
    record = db["prioritizations"].get(exercise_id)
    chains = [
        Chain(row[0], row[1])
        for row in db.execute(
            "SELECT c.id, c.name FROM prioritization_chains pc JOIN chains c ON c.id = pc.chain_id "
            "WHERE pc.prioritization_id = ? ORDER BY c.name",
            [exercise_id],
        )
    ]
    rows = list(
        db["prioritization_criteria"].rows_where(
            "prioritization_id = ?", [exercise_id], order_by="position"
        )
    )
    criteria = [Criterion(**{key: row[key] for key in CRITERION_FIELDS}) for row in rows]
    values = {
        (criterion_id, chain_id): value
        for criterion_id, chain_id, value in db.execute(
            "SELECT v.criterion_id, v.chain_id, v.value FROM prioritization_values v "
            "JOIN prioritization_criteria c ON c.id = v.criterion_id "
            "WHERE c.prioritization_id = ?",
            [exercise_id],
        )
    }
    comparisons = {
        (a, b): value
        for a, b, value in db.execute(
            "SELECT row_criterion_id, column_criterion_id, value FROM prioritization_comparisons "
            "WHERE prioritization_id = ?",
            [exercise_id],
        )
    }
    return Exercise(record, chains, criteria, values, rows, comparisons)


def create_exercise(
    db: Database,
    *,
    name: str,
    department_id: int,
    year: int,
    chain_ids: list[int],
    province_ids: list[int] = (),
    method: str = "weighted",
    missing_policy: str = "worst",
    cut_kind: str = "top_n",
    cut_value: float = 5,
    actor: str = "usuario",
    at: str | None = None,
) -> int:
    """A new draft exercise with its scope and candidate chains (criteria come next)."""
    problems = []
    if not name.strip():
        problems.append(Problem("Nombre", "El nombre es obligatorio."))
    if not chain_ids:
        problems.append(Problem("Cadenas candidatas", "Elija al menos una cadena."))
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        exercise_id = (
            db["prioritizations"]
            .insert(
                {
                    "name": name.strip(),
                    "department_id": department_id,
                    "year": year,
                    "method": method,
                    "missing_policy": missing_policy,
                    "cut_kind": cut_kind,
                    "cut_value": cut_value,
                    "created_at": at or now_iso(),
                }
            )
            .last_pk
        )
        db["prioritization_chains"].insert_all(
            {"prioritization_id": exercise_id, "chain_id": c} for c in chain_ids
        )
        db["prioritization_provinces"].insert_all(
            {"prioritization_id": exercise_id, "province_id": p} for p in province_ids
        )
        audit.record(
            db,
            actor=actor,
            action="crear priorización",
            table="prioritizations",
            row_id=exercise_id,
            after={"nombre": name, "cadenas": chain_ids},
            at=at,
        )
    return exercise_id


def candidate_chains(db: Database, department_id: int, zones: list[str] = ()) -> list[int]:
    """The chains a department has prioritised (Cuadros 6-7), optionally only in some zones."""
    if zones:
        marks = ", ".join("?" for _ in zones)
        sql = (
            f"SELECT DISTINCT chain_id FROM zone_chains WHERE department_id = ? "
            f"AND zone IN ({marks})"
        )
        return [row[0] for row in db.execute(sql, [department_id, *zones])]
    return [
        row[0]
        for row in db.execute(
            "SELECT chain_id FROM department_chains WHERE department_id = ?", [department_id]
        )
    ]


def refuse_if_approved(exercise: Exercise) -> None:
    if exercise.approved:
        raise ValidationError(
            [
                Problem(
                    "Estado",
                    "La priorización está aprobada: no se modifica; cópiela en un nuevo borrador.",
                )
            ]
        )
