"""The file's own settings (the ``settings`` table: entity, letterhead, demo notice, backups)."""

from sqlite_utils import Database

COUNTED_TABLES = (
    "departments",
    "provinces",
    "districts",
    "chains",
    "department_chains",
    "prioritizations",
    "calls",
    "organizations",
    "members",
    "plans",
    "plan_budget_lines",
    "plan_cash_flows",
    "committee_members",
    "evaluations",
    "scores",
)


def setting(db: Database, key: str, default: str = "") -> str:
    """The stored value of ``key``, or ``default`` when it was never set."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def save_setting(db: Database, key: str, value: str) -> None:
    db["settings"].upsert({"key": key, "value": value}, pk="key")


def is_demo(db: Database) -> bool:
    """Whether the file is the demo database (its records say they are demo data)."""
    return setting(db, "is_demo") == "1"


def counts(db: Database) -> dict[str, int]:
    """How many records each main table holds."""
    return {table: db[table].count for table in COUNTED_TABLES}
