"""What the GRDE has to act on in the funded plans that are not liquidated: plans without an
agreement, overdue milestones, goods delivered but not in use (or in bad state), plans without
a visit in the last six months, AEO no longer operating."""

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.common.dates import parse_iso
from procompite.followup.picture import PlanPicture, pictures
from procompite.followup.schedule import add_months, milestones
from procompite.followup.visits import GOODS_CONDITION, GOODS_USE

KINDS = {
    "no_opera": "AEO que ya no funciona",
    "bienes_sin_uso": "Bienes entregados sin uso",
    "hito_vencido": "Hito vencido",
    "sin_visita": "Sin visita en los últimos 6 meses",
    "sin_convenio": "Ganador sin convenio",
}
VISIT_MONTHS = 6


@dataclass(frozen=True)
class Alert:
    kind: str
    code: str
    organization: str
    call: str
    since: date
    text: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def _plan_alerts(db: Database, picture: PlanPicture, today: date) -> list[Alert]:
    plan = picture.plan

    def alert(kind: str, since: date, text: str) -> Alert:
        return Alert(kind, plan.code, plan.organization, plan.call_name, since, text)

    if picture.agreement is None:
        acta = db.execute(
            "SELECT max(issued_on) FROM actas WHERE call_id = ?", [plan.call_id]
        ).fetchone()[0]
        return [alert("sin_convenio", parse_iso(acta), "Declarado ganador y aún sin convenio.")]
    found = []
    last = picture.last_visit
    if last is not None and not last["operating"]:
        found.append(
            alert(
                "no_opera",
                parse_iso(last["visited_on"]),
                f"En la visita del {parse_iso(last['visited_on']):%d/%m/%Y} el AEO no funcionaba.",
            )
        )
    if last is not None and (
        last["goods_use"] in ("sin_uso", "uso_parcial") or last["goods_condition"] == "malo"
    ):
        said = [
            GOODS_USE[last["goods_use"]].lower() if last["goods_use"] else "",
            f"estado {GOODS_CONDITION[last['goods_condition']].lower()}"
            if last["goods_condition"]
            else "",
        ]
        found.append(
            alert(
                "bienes_sin_uso",
                parse_iso(last["visited_on"]),
                "Bienes entregados: " + ", ".join(part for part in said if part) + ".",
            )
        )
    for milestone in milestones(db, plan.plan_id, today):
        if milestone.state == "vencido":
            found.append(
                alert(
                    "hito_vencido",
                    milestone.due_on,
                    f"{milestone.description}: venció el {milestone.due_on:%d/%m/%Y}.",
                )
            )
    seen = parse_iso(last["visited_on"]) if last else parse_iso(picture.agreement["signed_on"])
    if seen < add_months(today, -VISIT_MONTHS):
        text = (
            f"Última visita el {seen:%d/%m/%Y}."
            if last
            else f"Sin visitas desde el convenio del {seen:%d/%m/%Y}."
        )
        found.append(alert("sin_visita", seen, text))
    return found


def alerts(db: Database, today: date, call_id: int | None = None) -> list[Alert]:
    """Every alert of the funded plans not liquidated, the most serious kinds first, then the
    oldest."""
    found = [
        item
        for picture in pictures(db, call_id)
        if not picture.plan.closed
        for item in _plan_alerts(db, picture, today)
    ]
    order = list(KINDS)
    return sorted(found, key=lambda item: (order.index(item.kind), item.since, item.code))
