"""Follow-up of the demo's 2025 winners through 2026: each agreement signed some weeks after the
resolution that approved them (its contribution verified later), the purchases of the budget
lines as their milestones fall due, the actas de entrega of the goods, the visits with their
figures, and one plan liquidated.

Events of every plan are recorded in the order of their dates, through the library's own
functions, as the office would have typed them; the follow-up is seen on :data:`TODAY`. The
stories are arranged so that the alerts show each kind the office meets: goods delivered but
only partly in use, a plan without a visit in six months, an overdue milestone.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlite_utils import Database

from procompite.common.clock import fixed_time
from procompite.common.dates import age_on
from procompite.common.money import from_cents
from procompite.demo.earlier_call import OFFICE, EarlierCall, at_time
from procompite.demo.organizations import DemoOrganization, demo_ruc
from procompite.demo.plans import district_name
from procompite.followup.agreements import proposed_agreement, save_agreement
from procompite.followup.budget import LineExecution, plan_lines
from procompite.followup.closing import close_plan
from procompite.followup.deliveries import record_delivery
from procompite.followup.funded import FundedPlan, funded_plans
from procompite.followup.indicators import call_indicators
from procompite.followup.purchases import record_purchase
from procompite.followup.schedule import default_schedule
from procompite.followup.visits import record_visit
from procompite.registry.padron import youth_age_under

TODAY = date(2026, 12, 1)
LAST_PURCHASE = date(2026, 11, 20)
PARTIAL_PAYMENT = date(2026, 10, 30)
OFFICER = "Marco Antonio Huillca Soto"
VISITORS = f"{OFFICER}; Gladys Condori Apaza"
MANAGER = "Wilber Ronald Huamán Condori, Gerente Regional de Desarrollo Económico"
EQUIPMENT_SUPPLIERS = (
    "Inoxidables del Sur S.A.C.",
    "Maquinarias Andinas E.I.R.L.",
    "Frío Industrial Cusco S.A.C.",
    "Metalmecánica Wanchaq S.R.L.",
)
SUPPLIERS = {
    "Asistencia técnica especializada": "Consultores Agroandinos S.R.L.",
    "Capacitación en buenas prácticas y gestión": "Centro de Capacitación Yachay Wasi",
    "Insumos y materia prima del primer ciclo": "Distribuidora Sur Andina S.A.C.",
}


@dataclass(frozen=True)
class Visit:
    day: date
    goods_use: str = "en_uso"
    goods_condition: str = "bueno"
    operating: bool = True
    growth: Decimal = Decimal("1.15")  # sales against the line of base
    volume: str | None = None  # tonnes of the year
    price: str | None = None  # soles per kg
    markets: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Story:
    """What happens to one winner: who signs and when, which line the office never buys, the
    visits, and the liquidation."""

    organization: str
    signed_on: date
    visits: tuple[Visit, ...]
    jobs: int = 2  # direct jobs before the plan (the agreement's line of base)
    skipped: tuple[str, ...] = ()  # concepts of lines left unbought (their milestone overdue)
    closed_on: date | None = None
    closing_note: str = ""


STORIES = (
    Story(
        "Cooperativa Cacaotera Echarati",
        date(2026, 1, 12),
        (
            Visit(
                date(2026, 6, 16),
                growth=Decimal("1.12"),
                volume="16.4",
                price="12.80",
                markets="Chocolatería artesanal de Quillabamba",
            ),
            Visit(
                date(2026, 11, 20),
                growth=Decimal("1.31"),
                volume="21.7",
                price="13.40",
                markets="Chocolatería artesanal de Quillabamba; tiendas de San Blas (Cusco)",
                notes="Visita de cierre: las líneas del plan están ejecutadas y los bienes en uso.",
            ),
        ),
        jobs=4,
        closed_on=date(2026, 11, 27),
        closing_note=(
            "Se compró el íntegro de las líneas de PROCOMPITE y el aporte monetario de la "
            "cooperativa; los bienes se entregaron con sus actas y en la visita de cierre "
            "estaban en uso y en buen estado. Se liquida el plan antes del plazo del convenio."
        ),
    ),
    Story(
        "Asociación de Productores Lecheros de Livitaca",
        date(2026, 1, 16),
        (
            Visit(
                date(2026, 5, 26),
                growth=Decimal("1.08"),
                volume="31.5",
                price="17.50",
                markets="Mercado de Santo Tomás",
            ),
            Visit(
                date(2026, 10, 14),
                growth=Decimal("1.22"),
                volume="38.2",
                price="18.20",
                markets="Mercado de Santo Tomás; bodegas de Espinar",
            ),
        ),
        jobs=3,
    ),
    Story(
        "Asociación de Carpinteros Ebanistas de San Jerónimo",
        date(2026, 1, 23),
        (
            Visit(
                date(2026, 7, 8),
                growth=Decimal("1.1"),
                markets="Ferias de muebles de San Jerónimo",
                notes="Volumen en toneladas y precio por kilo no aplican a muebles.",
            ),
            Visit(
                date(2026, 11, 5),
                growth=Decimal("1.18"),
                markets="Ferias de muebles de San Jerónimo; hoteles de Urubamba",
                notes="Volumen en toneladas y precio por kilo no aplican a muebles.",
            ),
        ),
        jobs=5,
    ),
    Story(
        "Asociación de Criadores de Cuyes Huarocondo",
        date(2026, 1, 30),
        (
            Visit(
                date(2026, 6, 23),
                growth=Decimal("1.05"),
                volume="7.9",
                price="26.00",
                markets="Restaurantes de Anta",
            ),
            Visit(
                date(2026, 10, 28),
                goods_use="uso_parcial",
                growth=Decimal("1.09"),
                volume="8.6",
                price="26.50",
                markets="Restaurantes de Anta",
                notes=(
                    "La cámara de frío entregada no se usa: el local aún no tiene conexión "
                    "eléctrica trifásica. El AEO se compromete a instalarla en diciembre."
                ),
            ),
        ),
        jobs=2,
    ),
    Story(
        "Asociación Gastronómica Sabores de Saylla",
        date(2026, 2, 6),
        (
            Visit(
                date(2026, 5, 19),
                growth=Decimal("1.02"),
                volume="10.2",
                price="34.00",
                markets="Turistas de la ruta Cusco – Saylla",
            ),
        ),
        jobs=6,
        skipped=("Cámara de refrigeración",),
    ),
)


@dataclass
class Office:
    """What the office numbers in order across plans (agreements, selection processes) and the
    suppliers it buys from, each with its RUC."""

    rng: random.Random
    used_rucs: set[str]
    agreements: int = 0
    processes: int = 0
    suppliers: dict[str, str] = field(default_factory=dict)

    def supplier(self, concept: str) -> tuple[str, str]:
        name = SUPPLIERS.get(concept) or self.rng.choice(EQUIPMENT_SUPPLIERS)
        if name not in self.suppliers:
            self.suppliers[name] = demo_ruc(self.rng, self.used_rucs)
        return name, self.suppliers[name]


@dataclass(frozen=True)
class Event:
    day: date
    order: int
    record: Callable[[], object]


@dataclass(frozen=True)
class Winner:
    plan: FundedPlan
    story: Story
    organization: DemoOrganization
    lines: list[LineExecution]

    @property
    def last_day(self) -> date:
        """The last day anything is recorded for the plan before it is seen (or liquidated)."""
        return (self.story.closed_on or TODAY) - timedelta(days=3)


def _youth(organization: DemoOrganization, on: date, under: int) -> int:
    """Socios younger than ``under`` on ``on``."""
    return sum(1 for member in organization.members if age_on(member["birth_date"], on) < under)


def _purchase_days(db: Database, winner: Winner) -> dict[int, date]:
    """The day each line is bought: the AEO's cash early, for its first cycle; the others a few
    weeks before their milestone falls due, those due much later not yet (every line, when the
    plan is liquidated). The skipped lines are never bought."""
    story = winner.story
    term = db["plans"].get(winner.plan.plan_id)["duration_months"]
    last = story.closed_on - timedelta(days=40) if story.closed_on else LAST_PURCHASE
    first = story.signed_on + timedelta(days=20)
    lines = {line.line_id: line for line in winner.lines}
    days = {}
    for line_id, _, due in default_schedule(winner.lines, story.signed_on, term):
        line = lines[line_id]
        wanted = due - timedelta(days=35)
        if line.concept in story.skipped:
            continue
        if line.payer == "aeo_monetario":
            days[line_id] = story.signed_on + timedelta(days=40)
        elif wanted <= last or story.closed_on:
            days[line_id] = min(max(wanted, first), last)
    return days


def _agreement(db: Database, office: Office, winner: Winner) -> list[Event]:
    """Signed, then its contribution verified some weeks later."""
    plan_id, story = winner.plan.plan_id, winner.story
    agreement = proposed_agreement(db, plan_id)
    verified_on = story.signed_on + timedelta(days=45)
    president = (
        f"{winner.organization.record['representative_name']}, presidente(a) de "
        f"{winner.plan.organization}"
    )

    def sign() -> None:
        office.agreements += 1
        agreement.update(
            {
                "number": f"{office.agreements:03d}-2026-GR CUSCO/GRDE",
                "signed_on": story.signed_on.isoformat(),
                "signatories": [MANAGER, president],
                "baseline_jobs": story.jobs,
            }
        )
        save_agreement(db, plan_id, agreement, actor=OFFICE, today=TODAY)

    def verify() -> None:
        agreement.update(
            {
                "verified_cash_cents": agreement["cash_cents"],
                "verified_in_kind_cents": agreement["in_kind_cents"],
                "verified_on": verified_on.isoformat(),
                "verification": f"Acta de verificación de aportes del {verified_on:%d/%m/%Y}",
            }
        )
        save_agreement(db, plan_id, agreement, actor=OFFICE, today=TODAY)

    return [Event(story.signed_on, 0, sign), Event(verified_on, 1, verify)]


def _partial(winner: Winner, days: dict[int, date]) -> tuple[LineExecution, int] | None:
    """The service still under way in a plan not liquidated: the first intangible line not
    bought yet, half of its months paid so far."""
    if winner.story.closed_on:
        return None
    for line in winner.lines:
        months = int(line.quantity)
        if line.component == "intangibles" and line.line_id not in days and months >= 2:
            return line, line.budget_cents // months * (months // 2)
    return None


def _purchases(db: Database, office: Office, winner: Winner, days: dict[int, date]):
    def buy(line: LineExecution, day: date, amount: int) -> Callable[[], object]:
        def record() -> None:
            supplier, ruc = office.supplier(line.concept)
            if line.payer == "aeo_monetario":
                process = f"Compra del AEO, factura F001-{office.rng.randint(100, 9999):06d}"
            else:
                office.processes += 1
                process = f"AS-{office.processes:03d}-2026-GR CUSCO"
            raw = {
                "process": process,
                "supplier": supplier,
                "supplier_ruc": ruc,
                "purchased_on": day.isoformat(),
                "amount_cents": str(from_cents(amount)),
            }
            record_purchase(db, winner.plan.plan_id, line.line_id, raw, actor=OFFICE, today=TODAY)

        return record

    events = [
        Event(days[line.line_id], 2, buy(line, days[line.line_id], line.budget_cents))
        for line in winner.lines
        if line.line_id in days
    ]
    if partial := _partial(winner, days):
        line, amount = partial
        events.append(Event(PARTIAL_PAYMENT, 2, buy(line, PARTIAL_PAYMENT, amount)))
    return events


def _delivery_groups(winner: Winner, days: dict[int, date]) -> list[tuple[date, list]]:
    """The goods bought with PROCOMPITE, in one acta or two: with three machines, the first
    three weeks after its purchase and the others three weeks after the last of them."""
    goods = sorted(
        (
            line
            for line in winner.lines
            if line.line_id in days
            and line.payer == "procompite"
            and line.component == "activos_fijos"
        ),
        key=lambda line: (days[line.line_id], line.position),
    )
    groups = [goods[:1], goods[1:]] if len(goods) > 2 else [goods]
    found = []
    for group in groups:
        day = max(days[line.line_id] for line in group) + timedelta(days=21) if group else None
        if day and day <= winner.last_day:
            found.append((day, group))
    return found


def _deliveries(db: Database, winner: Winner, groups: list[tuple[date, list]]) -> list[Event]:
    organization = winner.organization
    place = district_name(db, organization.spec["district"])

    def deliver(day: date, goods: list[LineExecution]) -> Callable[[], object]:
        raw = {
            "delivered_on": day.isoformat(),
            "place": f"Local del AEO, {place}",
            "delivered_by": f"{OFFICER} (Oficina de PROCOMPITE)",
            "received_by": organization.record["representative_name"],
            "received_dni": organization.record["representative_dni"],
        }
        items = [
            {"line_id": line.line_id, "description": line.concept, "quantity": str(line.quantity)}
            for line in goods
        ]
        return lambda: record_delivery(
            db, winner.plan.plan_id, raw, items, actor=OFFICE, today=TODAY
        )

    return [Event(day, 3, deliver(day, goods)) for day, goods in groups]


def _visits(db: Database, office: Office, winner: Winner, first_delivery: date | None):
    organization, plan_id = winner.organization, winner.plan.plan_id
    plan = db["plans"].get(plan_id)
    baseline = organization.record["annual_sales_cents"]
    youth_under = youth_age_under(db)

    def visit(number: int, spec: Visit) -> Callable[[], object]:
        def record() -> None:
            active = len(organization.members) - office.rng.randint(0, 3)
            share = Decimal("0.5") if number == 0 else Decimal("0.8")
            goods = first_delivery is not None and first_delivery < spec.day
            raw = {
                "visited_on": spec.day.isoformat(),
                "visitors": VISITORS,
                "operating": spec.operating,
                "active_members": active,
                "active_women": min(organization.women - office.rng.randint(0, 2), active),
                "active_youth": min(_youth(organization, spec.day, youth_under), active),
                "sales_cents": str(from_cents(int(baseline * spec.growth) // 100 * 100)),
                "direct_jobs": winner.story.jobs + round(plan["direct_jobs"] * share),
                "indirect_jobs": round(plan["indirect_jobs"] * share),
                "new_markets": spec.markets,
                "goods_use": spec.goods_use if goods else None,
                "goods_condition": spec.goods_condition if goods else None,
                "photos": [f"fotos/{winner.plan.code}/{spec.day:%Y%m%d}-{k}.jpg" for k in (1, 2)],
                "notes": spec.notes,
            }
            volume, price = call_indicators(db, winner.plan.call_id)
            values = {volume.id: spec.volume, price.id: spec.price}
            record_visit(db, plan_id, raw, values, actor=OFFICER, today=TODAY)

        return record

    return [Event(spec.day, 4, visit(n, spec)) for n, spec in enumerate(winner.story.visits)]


def _closing(db: Database, winner: Winner) -> list[Event]:
    story = winner.story
    if story.closed_on is None:
        return []

    def close() -> None:
        close_plan(
            db,
            winner.plan.plan_id,
            story.closing_note,
            actor=OFFICE,
            closed_on=story.closed_on,
            today=TODAY,
        )

    return [Event(story.closed_on, 5, close)]


def _events(db: Database, office: Office, winner: Winner) -> list[Event]:
    days = _purchase_days(db, winner)
    groups = _delivery_groups(winner, days)
    return (
        _agreement(db, office, winner)
        + _purchases(db, office, winner, days)
        + _deliveries(db, winner, groups)
        + _visits(db, office, winner, groups[0][0] if groups else None)
        + _closing(db, winner)
    )


def build_followup(
    db: Database, earlier: EarlierCall, organizations: list[DemoOrganization], rng: random.Random
) -> None:
    """The follow-up of every winner of the earlier call, recorded in the order of its dates."""
    by_name = {organization.spec["name"]: organization for organization in organizations}
    funded = {plan.organization: plan for plan in funded_plans(db, earlier.id)}
    used = {row[0] for row in db.execute("SELECT ruc FROM organizations")}
    office = Office(rng, used)
    events = []
    for position, story in enumerate(STORIES):
        plan = funded[story.organization]
        winner = Winner(plan, story, by_name[story.organization], plan_lines(db, plan.plan_id))
        events += [
            (event.day, event.order, position, event) for event in _events(db, office, winner)
        ]
    for day, order, _, event in sorted(events, key=lambda item: item[:3]):
        with fixed_time(at_time(day, 9 + order)):
            event.record()
