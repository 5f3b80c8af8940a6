"""The indicators a call measures at each visit beyond those of every plan (operating, socios,
sales, jobs): production volume and prices in the unit of its chains (tonnes, litres, units)."""

from dataclasses import dataclass

from sqlite_utils import Database

from procompite.calls.status import require_stage
from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit

DEFAULT_INDICATORS = (
    ("Volumen de producción del año", "t"),
    ("Precio promedio de venta", "S/ por kg"),
)


@dataclass(frozen=True)
class Indicator:
    id: int
    name: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})"


def call_indicators(db: Database, call_id: int) -> list[Indicator]:
    return [
        Indicator(*row)
        for row in db.execute(
            "SELECT id, name, unit FROM followup_indicators WHERE call_id = ? ORDER BY position",
            [call_id],
        )
    ]


def ensure_indicators(db: Database, call_id: int) -> list[Indicator]:
    """The call's indicators, the default ones written the first time."""
    if not call_indicators(db, call_id):
        db["followup_indicators"].insert_all(
            {"call_id": call_id, "position": position, "name": name, "unit": unit}
            for position, (name, unit) in enumerate(DEFAULT_INDICATORS)
        )
    return call_indicators(db, call_id)


def _used(db: Database, indicator_id: int) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM visit_values WHERE indicator_id = ? LIMIT 1", [indicator_id]
        ).fetchone()
    )


def save_indicators(db: Database, call_id: int, rows: list[dict], *, actor: str) -> None:
    """Replace the call's indicators with ``rows`` (``id`` of a kept one, ``name``, ``unit``);
    one with values measured in a visit may be renamed but not removed, nor its unit changed."""
    require_stage(db, call_id, "dar seguimiento")
    before = {item.id: item for item in call_indicators(db, call_id)}
    problems: list[Problem] = []
    names: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"Indicador {number}"
        name, unit = str(row.get("name") or "").strip(), str(row.get("unit") or "").strip()
        if not name:
            problems.append(Problem(f"{where}, Nombre", "Es obligatorio."))
        if not unit:
            problems.append(
                Problem(f"{where}, Unidad", "Es obligatoria: t, l, unidades, S/ por kg…")
            )
        if name.casefold() in names:
            problems.append(Problem(f"{where}, Nombre", f"«{name}» está repetido."))
        names.add(name.casefold())
        kept = before.get(row.get("id"))
        if kept and unit and unit != kept.unit and _used(db, kept.id):
            problems.append(
                Problem(
                    f"{where}, Unidad",
                    f"ya hay visitas que midieron «{kept.name}» en {kept.unit}: cree otro "
                    "indicador para la nueva unidad.",
                )
            )
    kept_ids = {row.get("id") for row in rows}
    for item in before.values():
        if item.id not in kept_ids and _used(db, item.id):
            problems.append(
                Problem(item.name, "ya tiene valores en visitas registradas: no se puede quitar.")
            )
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        removed = [item.id for item in before.values() if item.id not in kept_ids]
        for indicator_id in removed:
            db["followup_indicators"].delete(indicator_id)
        db.execute(
            "UPDATE followup_indicators SET position = position + 1000, name = '~' || id "
            "WHERE call_id = ?",
            [call_id],
        )
        for position, row in enumerate(rows):
            values = {
                "call_id": call_id,
                "position": position,
                "name": str(row["name"]).strip(),
                "unit": str(row["unit"]).strip(),
            }
            if row.get("id") in before:
                db["followup_indicators"].update(row["id"], values)
            else:
                db["followup_indicators"].insert(values)
        audit.record(
            db,
            actor=actor,
            action="editar indicadores de seguimiento",
            table="followup_indicators",
            row_id=call_id,
            before=[vars(item) for item in before.values()],
            after=[vars(item) for item in call_indicators(db, call_id)],
        )
