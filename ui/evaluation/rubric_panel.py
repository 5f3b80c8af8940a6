"""The call's rubric, as the committee will score it, and the templates it can come from."""

from html import escape

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.evaluation.rubrics import (
    apply_template_to_call,
    call_rubric_id,
    evaluation_started,
    rubric_spec,
    save_template_copy,
    templates,
)
from ui.evaluation.rubric_dialog import RubricDialog


def rubric_html(spec: dict) -> str:
    parts = [f"<h3>{escape(spec['name'])} — {spec['total_points']:g} puntos</h3>"]
    for section in spec["sections"]:
        parts.append(f"<h4>{escape(section['name'])}</h4>")
        for criterion in section["criteria"]:
            levels = "".join(
                f"<li><b>{level['points']:g}</b>: {escape(level['description'])}</li>"
                for level in criterion["levels"]
            )
            parts.append(
                f"<p><b>{escape(criterion['code'])} {escape(criterion['name'])}</b> "
                f"(máx. {criterion['max_points']:g})<br><i>{escape(criterion['plan_section'])}"
                f"</i></p><ul>{levels}</ul>"
            )
    return "".join(parts)


class RubricPanel(QWidget):
    changed = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.db: Database | None = None
        self.call_id: int | None = None
        self.actor = "usuario"
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.edit_call = QPushButton("Editar la rúbrica de la convocatoria…", self)
        self.edit_call.clicked.connect(self._edit_call_rubric)
        row.addWidget(self.edit_call)
        row.addSpacing(24)
        row.addWidget(QLabel("Plantilla:", self))
        self.template = QComboBox(self)
        row.addWidget(self.template, 1)
        for text, slot in (
            ("Editar plantilla…", self._edit_template),
            ("Copiar como plantilla nueva…", self._copy_template),
            ("Aplicar a la convocatoria", self._apply_template),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.view = QTextBrowser(self)
        layout.addWidget(self.view, 1)

    def load(self, db: Database, call_id: int | None, actor: str) -> None:
        self.db, self.call_id, self.actor = db, call_id, actor
        current = self.template.currentData()
        self.template.clear()
        for rubric_id, name in templates(db):
            self.template.addItem(name, rubric_id)
        self.template.setCurrentIndex(max(self.template.findData(current), 0))
        rubric_id = call_rubric_id(db, call_id) if call_id is not None else None
        if rubric_id is None:
            self.view.setHtml("<p>La convocatoria no tiene rúbrica: aplique una plantilla.</p>")
            self.state.setText("")
            self.edit_call.setEnabled(False)
            return
        self.edit_call.setEnabled(True)
        started = evaluation_started(db, rubric_id)
        self.state.setText(
            "La evaluación ya empezó: la rúbrica de la convocatoria queda fija."
            if started
            else "La convocatoria tiene su propia copia: editar una plantilla no la cambia."
        )
        self.view.setHtml(rubric_html(rubric_spec(db, rubric_id)))

    def _open(self, rubric_id: int) -> None:
        dialog = RubricDialog(self.db, rubric_id, self.actor, self, settings=self.settings)
        dialog.saved.connect(lambda _id: self.changed.emit())
        dialog.open()

    def _edit_call_rubric(self) -> None:
        if self.db is not None and (rubric_id := call_rubric_id(self.db, self.call_id)):
            self._open(rubric_id)

    def _edit_template(self) -> None:
        if (template_id := self.template.currentData()) is not None:
            self._open(template_id)

    def _copy_template(self) -> None:
        source = self.template.currentData()
        if source is None:
            return
        name, ok = QInputDialog.getText(self, "Plantilla nueva", "Nombre de la plantilla:")
        if ok:
            self._try(lambda: save_template_copy(self.db, source, name, actor=self.actor))

    def _apply_template(self) -> None:
        template_id = self.template.currentData()
        if template_id is None or self.call_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Aplicar plantilla",
            "La rúbrica de la convocatoria se reemplazará por una copia de la plantilla. ¿Seguir?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._try(
                lambda: apply_template_to_call(self.db, template_id, self.call_id, actor=self.actor)
            )

    def _try(self, action) -> None:
        try:
            action()
        except ValidationError as error:
            QMessageBox.warning(
                self, "Rúbrica", "\n".join(f"{p.field}: {p.message}" for p in error.problems)
            )
            return
        self.changed.emit()
