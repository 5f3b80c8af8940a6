"""A funded plan's follow-up visits: the list with the details of the one chosen, and the form
that records a visit with the studies' indicators and the call's own (in their units)."""

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.followup.indicators import call_indicators
from procompite.followup.visits import VISIT_FIELDS, delete_visit, record_visit, visits
from ui.followup.columns import VISIT_COLUMNS
from ui.followup.field_form import FieldForm, shown_value, spec_of
from ui.followup.followup_dialog import FollowupDialog, ask_reason
from ui.widgets.record_list import RecordList

GROUPS = (
    ("La visita", ("visited_on", "visitors", "operating", "photos", "notes")),
    ("Bienes entregados", ("goods_use", "goods_condition")),
    (
        "Socios, ventas y empleo",
        (
            "active_members",
            "active_women",
            "active_youth",
            "sales_cents",
            "direct_jobs",
            "indirect_jobs",
            "new_markets",
        ),
    ),
)
DETAILS = (
    "visitors",
    "active_women",
    "active_youth",
    "indirect_jobs",
    "new_markets",
    "photos",
    "notes",
)
PICTURES = "Imágenes (*.jpg *.jpeg *.png *.heic *.webp);;Todos los archivos (*)"


class VisitsDialog(FollowupDialog):
    geometry_key = "dialogs/followup_visits"

    def __init__(
        self, db: Database, settings: QSettings, plan_id: int, actor: str, parent: QWidget
    ):
        super().__init__(db, settings, plan_id, actor, "Visitas", parent)
        if not settings.value(self.geometry_key):
            self.resize(1300, 680)
        self.indicators = call_indicators(db, self.plan.call_id)
        self.list = RecordList(VISIT_COLUMNS, "Filtrar visitas…", self)
        self.list.widest = 140  # the figures stay in view; the whole text shows on hover
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.annul_button = QPushButton("Anular visita…", self)
        self.annul_button.clicked.connect(self.annul)
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.list, 3)
        box.addWidget(self.details, 2)
        row = QHBoxLayout()
        row.addWidget(self.annul_button)
        row.addStretch(1)
        box.addLayout(row)
        self.entry = self._entry()
        self.lay_out_split(left, self.entry, [600, 680])
        self.list.table.selectionModel().currentRowChanged.connect(self._selected)
        self.load()
        if self.lock:
            self.entry.hide()
            self.annul_button.hide()
        self.watch_changes()

    def _entry(self) -> QGroupBox:
        entry = QGroupBox("Registrar una visita", self)
        self.form = FieldForm(VISIT_FIELDS, entry, groups=GROUPS, columns=2)
        photos = self.form.forms["photos"]
        row, _role = photos.getWidgetPosition(self.form.editors["photos"])
        self.photos_button = QPushButton("Agregar fotos…", entry)
        self.photos_button.clicked.connect(self.choose_photos)
        photos.insertRow(row + 1, "", self.photos_button)
        QWidget.setTabOrder(self.form.editors["photos"], self.photos_button)
        QWidget.setTabOrder(self.photos_button, self.form.editors["notes"])
        values = QGroupBox("Indicadores de la convocatoria", self.form)
        form = QFormLayout(values)
        self.values: dict[int, QLineEdit] = {}
        for indicator in self.indicators:
            edit = QLineEdit(values)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.values[indicator.id] = edit
            form.addRow(indicator.label, edit)
        if not self.indicators:
            form.addRow(QLabel("La convocatoria no mide indicadores propios.", values))
        self.form.add_to_column(values, 1)
        self.record_button = QPushButton("Registrar visita", entry)
        self.record_button.clicked.connect(self.record)
        layout = QVBoxLayout(entry)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        return entry

    def load(self) -> None:
        self.list.set_records(visits(self.db, self.plan_id))
        if self.list.proxy.rowCount():
            self.list.table.selectRow(self.list.proxy.rowCount() - 1)
        self._selected()

    def _selected(self, *_args) -> None:
        visit = self.list.current_record()
        if visit is None:
            self.details.setText(
                "Aún no hay visitas registradas." if not self.list.model.rowCount() else ""
            )
            return
        lines = []
        for name in DETAILS:
            spec = spec_of(VISIT_FIELDS, name)
            if shown := shown_value(spec, visit.get(name)):
                lines.append(f"<b>{escape(spec.label)}:</b> {escape(shown)}")
        for indicator in self.indicators:
            if (value := visit["values"].get(indicator.id)) is not None:
                lines.append(f"<b>{escape(indicator.label)}:</b> {escape(value)}")
        self.details.setText("<br>".join(lines))

    def choose_photos(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Fotos de la visita", "", PICTURES)
        editor = self.form.editors["photos"]
        assert isinstance(editor, QPlainTextEdit)
        typed = [line for line in editor.toPlainText().splitlines() if line.strip()]
        editor.setPlainText("\n".join(typed + [Path(name).name for name in names]))

    def record(self) -> None:
        if self.lock:
            return
        values = {key: edit.text() for key, edit in self.values.items()}
        if self.run(
            lambda: record_visit(
                self.db, self.plan_id, self.form.values(), values, actor=self.actor
            ),
            "Visita",
        ):
            self.form.clear()
            for edit in self.values.values():
                edit.clear()
            self.load()

    def annul(self) -> None:
        visit = self.list.current_record()
        if self.lock or visit is None:
            return
        reason = ask_reason(
            self,
            "Anular visita",
            f"Visita del {shown_value(spec_of(VISIT_FIELDS, 'visited_on'), visit['visited_on'])}"
            f" ({visit['visitors']}).\nMotivo de la anulación (queda en el registro de "
            "auditoría):",
            "Anular visita",
        )
        if reason is None:
            return
        if self.run(lambda: delete_visit(self.db, visit["id"], reason, actor=self.actor), "Visita"):
            self.load()
