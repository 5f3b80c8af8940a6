"""A new call from a previous one ("Nueva a partir de…"): its categories with their limits and
pools, chains, documents, rubric, tie-breakers and rules, moved to a new year with the schedule's
dates moved as many years. Not its plans, committee, transfers nor resolutions: those belong to
each year's competition."""

from dataclasses import replace
from datetime import date

from sqlite_utils import Database

from procompite.calls.definition import CallDefinition, Stage
from procompite.calls.store import load_definition, save_call
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.rubrics import (
    call_rubric_id,
    insert_rubric,
    install_default_template,
    rubric_spec,
    templates,
)


def _moved(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def copied_definition(db: Database, source_id: int, year: int, name: str = "") -> CallDefinition:
    source = load_definition(db, source_id)
    years = year - source.year
    return replace(
        source,
        name=name.strip() or source.name.replace(str(source.year), str(year)),
        year=year,
        document_prefix=source.document_prefix.replace(str(source.year), str(year)),
        bases_resolution="",
        bases_resolution_on=None,
        committee_resolution="",
        committee_resolution_on=None,
        stages=tuple(
            Stage(s.name, _moved(s.starts_on, years), _moved(s.ends_on, years))
            for s in source.stages
        ),
    )


def copy_call(db: Database, source_id: int, year: int, *, actor: str, name: str = "") -> int:
    """Create the new call in preparation; returns its id."""
    if not 2009 <= year <= 2100:
        raise ValidationError([Problem("Año", f"{year} está fuera del rango de 2009 a 2100.")])
    definition = copied_definition(db, source_id, year, name)
    with db.atomic():
        call_id = save_call(db, definition, actor=actor, copied_from=source_id)
        _copy_rubric(db, call_rubric_id(db, source_id), call_id, definition.name)
    return call_id


def _copy_rubric(db: Database, rubric_id: int | None, call_id: int, call_name: str) -> None:
    if rubric_id is None:
        existing = templates(db)
        rubric_id = existing[0][0] if existing else install_default_template(db)
    spec = rubric_spec(db, rubric_id) | {
        "name": f"Rúbrica de la convocatoria {call_name}",
        "copied_from_id": rubric_id,
    }
    insert_rubric(db, spec, call_id=call_id)


def new_call(
    db: Database,
    definition: CallDefinition,
    *,
    actor: str,
    rubric_from: int | None = None,
    copied_from: int | None = None,
) -> int:
    """Create a call with its own rubric: a copy of ``rubric_from`` (a template or another
    call's rubric) or of the file's first template, the bundled one if it has none."""
    with db.atomic():
        call_id = save_call(db, definition, actor=actor, copied_from=copied_from)
        _copy_rubric(db, rubric_from, call_id, definition.name)
    return call_id
