"""Rubric templates and the copy that each call keeps for itself."""

from decimal import Decimal, InvalidOperation
from itertools import count
from typing import Any

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.common.resources import load_json
from procompite.storage import audit

DEFAULT_TEMPLATE = ("rubrics", "procompite_default.json")
STARTED_MESSAGE = "La evaluación de la convocatoria ya empezó: la rúbrica no se puede modificar."


def parse_points(value: Any) -> Decimal | None:
    """A number of points as typed (``"2,5"``) or stored (``2.5``); None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def max_points_sum(spec: dict[str, Any]) -> Decimal:
    """The sum of the criteria's maximum points; unreadable ones count as zero."""
    return sum(
        (
            parse_points(criterion.get("max_points")) or Decimal(0)
            for section in spec.get("sections", [])
            for criterion in section.get("criteria", [])
        ),
        Decimal(0),
    )


def format_points(value: Decimal | float | None) -> str:
    """``Decimal("95.0")`` -> ``"95"``, ``2.5`` -> ``"2.5"``; None -> ``"?"``."""
    if value is None:
        return "?"
    return f"{Decimal(str(value)).normalize():f}"


def _text(value: Any) -> str:
    return str(value or "").strip()


def _level_problems(where: str, levels: list[dict], top: Decimal | None) -> list[Problem]:
    problems, seen = [], set()
    for number, level in enumerate(levels, 1):
        here = f"{where}, nivel {number}"
        points = parse_points(level.get("points"))
        if points is None:
            problems.append(Problem(here, "el puntaje del nivel debe ser un número."))
        elif points < 0 or (top is not None and points > top):
            limit = format_points(top)
            problems.append(
                Problem(here, f"el puntaje {format_points(points)} debe estar entre 0 y {limit}.")
            )
        elif points in seen:
            problems.append(
                Problem(here, f"el puntaje {format_points(points)} se repite en otro nivel.")
            )
        seen.add(points)
        if not _text(level.get("description")):
            problems.append(Problem(here, "falta la descripción del nivel."))
    if len(levels) < 2:
        problems.append(Problem(where, "debe tener al menos dos niveles de calificación."))
    elif top is not None and top not in seen:
        problems.append(
            Problem(where, f"ningún nivel otorga el puntaje máximo ({format_points(top)}).")
        )
    return problems


def rubric_problems(spec: dict[str, Any]) -> list[Problem]:
    """Everything that keeps a rubric from being saved, each with where it is, in Spanish."""
    problems = []
    if not _text(spec.get("name")):
        problems.append(Problem("Nombre de la rúbrica", "no puede estar vacío."))
    total = parse_points(spec.get("total_points"))
    if total is None or total <= 0:
        problems.append(Problem("Puntaje total", "debe ser un número mayor que cero."))
    sections = spec.get("sections") or []
    if not sections:
        problems.append(Problem("Rúbrica", "debe tener al menos una sección."))
    codes = set()
    for section_number, section in enumerate(sections, 1):
        where = f"Sección {section_number}"
        if not _text(section.get("name")):
            problems.append(Problem(where, "falta el nombre de la sección."))
        criteria = section.get("criteria") or []
        if not criteria:
            problems.append(Problem(where, "debe tener al menos un criterio."))
        for number, criterion in enumerate(criteria, 1):
            code = _text(criterion.get("code"))
            here = f"{where}, criterio {code or f'n.º {number}'}"
            if not code:
                problems.append(Problem(here, "falta el código del criterio."))
            elif code in codes:
                problems.append(Problem(here, f"el código {code} se repite en la rúbrica."))
            codes.add(code)
            if not _text(criterion.get("name")):
                problems.append(Problem(here, "falta el nombre del criterio."))
            top = parse_points(criterion.get("max_points"))
            if top is None or top <= 0:
                problems.append(Problem(here, "el puntaje máximo debe ser un número mayor que 0."))
                top = None
            problems += _level_problems(here, criterion.get("levels") or [], top)
    if total is not None and sections and (points := max_points_sum(spec)) != total:
        problems.append(
            Problem(
                "Puntaje total",
                f"la suma de los puntajes máximos de los criterios ({format_points(points)}) "
                f"no es igual al puntaje total ({format_points(total)}).",
            )
        )
    return problems


def _normalized(spec: dict[str, Any]) -> dict[str, Any]:
    """A valid spec with its texts trimmed and its points as numbers, as it is stored."""

    def points(value: Any) -> float:
        return float(parse_points(value))

    return {
        "name": _text(spec["name"]),
        "description": _text(spec.get("description")),
        "total_points": points(spec["total_points"]),
        "sections": [
            {
                "name": _text(section["name"]),
                "criteria": [
                    {key: _text(criterion.get(key)) for key in ("code", "name", "description")}
                    | {
                        "max_points": points(criterion["max_points"]),
                        "plan_section": _text(criterion.get("plan_section")),
                        "levels": [
                            {
                                "points": points(level["points"]),
                                "description": _text(level["description"]),
                            }
                            for level in criterion["levels"]
                        ],
                    }
                    for criterion in section["criteria"]
                ],
            }
            for section in spec["sections"]
        ],
    }


def _rubric_row(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": spec["name"],
        "description": spec.get("description", ""),
        "total_points": spec["total_points"],
    }


def _insert_sections(db: Database, rubric_id: int, sections: list[dict[str, Any]]) -> None:
    criterion_positions = count()
    for section_position, section in enumerate(sections):
        section_id = (
            db["rubric_sections"]
            .insert({"rubric_id": rubric_id, "position": section_position, "name": section["name"]})
            .last_pk
        )
        for criterion in section["criteria"]:
            criterion_id = (
                db["rubric_criteria"]
                .insert(
                    {
                        "rubric_id": rubric_id,
                        "section_id": section_id,
                        "position": next(criterion_positions),
                        "code": criterion["code"],
                        "name": criterion["name"],
                        "description": criterion.get("description", ""),
                        "max_points": criterion["max_points"],
                        "plan_section": criterion.get("plan_section", ""),
                    }
                )
                .last_pk
            )
            db["rubric_levels"].insert_all(
                {
                    "criterion_id": criterion_id,
                    "position": position,
                    "points": level["points"],
                    "description": level["description"],
                }
                for position, level in enumerate(criterion["levels"])
            )


def _replace_contents(db: Database, rubric_id: int, spec: dict[str, Any], **row: Any) -> None:
    """Overwrite a rubric's header and all its sections, criteria and levels."""
    db["rubrics"].update(rubric_id, _rubric_row(spec) | row)
    db.execute("DELETE FROM rubric_sections WHERE rubric_id = ?", [rubric_id])
    _insert_sections(db, rubric_id, spec["sections"])


def insert_rubric(
    db: Database, spec: dict[str, Any], *, call_id: int | None = None, at: str | None = None
) -> int:
    """Store a rubric given as nested sections/criteria/levels; returns its id."""
    row = _rubric_row(spec) | {
        "call_id": call_id,
        "copied_from_id": spec.get("copied_from_id"),
        "created_at": at or now_iso(),
    }
    with db.atomic():
        rubric_id = db["rubrics"].insert(row | _rubric_row(_normalized(spec))).last_pk
        _insert_sections(db, rubric_id, _normalized(spec)["sections"])
    return rubric_id


def rubric_spec(db: Database, rubric_id: int) -> dict[str, Any]:
    """A stored rubric back as nested sections/criteria/levels."""
    rubric = db["rubrics"].get(rubric_id)
    sections = []
    for section in db["rubric_sections"].rows_where(
        "rubric_id = ?", [rubric_id], order_by="position"
    ):
        criteria = []
        for criterion in db["rubric_criteria"].rows_where(
            "section_id = ?", [section["id"]], order_by="position"
        ):
            levels = [
                {"points": level["points"], "description": level["description"]}
                for level in db["rubric_levels"].rows_where(
                    "criterion_id = ?", [criterion["id"]], order_by="position"
                )
            ]
            criteria.append(
                {
                    key: criterion[key]
                    for key in ("code", "name", "description", "max_points", "plan_section")
                }
                | {"levels": levels}
            )
        sections.append({"name": section["name"], "criteria": criteria})
    return {
        "name": rubric["name"],
        "description": rubric["description"],
        "total_points": rubric["total_points"],
        "sections": sections,
    }


def install_default_template(db: Database, at: str | None = None) -> int:
    """Store the bundled PROCOMPITE rubric as a template; returns its id."""
    return insert_rubric(db, load_json(*DEFAULT_TEMPLATE), at=at)


def _call_copy_spec(db: Database, template_id: int, call_id: int) -> dict[str, Any]:
    call_name = db["calls"].get(call_id)["name"]
    return rubric_spec(db, template_id) | {
        "copied_from_id": template_id,
        "name": f"Rúbrica de la convocatoria {call_name}",
    }


def copy_rubric_to_call(db: Database, template_id: int, call_id: int, at: str | None = None) -> int:
    """Give a call its own copy of a template, so later edits of the template never reach it."""
    return insert_rubric(db, _call_copy_spec(db, template_id, call_id), call_id=call_id, at=at)


def templates(db: Database) -> list[tuple[int, str]]:
    """The rubrics that belong to no call, as (id, name)."""
    return [
        (row["id"], row["name"])
        for row in db["rubrics"].rows_where("call_id IS NULL", order_by="id")
    ]


def call_rubric_id(db: Database, call_id: int) -> int | None:
    row = db.execute("SELECT id FROM rubrics WHERE call_id = ?", [call_id]).fetchone()
    return row[0] if row else None


def _call_evaluated(db: Database, call_id: int | None) -> bool:
    return call_id is not None and bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM evaluations e JOIN plans p ON p.id = e.plan_id "
            "WHERE p.call_id = ?)",
            [call_id],
        ).fetchone()[0]
    )


def evaluation_started(db: Database, rubric_id: int) -> bool:
    """Whether scores or notes use the rubric's criteria, or its call has evaluation sheets."""
    used = db.execute(
        "SELECT EXISTS (SELECT 1 FROM scores s JOIN rubric_criteria c ON c.id = s.criterion_id "
        "WHERE c.rubric_id = :id) OR EXISTS (SELECT 1 FROM disagreement_notes n "
        "JOIN rubric_criteria c ON c.id = n.criterion_id WHERE c.rubric_id = :id)",
        {"id": rubric_id},
    ).fetchone()[0]
    return bool(used) or _call_evaluated(db, db["rubrics"].get(rubric_id)["call_id"])


def _started_error() -> ValidationError:
    return ValidationError([Problem("Rúbrica", STARTED_MESSAGE)])


def replace_rubric(db: Database, rubric_id: int, spec: dict[str, Any], *, actor: str) -> None:
    """Save an edited rubric whole, while no evaluation uses it; audited."""
    if evaluation_started(db, rubric_id):
        raise _started_error()
    if (call_id := db["rubrics"].get(rubric_id)["call_id"]) is not None:
        require_stage(db, call_id, "editar rúbrica")
    if problems := rubric_problems(spec):
        raise ValidationError(problems)
    after = _normalized(spec)
    with db.atomic():
        before = rubric_spec(db, rubric_id)
        _replace_contents(db, rubric_id, after)
        audit.record(
            db,
            actor=actor,
            action="modificar rúbrica",
            table="rubrics",
            row_id=rubric_id,
            before=before,
            after=after,
        )


def save_template_copy(db: Database, source_rubric_id: int, name: str, *, actor: str) -> int:
    """Keep a copy of any rubric as a new template named ``name``; returns its id."""
    if not _text(name):
        raise ValidationError([Problem("Nombre de la plantilla", "no puede estar vacío.")])
    spec = rubric_spec(db, source_rubric_id) | {"name": _text(name)}
    with db.atomic():
        template_id = insert_rubric(db, spec | {"copied_from_id": source_rubric_id})
        audit.record(
            db,
            actor=actor,
            action="guardar rúbrica como plantilla",
            table="rubrics",
            row_id=template_id,
            after=spec,
        )
    return template_id


def apply_template_to_call(db: Database, template_id: int, call_id: int, *, actor: str) -> int:
    """Replace the call's own rubric by a fresh copy of a template, before evaluation starts.

    The call keeps the same rubric row (so nothing that names it breaks); returns its id.
    """
    rubric_id = call_rubric_id(db, call_id)
    if _call_evaluated(db, call_id) if rubric_id is None else evaluation_started(db, rubric_id):
        raise _started_error()
    require_stage(db, call_id, "editar rúbrica")
    spec = _call_copy_spec(db, template_id, call_id)
    with db.atomic():
        before = None if rubric_id is None else rubric_spec(db, rubric_id)
        if rubric_id is None:
            rubric_id = insert_rubric(db, spec, call_id=call_id)
        else:
            _replace_contents(db, rubric_id, spec, copied_from_id=template_id)
        audit.record(
            db,
            actor=actor,
            action="aplicar plantilla de rúbrica",
            table="rubrics",
            row_id=rubric_id,
            before=before,
            after=spec,
        )
    return rubric_id
