"""The audit trail as a hash chain, so that a row changed, deleted or inserted behind the program
is found.

Each row of ``audit_log`` keeps ``prev_hash``, the ``hash`` of the chained row before it
(:data:`GENESIS` for the first), and ``hash``, the SHA-256 of its canonical content: the compact
JSON list of ``at``, ``actor``, ``action``, ``table_name``, ``row_id``, ``before``, ``after``,
``reason`` and ``prev_hash``, in UTF-8. :func:`procompite.storage.audit.record` chains each new
row inside the transaction of the change it records. The rows of a file made before schema 7 are
chained once, in order, by that migration (:func:`chain_unchained`): the first time the file is
opened for writing, before anything else is recorded. From then on a row without a hash was
written outside the program.

:func:`check` reads the trail once, in order of ``id``, and names every row whose content no
longer gives its hash (changed), every gap in the numbering (deleted), every link to a hash that is
not the previous row's (deleted or replaced) and every row without a hash (inserted). The chain
has no secret: it finds rows edited by hand, not a trail rewritten whole by someone who recomputes
every hash, and deleting the last rows leaves no gap behind them.
"""

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

GENESIS = "0" * 64
CONTENT = ("at", "actor", "action", "table_name", "row_id", "before", "after", "reason")
MAX_FINDINGS = 200


def row_hash(row: dict, prev_hash: str) -> str:
    """The SHA-256 of a row's canonical content, chained to ``prev_hash``."""
    content = [row[name] for name in CONTENT] + [prev_hash]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def last_hash(db: Database) -> str:
    """The hash the next row chains to; read it inside the transaction that writes that row."""
    found = db.execute(
        "SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return found[0] if found else GENESIS


def is_chained(db: Database) -> bool:
    """Whether the file has the chain's columns (schema 7 or later)."""
    return {"prev_hash", "hash"} <= {row[1] for row in db.execute("PRAGMA table_info(audit_log)")}


@contextlib.contextmanager
def _text_as_stored(db: Database) -> Iterator[None]:
    """Read text that is not UTF-8 (written with other tools) as its bytes, and hash it so."""
    factory = db.conn.text_factory
    db.conn.text_factory = lambda data: data.decode("utf-8", "surrogateescape")
    try:
        yield
    finally:
        db.conn.text_factory = factory


def _rows(db: Database) -> Iterator[dict]:
    cursor = db.execute(
        f"SELECT id, {', '.join(CONTENT)}, prev_hash, hash FROM audit_log ORDER BY id"
    )
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def chain_unchained(db: Database) -> int:
    """Give every row without a hash its link and hash, in order; how many were chained.

    Run by migration 0007 on the rows an earlier version wrote, inside the migration's
    transaction."""
    previous = GENESIS
    links = []
    with _text_as_stored(db):
        for row in _rows(db):
            if row["hash"] is None:
                row["hash"] = row_hash(row, previous)
                links.append((previous, row["hash"], row["id"]))
            previous = row["hash"]
    db.conn.executemany("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", links)
    return len(links)


def _printable(text: object) -> str:
    """Text read as stored, with what is not UTF-8 shown as the replacement character."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _moment(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return f"fecha «{_printable(at)}»"


def describe(row: dict) -> str:
    """``fila 41 (23/11/2026 10:15, «enviar ficha de evaluación»)``."""
    return f"fila {row['id']} ({_moment(row['at'])}, «{_printable(row['action'])}»)"


@dataclass(frozen=True)
class Finding:
    kind: str
    row_id: int
    text: str


@dataclass
class ChainCheck:
    rows: int = 0
    chained: bool = True
    findings: list[Finding] = field(default_factory=list)
    more: int = 0

    @property
    def valid(self) -> bool:
        return self.chained and not self.findings

    def lines(self) -> list[str]:
        """The findings in plain Spanish, one line each."""
        if not self.chained:
            return [
                "El registro de auditoría de este archivo aún no está encadenado (lo escribió "
                "una versión anterior): ábralo una vez para escribir y vuelva a comprobarlo."
            ]
        lines = [finding.text for finding in self.findings]
        if self.more:
            lines.append(f"… y {self.more} hallazgos más en el registro de auditoría.")
        return lines


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"Falta la fila {first} del registro de auditoría: fue borrada"
    return f"Faltan las filas {first} a {last} del registro de auditoría: fueron borradas"


def _row_findings(row: dict, before: dict | None, link: dict | None) -> list[Finding]:
    """What is wrong with one row, given the row before it and the chained row it must link to."""
    found = []
    first_missing = before["id"] + 1 if before else 1
    if row["id"] > first_missing:
        where = f"entre la {describe(before)} y la" if before else "antes de la"
        found.append(
            Finding(
                "borrada",
                row["id"],
                f"{_missing(first_missing, row['id'] - 1)} {where} {describe(row)}.",
            )
        )
    if row["hash"] is None:
        found.append(
            Finding(
                "insertada",
                row["id"],
                f"La {describe(row)} del registro de auditoría fue insertada fuera del programa: "
                "no tiene huella de la cadena.",
            )
        )
        return found
    changed = row_hash(row, row["prev_hash"] or "") != row["hash"]
    if changed:
        found.append(
            Finding(
                "modificada",
                row["id"],
                f"La {describe(row)} del registro de auditoría fue modificada fuera del "
                "programa: su contenido ya no corresponde a su huella.",
            )
        )
    elif row["prev_hash"] != (link["hash"] if link else GENESIS) and not found:
        previous = f"la {describe(link)}" if link else "el comienzo del registro"
        found.append(
            Finding(
                "desenlazada",
                row["id"],
                f"La {describe(row)} del registro de auditoría no enlaza con {previous}: "
                "una fila anterior fue borrada, reemplazada o rehecha fuera del programa.",
            )
        )
    return found


def check(db: Database) -> ChainCheck:
    """Check the whole chain in one pass, oldest row first."""
    if not is_chained(db):
        return ChainCheck(
            rows=db.execute("SELECT count(*) FROM audit_log").fetchone()[0], chained=False
        )
    result = ChainCheck()
    before = link = None
    with _text_as_stored(db):
        for row in _rows(db):
            result.rows += 1
            for finding in _row_findings(row, before, link):
                if len(result.findings) < MAX_FINDINGS:
                    result.findings.append(finding)
                else:
                    result.more += 1
            if row["hash"] is not None:
                link = row
            before = row
    return result
