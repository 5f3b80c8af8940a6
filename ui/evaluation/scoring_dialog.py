"""A committee member's evaluation sheet: the plan's key facts beside the rubric, level by level."""

from decimal import Decimal
from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import rubric_criteria
from procompite.evaluation.scoring import load_sheet, save_sheet
from procompite.plans.brief import plan_brief
from ui.widgets.forms import RecordDialog, problems_label, remember_splitter, show_problems


def brief_html(brief: dict) -> str:
    """The plan's key facts as a compact HTML sheet."""
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td align='right'>{escape(value)}</td></tr>"
        for label, value in [
            ("AEO", brief["aeo"]),
            ("Categoría", brief["categoria"]),
            ("Cadena", brief["cadena"]),
            ("Ubicación", brief["ubicacion"]),
            ("Socios", brief["socios"]),
            ("Beneficiarios", brief["beneficiarios"]),
            ("Empleos", brief["empleos"]),
        ]
    )
    money = "".join(
        f"<tr><td>{escape(label)}</td><td align='right'>{amount}</td>"
        f"<td align='right'>{share}</td></tr>"
        for label, amount, share in brief["financiamiento"]
    )
    indicators = "".join(
        f"<tr><td>{escape(label)}</td><td align='right'>{escape(value)}</td></tr>"
        for label, value in brief["indicadores"]
    )
    failing = [rule for rule in brief["reglas"] if not rule["cumple"]]
    rules = (
        "".join(f"<li><b>{escape(r['regla'])}</b>: {escape(r['detalle'])}</li>" for r in failing)
        if failing
        else "<li>Cumple todas las reglas de la convocatoria.</li>"
    )
    return (
        f"<h3>{escape(brief['codigo'])} — {escape(brief['titulo'])}</h3>"
        f"<table width='100%'>{rows}</table>"
        f"<h4>Financiamiento</h4><table width='100%'>{money}</table>"
        f"<h4>Indicadores</h4><table width='100%'>{indicators}</table>"
        f"<h4>Reglas de elegibilidad</h4><ul>{rules}</ul>"
    )


def scoring_draft_key(plan_id: int, member_id: int) -> str:
    return f"{plan_id}:{member_id}"


def _mark_chosen(label: QLabel, chosen: bool) -> None:
    """The chosen level's description stands out, even on a sheet sent and read-only."""
    label.setProperty("chosen", chosen)
    label.style().unpolish(label)
    label.style().polish(label)


class CriterionBox(QGroupBox):
    """One criterion: its levels described in words, as radio buttons, and a comment."""

    def __init__(self, criterion: dict, levels: list[tuple[float, str]], parent: QWidget):
        super().__init__(
            f"{criterion['code']}  {criterion['name']}  (máx. {criterion['max_points']:g})",
            parent,
        )
        self.criterion_id = criterion["id"]
        self.max_points = Decimal(str(criterion["max_points"]))
        layout = QGridLayout(self)
        row = 0
        if criterion["description"] or criterion["plan_section"]:
            help_text = QLabel(
                escape(criterion["description"])
                + (
                    f"<br><i>Sustento en el plan: {escape(criterion['plan_section'])}</i>"
                    if criterion["plan_section"]
                    else ""
                ),
                self,
            )
            help_text.setWordWrap(True)
            help_text.setObjectName("pageHelp")
            layout.addWidget(help_text, row, 0, 1, 2)
            row += 1
        self.group = QButtonGroup(self)
        self.points: dict[int, Decimal] = {}
        self.descriptions: dict[int, QLabel] = {}
        for index, (points, description) in enumerate(levels):
            button = QRadioButton(f"{points:g}", self)
            label = QLabel(description, self)
            label.setWordWrap(True)
            label.setBuddy(button)
            label.setObjectName("levelText")
            self.descriptions[index] = label
            button.toggled.connect(lambda on, label=label: _mark_chosen(label, on))
            self.group.addButton(button, index)
            self.points[index] = Decimal(str(points))
            layout.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(label, row, 1)
            row += 1
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText("Comentario (opcional): por qué este nivel")
        layout.addWidget(self.comment, row, 0, 1, 2)
        layout.setColumnStretch(1, 1)

    def value(self) -> Decimal | None:
        """The points of the chosen level, or ``None``."""
        checked = self.group.checkedId()
        return self.points[checked] if checked >= 0 else None

    def set_value(self, value: Decimal | None) -> None:
        for index, points in self.points.items():
            if points == value:
                self.group.button(index).setChecked(True)


class ScoringDialog(RecordDialog):
    geometry_key = "scoring/geometry"
    draft_kind = "calificacion"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        plan_id: int,
        member_id: int,
        parent: QWidget | None = None,
    ):
        plan = db["plans"].get(plan_id)
        who = member(db, member_id)
        super().__init__(db, settings, f"Calificación de {plan['code']} — {who.full_name}", parent)
        self.plan_id, self.member_id = plan_id, member_id
        self.submitted = False
        self.resize(1180, 700)
        layout = QVBoxLayout(self)
        splitter = QSplitter(self)
        facts = QTextBrowser(splitter)
        facts.setHtml(brief_html(plan_brief(db, plan_id)))
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        inner = QWidget(scroll)
        boxes_layout = QVBoxLayout(inner)
        self.boxes: list[CriterionBox] = []
        levels: dict[int, list[tuple[float, str]]] = {}
        for criterion_id, points, description in db.execute(
            "SELECT l.criterion_id, l.points, l.description FROM rubric_levels l "
            "JOIN rubric_criteria c ON c.id = l.criterion_id JOIN rubrics r ON r.id = c.rubric_id "
            "WHERE r.call_id = ? ORDER BY l.criterion_id, l.points DESC",
            [plan["call_id"]],
        ):
            levels.setdefault(criterion_id, []).append((points, description))
        section = None
        for criterion in rubric_criteria(db, plan["call_id"]):
            if criterion["section"] != section:
                section = criterion["section"]
                heading = QLabel(section, inner)
                heading.setObjectName("sectionTitle")
                boxes_layout.addWidget(heading)
            box = CriterionBox(criterion, levels.get(criterion["id"], []), inner)
            box.group.idClicked.connect(self._update_total)
            box.group.idClicked.connect(self._touched)
            boxes_layout.addWidget(box)
            self.boxes.append(box)
        scroll.setWidget(inner)
        splitter.addWidget(facts)
        splitter.addWidget(scroll)
        facts.setMinimumWidth(420)
        splitter.setSizes([440, 740])
        remember_splitter(splitter, settings, "scoring/splitter")
        layout.addWidget(splitter, 1)
        self.state = QLabel(self)
        self.total = QLabel(self)
        self.total.setObjectName("runningTotal")
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        footer = QHBoxLayout()
        footer.addWidget(self.state)
        footer.addStretch(1)
        footer.addWidget(self.total)
        layout.addLayout(footer)
        buttons = QDialogButtonBox(self)
        self.draft_button = QPushButton("Guardar borrador", self)
        self.submit_button = QPushButton("Enviar calificación", self)
        buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.draft_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(self._confirm_submit)
        layout.addWidget(buttons)
        self._load()
        self.watch_changes()

    def _load(self) -> None:
        sheet = load_sheet(self.db, self.plan_id, self.member_id)
        self.submitted = sheet.submitted
        for box in self.boxes:
            box.set_value(sheet.points.get(box.criterion_id))
            box.comment.setText(sheet.comments.get(box.criterion_id, ""))
            box.setEnabled(not sheet.submitted)
        self.draft_button.setEnabled(not sheet.submitted)
        self.submit_button.setEnabled(not sheet.submitted)
        self.state.setText(
            {
                "nueva": "Ficha nueva (ronda {round}).",
                "borrador": "Borrador guardado (ronda {round}).",
                "enviada": "Enviada; solo lectura. La secretaría puede reabrirla con un motivo.",
            }[sheet.status].format(round=sheet.round)
        )
        self._update_total()

    def draft_key(self) -> str | None:
        return None if self.submitted else scoring_draft_key(self.plan_id, self.member_id)

    def form_state(self) -> dict:
        return {
            "puntos": {
                str(box.criterion_id): None if box.value() is None else str(box.value())
                for box in self.boxes
            },
            "comentarios": {str(box.criterion_id): box.comment.text() for box in self.boxes},
        }

    def apply_form_state(self, state: dict) -> None:
        points, comments = state.get("puntos", {}), state.get("comentarios", {})
        for box in self.boxes:
            key = str(box.criterion_id)
            if points.get(key) is not None:
                box.set_value(Decimal(points[key]))
            if key in comments:
                box.comment.setText(comments[key])
        self._update_total()

    def _update_total(self, *_args) -> None:
        values = [box.value() for box in self.boxes]
        scored = [value for value in values if value is not None]
        maximum = sum((box.max_points for box in self.boxes), Decimal(0))
        self.total.setText(
            f"Total: {sum(scored, Decimal(0)):.2f} de {maximum:.2f} · "
            f"{len(scored)} de {len(values)} criterios calificados"
        )

    def _confirm_submit(self) -> None:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            "Al enviar, la calificación queda en solo lectura y cuenta para la consolidación. "
            "¿Enviar?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save(submit=True)

    def save(self, submit: bool) -> bool:
        points = {box.criterion_id: box.value() for box in self.boxes}
        comments = {box.criterion_id: box.comment.text() for box in self.boxes}
        try:
            save_sheet(self.db, self.plan_id, self.member_id, points, comments, submit=submit)
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            return False
        show_problems(self.problems, [])
        self.mark_saved()
        self.saved.emit(self.plan_id)
        self._load()
        return True
