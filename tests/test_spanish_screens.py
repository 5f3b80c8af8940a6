"""Every word a user reads is Spanish and every dialog fits a GRDE laptop: each dialog of the
window is built on the demo, its buttons, labels and title are searched for English words, and
its size at 1366×768 is checked."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
)

from procompite.evaluation.results import call_results
from ui.calls.call_dialog import CallDialog
from ui.calls.chains_dialog import ChainsDialog
from ui.calls.entity_dialog import EntityDialog
from ui.calls.stage_dialog import StageDialog
from ui.calls.transfer_dialog import TransferDialog
from ui.documents.letterhead_dialog import LetterheadDialog
from ui.evaluation.acta_dialog import ActaSessionDialog
from ui.evaluation.committee_dialog import MemberDialog, SessionDialog
from ui.evaluation.consolidation_dialog import ConsolidationDialog
from ui.evaluation.package_dialogs import CreatePackageDialog
from ui.evaluation.rubric_dialog import RubricDialog
from ui.evaluation.scoring_dialog import ScoringDialog
from ui.plans.plan_dialog import PlanDialog
from ui.prioritization.new_exercise import NewExerciseDialog
from ui.registry.organization_dialog import OrganizationDialog

ENGLISH = re.compile(
    r"\b(OK|Ok|Cancel|Save|Close|Yes|Discard|Apply|Open|Help|Reset|Abort|Retry|Ignore|"
    r"Browse|Select|Search|Delete|Remove|Add|Edit|New|Print|Back|Next|Finish|Restore|"
    r"Defaults|File|Folder|Directory|Look in|Cancel)\b"
)
SCREEN = (1366, 768)


def _words(dialog: QDialog) -> list[str]:
    texts = [dialog.windowTitle()]
    texts += [button.text().replace("&", "") for button in dialog.findChildren(QAbstractButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    for tabs in dialog.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [text for text in texts if ENGLISH.search(re.sub(r"<[^>]+>", " ", text))]


def _plan(db, status: str) -> int:
    return db.execute("SELECT id FROM plans WHERE status = ? LIMIT 1", [status]).fetchone()[0]


def _member(db) -> int:
    return db.execute("SELECT id FROM committee_members ORDER BY id LIMIT 1").fetchone()[0]


DIALOGS = {
    "convocatoria": lambda db, s, w: CallDialog(db, s, 1, "prueba", w),
    "nueva convocatoria": lambda db, s, w: CallDialog(db, s, None, "prueba", w),
    "cadenas": lambda db, s, w: ChainsDialog(db, s, "prueba", w),
    "entidad": lambda db, s, w: EntityDialog(s, lambda entity, logo: None, w),
    "etapa": lambda db, s, w: StageDialog(db, s, 1, "prueba", w),
    "transferencia": lambda db, s, w: TransferDialog(db, s, 1, "prueba", w),
    "membrete": lambda db, s, w: LetterheadDialog(db, s, w),
    "acta": lambda db, s, w: ActaSessionDialog(db, 1, call_results(db, 1), w),
    "miembro": lambda db, s, w: MemberDialog(db, s, 1, _member(db), "prueba", w),
    "nuevo miembro": lambda db, s, w: MemberDialog(db, s, 1, None, "prueba", w),
    "sesión": lambda db, s, w: SessionDialog(db, 1, w),
    "consolidación": lambda db, s, w: ConsolidationDialog(db, s, _plan(db, "evaluado"), None, w),
    "rúbrica": lambda db, s, w: RubricDialog(
        db, db.execute("SELECT id FROM rubrics WHERE call_id = 1").fetchone()[0], "prueba", w, s
    ),
    "ficha de calificación": lambda db, s, w: ScoringDialog(
        db, s, _plan(db, "en_evaluacion"), _member(db), w
    ),
    "plan": lambda db, s, w: PlanDialog(db, s, _plan(db, "registrado"), w),
    "nuevo plan": lambda db, s, w: PlanDialog(db, s, None, w),
    "AEO": lambda db, s, w: OrganizationDialog(db, s, 1, w),
    "nuevo AEO": lambda db, s, w: OrganizationDialog(db, s, None, w),
    "priorización": lambda db, s, w: NewExerciseDialog(db, w),
    "paquete": lambda db, s, w: CreatePackageDialog(db, 1, "prueba", w),
}


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_speaks_spanish_and_fits_a_1366x768_screen(qtbot, window, demo_db, name):
    dialog = DIALOGS[name](demo_db, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _words(dialog) == [], f"{name}: palabras en inglés"
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1] - 40, (
        f"{name}: {hint.width()}×{hint.height()} no cabe en 1366×768"
    )
    assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1] - 40


def test_qt_s_own_buttons_and_message_boxes_speak_spanish(qtbot):
    buttons = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(
        buttons.Ok
        | buttons.Cancel
        | buttons.Save
        | buttons.Close
        | buttons.Yes
        | buttons.No
        | buttons.Discard
        | buttons.Apply
    )
    qtbot.addWidget(box)
    texts = sorted(button.text().replace("&", "") for button in box.buttons())
    assert texts == sorted(
        ["Aceptar", "Cancelar", "Guardar", "Cerrar", "Sí", "No", "Descartar", "Aplicar"]
    )
    message = QMessageBox(
        QMessageBox.Icon.Question,
        "Confirmar",
        "¿Continuar?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(message)
    assert sorted(b.text().replace("&", "") for b in message.buttons()) == ["No", "Sí"]
    files = QFileDialog()
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    english = [
        text
        for text in [b.text() for b in files.findChildren(QAbstractButton)]
        if ENGLISH.search(text.replace("&", ""))
    ]
    assert english == []


def test_a_dialog_grows_to_show_its_problems_in_full(qtbot, window, demo_db):
    from procompite.common.errors import Problem
    from ui.widgets.forms import show_problems

    dialog = MemberDialog(demo_db, window.settings, 1, None, "prueba", window)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.height()
    show_problems(
        dialog.problems,
        [
            Problem(f"Campo {n}", "Un problema con un mensaje largo que ocupa su línea.")
            for n in range(6)
        ],
    )
    assert dialog.height() > before
    assert dialog.height() >= dialog.sizeHint().height() or dialog.height() == (
        dialog.screen().availableGeometry().height()
    )


def _focus_chain(dialog: QDialog) -> list:
    """The dialog's own widgets in the order Tab visits them."""
    chain, widget = [], dialog.nextInFocusChain()
    while widget is not dialog and dialog.isAncestorOf(widget) and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _out_of_reading_order(dialog: QDialog) -> list[str]:
    """Fields of a form that Tab reaches in another order than the form's rows."""
    chain = _focus_chain(dialog)
    assert chain, "Tab no llega a ningún campo"
    wrong = []
    for form in dialog.findChildren(QFormLayout):
        fields = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                label = form.labelForField(widget)
                fields.append((widget, label.text() if label is not None else str(row)))
        places = [chain.index(widget) for widget, _ in fields if widget in chain]
        if places != sorted(places):
            wrong.append(" → ".join(label for _, label in fields))
    return wrong


# Walking the focus chain wraps Qt's inner widgets of a dialog in Python objects; the dialogs
# walked stay referenced to the end, so that Python never frees them while Qt still paints.
WALKED: list[QDialog] = []


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_tab_follows_the_reading_order_of_every_form(qtbot, window, demo_db, name):
    dialog = DIALOGS[name](demo_db, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    wrong = _out_of_reading_order(dialog)
    WALKED.append(dialog)
    assert wrong == []
