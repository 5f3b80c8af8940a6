"""The demo convocatoria of Gobierno Regional Cusco: categories, schedule, documents, committee."""

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from procompite.common.money import to_cents
from procompite.demo.geography import Places
from procompite.evaluation.rubrics import copy_rubric_to_call, install_default_template

STAGES = (
    ("Convocatoria y difusión", "2026-03-02", "2026-04-30"),
    ("Registro de AEO y admisibilidad", "2026-05-04", "2026-06-30"),
    ("Presentación de planes de negocio", "2026-07-01", "2026-08-14"),
    ("Elegibilidad y visita de campo", "2026-08-17", "2026-09-30"),
    ("Evaluación técnica por el comité", "2026-10-05", "2026-11-30"),
    ("Publicación de resultados", "2026-12-04", "2026-12-04"),
    ("Presentación pública de ganadores", "2026-12-11", "2026-12-11"),
    ("Resolución que aprueba a los ganadores", "2026-12-18", "2026-12-18"),
)

DOCUMENTS = (
    ("SOL", "Solicitud de participación firmada por el representante legal"),
    ("RUC", "Ficha RUC activa y habida"),
    ("SUNARP", "Copia literal de la partida registral (SUNARP)"),
    ("PADRON", "Padrón de socios con firmas"),
    ("ACTA", "Acta de asamblea que aprueba el plan de negocio y el aporte"),
    ("DJ", "Declaración jurada de no tener sanciones ni deudas coactivas"),
    ("CARTA", "Carta de compromiso de cofinanciamiento del AEO"),
    ("PN", "Plan de negocio en físico y digital"),
)

COMMITTEE = (
    (
        "Rosa Elvira Ccahuana Farfán",
        "41853620",
        "presidente",
        "Gerencia Regional de Desarrollo Económico",
    ),
    ("Julio César Villafuerte Loayza", "23958147", "miembro", "Dirección Regional de Agricultura"),
    ("Carmen Rosa Béjar Huamán", "40127759", "miembro", "Dirección Regional de la Producción"),
    (
        "Edwin Alberto Cárdenas Quispe",
        "42670318",
        "miembro",
        "Universidad Nacional de San Antonio Abad del Cusco",
    ),
    (
        "Luz Marina Zamalloa Torres",
        "45219083",
        "secretario_tecnico",
        "Oficina de PROCOMPITE del Gobierno Regional",
    ),
)


@dataclass
class DemoCall:
    id: int
    categories: dict[str, dict] = field(default_factory=dict)
    documents: list[int] = field(default_factory=list)
    committee: list[int] = field(default_factory=list)
    rubric_id: int = 0
    status: str = "evaluacion"


def set_stage(db: Database, call: DemoCall, stage: str) -> None:
    """Move the demo's call on as its story goes (registration, evaluation, its last stage)."""
    db["calls"].update(call.id, {"status": stage})


def build_call(
    db: Database,
    places: Places,
    at: str,
    *,
    year: int = 2026,
    scale: int = 1,
    committee: tuple[tuple[str, str, str, str], ...] = COMMITTEE,
    status: str = "evaluacion",
) -> DemoCall:
    """The call of ``year``; ``scale`` multiplies its budget and pools (one unit per 24 plans)."""
    cusco = places.departments["Cusco"]
    call_id = (
        db["calls"]
        .insert(
            {
                "name": f"PROCOMPITE {year} — Gobierno Regional Cusco",
                "entity_name": "Gobierno Regional Cusco",
                "department_id": cusco,
                "year": year,
                "budget_cents": to_cents("900000") * scale,
                "discount_rate_bp": 1000,
                "passing_score": 60,
                "consolidation": "mean",
                "disagreement_gap": 4,
                "disagreement_share_bp": 8000,
                "quorum": 3,
                "tie_breakers": json.dumps(["women_share", "registered_on"]),
                "document_prefix": f"GRC-PROCOMPITE-{year}",
                "status": "preparacion",
                "created_at": at,
            }
        )
        .last_pk
    )
    call = DemoCall(call_id, status=status)
    for category in (
        {
            "code": "A",
            "name": "Categoría A",
            "min_members": 10,
            "min_years": 0,
            "min_cofinancing_cents": to_cents("80000"),
            "max_cofinancing_cents": to_cents("160000"),
            "max_cofinancing_bp": 8000,
            "min_contribution_bp": 2000,
            "min_cash_contribution_bp": 500,
            "budget_cents": to_cents("300000"),
        },
        {
            "code": "B",
            "name": "Categoría B",
            "min_members": 2,
            "min_years": 1,
            "min_cofinancing_cents": to_cents("80000"),
            "max_cofinancing_cents": to_cents("350000"),
            "max_cofinancing_bp": 7000,
            "min_contribution_bp": 3000,
            "min_cash_contribution_bp": 1000,
            "budget_cents": to_cents("600000"),
        },
    ):
        category["budget_cents"] *= scale
        category_id = db["call_categories"].insert(category | {"call_id": call_id}).last_pk
        call.categories[category["code"]] = category | {"id": category_id}
    db["call_stages"].insert_all(
        {
            "call_id": call_id,
            "position": position,
            "name": name,
            "starts_on": start.replace("2026", str(year), 1),
            "ends_on": end.replace("2026", str(year), 1),
        }
        for position, (name, start, end) in enumerate(STAGES)
    )
    for position, (code, name) in enumerate(DOCUMENTS):
        call.documents.append(
            db["call_documents"]
            .insert({"call_id": call_id, "position": position, "code": code, "name": name})
            .last_pk
        )
    for position, (name, dni, role, institution) in enumerate(committee):
        call.committee.append(
            db["committee_members"]
            .insert(
                {
                    "call_id": call_id,
                    "position": position,
                    "full_name": name,
                    "dni": dni,
                    "role": role,
                    "institution": institution,
                }
            )
            .last_pk
        )
    template_id = install_default_template(db, at=at)
    call.rubric_id = copy_rubric_to_call(db, template_id, call_id, at=at)
    return call
