"""Demo business plans: budget lines, cash flows and document checklists."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlite_utils import Database

from procompite.demo.call import DemoCall
from procompite.demo.geography import Places
from procompite.demo.organizations import DemoOrganization
from procompite.plans.finance import BudgetLine, CashFlowYear
from procompite.plans.store import PlanDraft, save_plan

EQUIPMENT = {
    "Cacao": ("Conchadora de chocolate", "Templadora de chocolate", "Molino de cacao"),
    "Cuyes": ("Galpón mejorado de crianza", "Equipo de beneficio de cuyes", "Cámara de frío"),
    "Palta": ("Cámara de maduración", "Seleccionadora por calibre", "Pulpeadora"),
    "Lácteos": ("Tina quesera de acero inoxidable", "Prensa para quesos", "Pasteurizador"),
    "Granos andinos": ("Trilladora estacionaria", "Seleccionadora de granos", "Envasadora"),
    "Fibra de camélidos": (
        "Cobertizo para alpacas",
        "Equipo de esquila mecánica",
        "Mesa de clasificación de fibra",
    ),
    "Café": ("Despulpadora de café", "Secador solar parabólico", "Tostadora de café"),
    "Apícola": ("Colmenas tipo Langstroth", "Centrífuga de miel", "Envasadora de miel"),
    "Artesanía textil": ("Telares de pedal", "Máquina remalladora", "Equipo de teñido"),
    "Turismo": ("Habitaciones rurales equipadas", "Comedor comunal", "Señalización turística"),
    "Acuicultura": ("Jaulas flotantes", "Equipo de eviscerado", "Cámara de frío"),
    "Derivados de papa": ("Freidora industrial", "Peladora de papa", "Selladora"),
    "Cerámica": ("Horno a gas para cerámica", "Torno eléctrico", "Laminadora de arcilla"),
    "Joyería": ("Laminadora de metales", "Equipo de soldadura", "Pulidora"),
    "Carpintería": ("Cepilladora", "Sierra circular de banco", "Tupí"),
    "Gastronomía": ("Cocina industrial", "Horno convector", "Cámara de refrigeración"),
}

STATUSES = (
    ["borrador"] + ["registrado"] * 4 + ["admitido"] * 3 + ["en_evaluacion"] * 4 + ["evaluado"] * 12
)


# Plans that fail a rule of the call (a chain it has not prioritised; a negative VAN) stay
# registered: they cannot be admitted to evaluation.
NOT_PRIORITIZED_PLAN = 4
WEAK_PLAN = 12


def _keep_registered(statuses: list[str], numbers: tuple[int, ...]) -> None:
    for number in numbers:
        if statuses[number - 1] != "registrado":
            swap = next(
                i for i, s in enumerate(statuses) if s == "registrado" and i + 1 not in numbers
            )
            statuses[number - 1], statuses[swap] = statuses[swap], statuses[number - 1]


@dataclass
class DemoPlan:
    id: int
    organization: DemoOrganization
    status: str
    quality: float


def _split(rng: random.Random, amount: int, parts: int) -> list[int]:
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    shares = [int(amount * weight / sum(weights)) for weight in weights]
    shares[0] += amount - sum(shares)
    return shares


def _line(concept: str, component: str, unit: str, quantity: int, amount: int, payer: str):
    unit_cost = round(amount / quantity / 100) * 100
    return {
        "component": component,
        "concept": concept,
        "unit": unit,
        "quantity": str(quantity),
        "unit_cost_cents": unit_cost,
        "payer": payer,
    }


def district_name(db: Database, ubigeo: str) -> str:
    return db.execute("SELECT name FROM districts WHERE ubigeo = ?", [ubigeo]).fetchone()[0]


def budget_lines(rng: random.Random, chain: str, category: dict) -> list[dict]:
    """Lines whose PROCOMPITE share stays inside the category's limits."""
    if category["code"] == "A":
        procompite = rng.randint(90_000, 155_000) * 100
        share = rng.uniform(0.70, 0.78)
    else:
        procompite = rng.randint(120_000, 330_000) * 100
        share = rng.uniform(0.60, 0.68)
    contribution = int(procompite / share) - procompite
    cash = int(contribution * rng.uniform(0.4, 0.55))
    equipment_amount = int(procompite * rng.uniform(0.62, 0.72))
    assistance = int((procompite - equipment_amount) * rng.uniform(0.5, 0.65))
    training = procompite - equipment_amount - assistance
    lines = []
    for name, amount in zip(EQUIPMENT[chain], _split(rng, equipment_amount, 3), strict=True):
        quantity = rng.choice((1, 1, 2, 3, 4))
        lines.append(_line(name, "activos_fijos", "unidad", quantity, amount, "procompite"))
    lines.append(
        _line(
            "Asistencia técnica especializada",
            "intangibles",
            "mes",
            rng.randint(6, 12),
            assistance,
            "procompite",
        )
    )
    lines.append(
        _line(
            "Capacitación en buenas prácticas y gestión",
            "intangibles",
            "taller",
            rng.randint(4, 10),
            training,
            "procompite",
        )
    )
    lines.append(
        _line(
            "Insumos y materia prima del primer ciclo",
            "capital_trabajo",
            "lote",
            1,
            cash,
            "aeo_monetario",
        )
    )
    local, labour = _split(rng, contribution - cash, 2)
    lines.append(
        _line(
            "Local de la organización (valorizado)",
            "activos_fijos",
            "mes",
            12,
            local,
            "aeo_no_monetario",
        )
    )
    lines.append(
        _line(
            "Mano de obra de los socios (valorizada)",
            "capital_trabajo",
            "jornal",
            rng.randint(200, 600),
            labour,
            "aeo_no_monetario",
        )
    )
    return lines


def cash_flows(rng: random.Random, investment: int, fixed_assets: int, weak: bool) -> list[dict]:
    """Year 0 invests; later years earn a margin; the last year adds the residual value."""
    years = rng.randint(5, 10)
    net_share = 0.10 if weak else rng.uniform(0.22, 0.42)
    income = int(investment * net_share / 0.35)
    flows = [{"year": 0, "investment_cents": investment}]
    for year in range(1, years + 1):
        year_income = int(income * (1 + 0.06 * min(year - 1, 3)))
        flows.append(
            {
                "year": year,
                "income_cents": year_income,
                "operating_cost_cents": int(year_income * 0.65),
                "residual_value_cents": int(fixed_assets * 0.2) if year == years else 0,
            }
        )
    keys = ("income_cents", "operating_cost_cents", "investment_cents", "residual_value_cents")
    return [flow | {key: flow.get(key, 0) // 100 * 100 for key in keys} for flow in flows]


def plan_draft(
    db: Database,
    places: Places,
    call: DemoCall,
    organization: DemoOrganization,
    code: str,
    status: str,
    rng: random.Random,
    *,
    registered_from: date,
    complete: bool,
    weak: bool = False,
) -> PlanDraft:
    """The organisation's plan: budget within its category's limits, cash flow, documents."""
    spec = organization.spec
    category = call.categories[organization.category]
    lines = budget_lines(rng, spec["chain"], category)
    total = sum(int(line["quantity"]) * line["unit_cost_cents"] for line in lines)
    fixed = sum(
        int(line["quantity"]) * line["unit_cost_cents"]
        for line in lines
        if line["component"] == "activos_fijos"
    )
    registered = registered_from + timedelta(days=rng.randint(0, 40))
    beneficiaries = spec.get("beneficiaries") or len(organization.members)
    women = round(beneficiaries * organization.women / len(organization.members))
    record = {
        "call_id": call.id,
        "code": code,
        "organization_id": organization.id,
        "category_id": category["id"],
        "chain_id": places.chains[spec["chain"]],
        "title": f"{spec['activity']} en {district_name(db, spec['district'])}",
        "district_id": places.districts[spec["district"]],
        "duration_months": rng.choice((12, 12, 15, 18)),
        "beneficiaries_women": women,
        "beneficiaries_men": beneficiaries - women,
        "direct_jobs": spec.get("direct_jobs") or rng.randint(2, 12),
        "indirect_jobs": spec.get("indirect_jobs") or rng.randint(5, 40),
        "summary": (
            f"Plan de negocio de demostración: {spec['activity'].lower()} para mejorar "
            "la productividad, la calidad y el acceso a mercados de los socios."
        ),
        "registered_on": None if status == "borrador" else registered.isoformat(),
    }
    return PlanDraft(
        record,
        [BudgetLine(**line | {"quantity": Decimal(line["quantity"])}) for line in lines],
        [CashFlowYear(**flow) for flow in cash_flows(rng, total, fixed, weak=weak)],
        {
            document_id: complete or position < len(call.documents) - 2
            for position, document_id in enumerate(call.documents)
        },
        status,
    )


def build_plans(
    db: Database,
    places: Places,
    call: DemoCall,
    organizations: list[DemoOrganization],
    rng: random.Random,
    at: str,
) -> list[DemoPlan]:
    plans = []
    statuses = list(STATUSES)
    rng.shuffle(statuses)
    _keep_registered(statuses, (NOT_PRIORITIZED_PLAN, WEAK_PLAN))
    applicants = [org for org in organizations if org.spec["chain"] in EQUIPMENT][: len(statuses)]
    for number, (organization, status) in enumerate(zip(applicants, statuses, strict=True), 1):
        draft = plan_draft(
            db,
            places,
            call,
            organization,
            f"PN-2026-{number:03d}",
            status,
            rng,
            registered_from=date(2026, 7, 1),
            complete=status not in ("borrador", "registrado") or number % 2 == 0,
            weak=number == WEAK_PLAN,
        )
        plan_id = save_plan(db, draft, actor="demostración", at=at)
        plans.append(DemoPlan(plan_id, organization, status, rng.uniform(0.35, 0.95)))
    return plans
