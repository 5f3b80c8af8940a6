"""The acta records the committee's session as a notary would: the hours, who attended, who did
not and who abstained, the quorum in members, the agenda, the numbered acuerdos kept with the
signatures of the members present, and the use of each category's pool."""

import gzip
import json
import shutil
from datetime import time
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepTogether

from procompite.calls.entity import letterhead
from procompite.cli import main
from procompite.common.errors import ValidationError
from procompite.documents.actas import ActaSession, issue_acta
from procompite.documents.pdf.acta import ActaStory, load_acta, render_acta
from procompite.documents.pdf.base import ReportMeta, ReportRenderer
from procompite.documents.verification import verify
from procompite.evaluation.committee import member
from procompite.storage.database import open_database
from tests.report_helpers import (
    ISSUED_ON,
    issue_demo_acta,
    pages_text,
    prepare_demo_acta,
)

ABSENT = 4
CONFLICTED = 2
CONFLICT_PLAN = "PN-2026-001"
SESSION = ActaSession(time(9, 30), time(13, 15), frozenset({ABSENT}))
EARLIER_DEMO = Path(__file__).parent / "data" / "demo_schema3.db.gz"


def _pages(db) -> list[str]:
    data = render_acta(load_acta(db, 1), letterhead(db))
    return [" ".join(page.split()) for page in pages_text(data)]


def _committee(db) -> dict[int, tuple[str, str]]:
    return {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT id, full_name, dni FROM committee_members WHERE call_id = 1")
    }


def test_the_acta_gives_the_hours_the_attendance_and_the_quorum_in_members(demo_db):
    issue_demo_acta(demo_db, SESSION)
    text = " ".join(_pages(demo_db))
    assert "Hora de inicio 09:30 horas" in text and "Hora de término 13:15 horas" in text
    assert "siendo las 09:30 horas del 21 de noviembre de 2026" in text
    assert "con la presencia de 4 de sus 5 miembros" in text
    assert "quórum de 3 miembros" in text and "fichas)" not in text
    assert "4 de 5 miembros presentes; quórum de 3 miembros" in text
    for number, item in enumerate(
        (
            "Verificación del quórum",
            "Revisión de la admisibilidad",
            "Consolidación de las calificaciones",
            "Cuadro de mérito y asignación",
            "Desempates",
            "Acuerdos",
        ),
        1,
    ):
        assert f"{number}. {item}" in text
    absent_name = _committee(demo_db)[ABSENT][0]
    assert "No asistió" in text and absent_name in text
    snapshot = load_acta(demo_db, 1).snapshot
    session = snapshot["sesion"]
    assert (session["inicio"], session["fin"], session["ausentes"]) == ("09:30", "13:15", [4])
    assert [row["asistio"] for row in session["asistencia"]].count(False) == 1


def test_the_acuerdos_are_numbered_and_drawn_from_the_results(demo_db):
    issue_demo_acta(demo_db, SESSION)
    snapshot = load_acta(demo_db, 1).snapshot
    text = " ".join(_pages(demo_db))
    ordinals = ["Primero:", "Segundo:", "Tercero:", "Cuarto:", "Quinto:", "Sexto:"]
    places = [text.index(ordinal) for ordinal in ordinals]
    assert places == sorted(places)
    agreements = {a["orden"]: a["texto"] for a in snapshot["acuerdos"]}
    assert agreements["Primero"].startswith("declarar ganadores")
    assert all(w["codigo"] in agreements["Primero"] for w in snapshot["ganadores"])
    assert snapshot["total"]["asignado"] in agreements["Primero"]
    waiting = agreements["Segundo"]
    assert waiting.startswith("declarar accesitarios, en el orden de la lista de espera")
    first, second = (f"{r['espera']}.° {r['codigo']}" for r in snapshot["accesitarios"][:2])
    assert waiting.index(first) < waiting.index(second)
    not_apto = [p["codigo"] for p in snapshot["planes"] if p["veredicto"] == "No apto"]
    assert not_apto and all(code in agreements["Tercero"] for code in not_apto)
    assert "declarar no aptos" in agreements["Tercero"]
    assert "inadmisible" in agreements["Cuarto"]
    assert "transfirieron" in agreements["Quinto"]
    assert agreements["Sexto"].startswith("notificar esta acta")
    assert "vence el 15 de diciembre de 2026" in agreements["Sexto"]


def test_only_the_members_present_sign_beside_the_last_acuerdo(demo_db):
    issue_demo_acta(demo_db, SESSION)
    committee = _committee(demo_db)
    pages = _pages(demo_db)
    signing = [page for page in pages if "Firmas del Comité de Evaluación" in page]
    assert len(signing) == 1
    page = signing[0]
    assert "Sexto:" in page and "se levantó la sesión" in page
    assert page.index("Sexto:") < page.index("Firmas del Comité de Evaluación")
    assert "Siendo las 13:15 horas" in page
    for member_id, (name, dni) in committee.items():
        assert name in page
        assert (f"DNI {dni}" in page) == (member_id != ABSENT)
    absent_name = committee[ABSENT][0]
    assert f"{absent_name} (Miembro) no asistió a la sesión." in page
    assert (
        f"{committee[CONFLICTED][0]} (Miembro) se abstuvo en el plan {CONFLICT_PLAN} por "
        "conflicto de interés declarado el 02/11/2026."
    ) in page
    story = ActaStory(
        ReportRenderer(ReportMeta(title="Acta", entity="Entidad", landscape=True)),
        load_acta(demo_db, 1),
    ).build()
    kept = [f for f in story if isinstance(f, KeepTogether) and "Sexto" in repr(f._content)]
    assert kept and "Firmas del Comité" in repr(kept[-1]._content)


def test_an_abstaining_member_attends_and_is_noted_in_the_attendance(demo_db):
    issue_demo_acta(demo_db)
    session = load_acta(demo_db, 1).snapshot["sesion"]
    conflicted = session["asistencia"][
        [r["nombre"] for r in session["asistencia"]].index(member(demo_db, CONFLICTED).full_name)
    ]
    assert conflicted["asistio"] and conflicted["abstenciones"] == [
        {"codigo": CONFLICT_PLAN, "declarada": "02/11/2026"}
    ]
    assert session["presentes"] == session["miembros"] == 5
    text = " ".join(_pages(demo_db))
    assert f"se abstuvo en {CONFLICT_PLAN} (conflicto de interés)" in text
    assert "no consignada" in text and "no asistió" not in text


@pytest.mark.parametrize(
    ("session", "where", "message"),
    [
        (
            ActaSession(time(10, 0), time(9, 0)),
            "Hora de término",
            "la hora de término debe ser posterior a la de inicio",
        ),
        (ActaSession(time(10, 0), time(10, 0)), "Hora de término", "posterior a la de inicio"),
        (
            ActaSession(time(9, 0), time(12, 0), frozenset({2, 3, 4})),
            "Quórum",
            "con 2 de sus 5 miembros presentes el comité no alcanza el quórum de 3 miembros",
        ),
        (
            ActaSession(time(9, 0), time(12, 0), frozenset({99})),
            "Ausentes",
            "99 no es miembro del comité de esta convocatoria; sus miembros son 1 (",
        ),
        (ActaSession(time(9, 0), None), "Horario", "indique la hora de inicio y la hora de"),
    ],
)
def test_a_session_that_cannot_be_recorded_is_refused(demo_db, session, where, message):
    prepare_demo_acta(demo_db)
    with pytest.raises(ValidationError) as refused:
        issue_acta(demo_db, 1, actor="Secretaría", on=ISSUED_ON, session=session)
    assert any(p.field == where and message in p.message for p in refused.value.problems)
    assert demo_db["actas"].count_where("call_id = 1") == 0


def test_the_command_line_takes_the_hours_and_the_absent_members(demo_path, capsys):
    db = open_database(demo_path)
    prepare_demo_acta(db)
    db.close()
    base = ["issue", "acta", "--db", str(demo_path), "--call", "1", "--date", "2026-11-21"]
    assert main([*base, "--start", "10:00", "--end", "09:00"]) == 2
    assert "la hora de término debe ser posterior a la de inicio" in capsys.readouterr().err
    assert main([*base, "--start", "09:00", "--end", "12:00", "--absent", "1,2,3"]) == 2
    assert "no alcanza el quórum de 3 miembros" in capsys.readouterr().err
    assert main([*base, "--start", "09:00"]) == 2
    assert "--start hh:mm --end hh:mm" in capsys.readouterr().err
    assert main([*base, "--start", "9h", "--end", "12:00"]) == 2
    assert "«9h» no es una hora hh:mm" in capsys.readouterr().err
    assert main([*base, "--start", "09:00", "--end", "12:00", "--absent", "Edwin"]) == 2
    assert "no es el número de un miembro" in capsys.readouterr().err
    db = open_database(demo_path)
    assert db["actas"].count_where("call_id = 1") == 0
    db.close()
    assert main([*base, "--start", "09:15", "--end", "12:40", "--absent", "4"]) == 0
    assert "emitida" in capsys.readouterr().out
    db = open_database(demo_path)
    stored = json.loads(db.execute("SELECT snapshot FROM actas WHERE call_id = 1").fetchone()[0])[
        "sesion"
    ]
    db.close()
    assert (stored["inicio"], stored["fin"], stored["ausentes"]) == ("09:15", "12:40", [4])


def test_an_acta_with_its_session_verifies_and_shows_a_later_change(demo_db):
    issue_demo_acta(demo_db, SESSION)
    code = demo_db.execute("SELECT verification_code FROM actas WHERE call_id = 1").fetchone()[0]
    assert verify(demo_db, code).valid
    with demo_db.atomic():
        demo_db.execute(
            "UPDATE committee_members SET full_name = 'Otra Persona' WHERE id = ?", [ABSENT]
        )
    found = verify(demo_db, code)
    assert not found.valid
    assert any("sesion › asistencia" in line for line in found.differences)


def test_the_use_of_each_pool_is_drawn(demo_db):
    issue_demo_acta(demo_db, SESSION)
    document = load_acta(demo_db, 1)
    story = ActaStory(
        ReportRenderer(ReportMeta(title="Acta", entity="Entidad", landscape=True)), document
    ).build()
    charts = [
        part
        for f in story
        if isinstance(f, KeepTogether)
        for part in f._content
        if isinstance(part, Drawing)
    ]
    assert len(charts) == 3, "los fondos, y en el anexo la severidad y el margen en el corte"
    text = " ".join(_pages(demo_db))
    assert "Uso de los fondos por categoría" in text
    for pool in document.snapshot["bolsas"]:
        assert f"Asignado {pool['asignado']}" in text
        assert f"Sin usar {pool['saldo']} de {pool['presupuesto']}" in text


def test_a_draft_says_the_hours_are_given_when_it_is_issued(demo_db):
    text = " ".join(_pages(demo_db))
    assert "Hora de inicio se consigna al emitir el acta" in text


def test_an_acta_issued_before_the_session_was_kept_prints_as_it_was_issued(tmp_path):
    path = tmp_path / "anterior.db"
    with gzip.open(EARLIER_DEMO) as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    db = open_database(path)
    try:
        code = db.execute("SELECT verification_code FROM actas").fetchone()[0]
        assert verify(db, code).valid
        text = " ".join(_pages(db))
    finally:
        db.close()
    assert "quórum de 3 fichas" in text and "7. Firmas del Comité de Evaluación" in text
    assert "Hora de inicio" not in text and "Primero:" not in text


def test_the_window_asks_for_the_session_after_checking_what_is_missing(qtbot, window, monkeypatch):
    from ui.evaluation.acta_dialog import ActaSessionDialog

    page = window.show_page("Evaluación")
    page.member = member(page.db, 1)
    asked = []
    monkeypatch.setattr(ActaSessionDialog, "exec", lambda dialog: asked.append(dialog) or 0)
    page.issue_acta()
    assert not asked and "no tiene veredicto consolidado" in page.problems.text()

    prepare_demo_acta(page.db)
    page.refresh()

    def answer(dialog: ActaSessionDialog) -> int:
        asked.append(dialog)
        assert dialog.issue_button.text() == "Emitir acta"
        dialog.end.setTime(dialog.start.time().addSecs(-60))
        dialog._check()
        assert "posterior a la de inicio" in dialog.problems.text()
        dialog.end.setTime(dialog.start.time().addSecs(3 * 3600))
        dialog.present[ABSENT].setChecked(False)
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(ActaSessionDialog, "exec", answer)
    page.issue_acta()
    assert len(asked) == 1
    stored = json.loads(
        page.db.execute("SELECT snapshot FROM actas WHERE call_id = 1").fetchone()[0]
    )["sesion"]
    assert (stored["inicio"], stored["fin"], stored["ausentes"]) == ("09:00", "12:00", [ABSENT])
