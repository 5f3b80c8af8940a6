"""The demo database: real chains and organisations of the Sur Andino study, demo call and plans.

Deterministic: the same program builds the same content every time.
"""

import random
from pathlib import Path

from procompite.database import DatabaseError, open_database
from procompite.demo.call import build_call
from procompite.demo.evaluations import build_evaluations
from procompite.demo.geography import Places, build_chains, build_geography
from procompite.demo.organizations import build_organizations
from procompite.demo.plans import build_plans
from procompite.demo.prioritization import build_prioritization
from procompite.repository import Repository

SEED = 2026
BUILT_AT = "2026-06-01T14:00:00+00:00"
DEMO_NOTICE = (
    "Base de datos de demostración. Cadenas, provincias y los AEO del Cuadro 13 provienen del "
    "estudio «Diversificación productiva y renta extractiva en el Sur Andino»; la convocatoria, "
    "los RUC, padrones, planes y puntajes son ficticios."
)


def build_demo(path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Create the demo database at ``path``; returns the count of rows of each main table."""
    path = Path(path)
    if path.exists():
        if not force:
            raise DatabaseError(
                f"El archivo «{path}» ya existe. Use --force para reemplazarlo por la demostración."
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    rng = random.Random(SEED)
    places = Places()
    with db.atomic():
        db["settings"].insert_all(
            [
                {"key": "is_demo", "value": "1"},
                {"key": "demo_notice", "value": DEMO_NOTICE},
                {"key": "entity_name", "value": "Gobierno Regional Cusco"},
                {"key": "youth_age_under", "value": "30"},
            ]
        )
        build_geography(db, places)
        build_chains(db, places)
        build_prioritization(db, places, BUILT_AT)
        call = build_call(db, places, BUILT_AT)
        organizations = build_organizations(db, places, rng, BUILT_AT)
        plans = build_plans(db, places, call, organizations, rng, BUILT_AT)
        build_evaluations(db, call, plans, rng)
    counts = Repository(db).counts()
    db.close()
    return counts
