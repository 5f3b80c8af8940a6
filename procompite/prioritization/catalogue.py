"""The file's catalogue of productive chains: adding, renaming, retiring and deleting a chain.

A retired chain keeps every plan, AEO and prioritisation that names it and is no longer offered
to new ones; it can be restored. Only a chain that nothing names can be deleted."""

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.storage import audit

# What names a chain, with the words that say so in a refusal.
USES = (
    ("plans", "chain_id", "plan(es) de negocio"),
    ("organizations", "chain_id", "AEO"),
    ("prioritization_chains", "chain_id", "priorización(es)"),
    ("call_chains", "chain_id", "convocatoria(s)"),
)
REFERENCE_TABLES = ("chain_national_rankings", "department_chains", "zone_chains")


@dataclass(frozen=True)
class Chain:
    id: int
    name: str
    sector: str
    description: str
    retired_on: str | None
    plans: int

    @property
    def retired(self) -> bool:
        return self.retired_on is not None


def catalogue(db: Database, *, retired: bool = True) -> list[Chain]:
    sql = (
        "SELECT c.id, c.name, c.sector, c.description, c.retired_on, "
        "(SELECT count(*) FROM plans p WHERE p.chain_id = c.id) FROM chains c "
        + ("" if retired else "WHERE c.retired_on IS NULL ")
        + "ORDER BY c.name"
    )
    return [Chain(*row) for row in db.execute(sql)]


def chain_by_name(db: Database, name: str) -> int | None:
    wanted = " ".join(name.split()).casefold()
    for chain_id, stored in db.execute("SELECT id, name FROM chains"):
        if " ".join(stored.split()).casefold() == wanted:
            return chain_id
    return None


def _name_problems(db: Database, name: str, sector: str, chain_id: int | None) -> list[Problem]:
    problems = []
    if not name.strip():
        problems.append(Problem("Nombre de la cadena", "está vacío."))
    elif (other := chain_by_name(db, name)) is not None and other != chain_id:
        problems.append(Problem("Nombre de la cadena", f"ya existe la cadena «{name.strip()}»."))
    if not sector.strip():
        problems.append(Problem("Sector", "está vacío (p. ej. Agrícola, Pecuario, Acuícola)."))
    return problems


def _known(db: Database, chain_id: int) -> dict:
    row = db.execute("SELECT * FROM chains WHERE id = ?", [chain_id]).fetchone()
    if row is None:
        raise ValidationError([Problem("Cadena", f"no existe la cadena n.º {chain_id}.")])
    return db["chains"].get(chain_id)


def add_chain(
    db: Database, name: str, sector: str, description: str = "", *, actor: str, source: str = ""
) -> int:
    if problems := _name_problems(db, name, sector, None):
        raise ValidationError(problems)
    row = {
        "name": " ".join(name.split()),
        "sector": sector.strip(),
        "description": description.strip(),
        "source": source,
    }
    with db.atomic():
        chain_id = db["chains"].insert(row).last_pk
        audit.record(
            db, actor=actor, action="agregar cadena", table="chains", row_id=chain_id, after=row
        )
    return chain_id


def rename_chain(db: Database, chain_id: int, name: str, sector: str, *, actor: str) -> None:
    before = _known(db, chain_id)
    if problems := _name_problems(db, name, sector, chain_id):
        raise ValidationError(problems)
    after = {"name": " ".join(name.split()), "sector": sector.strip()}
    with db.atomic():
        db["chains"].update(chain_id, after)
        audit.record(
            db,
            actor=actor,
            action="renombrar cadena",
            table="chains",
            row_id=chain_id,
            before={"name": before["name"], "sector": before["sector"]},
            after=after,
        )


def retire_chain(
    db: Database, chain_id: int, *, actor: str, on: date | None = None, restore: bool = False
) -> None:
    """Stop offering a chain (or, with ``restore``, offer it again)."""
    before = _known(db, chain_id)
    retired_on = None if restore else (on or date.today()).isoformat()
    with db.atomic():
        db["chains"].update(chain_id, {"retired_on": retired_on})
        audit.record(
            db,
            actor=actor,
            action="restituir cadena" if restore else "retirar cadena",
            table="chains",
            row_id=chain_id,
            before={"retirada": before["retired_on"]},
            after={"retirada": retired_on},
        )


def chain_uses(db: Database, chain_id: int) -> list[str]:
    uses = []
    for table, column, words in USES:
        count = db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?", [chain_id]
        ).fetchone()[0]
        if count:
            uses.append(f"{count} {words}")
    return uses


def delete_chain(db: Database, chain_id: int, *, actor: str) -> None:
    """Delete a chain nothing names (its national ranking and zones go with it)."""
    before = _known(db, chain_id)
    if uses := chain_uses(db, chain_id):
        raise ValidationError(
            [
                Problem(
                    f"Cadena «{before['name']}»",
                    f"la usan {', '.join(uses)}; no se puede eliminar. Retírela para que no "
                    "se ofrezca más.",
                )
            ]
        )
    with db.atomic():
        for table in REFERENCE_TABLES:
            db.execute(f"DELETE FROM {table} WHERE chain_id = ?", [chain_id])
        db["chains"].delete(chain_id)
        audit.record(
            db,
            actor=actor,
            action="eliminar cadena",
            table="chains",
            row_id=chain_id,
            before=before,
        )
