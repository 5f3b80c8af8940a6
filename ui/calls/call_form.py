"""What the convocatoria editor shows and reads: the fields of its tabs as the library's raw
definition (the keys of a bases file), and a stored definition back as text for the fields."""

from procompite.calls.bonuses import FORMULAS, SOURCES, rule_record
from procompite.calls.definition import CONSOLIDATIONS, CallDefinition
from procompite.common.dates import format_short
from procompite.common.money import from_cents
from procompite.evaluation.rubrics import format_points
from ui.widgets.edit_table import GridColumn

YES_NO = ("Sí", "No")
# Short headers for the grid; a refusal names the field in full (CATEGORY_FIELDS).
CATEGORY_HEADERS = {
    "code": ("Código", 70),
    "name": ("Nombre", 150),
    "min_members": ("Socios mín.", 90),
    "min_years": ("Años mín.", 80),
    "min_annual_sales": ("Ventas anuales mín. S/", 150),
    "min_cofinancing": ("Cofin. mín. S/", 115),
    "max_cofinancing": ("Cofin. máx. S/", 115),
    "max_cofinancing_pct": ("Cofin. máx. %", 100),
    "min_contribution_pct": ("Aporte mín. %", 100),
    "min_cash_contribution_pct": ("Aporte monet. mín. %", 140),
    "pool": ("Fondo S/", 120),
}
CATEGORY_COLUMNS = tuple(
    GridColumn(header, key, width, numeric=key not in ("code", "name"))
    for key, (header, width) in CATEGORY_HEADERS.items()
)
DOCUMENT_COLUMNS = (
    GridColumn("Código", "code", 90),
    GridColumn("Documento", "name", 460),
    GridColumn("Obligatorio", "required", 90, choices=YES_NO),
)
STAGE_COLUMNS = (
    GridColumn("Etapa", "name", 360),
    GridColumn("Desde", "starts_on", 110),
    GridColumn("Hasta", "ends_on", 110),
)

# The bonus rules' source and formula as the grid names them: the library's label, capitalised.
SOURCE_LABELS = {key: source.label[0].upper() + source.label[1:] for key, source in SOURCES.items()}
FORMULA_LABELS = {key: label[0].upper() + label[1:] for key, label in FORMULAS.items()}
BONUS_COLUMNS = (
    GridColumn("Nombre", "name", 150),
    GridColumn("Fuente", "source", 270, choices=tuple(SOURCE_LABELS.values())),
    GridColumn("Fórmula", "formula", 230, choices=tuple(FORMULA_LABELS.values())),
    GridColumn("Puntos", "points", 70, numeric=True),
    GridColumn("Umbral", "threshold", 70, numeric=True),
    GridColumn("Tramo", "step", 70, numeric=True),
    GridColumn("Tope", "cap", 70, numeric=True),
    GridColumn("Lugares (ubigeos)", "places", 130),
)


def bonus_cells(definition: CallDefinition) -> list[dict[str, str]]:
    cells = []
    for rule in definition.bonus_rules:
        record = rule_record(rule)
        cells.append(
            {
                "name": rule.name,
                "source": SOURCE_LABELS[rule.source],
                "formula": FORMULA_LABELS[rule.formula],
                "points": record["points"],
                "threshold": record.get("threshold", ""),
                "step": record.get("step", ""),
                "cap": record["cap"],
                "places": ", ".join(rule.places),
            }
        )
    return cells


def _code(text: str, labels: dict[str, str]) -> str:
    """The code of a label the user chose or typed (any case); what is not one stays as typed."""
    wanted = text.strip().casefold()
    return next(
        (code for code, label in labels.items() if wanted in (code, label.casefold())), text
    )


def bonus_raw(rows) -> list[dict]:
    """The bonus grid as the rules of a bases file: codes for the menus, places as a list."""
    rules = []
    for row in raw_rows(rows, [c.key for c in BONUS_COLUMNS]):
        row["source"] = _code(row["source"], SOURCE_LABELS)
        row["formula"] = _code(row["formula"], FORMULA_LABELS)
        row["places"] = [p.strip() for p in row["places"].replace(";", ",").split(",") if p.strip()]
        rules.append(row)
    return rules


def _soles(cents: int | None) -> str:
    return "" if cents is None else f"{from_cents(cents):,}"


def _pct(basis_points: int) -> str:
    return f"{basis_points / 100:g}"


def category_cells(definition: CallDefinition) -> list[dict[str, str]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "min_members": str(c.min_members),
            "min_years": str(c.min_years),
            "min_annual_sales": _soles(c.min_annual_sales_cents),
            "min_cofinancing": _soles(c.min_cofinancing_cents),
            "max_cofinancing": _soles(c.max_cofinancing_cents),
            "max_cofinancing_pct": _pct(c.max_cofinancing_bp),
            "min_contribution_pct": _pct(c.min_contribution_bp),
            "min_cash_contribution_pct": _pct(c.min_cash_contribution_bp),
            "pool": _soles(c.budget_cents),
        }
        for c in definition.categories
    ]


def document_cells(definition: CallDefinition) -> list[dict[str, str]]:
    return [
        {"code": d.code, "name": d.name, "required": "Sí" if d.required else "No"}
        for d in definition.documents
    ]


def stage_cells(definition: CallDefinition) -> list[dict[str, str]]:
    return [
        {"name": s.name, "starts_on": format_short(s.starts_on), "ends_on": format_short(s.ends_on)}
        for s in definition.stages
    ]


def general_texts(definition: CallDefinition) -> dict[str, str]:
    return {
        "name": definition.name,
        "year": str(definition.year),
        "budget": _soles(definition.budget_cents),
        "discount_rate_pct": _pct(definition.discount_rate_bp),
        "passing_score": format_points(definition.passing_score),
        "consolidation": definition.consolidation,
        "disagreement_share_pct": _pct(definition.disagreement_share_bp),
        "quorum": str(definition.quorum),
        "document_prefix": definition.document_prefix,
        "bases_resolution": definition.bases_resolution,
        "bases_resolution_on": format_short(definition.bases_resolution_on)
        if definition.bases_resolution_on
        else "",
        "committee_resolution": definition.committee_resolution,
        "committee_resolution_on": format_short(definition.committee_resolution_on)
        if definition.committee_resolution_on
        else "",
    }


def raw_rows(rows, keys) -> list[dict]:
    """Grid rows with something typed in them; «Sí»/«No» as booleans."""
    kept = []
    for row in rows:
        if not any((row.get(key) or "").strip() for key in keys):
            continue
        item = {key: (row.get(key) or "").strip() for key in keys}
        if "required" in item:
            item["required"] = item["required"].casefold() != "no"
        kept.append(item)
    return kept


CONSOLIDATION_CHOICES = tuple(CONSOLIDATIONS.items())
