"""Demo: the lists each department published (Cuadros 6-7) as approved prioritisations, and an
Apurímac exercise weighted by pairwise comparison (AHP). The Cusco list feeds the demo call."""

from datetime import date

from sqlite_utils import Database

from procompite.calls.chains import apply_to_call
from procompite.demo.geography import Places
from procompite.prioritization.ahp import ahp, complete_from_upper
from procompite.prioritization.approval import approve
from procompite.prioritization.editing import save_ahp
from procompite.prioritization.exercises import create_exercise
from procompite.prioritization.signatories import Signatory, save_signatories

PUBLISHED = {
    "Apurímac": date(2023, 6, 30),
    "Arequipa": date(2021, 6, 30),
    "Cusco": date(2023, 6, 30),
}
ILLUSTRATIVE = (
    "Valor ilustrativo de demostración: el estudio resalta en rojo las cadenas que cumplen el "
    "criterio, pero no publica la lista."
)


def build_study_list(db: Database, places: Places, department: str, at: str) -> int:
    """One yes/no criterion, «priorizada por el gobierno regional», true for every chain of the
    department's published list; approved with the study as its reference, transcribed (the
    study does not say who signed the list)."""
    chains = [places.chains[name] for name in places.department_chains[department]]
    exercise_id = create_exercise(
        db,
        name=f"Cadenas priorizadas de {department} (Cuadros 6 y 7)",
        department_id=places.departments[department],
        year=PUBLISHED[department].year,
        chain_ids=chains,
        cut_kind="threshold",
        cut_value=100,
        actor="demostración",
        at=at,
    )
    criterion_id = (
        db["prioritization_criteria"]
        .insert(
            {
                "prioritization_id": exercise_id,
                "position": 0,
                "name": "Priorizada por el gobierno regional",
                "kind": "flag",
                "weight": 1.0,
                "source_note": "Cuadro 7: Procompite (2023); elaboración del estudio.",
            }
        )
        .last_pk
    )
    db["prioritization_values"].insert_all(
        {"criterion_id": criterion_id, "chain_id": chain, "value": 1.0} for chain in chains
    )
    approve(
        db,
        exercise_id,
        approved_on=PUBLISHED[department],
        reference="Lista publicada (Procompite 2023), recogida en los Cuadros 6 y 7 del "
        "estudio del Sur Andino",
        transcribed=True,
        actor="demostración",
        at=at,
    )
    return exercise_id


APURIMAC_FLAGS = (
    ("(a) Oferta exportable", ("Anís", "Palta", "Fibra de camélidos", "Granos andinos")),
    (
        "(b) Vocación productiva",
        (
            "Anís",
            "Palta",
            "Derivados de papa",
            "Fibra de camélidos",
            "Granos andinos",
            "Cuyes",
            "Apícola",
        ),
    ),
    (
        "(c) Actividad tradicional",
        (
            "Artesanía textil",
            "Fibra de camélidos",
            "Granos andinos",
            "Cuyes",
            "Derivados de papa",
            "Lácteos",
        ),
    ),
)
# Upper triangle of the comparisons: (a) vs (b), (a) vs (c), (a) vs rank, (b) vs (c)...
APURIMAC_COMPARISONS = {(0, 1): 1, (0, 2): 3, (0, 3): 2, (1, 2): 3, (1, 3): 2, (2, 3): 1 / 2}
APURIMAC_SIGNATORIES = (
    Signatory(
        "Edgar Pillaca Huamaní", "Gerencia Regional de Desarrollo Económico", "Gerente regional"
    ),
    Signatory("Nilda Sánchez Oscco", "Agencia Regional de Desarrollo", "Representante"),
)


def build_apurimac(db: Database, places: Places, at: str) -> int:
    names = places.department_chains["Apurímac"]
    exercise_id = create_exercise(
        db,
        name="Priorización de cadenas productivas — Apurímac (demostración, AHP)",
        department_id=places.departments["Apurímac"],
        year=2025,
        chain_ids=[places.chains[n] for n in names],
        method="topsis",
        cut_value=5,
        actor="demostración",
        at=at,
    )
    criterion_ids = []
    for position, (name, yes) in enumerate(APURIMAC_FLAGS):
        criterion_id = (
            db["prioritization_criteria"]
            .insert(
                {
                    "prioritization_id": exercise_id,
                    "position": position,
                    "name": name,
                    "kind": "flag",
                    "weight": 1.0,
                    "source_note": ILLUSTRATIVE,
                }
            )
            .last_pk
        )
        criterion_ids.append(criterion_id)
        db["prioritization_values"].insert_all(
            {"criterion_id": criterion_id, "chain_id": places.chains[n], "value": float(n in yes)}
            for n in names
        )
    rank_id = (
        db["prioritization_criteria"]
        .insert(
            {
                "prioritization_id": exercise_id,
                "position": 3,
                "name": "Ranking nacional (Cuadro 8)",
                "kind": "indicator",
                "unit": "puesto",
                "direction": "more_worse",
                "weight": 1.0,
                "source_note": "Cuadro 8, Midagri (2023). Sin dato: cadenas que no figuran en él.",
            }
        )
        .last_pk
    )
    criterion_ids.append(rank_id)
    for row in db.query(
        "SELECT chain_id, min(national_rank) AS rank FROM chain_national_rankings "
        "WHERE producing_departments LIKE '%Apurímac%' GROUP BY chain_id"
    ):
        if row["chain_id"] in {places.chains[n] for n in names}:
            db["prioritization_values"].insert(
                {"criterion_id": rank_id, "chain_id": row["chain_id"], "value": row["rank"]}
            )
    weights = ahp(complete_from_upper(APURIMAC_COMPARISONS, 4)).weights
    save_ahp(
        db,
        exercise_id,
        {(criterion_ids[i], criterion_ids[j]): v for (i, j), v in APURIMAC_COMPARISONS.items()},
        dict(zip(criterion_ids, weights, strict=True)),
        actor="demostración",
        at=at,
    )
    save_signatories(db, exercise_id, APURIMAC_SIGNATORIES, actor="demostración", at=at)
    return exercise_id


def link_call(db: Database, exercise_id: int, call_id: int, at: str) -> None:
    apply_to_call(db, exercise_id, call_id, actor="demostración", at=at)
