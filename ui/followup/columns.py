"""The columns of Seguimiento's lists: the funded plans, the alerts, a plan's execution by
budget line and by payer, its purchases, deliveries and visits. Headers of recorded fields are
the library's labels."""

from fractions import Fraction

from procompite.common.dates import format_short
from procompite.common.labels import COMPONENT, PAYER
from procompite.common.money import format_soles
from procompite.common.values import canonical_quantity
from procompite.followup.deliveries import DELIVERY_FIELDS, ITEM_FIELDS
from procompite.followup.picture import call_label, percent
from procompite.followup.purchases import PURCHASE_FIELDS
from procompite.followup.visits import VISIT_FIELDS
from ui.followup.field_form import field_column
from ui.widgets.columns import soles, text
from ui.widgets.table_model import Column


def _share(value: Fraction | None) -> float:
    return -1.0 if value is None else float(value)


def _date(header: str, get) -> Column:
    return Column(header, lambda r: format_short(get(r)), sort_key=lambda r: get(r) or "")


def _operating(value: bool | None) -> str:
    return "Sin visita" if value is None else ("Sí" if value else "No")


PLAN_COLUMNS = (
    Column("Código", lambda r: r.plan.code),
    Column("AEO", lambda r: r.plan.organization),
    Column("Convocatoria", lambda r: call_label(r.plan)),
    Column(
        "Asignado",
        lambda r: format_soles(r.plan.awarded_cents),
        sort_key=lambda r: r.plan.awarded_cents,
        numeric=True,
    ),
    Column(
        "Ejecutado",
        lambda r: f"{format_soles(r.executed_cents)} · {percent(r.executed_share)}",
        sort_key=lambda r: _share(r.executed_share),
        numeric=True,
    ),
    Column("Convenio", lambda r: r.agreement or "Sin convenio"),
    Column("Entregas", lambda r: str(r.deliveries), sort_key=lambda r: r.deliveries, numeric=True),
    _date("Última visita", lambda r: r.last_visit),
    Column("Funciona", lambda r: _operating(r.operating)),
    Column(
        "Estado",
        lambda r: f"Liquidado el {format_short(r.closed_on)}" if r.closed_on else "En ejecución",
    ),
)
CALL_COLUMN = 2
PLAN_FLEXIBLE = ("AEO", "Convocatoria", "Convenio")

ALERT_COLUMNS = (
    Column("Alerta", lambda a: a.kind_label),
    text("Plan", "code"),
    _date("Desde", lambda a: a.since),
    text("Detalle", "text"),
)
ALERT_FLEXIBLE = ("Alerta", "Detalle")

LINE_COLUMNS = (
    Column("N.°", lambda r: str(r.position + 1), sort_key=lambda r: r.position, numeric=True),
    text("Concepto", "concept"),
    Column("Componente", lambda r: COMPONENT.get(r.component, r.component)),
    Column("Fuente", lambda r: PAYER[r.payer]),
    soles("Presupuesto", "budget_cents"),
    soles("Comprado", "executed_cents"),
    soles("Queda", "left_cents"),
    Column(
        "Entregado",
        lambda r: f"{canonical_quantity(r.delivered)} de {canonical_quantity(r.quantity)} {r.unit}",
        sort_key=lambda r: r.delivered,
        numeric=True,
    ),
)

PAYER_COLUMNS = (
    Column("Fuente", lambda r: PAYER[r.payer]),
    soles("Presupuesto", "budget_cents"),
    soles("Comprado", "executed_cents"),
    Column(
        "% comprado",
        lambda r: percent(Fraction(r.executed_cents, r.budget_cents) if r.budget_cents else None),
        numeric=True,
    ),
    Column(
        "Queda",
        lambda r: format_soles(r.budget_cents - r.executed_cents),
        sort_key=lambda r: r.budget_cents - r.executed_cents,
        numeric=True,
    ),
)

PURCHASE_COLUMNS = (
    field_column(PURCHASE_FIELDS, "purchased_on"),
    Column("Línea del presupuesto", lambda r: f"{r['line_position'] + 1}. {r['concept']}"),
    field_column(PURCHASE_FIELDS, "amount_cents"),
    field_column(PURCHASE_FIELDS, "supplier"),
    field_column(PURCHASE_FIELDS, "process"),
    Column("Fuente", lambda r: PAYER[r["payer"]]),
    field_column(PURCHASE_FIELDS, "supplier_ruc"),
    field_column(PURCHASE_FIELDS, "over_budget_reason"),
)

DELIVERY_COLUMNS = (
    Column("Número", lambda r: r["number"]),
    field_column(DELIVERY_FIELDS, "delivered_on", "Fecha"),
    Column("Bienes", lambda r: str(len(r["items"])), numeric=True),
    field_column(DELIVERY_FIELDS, "received_by", "Recibe"),
    field_column(DELIVERY_FIELDS, "delivered_by", "Entrega"),
    field_column(DELIVERY_FIELDS, "place"),
    field_column(DELIVERY_FIELDS, "notes"),
)

ITEM_COLUMNS = (
    Column("Línea del presupuesto", lambda r: r["concept"]),
    field_column(ITEM_FIELDS, "description"),
    field_column(ITEM_FIELDS, "quantity"),
    field_column(ITEM_FIELDS, "unit"),
)

VISIT_COLUMNS = (
    field_column(VISIT_FIELDS, "visited_on", "Fecha"),
    field_column(VISIT_FIELDS, "visitors"),
    field_column(VISIT_FIELDS, "operating", "Funciona"),
    field_column(VISIT_FIELDS, "active_members"),
    field_column(VISIT_FIELDS, "sales_cents"),
    field_column(VISIT_FIELDS, "direct_jobs"),
    field_column(VISIT_FIELDS, "goods_use"),
    field_column(VISIT_FIELDS, "goods_condition"),
    Column("Fotos", lambda r: str(len(r["photos"])), numeric=True),
)
