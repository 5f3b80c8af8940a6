"""verify and the report commands, run as a user runs them."""

import json
import sqlite3

from procompite.cli import main
from procompite.documents.dictamenes import reopen_dictamen
from procompite.storage.database import open_database
from tests.report_helpers import issue_demo_acta, issue_ready, pages_text

PLAN = 3


def _issued(demo_path):
    db = open_database(demo_path)
    try:
        issue_ready(db)
        return db.execute(
            "SELECT id, verification_code FROM dictamenes WHERE plan_id = ?", [PLAN]
        ).fetchone()
    finally:
        db.close()


def test_verify_accepts_the_code_of_an_issued_dictamen(demo_path, capsys):
    _, code = _issued(demo_path)
    assert main(["verify", "--db", str(demo_path), code.lower().replace("-", " ")]) == 0
    out = capsys.readouterr().out
    assert "PN-2026-003" in out and "VÁLIDO" in out


def test_verify_rejects_a_code_after_a_score_changed_behind_the_application(demo_path, capsys):
    _, code = _issued(demo_path)
    conn = sqlite3.connect(demo_path)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(
        "UPDATE scores SET points = 0 WHERE rowid = (SELECT s.rowid FROM scores s "
        "JOIN evaluations e ON e.id = s.evaluation_id JOIN rubric_criteria c "
        "ON c.id = s.criterion_id WHERE e.plan_id = ? AND c.code = '2.1' AND s.points > 0 "
        "LIMIT 1)",
        [PLAN],
    )
    conn.commit()
    conn.close()
    assert main(["verify", "--db", str(demo_path), code]) == 1
    out = capsys.readouterr().out
    assert "NO coinciden" in out and "criterios [2.1]" in out and "NO VÁLIDO" in out


def test_verify_detects_an_altered_stored_document(demo_path, capsys):
    dictamen_id, code = _issued(demo_path)
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TRIGGER dictamenes_frozen")
    snapshot = json.loads(
        conn.execute("SELECT snapshot FROM dictamenes WHERE id = ?", [dictamen_id]).fetchone()[0]
    )
    snapshot["veredicto"]["puntaje"] = "99.00"
    conn.execute(
        "UPDATE dictamenes SET snapshot = ? WHERE id = ?", [json.dumps(snapshot), dictamen_id]
    )
    conn.commit()
    conn.close()
    assert main(["verify", "--db", str(demo_path), code]) == 1
    assert "alterado" in capsys.readouterr().out


def test_verify_says_a_reopened_dictamen_is_no_longer_valid(demo_path, capsys):
    dictamen_id, code = _issued(demo_path)
    db = open_database(demo_path)
    reopen_dictamen(db, dictamen_id, "Reclamo del AEO", actor="Presidencia")
    db.close()
    assert main(["verify", "--db", str(demo_path), code]) == 1
    out = capsys.readouterr().out
    assert "REABIERTO" in out and "Reclamo del AEO" in out


def test_verify_unknown_code(demo_path, capsys):
    assert main(["verify", "--db", str(demo_path), "0000-0000-0000-0000"]) == 1
    assert "no corresponde" in capsys.readouterr().out


def test_acta_is_issued_printed_and_verified(demo_path, tmp_path, capsys):
    db = open_database(demo_path)
    number = issue_demo_acta(db)
    code = db.execute("SELECT verification_code FROM actas WHERE number = ?", [number]).fetchone()[
        0
    ]
    members = [
        name for (name,) in db.execute("SELECT full_name FROM committee_members WHERE call_id = 1")
    ]
    db.close()
    out = tmp_path / "acta.pdf"
    assert main(["report", "acta", "--db", str(demo_path), "--call", "1", "--out", str(out)]) == 0
    text = "\n".join(pages_text(out.read_bytes())).replace("\u00a0", " ")
    assert number in text and code in text
    assert all(name in text for name in members)
    for expected in (
        "PN-2026-008",
        "PN-2026-021",
        "S/ 286,399.00",
        "S/ 13,601.00",
        "Ganador",
        "Accesitario",
        "78.26 %",
    ):
        assert expected in text
    assert main(["verify", "--db", str(demo_path), code]) == 0


def test_report_commands_write_pdfs_and_refuse_unknown_items(demo_path, tmp_path, capsys):
    _issued(demo_path)
    db = str(demo_path)
    for args in (
        ["dictamen", "--plan", "3"],
        ["dictamen", "--plan", "9"],
        ["acta", "--call", "1"],
        ["ficha", "--organization", "3"],
        ["priorizacion", "--exercise", "1"],
    ):
        out = tmp_path / f"{args[0]}-{args[2]}.pdf"
        assert main(["report", *args, "--db", db, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF")
    assert (
        main(["report", "dictamenes", "--db", db, "--call", "1", "--out", str(tmp_path / "lote")])
        == 0
    )
    assert len(list((tmp_path / "lote").glob("*.pdf"))) == 12
    capsys.readouterr()
    assert (
        main(["report", "dictamen", "--db", db, "--plan", "999", "--out", str(tmp_path / "x.pdf")])
        == 2
    )
    assert (
        main(
            [
                "report",
                "ficha",
                "--db",
                db,
                "--organization",
                "99999",
                "--out",
                str(tmp_path / "y.pdf"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "no existe el plan de negocio 999" in err and "no existe el AEO 99999" in err
    assert not (tmp_path / "x.pdf").exists()


def test_ficha_shows_the_organization_and_its_plans(demo_path, tmp_path):
    out = tmp_path / "ficha.pdf"
    assert (
        main(["report", "ficha", "--db", str(demo_path), "--organization", "3", "--out", str(out)])
        == 0
    )
    db = open_database(demo_path)
    name, ruc = db.execute("SELECT name, ruc FROM organizations WHERE id = 3").fetchone()
    codes = [c for (c,) in db.execute("SELECT code FROM plans WHERE organization_id = 3")]
    db.close()
    pages = pages_text(out.read_bytes())
    assert len(pages) == 1
    assert name in pages[0] and ruc in pages[0] and all(code in pages[0] for code in codes)
