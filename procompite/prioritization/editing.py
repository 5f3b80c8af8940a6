"""Changing a draft exercise: its criteria, their values, the weights and method, the AHP
comparisons. An approved exercise is frozen and refuses every change."""

from typing import Any

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.common.parsing import code_of_label
from procompite.prioritization.ahp import scale_problem
from procompite.prioritization.exercises import load_exercise, refuse_if_approved
from procompite.prioritization.methods import Criterion
from procompite.storage import audit

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
    refuse_if_approved(exercise)
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
    refuse_if_approved(exercise)
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
            record[key] = code_of_label(text, labels) if text.strip() else default
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
    refuse_if_approved(exercise)
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
    """Keep the pairwise comparisons (criterion ids, upper triangle) and the weights they give;
    a comparison off Saaty's scale (1/9 to 9) is refused naming both criteria."""
    exercise = load_exercise(db, exercise_id)
    refuse_if_approved(exercise)
    names = {c.id: c.name for c in exercise.criteria}
    problems = []
    for (a, b), value in comparisons.items():
        row, column = (names.get(i, f"criterio n.º {i}") for i in (a, b))
        if message := scale_problem(value, row, column):
            problems.append(Problem(f"Comparación {row} / {column}", message))
    if problems:
        raise ValidationError(problems)
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
