"""Rubric templates and the copy that each call keeps for itself."""

from typing import Any

from sqlite_utils import Database

from procompite.clock import now_iso
from procompite.resources import load_json

DEFAULT_TEMPLATE = ("rubrics", "procompite_default.json")


def insert_rubric(
    db: Database, spec: dict[str, Any], *, call_id: int | None = None, at: str | None = None
) -> int:
    """Store a rubric given as nested sections/criteria/levels; returns its id."""
    at = at or now_iso()
    with db.atomic():
        rubric_id = (
            db["rubrics"]
            .insert(
                {
                    "name": spec["name"],
                    "description": spec.get("description", ""),
                    "total_points": spec["total_points"],
                    "call_id": call_id,
                    "copied_from_id": spec.get("copied_from_id"),
                    "created_at": at,
                }
            )
            .last_pk
        )
        criterion_position = 0
        for section_position, section in enumerate(spec["sections"]):
            section_id = (
                db["rubric_sections"]
                .insert(
                    {"rubric_id": rubric_id, "position": section_position, "name": section["name"]}
                )
                .last_pk
            )
            for criterion in section["criteria"]:
                criterion_id = (
                    db["rubric_criteria"]
                    .insert(
                        {
                            "rubric_id": rubric_id,
                            "section_id": section_id,
                            "position": criterion_position,
                            "code": criterion["code"],
                            "name": criterion["name"],
                            "description": criterion.get("description", ""),
                            "max_points": criterion["max_points"],
                            "plan_section": criterion.get("plan_section", ""),
                        }
                    )
                    .last_pk
                )
                criterion_position += 1
                db["rubric_levels"].insert_all(
                    {
                        "criterion_id": criterion_id,
                        "position": position,
                        "points": level["points"],
                        "description": level["description"],
                    }
                    for position, level in enumerate(criterion["levels"])
                )
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


def copy_rubric_to_call(db: Database, template_id: int, call_id: int, at: str | None = None) -> int:
    """Give a call its own copy of a template, so later edits of the template never reach it."""
    call_name = db["calls"].get(call_id)["name"]
    spec = rubric_spec(db, template_id) | {
        "copied_from_id": template_id,
        "name": f"Rúbrica de la convocatoria {call_name}",
    }
    return insert_rubric(db, spec, call_id=call_id, at=at)
