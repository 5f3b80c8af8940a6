"""An AEO as the printed documents present it: identity, representative and its padrón in
figures (socios, women, youth), every value already formatted for display."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlite_utils import Database

from procompite.common.dates import age_on, format_short, parse_iso
from procompite.registry.padron import youth_age_under


def share_text(part: int, total: int) -> str:
    """``3`` of ``8`` -> ``"37.50 %"``, exact to two decimals."""
    if not total:
        return "0.00 %"
    value = (Decimal(part) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value} %"


def district_label(db: Database, district_id: int | None) -> str:
    """``"Distrito, Provincia, Departamento"``, or empty when the district is not known."""
    if not district_id:
        return ""
    row = db.execute(
        "SELECT d.name, p.name, dep.name FROM districts d "
        "JOIN provinces p ON p.id = d.province_id "
        "JOIN departments dep ON dep.id = p.department_id WHERE d.id = ?",
        [district_id],
    ).fetchone()
    return ", ".join(row) if row else ""


def padron_figures(db: Database, organization_id: int, on: date) -> dict:
    """Socios, women and youth (under the configured age on ``on``) with their shares."""
    youth_under = youth_age_under(db)
    total = women = youth = 0
    for sex, birth in db.execute(
        "SELECT sex, birth_date FROM members WHERE organization_id = ?", [organization_id]
    ):
        total += 1
        women += sex == "F"
        born = parse_iso(birth)
        youth += born is not None and age_on(born, on) < youth_under
    return {
        "socios": total,
        "mujeres": women,
        "mujeres_pct": share_text(women, total),
        "jovenes": youth,
        "jovenes_pct": share_text(youth, total),
        "edad_joven": f"menores de {youth_under} años",
    }


def organization_brief(db: Database, organization_id: int, on: date) -> dict:
    row = db["organizations"].get(organization_id)
    return {
        "nombre": row["name"],
        "ruc": row["ruc"],
        "forma_juridica": row["legal_form"],
        "constitucion": format_short(row["constituted_on"]),
        "partida_registral": row["registry_entry"],
        "ubicacion": district_label(db, row["district_id"]),
        "direccion": row["address"],
        "representante": row["representative_name"],
        "representante_dni": row["representative_dni"] or "",
        "padron": padron_figures(db, organization_id, on),
    }
