"""Who signs a prioritisation: stored with the draft, required and frozen by the approval (in the
library and by the database), printed under the report's signature lines, taken by the
``approve`` command and asked by the approval dialog."""

import json
import re
import sqlite3
from datetime import date

import pytest

from procompite.common.errors import ValidationError
from procompite.documents.pdf.prioritization import UNNAMED, build_report, render_report
from procompite.prioritization.approval import approve, copy_to_draft
from procompite.prioritization.exercises import load_exercise
from procompite.prioritization.signatories import (
    CONCERTATION,
    Signatory,
    load_signatories,
    save_signatories,
)
from procompite.storage.database import open_database
from tests.cli_helpers import procompite
from tests.report_helpers import pages_text

COMMITTEE = [
    Signatory(
        "  Rosa   Quispe Mamani ",
        "Gerencia Regional de Desarrollo Económico",
        "Gerente regional",
        "41 234 567",
    ),
    Signatory("Julio Ccahua Torres", "Agencia Regional de Desarrollo", "Representante"),
]
FROZEN = "firmantes de una priorización aprobada no se modifican"


def _text(data: bytes) -> str:
    return " ".join(" ".join(pages_text(data)).split())


def _signatures(text: str) -> str:
    return text[text.index("Firmas del espacio de concertación") :]


def test_signatories_are_saved_and_printed_under_the_signature_lines(demo_db):
    stored = save_signatories(demo_db, 1, COMMITTEE)
    assert load_signatories(demo_db, 1) == stored
    assert [s.name for s in stored] == ["Rosa Quispe Mamani", "Julio Ccahua Torres"]
    assert stored[0].dni == "41234567" and stored[1].dni == ""
    approve(demo_db, 1, approved_on=date(2026, 1, 20), reference="Acta N.° 003-2026")
    assert load_signatories(demo_db, 1) == stored
    frozen = json.loads(load_exercise(demo_db, 1).record["frozen_snapshot"])
    assert [s["nombre"] for s in frozen["firmantes"]] == [
        "Rosa Quispe Mamani",
        "Julio Ccahua Torres",
    ]
    signatures = _signatures(_text(render_report(build_report(demo_db, 1))))
    assert "Rosa Quispe Mamani" in signatures and "Julio Ccahua Torres" in signatures
    assert "Gerente regional — DNI 41234567" in signatures
    assert signatures.index("Rosa Quispe") < signatures.index("Julio Ccahua")
    assert UNNAMED not in signatures and "no registra quiénes" not in signatures


def test_an_exercise_approved_without_signatories_keeps_the_labelled_lines(demo_db):
    assert load_signatories(demo_db, 4) == []
    assert load_exercise(demo_db, 4).approved
    signatures = _signatures(_text(render_report(build_report(demo_db, 4))))
    assert signatures.count(UNNAMED) == len(CONCERTATION) + 1
    assert "El ejercicio no registra quiénes lo firman" in signatures


def test_signatories_are_refused_after_the_approval_by_the_library_and_the_database(demo_db):
    approve(
        demo_db,
        1,
        approved_on=date(2026, 1, 20),
        reference="Acta N.° 003-2026",
        signatories=COMMITTEE,
    )
    with pytest.raises(ValidationError, match="aprobada y sus firmantes quedaron fijados"):
        save_signatories(demo_db, 1, COMMITTEE[:1])
    for statement in (
        "UPDATE prioritization_signatories SET name = 'Otra Persona' WHERE prioritization_id = 1",
        "DELETE FROM prioritization_signatories WHERE prioritization_id = 1",
        "INSERT INTO prioritization_signatories (prioritization_id, position, name, institution, "
        "role) VALUES (1, 9, 'Otra Persona', 'Mesa técnica PROCOMPITE', 'Representante')",
        "INSERT INTO prioritization_signatories (prioritization_id, position, name, institution, "
        "role) VALUES (4, 1, 'Otra Persona', 'Mesa técnica PROCOMPITE', 'Representante')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match=FROZEN), demo_db.atomic():
            demo_db.execute(statement)
    assert [s.name for s in load_signatories(demo_db, 1)] == [
        "Rosa Quispe Mamani",
        "Julio Ccahua Torres",
    ]
    assert load_signatories(demo_db, 4) == []
    copy_id = copy_to_draft(demo_db, 1)
    assert load_signatories(demo_db, copy_id) == load_signatories(demo_db, 1)
    save_signatories(demo_db, copy_id, COMMITTEE[1:])
    assert [s.name for s in load_signatories(demo_db, copy_id)] == ["Julio Ccahua Torres"]


def test_an_approval_without_signatories_is_refused_in_spanish(demo_db):
    draft = copy_to_draft(demo_db, 2)
    assert load_signatories(demo_db, draft) == []
    with pytest.raises(ValidationError, match="Indique al menos un firmante") as refused:
        approve(demo_db, draft, approved_on=date(2026, 1, 20), reference="Acta N.° 004-2026")
    assert [p.field for p in refused.value.problems] == ["Firmantes"]
    with pytest.raises(ValidationError) as refused:
        approve(
            demo_db,
            draft,
            approved_on=date(2026, 1, 20),
            reference="Acta N.° 004-2026",
            signatories=[Signatory("Ana Torres", "Mesa técnica PROCOMPITE", " ", "123")],
        )
    assert [str(p) for p in refused.value.problems] == [
        "Firmante 1: Falta el cargo.",
        "Firmante 1: El DNI debe tener 8 dígitos.",
    ]
    with pytest.raises(ValidationError, match="ya es del firmante 1"):
        save_signatories(
            demo_db,
            draft,
            [COMMITTEE[0], Signatory("Otra Persona", "Mesa técnica", "Representante", "41234567")],
        )
    assert not load_exercise(demo_db, draft).approved
    assert load_signatories(demo_db, draft) == []


def _cli(*args):
    return procompite(*args, timeout=60)


def test_the_approve_command_takes_the_signatories(demo_path, tmp_path):
    approval = ("approve", "--db", str(demo_path), "--exercise", "5", "--date", "2026-02-03")
    malformed = _cli(*approval, "--reference", "Acta 7", "--signatory", "Ana Torres|Mesa técnica")
    assert malformed.returncode == 2
    assert "Nombre|DNI|Institución|Cargo" in malformed.stderr
    unsigned = _cli(*approval, "--reference", "Acta 7", "--signatory", "Ana Torres|||")
    assert unsigned.returncode == 2
    assert "Firmante 1: Falta la institución." in unsigned.stderr
    db = open_database(demo_path)
    assert not load_exercise(db, 5).approved and len(load_signatories(db, 5)) == 2
    db.close()
    result = _cli(
        *approval,
        "--reference",
        "Acta N.° 005-2026-ARD",
        "--signatory",
        "Rosa Quispe Mamani|41234567|Gerencia Regional de Desarrollo Económico|Gerente regional",
        "--signatory",
        "Julio Ccahua Torres||Agencia Regional de Desarrollo|Representante",
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Priorización 5 aprobada el 3 de febrero de 2026 (Acta N.° 005-2026-ARD)" in result.stdout
    )
    assert "Firma: Rosa Quispe Mamani, DNI 41234567 — Gerente regional" in result.stdout
    db = open_database(demo_path)
    assert load_exercise(db, 5).approved
    assert load_signatories(db, 5) == [
        Signatory(
            "Rosa Quispe Mamani",
            "Gerencia Regional de Desarrollo Económico",
            "Gerente regional",
            "41234567",
        ),
        Signatory("Julio Ccahua Torres", "Agencia Regional de Desarrollo", "Representante"),
    ]
    db.close()
    again = _cli(*approval, "--reference", "Acta 8", "--signatory", "A|||")
    assert again.returncode == 2 and "aprobada" in again.stderr
    missing = _cli("approve", "--db", str(demo_path), "--exercise", "99", "--reference", "Acta")
    assert missing.returncode == 2 and "no existe el ejercicio de priorización 99" in missing.stderr
    out = tmp_path / "informe.pdf"
    printed = _cli(
        "report", "priorizacion", "--db", str(demo_path), "--exercise", "5", "--out", str(out)
    )
    assert printed.returncode == 0, printed.stderr
    signatures = _signatures(_text(out.read_bytes()))
    assert "Rosa Quispe Mamani" in signatures and "Julio Ccahua Torres" in signatures
    assert UNNAMED not in signatures


@pytest.fixture
def page(window):
    page = window.show_page("Priorización")
    page.select_exercise(1)
    return page


def _press_approve(dialog) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_approval_dialog_asks_the_signatories_in_a_grid(page, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from ui.prioritization.approval import SIGNATORY_COLUMNS, ApprovalDialog

    db = page.repository.db
    above = [r.chain.name for r in page.ranking.ranking.rows if r.above_cut]
    dialog = ApprovalDialog(above, page)
    qtbot.addWidget(dialog)
    grid = dialog.signatories.grid
    headers = [grid.headerData(i, Qt.Orientation.Horizontal) for i in range(grid.columnCount())]
    assert headers == ["Nombre", "DNI", "Institución", "Cargo"]
    assert [c.header for c in SIGNATORY_COLUMNS] == headers
    assert [row["name"] for row in grid.rows] == [s.name for s in load_signatories(db, 1)]

    name, dni = grid.index(0, 0), grid.index(0, 1)
    assert grid.setData(name, "Rosa Quispe Mamani") and grid.setData(dni, "4123")
    grid.remove_rows([2])
    dialog.reference.setText("Acta N.° 001-2026-ARD")
    _press_approve(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "El DNI debe tener 8 dígitos" in dialog.problems.text()
    assert load_signatories(db, 1)[0].name == "Marleni Huamán Condori"

    grid.setData(dni, "41234567")
    _press_approve(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [s.name for s in load_signatories(db, 1)] == ["Rosa Quispe Mamani", "Wilber Ccori Puma"]
    assert page.approve_as_shown(*dialog.values())
    assert load_exercise(db, 1).approved
    signatures = _signatures(_text(render_report(build_report(db, 1))))
    assert "Rosa Quispe Mamani" in signatures and "Wilber Ccori Puma" in signatures

    draft = copy_to_draft(db, 2)
    empty = ApprovalDialog(above, db=db, exercise_id=draft)
    qtbot.addWidget(empty)
    assert [
        (row.get("name", ""), row["institution"], row["role"])
        for row in empty.signatories.grid.rows
    ] == [("", institution, role) for institution, role in CONCERTATION]
    _press_approve(empty)
    assert empty.result() != QDialog.DialogCode.Accepted
    assert re.search(r"Firmante 1.*Falta el nombre", empty.problems.text())
    empty.signatories.grid.set_rows([])
    _press_approve(empty)
    assert empty.result() == QDialog.DialogCode.Accepted
    with pytest.raises(ValidationError, match="al menos un firmante"):
        approve(db, draft, approved_on=date(2026, 1, 20), reference="Acta N.° 004-2026")
