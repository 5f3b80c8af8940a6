"""The demo database: real chains and organisations of the Sur Andino study, demo call and plans.

Deterministic: the same program builds the same content every time.
"""

import random
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from procompite.demo.call import build_call, set_stage
from procompite.demo.earlier_call import YEAR, build_earlier_call
from procompite.demo.evaluations import build_evaluations
from procompite.demo.followup import build_followup
from procompite.demo.geography import Places, build_chains, build_geography
from procompite.demo.organizations import build_organizations
from procompite.demo.plans import build_plans
from procompite.demo.prioritization import build_prioritization
from procompite.demo.study_lists import PUBLISHED, build_apurimac, build_study_list, link_call
from procompite.storage import settings
from procompite.storage.checks import DatabaseError
from procompite.storage.creating import build_file
from procompite.storage.database import open_database
from procompite.storage.writer_lock import WriterLock

SEED = 2026
BUILT_AT = "2026-06-01T14:00:00+00:00"
DEMO_NOTICE = (
    "Base de datos de demostración. Cadenas, provincias y los AEO del Cuadro 13 provienen del "
    "estudio «Diversificación productiva y renta extractiva en el Sur Andino»; la convocatoria, "
    "los RUC, padrones, planes y puntajes son ficticios. La convocatoria 2025, ya cerrada, "
    "muestra el ciclo completo: dictámenes y acta emitidos, y el seguimiento de sus ganadores."
)


def _check_replaceable(path: Path) -> None:
    """With ``--force``, only an empty file or an earlier demo may be replaced."""
    if path.is_dir():
        raise DatabaseError(f"«{path}» es una carpeta, no un archivo de base de datos.")
    if path.stat().st_size == 0:
        return
    db = open_database(path, create=False, readonly=True)
    try:
        is_demo = "settings" in db.table_names() and settings.is_demo(db)
    finally:
        db.close()
    if not is_demo:
        raise DatabaseError(
            f"El archivo «{path}» no es una base de demostración; no se reemplaza ni con --force."
        )


def fill_base(db: Database, settings: dict[str, str]) -> tuple[Places, dict[str, int]]:
    """Settings, geography, chains and the published prioritisations, shared by every build."""
    places = Places()
    db["settings"].insert_all(
        [{"key": "is_demo", "value": "1"}, {"key": "youth_age_under", "value": "30"}]
        + [{"key": key, "value": value} for key, value in settings.items()]
    )
    build_geography(db, places)
    build_chains(db, places)
    build_prioritization(db, places, BUILT_AT)
    lists = {name: build_study_list(db, places, name, BUILT_AT) for name in PUBLISHED}
    build_apurimac(db, places, BUILT_AT)
    return places, lists


def _fill(db) -> None:
    rng = random.Random(SEED)
    with db.atomic():
        places, lists = fill_base(
            db, {"demo_notice": DEMO_NOTICE, "entity_name": "Gobierno Regional Cusco"}
        )
        call = build_call(db, places, BUILT_AT)
        link_call(db, lists["Cusco"], call.id, BUILT_AT)
        organizations = build_organizations(db, places, rng, BUILT_AT)
        plans = build_plans(db, places, call, organizations, rng, BUILT_AT)
        set_stage(db, call, "evaluacion")
        build_evaluations(db, call, plans, rng)
        set_stage(db, call, call.status)
        # Built last, so that the current call and its plans keep their ids.
        earlier = build_earlier_call(db, places, call.id, organizations, random.Random(SEED + YEAR))
        build_followup(db, earlier, organizations, random.Random(SEED + 1))


def build_demo(path: str | Path, *, force: bool = False) -> dict[str, int]:
    """Create the demo database at ``path``; returns the count of rows of each main table."""
    return build_database(path, _fill, force=force)


def build_database(
    path: str | Path, fill: Callable[[Database], None], *, force: bool = False
) -> dict[str, int]:
    """Create at ``path`` a database that ``fill`` fills; returns the count of rows of each
    main table.

    The database is built in a temporary file beside ``path`` and moved into place only when
    complete, so an interrupted build never leaves a half-made file behind. With ``force``,
    only an empty file or an earlier demo is replaced.
    """
    path = Path(path)
    if not (path.exists() or path.is_symlink()):
        return build_file(path, fill)
    if not force:
        raise DatabaseError(f"El archivo «{path}» ya existe. Use --force para reemplazarlo.")
    _check_replaceable(path)
    with WriterLock(path):
        return build_file(path, fill)
