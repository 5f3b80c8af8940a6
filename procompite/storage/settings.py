"""The file's own settings (the ``settings`` table: entity, letterhead, demo notice, backups),
and how many records each main table holds (what ``info`` prints)."""

from sqlite_utils import Database

COUNTED_TABLES = {
    "departments": "departamentos",
    "provinces": "provincias",
    "districts": "distritos",
    "chains": "cadenas productivas",
    "department_chains": "cadenas priorizadas por departamento",
    "prioritizations": "ejercicios de priorización",
    "calls": "convocatorias",
    "organizations": "agentes económicos (AEO)",
    "members": "socios",
    "plans": "planes de negocio",
    "plan_budget_lines": "líneas de presupuesto",
    "plan_cash_flows": "años de flujo de caja",
    "committee_members": "miembros del comité",
    "evaluations": "fichas de evaluación",
    "scores": "puntajes",
}


def setting(db: Database, key: str, default: str = "") -> str:
    """The stored value of ``key``, or ``default`` when it was never set."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def save_setting(db: Database, key: str, value: str) -> None:
    db["settings"].upsert({"key": key, "value": value}, pk="key")


def is_package(db: Database) -> bool:
    """Whether the file is a committee member's evaluation package."""
    return bool(setting(db, "package_id"))


def is_demo(db: Database) -> bool:
    """Whether the file is the demo database (its records say they are demo data)."""
    return setting(db, "is_demo") == "1"


def counts(db: Database) -> dict[str, int]:
    """How many records each main table holds, by table (labels in :data:`COUNTED_TABLES`)."""
    return {table: db[table].count for table in COUNTED_TABLES}


WRITTEN_BY = "written_by"
CREATED_BY = "created_by"


def program() -> str:
    from procompite import __version__

    return f"PROCOMPITE {__version__}"


def record_program(db: Database) -> None:
    """Say in the file which version of the program last opened it to write (and, the first
    time, which one created or first opened it); written only when it changes."""
    current = program()
    if setting(db, WRITTEN_BY) == current:
        return
    with db.atomic():
        if not setting(db, CREATED_BY):
            save_setting(db, CREATED_BY, setting(db, WRITTEN_BY) or current)
        save_setting(db, WRITTEN_BY, current)
