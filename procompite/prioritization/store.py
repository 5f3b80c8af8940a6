"""Prioritisation exercises in the database: loading, scoring, approving (frozen), copying, and
handing the approved list to a call."""

import json
from dataclasses import dataclass, field
from datetime import date
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

    def ranking(self, method: str | None = None) -> Ranking:
        return score_chains(
            method or self.record["method"],
            self.chains,
            self.criteria,
            self.values,
            missing_policy=self.record["missing_policy"],
            cut_kind=self.record["cut_kind"],
            cut_value=self.record["cut_value"],
        )

    def sensitivity(self, method: str | None = None) -> list[SensitivityRow]:
        return sensitivity(
            method or self.record["method"],
            self.chains,
            self.criteria,
            self.values,
            missing_policy=self.record["missing_policy"],
            cut_kind=self.record["cut_kind"],
            cut_value=self.record["cut_value"],
        )


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


def _refuse_if_approved(exercise: Exercise) -> None:
    if exercise.approved:
        raise ValidationError(
            [
                Problem(
                    "Estado",
                    "La priorización está aprobada: no se modifica; cópiela en un nuevo borrador.",
                )
            ]
        )


SETTING_FIELDS = ("method", "missing_policy", "cut_kind", "cut_value")


def save_weights(
    db: Database,
    exercise_id: int,
    weights: dict[int, float],
    *,
    settings: dict[str, Any] | None = None,
    actor: str = "usuario",
) -> None:
    """Store the weights and, when given, the method, missing-data policy and cut."""
    exercise = load_exercise(db, exercise_id)
    _refuse_if_approved(exercise)
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError([Problem("Peso", "Un peso no puede ser negativo.")])
    settings = {k: v for k, v in (settings or {}).items() if k in SETTING_FIELDS}
    with db.atomic():
        for criterion_id, weight in weights.items():
            db["prioritization_criteria"].update(criterion_id, {"weight": weight})
        if settings:
            db["prioritizations"].update(exercise_id, settings)
        audit.record(
            db,
            actor=actor,
            action="cambiar pesos",
            table="prioritizations",
            row_id=exercise_id,
            before={"pesos": {c.id: c.weight for c in exercise.criteria}}
            | {k: exercise.record[k] for k in settings},
            after={"pesos": weights} | settings,
        )


FLAG_WORDS = {"sí": 1.0, "si": 1.0, "s": 1.0, "1": 1.0, "x": 1.0, "no": 0.0, "n": 0.0, "0": 0.0}


def value_from_text(criterion: Criterion, text: str | float | None) -> float | None:
    """A grid cell to a value: empty is missing; flags take Sí/No; numbers as in forms (a number
    read from a spreadsheet cell is taken as it is)."""
    from procompite.common.parsing import ParseError, parse_decimal

    if isinstance(text, bool) or text is None:
        text = "" if text is None else ("Sí" if text else "No")
    if isinstance(text, int | float):
        text = f"{float(text):.15g}".replace(".", ",") if criterion.kind != "flag" else str(text)
        if "," in text and len(text.split(",")[1]) == 3:
            text += "0"
    raw = str(text).strip()
    if not raw:
        return None
    if criterion.kind == "flag":
        if raw.casefold() not in FLAG_WORDS:
            raise ParseError(f"«{raw}» no es Sí ni No.")
        return FLAG_WORDS[raw.casefold()]
    value = float(parse_decimal(raw))
    if criterion.kind == "rating" and not (criterion.scale_min <= value <= criterion.scale_max):
        raise ParseError(
            f"{value:g} está fuera de la escala {criterion.scale_min:g} a {criterion.scale_max:g}."
        )
    return value


def save_value_grid(
    db: Database,
    exercise_id: int,
    cells: dict[tuple[int, int], str],
    *,
    actor: str = "usuario",
) -> int:
    """Store the values typed or pasted in the grid (criterion id, chain id) -> text, all or
    nothing; an empty cell removes the value (it becomes missing, never zero)."""
    from procompite.common.parsing import ParseError

    exercise = load_exercise(db, exercise_id)
    _refuse_if_approved(exercise)
    criteria = {c.id: c for c in exercise.criteria}
    chains = {c.id: c.name for c in exercise.chains}
    values, problems = {}, []
    for (criterion_id, chain_id), text in cells.items():
        try:
            values[(criterion_id, chain_id)] = value_from_text(criteria[criterion_id], text)
        except ParseError as error:
            problems.append(
                Problem(f"{chains[chain_id]}, {criteria[criterion_id].name}", str(error))
            )
    if problems:
        raise ValidationError(problems)
    changed = {key: v for key, v in values.items() if exercise.values.get(key) != v}
    with db.atomic():
        for (criterion_id, chain_id), value in changed.items():
            db.execute(
                "DELETE FROM prioritization_values WHERE criterion_id = ? AND chain_id = ?",
                [criterion_id, chain_id],
            )
            if value is not None:
                db["prioritization_values"].insert(
                    {"criterion_id": criterion_id, "chain_id": chain_id, "value": value}
                )
        if changed:
            audit.record(
                db,
                actor=actor,
                action="valores de priorización",
                table="prioritizations",
                row_id=exercise_id,
                before={f"{c}:{ch}": exercise.values.get((c, ch)) for c, ch in changed},
                after={f"{c}:{ch}": v for (c, ch), v in changed.items()},
            )
    return len(changed)


KIND_LABELS = {"rating": "Calificación", "indicator": "Indicador", "flag": "Sí / no"}
DIRECTION_LABELS = {"more_better": "Más es mejor", "more_worse": "Más es peor"}
NORMALIZATION_LABELS = {"minmax": "Mín-máx", "rank": "Por puestos"}


def _code(labels: dict[str, str], text: str) -> str | None:
    wanted = str(text).strip().casefold()
    return next(
        (code for code, label in labels.items() if wanted in (code.casefold(), label.casefold())),
        None,
    )


def criteria_from_cells(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Criteria typed in the editor (Spanish labels) to records, with every problem found."""
    from procompite.common.parsing import ParseError, parse_decimal

    records, problems = [], []
    for number, cells in enumerate(rows, start=1):
        if not any((v or "").strip() for k, v in cells.items() if k != "id"):
            continue
        where = f"Criterio {number}"
        record = {
            "id": int(cells["id"]) if cells.get("id") else None,
            "name": (cells.get("name") or "").strip(),
            "description": (cells.get("description") or "").strip(),
            "unit": (cells.get("unit") or "").strip(),
            "source_note": (cells.get("source_note") or "").strip(),
        }
        for key, labels, default in (
            ("kind", KIND_LABELS, None),
            ("direction", DIRECTION_LABELS, "more_better"),
            ("normalization", NORMALIZATION_LABELS, "minmax"),
        ):
            text = cells.get(key) or ""
            record[key] = _code(labels, text) if text.strip() else default
            if record[key] is None:
                problems.append(
                    Problem(
                        f"{where}, {key}",
                        f"«{text}» no es una opción válida: " + ", ".join(labels.values()) + ".",
                    )
                )
        for key, label in (
            ("weight", "Peso"),
            ("scale_min", "Escala mínima"),
            ("scale_max", "Escala máxima"),
        ):
            text = (cells.get(key) or "").strip()
            try:
                record[key] = float(parse_decimal(text)) if text else None
            except ParseError as error:
                problems.append(Problem(f"{where}, {label}", str(error)))
                record[key] = None
        if not record["name"]:
            problems.append(Problem(f"{where}, Criterio", "El nombre es obligatorio."))
        if record["weight"] is None or record["weight"] < 0:
            problems.append(Problem(f"{where}, Peso", "Indique un peso de cero o más."))
        if record["kind"] == "rating" and not (
            record["scale_min"] is not None
            and record["scale_max"] is not None
            and record["scale_max"] > record["scale_min"]
        ):
            problems.append(
                Problem(
                    f"{where}, Escala",
                    "Una calificación necesita escala mínima y máxima (p. ej. 1 y 5).",
                )
            )
        records.append(record)
    names = [r["name"] for r in records]
    problems += [
        Problem("Criterios", f"«{n}» está repetido.")
        for n in set(names)
        if n and names.count(n) > 1
    ]
    return records, problems


def save_criteria(
    db: Database, exercise_id: int, rows: list[dict[str, str]], *, actor: str = "usuario"
) -> None:
    """Replace the exercise's criteria with those typed; a removed criterion takes its values."""
    exercise = load_exercise(db, exercise_id)
    _refuse_if_approved(exercise)
    records, problems = criteria_from_cells(rows)
    if not records:
        problems.append(Problem("Criterios", "El ejercicio necesita al menos un criterio."))
    if problems:
        raise ValidationError(problems)
    keep = {r["id"] for r in records if r["id"]}
    with db.atomic():
        for row in exercise.criterion_rows:
            if row["id"] not in keep:
                db["prioritization_criteria"].delete(row["id"])
        for position, record in enumerate(records):
            fields = {k: v for k, v in record.items() if k != "id"} | {"position": position}
            if record["id"]:
                db["prioritization_criteria"].update(record["id"], fields)
            else:
                db["prioritization_criteria"].insert(fields | {"prioritization_id": exercise_id})
        audit.record(
            db,
            actor=actor,
            action="criterios de priorización",
            table="prioritizations",
            row_id=exercise_id,
            before=exercise.criterion_rows,
            after=records,
        )


def save_ahp(
    db: Database,
    exercise_id: int,
    comparisons: dict[tuple[int, int], float],
    weights: dict[int, float],
    *,
    actor: str = "usuario",
    at: str | None = None,
) -> None:
    """Keep the pairwise comparisons (criterion ids, upper triangle) and the weights they give."""
    exercise = load_exercise(db, exercise_id)
    _refuse_if_approved(exercise)
    with db.atomic():
        db.execute(
            "DELETE FROM prioritization_comparisons WHERE prioritization_id = ?", [exercise_id]
        )
        db["prioritization_comparisons"].insert_all(
            {
                "prioritization_id": exercise_id,
                "row_criterion_id": a,
                "column_criterion_id": b,
                "value": value,
            }
            for (a, b), value in comparisons.items()
        )
        for criterion_id, weight in weights.items():
            db["prioritization_criteria"].update(criterion_id, {"weight": weight})
        db["prioritizations"].update(exercise_id, {"weighting": "ahp"})
        audit.record(
            db,
            actor=actor,
            action="pesos por AHP",
            table="prioritizations",
            row_id=exercise_id,
            before={c.id: c.weight for c in exercise.criteria},
            after=weights,
            at=at,
        )


def snapshot(exercise: Exercise, ranking: Ranking) -> dict[str, Any]:
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
    }


def approve(
    db: Database,
    exercise_id: int,
    *,
    approved_on: date,
    reference: str,
    actor: str = "usuario",
    at: str | None = None,
) -> Ranking:
    """Freeze the exercise: results and a snapshot of criteria, weights and values."""
    exercise = load_exercise(db, exercise_id)
    _refuse_if_approved(exercise)
    problems = []
    if not reference.strip():
        problems.append(Problem("Documento de aprobación", "Indique el acta o resolución."))
    if approved_on > date.today():
        problems.append(Problem("Fecha de aprobación", "No puede estar en el futuro."))
    if not exercise.chains or not exercise.criteria:
        problems.append(Problem("Ejercicio", "Necesita cadenas candidatas y criterios."))
    if problems:
        raise ValidationError(problems)
    ranking = exercise.ranking()
    frozen = snapshot(exercise, ranking)
    with db.atomic():
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
            after={"referencia": reference, "fecha": approved_on.isoformat()},
            at=at,
        )
    return ranking


def copy_to_draft(db: Database, exercise_id: int, *, actor: str = "usuario") -> int:
    """A new draft with the same scope, chains, criteria, values and comparisons."""
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


def apply_to_call(
    db: Database, exercise_id: int, call_id: int, *, actor: str = "usuario", at: str | None = None
) -> list[int]:
    """The call's eligible chains become the approved exercise's chains above the cut."""
    exercise = load_exercise(db, exercise_id)
    if not exercise.approved:
        raise ValidationError(
            [
                Problem(
                    "Priorización",
                    "Solo una priorización aprobada puede definir las cadenas de una convocatoria.",
                )
            ]
        )
    chain_ids = [
        row[0]
        for row in db.execute(
            "SELECT chain_id FROM prioritization_results "
            "WHERE prioritization_id = ? AND above_cut = 1 ORDER BY rank",
            [exercise_id],
        )
    ]
    before = [
        row[0]
        for row in db.execute("SELECT chain_id FROM call_chains WHERE call_id = ?", [call_id])
    ]
    with db.atomic():
        db.execute("DELETE FROM call_chains WHERE call_id = ?", [call_id])
        db["call_chains"].insert_all({"call_id": call_id, "chain_id": c} for c in chain_ids)
        db["calls"].update(call_id, {"prioritization_id": exercise_id})
        audit.record(
            db,
            actor=actor,
            action="cadenas de la convocatoria",
            table="calls",
            row_id=call_id,
            before=before,
            after=chain_ids,
            at=at,
        )
    return chain_ids


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


__all__ = [
    "Exercise",
    "apply_to_call",
    "approve",
    "copy_to_draft",
    "load_exercise",
    "ranking_rows",
    "save_weights",
    "snapshot",
]
