"""Appeals against a result: recorded with their term, resolved by a numbered resolution that
verifies, a late one only improcedente, a founded one reopening the dictamen, which is issued
again while the earlier one stays in the record, marked reopened."""

from datetime import date

import pytest

from procompite.calls.entity import letterhead
from procompite.common.errors import ValidationError
from procompite.documents.appeals import appeals, decide_appeal, file_appeal, resolution
from procompite.documents.dictamenes import issue_dictamenes
from procompite.documents.pdf.resolution import render_resolution
from procompite.documents.verification import verify
from tests.cli_helpers import procompite
from tests.report_helpers import ISSUED_ON, issue_ready, pages_text


def _issued(db) -> tuple[str, str, int]:
    """The code of a plan with an issued dictamen, the dictamen's code and the plan's id."""
    number = issue_ready(db)[0]
    return db.execute(
        "SELECT p.code, d.verification_code, p.id FROM dictamenes d JOIN plans p "
        "ON p.id = d.plan_id WHERE d.number = ?",
        [number],
    ).fetchone()


def test_an_appeal_on_time_is_founded_and_the_dictamen_is_issued_again(demo_db):
    plan, code, plan_id = _issued(demo_db)
    appeal_id = file_appeal(
        demo_db,
        1,
        plan,
        appellant="Asociación recurrente",
        filed_on=date(2026, 12, 1),
        grounds="El puntaje del criterio 3.1 no considera el estudio de mercado adjunto.",
        attachments=["Estudio de mercado (12 folios)"],
        actor="Mesa de partes",
    )
    filed = {a.id: a for a in appeals(demo_db, 1)}[appeal_id]
    assert filed.on_time and filed.deadline == date(2026, 12, 15)
    number = decide_appeal(
        demo_db,
        appeal_id,
        "fundado",
        "El estudio fue presentado y no se valoró.",
        actor="Comité",
        on=date(2026, 12, 4),
    )
    snapshot, resolution_code = resolution(demo_db, appeal_id)
    assert verify(demo_db, resolution_code).valid
    old = verify(demo_db, code)
    assert not old.valid and number in old.status_note
    text = " ".join(
        "\n".join(
            pages_text(render_resolution(snapshot, resolution_code, letterhead(demo_db)))
        ).split()
    )
    assert "Declarar FUNDADO el recurso" in text and "Se reabre el dictamen" in text
    assert "Base legal:" in text and resolution_code in text
    [again] = issue_dictamenes(demo_db, 1, [plan_id], actor="Secretaría", on=date(2026, 12, 5))
    new_code = demo_db.execute(
        "SELECT verification_code FROM dictamenes WHERE number = ?", [again]
    ).fetchone()[0]
    assert verify(demo_db, new_code).valid
    statuses = [
        s
        for (s,) in demo_db.execute(
            "SELECT status FROM dictamenes WHERE plan_id = ? ORDER BY id", [plan_id]
        )
    ]
    assert statuses == ["reabierto", "emitido"]
    with pytest.raises(ValidationError, match="ya fue resuelto"):
        decide_appeal(demo_db, appeal_id, "infundado", "x", actor="Comité")


def test_a_late_appeal_can_only_be_improcedente(demo_db):
    plan, code, _plan_id = _issued(demo_db)
    appeal_id = file_appeal(
        demo_db,
        1,
        plan,
        appellant="AEO",
        filed_on=date(2027, 1, 20),
        grounds="Tarde.",
        actor="Mesa de partes",
    )
    with pytest.raises(ValidationError, match="fuera de plazo"):
        decide_appeal(
            demo_db, appeal_id, "fundado", "Razones.", actor="Comité", on=date(2027, 1, 21)
        )
    decide_appeal(
        demo_db, appeal_id, "improcedente", "Extemporáneo.", actor="Comité", on=date(2027, 1, 21)
    )
    assert verify(demo_db, code).valid, "el dictamen queda firme"


def test_an_appeal_needs_an_issued_dictamen_and_its_grounds(demo_db):
    with pytest.raises(ValidationError, match="no tiene un dictamen emitido"):
        file_appeal(
            demo_db, 1, "PN-2026-017", appellant="AEO", filed_on=ISSUED_ON, grounds="x", actor="y"
        )
    plan, _code, _plan_id = _issued(demo_db)
    with pytest.raises(ValidationError, match="fundamentos"):
        file_appeal(demo_db, 1, plan, appellant="AEO", filed_on=ISSUED_ON, grounds=" ", actor="y")


def test_appeals_from_the_command_line(demo_path, tmp_path):
    from procompite.storage.database import open_database

    db = open_database(demo_path)
    plan, _code, _plan_id = _issued(db)
    db.close()
    db_arg = ("--db", str(demo_path))
    filed = procompite(
        "appeal",
        "file",
        *db_arg,
        "--call",
        "1",
        "--plan",
        plan,
        "--by",
        "AEO",
        "--filed",
        "2026-12-01",
        "--grounds",
        "No se valoró el anexo.",
    )
    assert filed.returncode == 0, filed.stderr
    assert "en plazo" in filed.stdout
    decided = procompite(
        "appeal",
        "decide",
        *db_arg,
        "--appeal",
        "1",
        "--decision",
        "infundado",
        "--reasons",
        "El anexo sí fue valorado.",
        "--date",
        "2026-12-03",
    )
    assert decided.returncode == 0, decided.stderr
    out = tmp_path / "resolucion.pdf"
    printed = procompite("appeal", "print", *db_arg, "--appeal", "1", "--out", str(out))
    assert printed.returncode == 0 and out.read_bytes()[:4] == b"%PDF"
    listed = procompite("appeal", "list", *db_arg, "--call", "1")
    assert "resuelto INFUNDADO" in listed.stdout


def test_a_founded_appeal_that_changes_a_winner_end_to_end(demo_db):
    """PN-2026-019 lost a tie at the cut of category A against PN-2026-021 on the share of
    women; its appeal shows socias left out of its padrón. Founded, both dictámenes are reopened,
    the padrón corrected, the ranking saved again, both dictámenes and a new acta issued: the new
    documents verify, the earlier ones are marked reopened or replaced."""
    from procompite.documents.actas import issue_acta
    from procompite.documents.dictamenes import dictamen_id_of, reopen_dictamen
    from procompite.documents.pdf.acta import load_acta
    from procompite.evaluation.results import call_results, save_ranking
    from tests.report_helpers import issue_demo_acta

    first_acta = issue_demo_acta(demo_db)
    acta_code = demo_db.execute(
        "SELECT verification_code FROM actas WHERE number = ?", [first_acta]
    ).fetchone()[0]
    outcome = {p.code: p.allocation.outcome for p in call_results(demo_db, 1, ISSUED_ON).ranking}
    assert (outcome["PN-2026-021"], outcome["PN-2026-019"]) == ("ganador", "accesitario")
    old = {
        code: demo_db.execute(
            "SELECT d.number, d.verification_code FROM dictamenes d JOIN plans p "
            "ON p.id = d.plan_id WHERE p.code = ? AND d.status = 'emitido'",
            [code],
        ).fetchone()
        for code in ("PN-2026-019", "PN-2026-021")
    }
    appeal_id = file_appeal(
        demo_db,
        1,
        "PN-2026-019",
        appellant="Qhapaq Ñan Maras",
        filed_on=date(2026, 11, 25),
        grounds="Sesenta socias inscritas antes del cierre no figuran en el padrón evaluado.",
        actor="Mesa de partes",
    )
    resolution_number = decide_appeal(
        demo_db,
        appeal_id,
        "fundado",
        "Las inscripciones constan en el libro de socios.",
        actor="Comité",
        on=date(2026, 11, 27),
    )
    reopen_dictamen(
        demo_db,
        dictamen_id_of(demo_db, old["PN-2026-021"][0]),
        f"Su desempate cambia por la resolución {resolution_number}.",
        actor="Comité",
    )
    organization = demo_db.execute(
        "SELECT organization_id FROM plans WHERE code = 'PN-2026-019'"
    ).fetchone()[0]
    for number in range(60):
        demo_db["members"].insert(
            {
                "organization_id": organization,
                "dni": f"770000{number:02d}",
                "first_names": "Socia",
                "last_names": f"Inscrita {number}",
                "sex": "F",
                "birth_date": "1990-01-01",
                "role": "socio",
                "joined_on": "2026-06-01",
            }
        )
    save_ranking(demo_db, 1, actor="Comité", today=date(2026, 11, 28))
    outcome = {p.code: p.allocation.outcome for p in call_results(demo_db, 1, ISSUED_ON).ranking}
    assert (outcome["PN-2026-019"], outcome["PN-2026-021"]) == ("ganador", "accesitario")
    plans = [
        demo_db.execute("SELECT id FROM plans WHERE code = ?", [code]).fetchone()[0]
        for code in ("PN-2026-019", "PN-2026-021")
    ]
    new_numbers = issue_dictamenes(demo_db, 1, plans, actor="Secretaría", on=date(2026, 11, 28))
    second_acta = issue_acta(demo_db, 1, actor="Secretaría", on=date(2026, 11, 28))
    for number in new_numbers:
        code = demo_db.execute(
            "SELECT verification_code FROM dictamenes WHERE number = ?", [number]
        ).fetchone()[0]
        assert verify(demo_db, code).valid
    for _number, code in old.values():
        check = verify(demo_db, code)
        assert not check.valid and "REABIERTO" in check.status_note
    assert "Hay un acta posterior" in verify(demo_db, acta_code).status_note
    latest = load_acta(demo_db, 1)
    assert latest.snapshot["numero"] == second_acta
    assert verify(demo_db, latest.code).valid
    winners = [row["codigo"] for row in latest.snapshot["ganadores"]]
    assert "PN-2026-019" in winners and "PN-2026-021" not in winners
