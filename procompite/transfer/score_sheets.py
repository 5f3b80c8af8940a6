"""The «plantilla de calificación»: one member's sheets as a CSV file to fill in a spreadsheet,
and loading it back with the checks of the scoring sheet, all or nothing.

Each row is a plan and a criterion. «Puntaje» is one of the criterion's levels (blank: not
scored yet); «Sin conflicto» says «sí» for a plan the member has not declared yet, which
declares it; a plan with a declared conflict cannot be scored."""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.committee import member, pin_matches
from procompite.evaluation.consolidation import format_points, hundredths
from procompite.evaluation.scoring import declaration, declare, load_sheet, save_sheet, worklist
from procompite.transfer.reader import csv_rows

HEADERS = (
    "Plan",
    "AEO",
    "Criterio",
    "Nombre del criterio",
    "Niveles permitidos",
    "Puntaje",
    "Comentario",
    "Sin conflicto",
)
YES = {"sí", "si", "x"}


@dataclass
class Loaded:
    """What a filled template changes: plans declared, sheets saved and sent."""

    declared: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)
    scores: int = 0


def _criteria(db: Database, call_id: int) -> dict[str, tuple[int, str, list[int]]]:
    criteria: dict[str, tuple[int, str, list[int]]] = {}
    for criterion_id, code, name, points in db.execute(
        "SELECT c.id, c.code, c.name, l.points FROM rubric_criteria c "
        "JOIN rubrics r ON r.id = c.rubric_id JOIN rubric_levels l ON l.criterion_id = c.id "
        "WHERE r.call_id = ? ORDER BY c.position, c.id, l.points",
        [call_id],
    ):
        criteria.setdefault(code, (criterion_id, name, []))[2].append(hundredths(points))
    return criteria


def write_score_template(db: Database, call_id: int, member_id: int, out: Path) -> int:
    """Write the member's template (with what they already typed); return its rows."""
    criteria = _criteria(db, call_id)
    rows = []
    for item in worklist(db, call_id, member_id):
        if item.declaration == "Con conflicto":
            continue
        sheet = load_sheet(db, item.id, member_id)
        for code, (criterion_id, name, levels) in criteria.items():
            points = sheet.points.get(criterion_id)
            rows.append(
                [
                    item.code,
                    item.organization,
                    code,
                    name,
                    " | ".join(format_points(level) for level in levels),
                    "" if points is None else format_points(hundredths(points)),
                    sheet.comments.get(criterion_id, ""),
                    "sí" if item.declaration == "Sin conflicto" else "",
                ]
            )
    with Path(out).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return len(rows)


def _points(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    if not text.isascii():
        raise ValueError
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError
    return value


def _read(path: Path) -> list[tuple[int, dict[str, str]]]:
    rows = csv_rows(path)
    header = [cell.strip() for cell in rows[0]]
    missing = [
        name for name in ("Plan", "Criterio", "Puntaje", "Sin conflicto") if name not in header
    ]
    if missing:
        raise ValidationError(
            [
                Problem(
                    f"{path.name}, fila 1",
                    "Faltan las columnas "
                    + ", ".join(f"«{name}»" for name in missing)
                    + ": use la plantilla de calificación que da el programa.",
                )
            ]
        )
    read = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {
            name: (row[index] if index < len(row) else "").strip()
            for index, name in enumerate(header)
        }
        if any(cells.values()):
            read.append((number, cells))
    return read


def load_score_file(
    db: Database,
    call_id: int,
    member_id: int,
    pin: str,
    path: str | Path,
    *,
    submit: bool = False,
    dry_run: bool = False,
) -> Loaded:
    """Check the whole file, then (unless ``dry_run``) save every plan's sheet in one
    transaction; raises :class:`ValidationError` with every problem, located by row and
    column, and changes nothing."""
    path = Path(path)
    who = member(db, member_id)
    if who.call_id != call_id:
        raise ValidationError([Problem("Miembro", f"{who.full_name} no integra este comité.")])
    if not pin_matches(db, member_id, pin):
        raise ValidationError([Problem("PIN", f"El PIN no es el de {who.full_name}.")])
    rows = _read(path)
    problems: list[Problem] = []
    criteria = _criteria(db, call_id)
    plans = {item.code: item for item in worklist(db, call_id, member_id)}
    points: dict[str, dict[int, Decimal]] = {}
    comments: dict[str, dict[int, str]] = {}
    to_declare: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for number, cells in rows:
        where = f"{path.name}, fila {number}"
        code, criterion = cells.get("Plan", ""), cells.get("Criterio", "")
        if code not in plans:
            problems.append(
                Problem(
                    f"{where}, columna «Plan»",
                    f"«{code}» no es un plan en evaluación de la convocatoria.",
                )
            )
            continue
        if criterion not in criteria:
            problems.append(
                Problem(
                    f"{where}, columna «Criterio»",
                    f"«{criterion}» no es un criterio de la rúbrica.",
                )
            )
            continue
        if (code, criterion) in seen:
            problems.append(Problem(where, f"{code}, criterio {criterion}: aparece dos veces."))
            continue
        seen.add((code, criterion))
        declared = declaration(db, plans[code].id, member_id)
        free = cells.get("Sin conflicto", "").lower()
        if free and free not in YES:
            problems.append(
                Problem(
                    f"{where}, columna «Sin conflicto»", f"«{free}»: escriba «sí» o déjela vacía."
                )
            )
        if declared is not None and declared.has_conflict:
            problems.append(
                Problem(where, f"Usted declaró conflicto con {code}; no puede calificarlo.")
            )
            continue
        if declared is None:
            if free in YES:
                to_declare.add(code)
            elif code not in to_declare:
                problems.append(
                    Problem(
                        f"{where}, columna «Sin conflicto»",
                        f"Declare que no tiene conflicto con {code} escribiendo «sí».",
                    )
                )
        criterion_id, _, levels = criteria[criterion]
        try:
            value = _points(cells.get("Puntaje", ""))
        except (ValueError, InvalidOperation):
            problems.append(
                Problem(f"{where}, columna «Puntaje»", f"«{cells.get('Puntaje')}» no es un número.")
            )
            continue
        if value is not None:
            if Decimal(hundredths(value)) != value * 100 or hundredths(value) not in levels:
                allowed = ", ".join(format_points(level) for level in levels)
                problems.append(
                    Problem(
                        f"{where}, columna «Puntaje»",
                        f"{value} no es un nivel del criterio {criterion} ({allowed}).",
                    )
                )
                continue
            points.setdefault(code, {})[criterion_id] = value
        if text := cells.get("Comentario", ""):
            comments.setdefault(code, {})[criterion_id] = text
    if problems:
        raise ValidationError(problems)
    loaded = Loaded(declared=sorted(to_declare), saved=sorted(set(points) | set(comments)))
    loaded.scores = sum(len(values) for values in points.values())
    if dry_run:
        return loaded
    with db.atomic():
        for code in loaded.declared:
            declare(db, plans[code].id, member_id, False)
        for code in loaded.saved:
            try:
                save_sheet(
                    db,
                    plans[code].id,
                    member_id,
                    points.get(code, {}),
                    comments.get(code, {}),
                    submit=submit,
                )
            except ValidationError as error:
                raise ValidationError(
                    [Problem(f"{code} · {p.field}", p.message) for p in error.problems]
                ) from None
    return loaded
