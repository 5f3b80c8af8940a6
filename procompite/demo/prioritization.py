"""Demo prioritisation exercise for Cusco: criteria (a)(b)(c) of Cuadro 7 and the Cuadro 8 rank."""

from sqlite_utils import Database

from procompite.demo.geography import Places
from procompite.prioritization.signatories import Signatory, save_signatories

ILLUSTRATIVE = (
    "Valor ilustrativo de demostración: el estudio resalta en rojo las cadenas que cumplen el "
    "criterio, pero no publica la lista."
)

CRITERIA = (
    {
        "name": "(a) Oferta exportable",
        "description": "Forma parte de la oferta exportable del departamento.",
        "kind": "flag",
        "weight": 0.3,
        "source_note": "Criterio a) del Cuadro 7. " + ILLUSTRATIVE,
        "yes": (
            "Café",
            "Cacao",
            "Granos andinos",
            "Derivados de papa",
            "Turismo",
            "Fibra de camélidos",
            "Artesanía textil",
        ),
    },
    {
        "name": "(b) Vocación productiva",
        "description": "Alto volumen de producción o rendimiento.",
        "kind": "flag",
        "weight": 0.3,
        "source_note": "Criterio b) del Cuadro 7. " + ILLUSTRATIVE,
        "yes": (
            "Apícola",
            "Artesanía textil",
            "Cuyes",
            "Fibra de camélidos",
            "Lácteos",
            "Turismo",
            "Granos andinos",
            "Café",
            "Cacao",
        ),
    },
    {
        "name": "(c) Actividad tradicional",
        "description": "Actividad transmitida de generación en generación en el territorio.",
        "kind": "flag",
        "weight": 0.2,
        "source_note": "Criterio c) del Cuadro 7. " + ILLUSTRATIVE,
        "yes": (
            "Artesanía textil",
            "Fibra de camélidos",
            "Granos andinos",
            "Cuyes",
            "Lácteos",
            "Derivados de papa",
            "Cerámica",
            "Joyería",
        ),
    },
)

# Fictitious, as the demo's padrones are: who would sign the draft once approved.
SIGNATORIES = (
    Signatory(
        "Marleni Huamán Condori",
        "Gerencia Regional de Desarrollo Económico",
        "Gerente regional",
        "40218735",
    ),
    Signatory("Wilber Ccori Puma", "Agencia Regional de Desarrollo", "Representante"),
    Signatory("Yessica Apaza Layme", "Mesa técnica PROCOMPITE", "Representante"),
)


def build_prioritization(db: Database, places: Places, at: str) -> int:
    candidates = places.department_chains["Cusco"]
    exercise_id = (
        db["prioritizations"]
        .insert(
            {
                "name": "Priorización de cadenas productivas — Cusco (demostración)",
                "department_id": places.departments["Cusco"],
                "year": 2025,
                "method": "weighted",
                "weighting": "direct",
                "missing_policy": "worst",
                "cut_kind": "top_n",
                "cut_value": 7,
                "notes": "Ejercicio de demostración con los criterios del estudio del Sur Andino.",
                "created_at": at,
            }
        )
        .last_pk
    )
    db["prioritization_chains"].insert_all(
        {"prioritization_id": exercise_id, "chain_id": places.chains[name]} for name in candidates
    )
    for position, criterion in enumerate(CRITERIA):
        spec = {key: value for key, value in criterion.items() if key != "yes"}
        criterion_id = (
            db["prioritization_criteria"]
            .insert(spec | {"prioritization_id": exercise_id, "position": position})
            .last_pk
        )
        db["prioritization_values"].insert_all(
            {
                "criterion_id": criterion_id,
                "chain_id": places.chains[name],
                "value": float(name in criterion["yes"]),
            }
            for name in candidates
        )
    rank_id = (
        db["prioritization_criteria"]
        .insert(
            {
                "prioritization_id": exercise_id,
                "position": len(CRITERIA),
                "name": "Ranking nacional (Cuadro 8)",
                "description": "Puesto del producto en la producción nacional; menor es mejor.",
                "kind": "indicator",
                "unit": "puesto",
                "direction": "more_worse",
                "normalization": "minmax",
                "weight": 0.2,
                "source_note": "Cuadro 8, Midagri (2023). Sin dato: cadenas que no figuran en él.",
            }
        )
        .last_pk
    )
    for row in db.query(
        "SELECT chain_id, min(national_rank) AS rank FROM chain_national_rankings "
        "WHERE producing_departments LIKE '%Cusco%' GROUP BY chain_id"
    ):
        if row["chain_id"] in {places.chains[name] for name in candidates}:
            db["prioritization_values"].insert(
                {"criterion_id": rank_id, "chain_id": row["chain_id"], "value": row["rank"]}
            )
    save_signatories(db, exercise_id, SIGNATORIES, actor="demostración", at=at)
    return exercise_id
