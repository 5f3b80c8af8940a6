"""The audit trail as a hash chain: rows changed, deleted or inserted behind the program are named,
a file from before the chain is chained when first opened for writing, and ``verify --all``."""

import itertools
import json
import sqlite3
from datetime import datetime

import pytest
from sqlite_utils import Database

from procompite.storage import audit
from procompite.storage.audit_chain import GENESIS, check
from procompite.storage.database import open_database, schema_version
from procompite.storage.schema import SCHEMA_VERSION, migrations
from tests.cli_helpers import procompite
from tests.report_helpers import issue_demo_acta

CONTENT = "at, actor, action, table_name, row_id, before, after, reason"


def _checked(path):
    db = open_database(path, create=False, readonly=True)
    try:
        return check(db)
    finally:
        db.close()


def _behind_the_program(path, *statements: tuple[str, list]) -> None:
    """Change the file as the sqlite3 shell would, after dropping the append-only triggers."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    for sql, parameters in statements:
        conn.execute(sql, parameters)
    conn.commit()
    conn.close()


def _row(path, row_id: int) -> dict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit_log WHERE id = ?", [row_id]).fetchone())
    conn.close()
    return row


def _named(row: dict) -> str:
    moment = datetime.fromisoformat(row["at"]).astimezone().strftime("%d/%m/%Y %H:%M")
    return f"fila {row['id']} ({moment}, «{row['action']}»)"


def _older_file(path, demo_path, copies: int = 1) -> None:
    """A file at schema 6, before the chain, whose trail holds the demo's rows ``copies`` times."""
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="0007_audit_chain")
    conn.execute("ATTACH DATABASE ? AS demo", [str(demo_path)])
    for _ in range(copies):
        conn.execute(
            f"INSERT INTO audit_log ({CONTENT}) SELECT {CONTENT} FROM demo.audit_log ORDER BY id"
        )
    conn.commit()
    conn.execute("DETACH DATABASE demo")
    conn.close()


def test_a_new_file_and_the_demo_verify_and_every_entry_links_to_the_one_before(demo_db, empty_db):
    assert check(empty_db).valid
    with demo_db.atomic():
        audit.record(demo_db, actor="Secretaría", action="prueba", table="plans", row_id=1)
    result = check(demo_db)
    rows = list(demo_db.query("SELECT prev_hash, hash FROM audit_log ORDER BY id"))
    assert result.valid and result.lines() == []
    assert result.rows == len(rows) > 80
    assert rows[0]["prev_hash"] == GENESIS
    assert all(row["prev_hash"] == before["hash"] for before, row in itertools.pairwise(rows))


def test_the_program_itself_never_rewrites_a_chained_row(demo_db):
    for statement in (
        "UPDATE audit_log SET hash = prev_hash WHERE id = 5",
        "UPDATE audit_log SET after = '{}' WHERE id = 5",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="auditoría"), demo_db.atomic():
            demo_db.execute(statement)
    assert check(demo_db).valid


def test_a_row_changed_with_the_sqlite3_shell_is_named(demo_path):
    _behind_the_program(
        demo_path,
        ("UPDATE audit_log SET after = ? WHERE id = 10", [json.dumps({"nombre": "Otra"})]),
    )
    result = _checked(demo_path)
    assert not result.valid
    assert [(finding.kind, finding.row_id) for finding in result.findings] == [("modificada", 10)]
    assert result.lines() == [
        f"La {_named(_row(demo_path, 10))} del registro de auditoría fue modificada fuera del "
        "programa: su contenido ya no corresponde a su huella."
    ]


def test_a_deleted_row_is_found_between_its_neighbours(demo_path):
    _behind_the_program(demo_path, ("DELETE FROM audit_log WHERE id = 30", []))
    result = _checked(demo_path)
    assert [(finding.kind, finding.row_id) for finding in result.findings] == [("borrada", 31)]
    text = result.lines()[0]
    assert text.startswith("Falta la fila 30 del registro de auditoría: fue borrada entre la ")
    assert _named(_row(demo_path, 29)) in text and _named(_row(demo_path, 31)) in text


def test_a_row_rewritten_with_its_hash_recomputed_breaks_the_next_link(demo_path):
    from procompite.storage.audit_chain import row_hash

    row = _row(demo_path, 12) | {"reason": "cambiado a mano"}
    _behind_the_program(
        demo_path,
        (
            "UPDATE audit_log SET reason = ?, hash = ? WHERE id = 12",
            [row["reason"], row_hash(row, row["prev_hash"])],
        ),
    )
    result = _checked(demo_path)
    assert [(finding.kind, finding.row_id) for finding in result.findings] == [("desenlazada", 13)]
    assert f"no enlaza con la {_named(_row(demo_path, 12))}" in result.lines()[0]


def test_a_row_inserted_outside_the_program_is_found_and_the_chain_goes_on(demo_path):
    conn = sqlite3.connect(demo_path)
    inserted = conn.execute(
        "INSERT INTO audit_log (at, actor, action, table_name) "
        "VALUES ('2026-11-22T10:00:00+00:00', 'alguien', 'fila intrusa', 'plans')"
    ).lastrowid
    conn.commit()
    conn.close()
    db = open_database(demo_path)
    with db.atomic():
        audit.record(db, actor="Secretaría", action="después", table="plans", row_id=2)
    result = check(db)
    db.close()
    assert [(finding.kind, finding.row_id) for finding in result.findings] == [
        ("insertada", inserted)
    ]
    assert result.lines() == [
        f"La {_named(_row(demo_path, inserted))} del registro de auditoría fue insertada fuera "
        "del programa: no tiene huella de la cadena."
    ]


def test_an_older_file_is_chained_when_first_opened_for_writing(tmp_path, demo_path):
    path = tmp_path / "anterior.db"
    _older_file(path, demo_path, copies=60)
    readonly = _checked(path)
    assert not readonly.chained and not readonly.valid
    assert "aún no está encadenado" in readonly.lines()[0]
    conn = sqlite3.connect(path)
    before = conn.execute(f"SELECT id, {CONTENT} FROM audit_log ORDER BY id").fetchall()
    conn.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM audit_log WHERE hash IS NULL").fetchone()[0] == 0
    assert db.execute(f"SELECT id, {CONTENT} FROM audit_log ORDER BY id").fetchall() == before
    with db.atomic():
        audit.record(db, actor="Secretaría", action="prueba", table="plans", row_id=1)
    result = check(db)
    db.close()
    assert result.valid and result.rows == len(before) + 1 > 5000


def test_checking_the_chain_reads_the_trail_once(demo_db):
    statements = []
    demo_db.conn.set_trace_callback(statements.append)
    try:
        assert check(demo_db).valid
    finally:
        demo_db.conn.set_trace_callback(None)
    assert [sql for sql in statements if "audit_log" in sql and "PRAGMA" not in sql] == [
        "SELECT id, at, actor, action, table_name, row_id, before, after, reason, prev_hash, "
        "hash FROM audit_log ORDER BY id"
    ]


def test_verify_all_checks_every_document_and_the_chain(demo_path):
    db = open_database(demo_path)
    issue_demo_acta(db)
    documents = db.execute(
        "SELECT (SELECT count(*) FROM dictamenes) + (SELECT count(*) FROM actas)"
    ).fetchone()[0]
    number, code, snapshot = db.execute(
        "SELECT number, verification_code, snapshot FROM dictamenes ORDER BY id LIMIT 1"
    ).fetchone()
    db.close()

    done = procompite("verify", "--db", str(demo_path), "--all")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"VÁLIDO: {documents} documentos emitidos y el registro de auditoría "
        f"({_checked(demo_path).rows} filas) están intactos."
    ]

    altered = json.loads(snapshot)
    altered["veredicto"]["puntaje"] = "99.00"
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TRIGGER dictamenes_frozen")
    conn.execute(
        "UPDATE dictamenes SET snapshot = ? WHERE number = ?", [json.dumps(altered), number]
    )
    conn.commit()
    conn.close()
    _behind_the_program(
        demo_path,
        ("UPDATE audit_log SET actor = 'otra persona' WHERE id = 7", []),
        ("DELETE FROM audit_log WHERE id IN (40, 41)", []),
    )
    done = procompite("verify", "--db", str(demo_path), "--all")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"Dictamen {number} (código {code}): NO VÁLIDO, el contenido")
    assert lines[1].startswith("La fila 7 (") and "modificada" in lines[1]
    assert lines[2].startswith("Faltan las filas 40 a 41 del registro de auditoría")
    assert lines[3].startswith(f"NO VÁLIDO: 1 de {documents} documentos emitidos falla; ")
    assert lines[3].endswith("2 hallazgos.")


def test_verify_needs_a_code_or_all_and_still_checks_one_code(demo_path):
    done = procompite("verify", "--db", str(demo_path))
    assert done.returncode == 2 and "--all" in done.stderr
    done = procompite("verify", "--db", str(demo_path), "--all", "F4C3-36AF-5775-2D4E")
    assert done.returncode == 2 and "no ambos" in done.stderr
    done = procompite("verify", "--db", str(demo_path), "F4C3-36AF-5775-2D4E")
    assert done.returncode == 1 and "no corresponde a ningún documento" in done.stdout


def test_the_audit_trail_reads_in_words_not_json(demo_db):
    from procompite.storage import audit

    with demo_db.atomic():
        audit.record(
            demo_db,
            actor="Secretaría",
            action="cambiar membrete",
            table="settings",
            row_id=None,
            before={"entidad": "Gobierno Regional Cusco", "logo": False},
            after={"entidad": "Gobierno Regional del Cusco", "logo": True, "cadenas": []},
        )
    entry = audit.entries(demo_db, limit=1)[0]
    assert entry.table == "Membrete"
    assert entry.before == "entidad: Gobierno Regional Cusco; logo: no"
    assert entry.after == "cadenas: (ninguno); entidad: Gobierno Regional del Cusco; logo: sí"
