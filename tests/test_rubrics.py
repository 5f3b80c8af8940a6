"""Editing rubric templates and call copies: validation, refusals, audit, and the editor."""

import copy
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from procompite.common.errors import ValidationError
from procompite.evaluation.rubrics import (
    STARTED_MESSAGE,
    apply_template_to_call,
    call_rubric_id,
    evaluation_started,
    replace_rubric,
    rubric_problems,
    rubric_spec,
    save_template_copy,
    templates,
)
from ui.evaluation.rubric_dialog import CODE, LEVEL, NAME, POINTS, RubricDialog

RUBRIC_TABLES = ("rubrics", "rubric_sections", "rubric_criteria", "rubric_levels", "audit_log")


def _template_id(db) -> int:
    return templates(db)[0][0]


def _snapshot(db) -> dict[str, list]:
    return {table: list(db[table].rows) for table in RUBRIC_TABLES}


def _new_call(db) -> int:
    call = dict(db["calls"].get(1)) | {
        "name": "PROCOMPITE 2027 — Gobierno Regional Cusco",
        "year": 2027,
        "status": "preparacion",
        "prioritization_id": None,
    }
    del call["id"]
    return db["calls"].insert(call).last_pk


def _last_audit(db) -> dict:
    return next(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1"))


def _small_spec() -> dict:
    return {
        "name": "Rúbrica breve",
        "description": "Para pruebas.",
        "total_points": 10.0,
        "sections": [
            {
                "name": "Mercado",
                "criteria": [
                    {
                        "code": "M1",
                        "name": "Demanda",
                        "description": "",
                        "max_points": 6.0,
                        "plan_section": "Capítulo 3",
                        "levels": [
                            {"points": 6.0, "description": "Contratos firmados."},
                            {"points": 2.5, "description": "Cartas de intención."},
                            {"points": 0.0, "description": "Sin evidencia."},
                        ],
                    }
                ],
            },
            {
                "name": "Gestión",
                "criteria": [
                    {
                        "code": "G1",
                        "name": "Experiencia",
                        "description": "Años en la actividad.",
                        "max_points": 4.0,
                        "plan_section": "",
                        "levels": [
                            {"points": 4.0, "description": "Más de tres años."},
                            {"points": 0.0, "description": "Ninguna."},
                        ],
                    }
                ],
            },
        ],
    }


def test_the_bundled_and_the_small_rubric_are_valid(demo_db):
    assert rubric_problems(rubric_spec(demo_db, _template_id(demo_db))) == []
    assert rubric_problems(_small_spec()) == []


def test_problems_say_where_and_why():
    spec = _small_spec()
    spec["sections"][0]["criteria"][0]["max_points"] = "7"
    spec["sections"][1]["criteria"][0]["code"] = "M1"
    spec["sections"][1]["criteria"][0]["levels"][0]["points"] = 5
    spec["sections"][1]["criteria"][0]["levels"][1]["description"] = " "
    messages = [str(problem) for problem in rubric_problems(spec)]
    assert messages == [
        "Sección 1, criterio M1: ningún nivel otorga el puntaje máximo (7).",
        "Sección 2, criterio M1: el código M1 se repite en la rúbrica.",
        "Sección 2, criterio M1, nivel 1: el puntaje 5 debe estar entre 0 y 4.",
        "Sección 2, criterio M1, nivel 2: falta la descripción del nivel.",
        "Sección 2, criterio M1: ningún nivel otorga el puntaje máximo (4).",
        "Puntaje total: la suma de los puntajes máximos de los criterios (11) "
        "no es igual al puntaje total (10).",
    ]


def test_structure_problems():
    spec = _small_spec() | {"name": "", "total_points": "diez"}
    only_level = [{"points": 6, "description": "Único."}]
    spec["sections"][0]["criteria"][0] |= {"code": "", "levels": only_level}
    spec["sections"][1]["criteria"] = []
    assert [str(problem) for problem in rubric_problems(spec)] == [
        "Nombre de la rúbrica: no puede estar vacío.",
        "Puntaje total: debe ser un número mayor que cero.",
        "Sección 1, criterio n.º 1: falta el código del criterio.",
        "Sección 1, criterio n.º 1: debe tener al menos dos niveles de calificación.",
        "Sección 2: debe tener al menos un criterio.",
    ]
    assert [str(p) for p in rubric_problems({"name": "R", "total_points": 1})] == [
        "Rúbrica: debe tener al menos una sección."
    ]


def test_sum_is_compared_exactly():
    spec = _small_spec()
    criterion = spec["sections"][1]["criteria"][0]
    criterion["max_points"] = criterion["levels"][0]["points"] = 0.1 + 0.2
    spec["total_points"] = 6.3
    assert [p.field for p in rubric_problems(spec)] == ["Puntaje total"]
    spec["total_points"] = "6,30000000000000004"
    assert rubric_problems(spec) == []


def test_evaluation_started_only_for_the_evaluated_call(demo_db):
    assert not evaluation_started(demo_db, _template_id(demo_db))
    assert evaluation_started(demo_db, call_rubric_id(demo_db, 1))
    assert call_rubric_id(demo_db, _new_call(demo_db)) is None


def test_replace_round_trips_and_is_audited(demo_db):
    template_id = _template_id(demo_db)
    before = rubric_spec(demo_db, template_id)
    replace_rubric(demo_db, template_id, _small_spec(), actor="Rosa Quispe")
    assert rubric_spec(demo_db, template_id) == _small_spec()
    entry = _last_audit(demo_db)
    assert (entry["actor"], entry["action"], entry["table_name"], entry["row_id"]) == (
        "Rosa Quispe",
        "modificar rúbrica",
        "rubrics",
        template_id,
    )
    assert json.loads(entry["before"]) == before
    assert json.loads(entry["after"]) == _small_spec()


def test_typed_text_is_trimmed_and_read_as_numbers(demo_db):
    template_id = _template_id(demo_db)
    typed = copy.deepcopy(_small_spec())
    typed["name"] = "  Rúbrica breve "
    typed["total_points"] = "10"
    typed["sections"][0]["criteria"][0]["levels"][1]["points"] = "2,5"
    replace_rubric(demo_db, template_id, typed, actor="usuario")
    assert rubric_spec(demo_db, template_id) == _small_spec()


def test_rejected_replace_changes_nothing(demo_db):
    before = _snapshot(demo_db)
    spec = _small_spec() | {"total_points": 12}
    with pytest.raises(ValidationError) as error:
        replace_rubric(demo_db, _template_id(demo_db), spec, actor="usuario")
    assert [p.field for p in error.value.problems] == ["Puntaje total"]
    assert _snapshot(demo_db) == before


def test_replace_refused_once_evaluation_started(demo_db):
    before = _snapshot(demo_db)
    with pytest.raises(ValidationError) as error:
        replace_rubric(demo_db, call_rubric_id(demo_db, 1), _small_spec(), actor="usuario")
    assert [p.message for p in error.value.problems] == [STARTED_MESSAGE]
    assert _snapshot(demo_db) == before


def test_editing_a_template_leaves_the_call_copy_alone(demo_db):
    call_copy = call_rubric_id(demo_db, 1)
    kept = rubric_spec(demo_db, call_copy)
    replace_rubric(demo_db, _template_id(demo_db), _small_spec(), actor="usuario")
    assert rubric_spec(demo_db, call_copy) == kept


def test_save_template_copy(demo_db):
    source = call_rubric_id(demo_db, 1)
    template_id = save_template_copy(demo_db, source, " Cusco 2026 ", actor="usuario")
    row = demo_db["rubrics"].get(template_id)
    assert (row["call_id"], row["copied_from_id"], row["name"]) == (None, source, "Cusco 2026")
    assert rubric_spec(demo_db, template_id) == rubric_spec(demo_db, source) | {
        "name": "Cusco 2026"
    }
    assert (template_id, "Cusco 2026") in templates(demo_db)
    assert _last_audit(demo_db)["action"] == "guardar rúbrica como plantilla"
    with pytest.raises(ValidationError):
        save_template_copy(demo_db, source, "  ", actor="usuario")


def test_apply_template_refused_once_evaluation_started(demo_db):
    before = _snapshot(demo_db)
    with pytest.raises(ValidationError) as error:
        apply_template_to_call(demo_db, _template_id(demo_db), 1, actor="usuario")
    assert [p.message for p in error.value.problems] == [STARTED_MESSAGE]
    assert _snapshot(demo_db) == before


def test_apply_template_to_a_fresh_call(demo_db):
    call_id = _new_call(demo_db)
    default = _template_id(demo_db)
    rubric_id = apply_template_to_call(demo_db, default, call_id, actor="usuario")
    assert call_rubric_id(demo_db, call_id) == rubric_id
    assert demo_db["rubrics"].get(rubric_id)["copied_from_id"] == default
    name = "Rúbrica de la convocatoria PROCOMPITE 2027 — Gobierno Regional Cusco"
    assert rubric_spec(demo_db, rubric_id) == rubric_spec(demo_db, default) | {"name": name}

    small = save_template_copy(demo_db, default, "Breve", actor="usuario")
    replace_rubric(demo_db, small, _small_spec(), actor="usuario")
    assert apply_template_to_call(demo_db, small, call_id, actor="Rosa") == rubric_id
    assert rubric_spec(demo_db, rubric_id) == _small_spec() | {"name": name}
    assert demo_db["rubrics"].get(rubric_id)["copied_from_id"] == small
    entry = _last_audit(demo_db)
    assert (entry["action"], entry["row_id"], entry["actor"]) == (
        "aplicar plantilla de rúbrica",
        rubric_id,
        "Rosa",
    )
    assert json.loads(entry["before"])["sections"][0]["name"] == "Organización del AEO"
    assert json.loads(entry["after"])["sections"][0]["name"] == "Mercado"
    # Editing the template afterwards does not reach the call's copy.
    replace_rubric(demo_db, small, _small_spec() | {"description": "Otra"}, actor="usuario")
    assert rubric_spec(demo_db, rubric_id)["description"] == "Para pruebas."


@pytest.fixture
def questions(monkeypatch) -> list[str]:
    """Answers «Descartar» to the unsaved-changes question and keeps what was asked."""
    asked: list[str] = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr("ui.widgets.forms.QMessageBox.question", answer)
    return asked


def _dialog(qtbot, db, rubric_id, settings) -> RubricDialog:
    dialog = RubricDialog(db, rubric_id, "Rosa Quispe", settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _edit(qtbot, tree, item, column, text) -> None:
    """Type into a cell as the user does: open its editor, replace the text, press Enter."""
    tree.setCurrentItem(item, column)
    tree.editItem(item, column)
    editor = tree.itemWidget(item, column)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item.text(column) == text)


def test_edit_a_template_in_the_dialog(qtbot, demo_db, settings, questions):
    template_id = _template_id(demo_db)
    dialog = _dialog(qtbot, demo_db, template_id, settings)
    assert dialog.windowTitle() == "Rúbrica — Rúbrica PROCOMPITE — plantilla por defecto"
    assert not dialog.banner.isVisible()
    assert dialog.sum_label.text() == "Suma de puntajes máximos: 100 de 100"
    criterion = dialog.tree.topLevelItem(0).child(0)
    top_level = criterion.child(0)
    criterion.setExpanded(True)

    _edit(qtbot, dialog.tree, criterion, POINTS, "6")
    assert dialog.sum_label.text().startswith("⚠ Suma de puntajes máximos: 101 de 100")
    dialog.total.selectAll()
    qtbot.keyClicks(dialog.total, "101")
    assert dialog.sum_label.text() == "Suma de puntajes máximos: 101 de 101"
    _edit(qtbot, dialog.tree, top_level, NAME, "Todo en regla.")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.isVisible()
    assert "ningún nivel otorga el puntaje máximo (6)" in dialog.problems.text()
    assert rubric_spec(demo_db, template_id)["total_points"] == 100

    _edit(qtbot, dialog.tree, top_level, POINTS, "6")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [template_id]
    spec = rubric_spec(demo_db, template_id)
    first = spec["sections"][0]["criteria"][0]
    assert (spec["total_points"], first["max_points"]) == (101, 6)
    assert first["levels"][0] == {"points": 6, "description": "Todo en regla."}
    assert _last_audit(demo_db)["actor"] == "Rosa Quispe"


@pytest.mark.qt_log_ignore("edit: editing failed")
def test_dialog_adds_moves_and_removes_rows(qtbot, demo_db, settings, questions):
    dialog = _dialog(qtbot, demo_db, _template_id(demo_db), settings)
    tree = dialog.tree
    tree.editItem(tree.topLevelItem(0), POINTS)
    assert tree.itemWidget(tree.topLevelItem(0), POINTS) is None  # a section has no points
    criterion = tree.topLevelItem(0).child(0)
    tree.setCurrentItem(criterion)
    qtbot.mouseClick(dialog.buttons["level"], Qt.MouseButton.LeftButton)
    assert criterion.childCount() == 5
    assert criterion.child(4).data(0, Qt.ItemDataRole.UserRole) == LEVEL
    assert dialog.modified
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    assert criterion.indexOfChild(tree.currentItem()) == 3
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
    assert criterion.childCount() == 4
    tree.setCurrentItem(tree.topLevelItem(1))
    qtbot.mouseClick(dialog.buttons["criterion"], Qt.MouseButton.LeftButton)
    assert tree.currentItem().text(CODE) == "2.5"
    assert dialog.spec()["sections"][1]["criteria"][4]["code"] == "2.5"
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    tree.setCurrentItem(tree.topLevelItem(1))
    qtbot.mouseClick(dialog.buttons["down"], Qt.MouseButton.LeftButton)
    assert [s["name"] for s in dialog.spec()["sections"]][1:3] == ["Técnico-productivo", "Mercado"]
    assert [c["code"] for c in dialog.spec()["sections"][2]["criteria"]] == [
        "2.1",
        "2.2",
        "2.3",
        "2.5",
        "2.4",
    ]
    dialog.reject()
    assert questions == ["Hay cambios sin guardar. ¿Descartarlos y cerrar?"]


@pytest.mark.qt_log_ignore("edit: editing failed")
def test_dialog_is_read_only_once_evaluation_started(qtbot, demo_db, settings):
    dialog = _dialog(qtbot, demo_db, call_rubric_id(demo_db, 1), settings)
    assert dialog.banner.isVisible()
    assert dialog.banner.text() == STARTED_MESSAGE
    assert not dialog.save_button.isEnabled()
    assert not any(button.isEnabled() for button in dialog.buttons.values())
    assert dialog.name.isReadOnly()
    criterion = dialog.tree.topLevelItem(0).child(0)
    dialog.tree.editItem(criterion, POINTS)
    assert dialog.tree.itemWidget(criterion, POINTS) is None
    dialog.reject()
    assert not dialog.isVisible()
