"""A member's package opens in evaluator mode, and a returned one is merged from the window
after its changes are shown."""

from pathlib import Path

from procompite.evaluation.packages.building import create_package
from procompite.evaluation.packages.sealing import seal_package
from procompite.evaluation.scoring import declare
from procompite.storage.database import open_database

CALL, MEMBER = 1, 3


def _package(demo_path: Path, tmp_path: Path) -> Path:
    db = open_database(demo_path)
    create_package(db, CALL, MEMBER, "2468", tmp_path / "p.paquete.db", actor="secretaría")
    db.close()
    return tmp_path / "p.paquete.db"


def test_a_package_opens_with_evaluation_alone_and_its_own_member(
    qtbot, open_window, demo_path, tmp_path
):
    window = open_window(_package(demo_path, tmp_path))
    qtbot.waitExposed(window)
    shown = [
        window.navigation.item(row).text()
        for row in range(window.navigation.count())
        if not window.navigation.isRowHidden(row)
    ]
    assert shown == ["Evaluación"]
    assert "PAQUETE DE EVALUACIÓN" in window.windowTitle()
    assert "Sellar para devolver" in window.demo_banner.text()
    page = window.stack.currentWidget()
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count()) if page.tabs.isTabVisible(i)]
    assert tabs == ["Mis evaluaciones", "Rúbrica"]
    assert all(action.isVisible() for action in window.package_actions)
    assert not any(action.isVisible() for action in window.secretariat_actions)
    assert not page.buttons["Emitir dictamen"].isEnabled()


def test_the_secretary_sees_what_a_package_changes_then_merges_it(
    qtbot, open_window, demo_path, tmp_path
):
    path = _package(demo_path, tmp_path)
    package = open_database(path, create=False)
    plan = package.execute(
        "SELECT id FROM plans WHERE status = 'admitido' ORDER BY code LIMIT 1"
    ).fetchone()[0]
    declare(package, plan, MEMBER, False)
    seal_package(package, "2468")
    package.close()
    window = open_window(demo_path)
    dialog = window.merge_member_package(path)
    qtbot.addWidget(dialog)
    assert "1 cambio(s)" in dialog.summary.text()
    assert "Declaración: (vacío) → sin conflicto" in dialog.changes.toPlainText()
    dialog.apply()
    assert dialog.merge.applied and not dialog.isVisible()
    again = window.merge_member_package(path)
    qtbot.addWidget(again)
    assert "ya está incorporado" in again.summary.text()


def test_a_conflict_waits_for_the_secretary_s_choice_and_reason(
    qtbot, open_window, demo_path, tmp_path
):
    from decimal import Decimal

    from procompite.evaluation.scoring import load_sheet, save_sheet

    path = _package(demo_path, tmp_path)
    package = open_database(path, create=False)
    plan = package.execute(
        "SELECT id FROM plans WHERE status = 'admitido' ORDER BY code LIMIT 1"
    ).fetchone()[0]
    criterion, top = package.execute(
        "SELECT c.id, max(l.points) FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "JOIN rubric_levels l ON l.criterion_id = c.id WHERE r.call_id = ? GROUP BY c.id "
        "ORDER BY c.id LIMIT 1",
        [CALL],
    ).fetchone()
    declare(package, plan, MEMBER, False)
    save_sheet(package, plan, MEMBER, {criterion: Decimal(str(top))}, {})
    seal_package(package, "2468")
    package.close()
    shared = open_database(demo_path)
    declare(shared, plan, MEMBER, False)
    shared.close()
    window = open_window(demo_path)
    dialog = window.merge_member_package(path)
    qtbot.addWidget(dialog)
    assert not dialog.accept_button.isEnabled()
    assert len(dialog.choices) == 1 and "CONFLICTO" in dialog.changes.toPlainText()
    combo = next(iter(dialog.choices.values()))
    combo.setCurrentIndex(combo.findData("paquete"))
    assert dialog.accept_button.isEnabled()
    dialog.apply()
    assert not dialog.merge or not dialog.merge.applied
    assert "por qué" in dialog.problems.text()
    dialog.reason.setText("El miembro calificó durante la visita de campo.")
    dialog.apply()
    assert dialog.merge.applied
    assert load_sheet(window.db, plan, MEMBER).points == {criterion: Decimal(str(top))}


def test_the_member_prints_their_own_evaluation_record_in_the_package(demo_path, tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    from procompite.documents.catalog import ReportError, choices, render

    path = _package(demo_path, tmp_path)
    package = open_database(path, create=False)
    assert [member_id for member_id, _ in choices(package, "evaluacion")] == [MEMBER]
    report = render(package, "evaluacion", MEMBER)
    package.close()
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(report.data)).pages)
    assert "FICHA DE EVALUACIÓN DEL MIEMBRO DEL COMITÉ" in text and "PN-2026-" in text
    origin = open_database(demo_path)
    assert choices(origin, "evaluacion") == []
    try:
        render(origin, "evaluacion", MEMBER)
    except ReportError as error:
        assert "paquete" in str(error)
    else:
        raise AssertionError("el archivo de la secretaría no imprime fichas de miembros")
    origin.close()
