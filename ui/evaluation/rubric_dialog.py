"""Editing a rubric: sections, criteria and levels in one tree, checked by the library on save."""

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.evaluation.rubrics import (
    STARTED_MESSAGE,
    evaluation_started,
    format_points,
    max_points_sum,
    parse_points,
    replace_rubric,
    rubric_spec,
)
from ui.widgets.forms import RecordDialog, problems_label, show_problems

SECTION, CRITERION, LEVEL = "section", "criterion", "level"
KIND = Qt.ItemDataRole.UserRole
COLUMNS = ("Sección / criterio / nivel", "Código", "Puntaje", "Sección del plan", "Descripción")
NAME, CODE, POINTS, PLAN, DESCRIPTION = range(len(COLUMNS))
# The spec key that each editable column holds, for each kind of row.
FIELDS = {
    SECTION: {NAME: "name"},
    CRITERION: {
        NAME: "name",
        CODE: "code",
        POINTS: "max_points",
        PLAN: "plan_section",
        DESCRIPTION: "description",
    },
    LEVEL: {NAME: "description", POINTS: "points"},
}
CHILD_KIND = {SECTION: CRITERION, CRITERION: LEVEL}


def _kind(item: QTreeWidgetItem) -> str:
    return item.data(0, KIND)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [item.child(index) for index in range(item.childCount())]


def _subtree(item: QTreeWidgetItem) -> Iterator[QTreeWidgetItem]:
    yield item
    for child in _children(item):
        yield from _subtree(child)


def _cell(value: Any) -> str:
    if isinstance(value, int | float):
        return format_points(value)
    return str(value or "")


class _FieldDelegate(QStyledItemDelegate):
    """Opens an editor only in the columns that the row's kind has."""

    def createEditor(self, parent, option, index):
        if index.column() not in FIELDS[index.siblingAtColumn(0).data(KIND)]:
            return None
        return super().createEditor(parent, option, index)


class RubricDialog(RecordDialog):
    """Edit one rubric (a template or a call's copy); emits ``saved`` with its id."""

    geometry_key = "dialogs/rubric"

    def __init__(
        self,
        db: Database,
        rubric_id: int,
        actor: str,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        spec = rubric_spec(db, rubric_id)
        title = f"Rúbrica — {spec['name']}"
        super().__init__(db, settings if settings is not None else QSettings(), title, parent)
        self.rubric_id = rubric_id
        self.actor = actor
        self.read_only = evaluation_started(db, rubric_id)
        self.resize(1100, 700)
        self._build(db["rubrics"].get(rubric_id)["call_id"] is None)
        self._load(spec)
        self.tree.itemChanged.connect(self._changed)
        self.total.textChanged.connect(self._update_sum)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self._update_sum()
        self._update_buttons()
        if self.read_only:
            self._freeze()
        else:
            self.watch_changes()

    def _build(self, is_template: bool) -> None:
        self.banner = QLabel(STARTED_MESSAGE, self)
        self.banner.setObjectName("flags")
        self.banner.setWordWrap(True)
        self.banner.setVisible(self.read_only)
        self.name = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(60)
        self.total = QLineEdit(self)
        self.total.setMaximumWidth(120)
        form = QFormLayout()
        form.addRow("Nombre", self.name)
        form.addRow("Descripción", self.description)
        form.addRow("Puntaje total", self.total)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setItemDelegate(_FieldDelegate(self.tree))
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        for column, width in ((NAME, 420), (CODE, 60), (POINTS, 70), (PLAN, 220)):
            self.tree.setColumnWidth(column, width)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, slot in (
            ("section", "Agregar sección", lambda: self._add(self.tree.invisibleRootItem())),
            ("criterion", "Agregar criterio", lambda: self._add(self._current(SECTION))),
            ("level", "Agregar nivel", lambda: self._add(self._current(CRITERION))),
            ("remove", "Quitar seleccionado", self._remove),
            ("up", "Subir", lambda: self._move(-1)),
            ("down", "Bajar", lambda: self._move(1)),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)

        self.sum_label = QLabel(self)
        self.sum_label.setObjectName("figures")
        self.problems = problems_label(self)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Guardar")
        self.cancel_button = box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancelar")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        if is_template:
            note = "Plantilla: sus cambios no alteran las rúbricas ya copiadas a convocatorias."
            layout.addWidget(QLabel(note, self))
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.sum_label)
        layout.addWidget(self.problems)
        layout.addWidget(box)

    def _load(self, spec: dict[str, Any]) -> None:
        self.name.setText(spec["name"])
        self.description.setPlainText(spec["description"])
        self.total.setText(format_points(spec["total_points"]))
        root = self.tree.invisibleRootItem()
        for section in spec["sections"]:
            section_item = self._item(root, SECTION, section)
            for criterion in section["criteria"]:
                criterion_item = self._item(section_item, CRITERION, criterion)
                for level in criterion["levels"]:
                    self._item(criterion_item, LEVEL, level)
            section_item.setExpanded(True)

    def _item(
        self, parent: QTreeWidgetItem, kind: str, values: dict[str, Any], position: int = -1
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, KIND, kind)
        for column, key in FIELDS[kind].items():
            item.setText(column, _cell(values.get(key)))
        if kind == SECTION:
            font = item.font(NAME)
            font.setBold(True)
            item.setFont(NAME, font)
        if not self.read_only:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        parent.insertChild(parent.childCount() if position < 0 else position, item)
        return item

    def _freeze(self) -> None:
        self.name.setReadOnly(True)
        self.description.setReadOnly(True)
        self.total.setReadOnly(True)
        for button in (*self.buttons.values(), self.save_button):
            button.setEnabled(False)
        self.cancel_button.setText("Cerrar")

    def spec(self) -> dict[str, Any]:
        """The rubric as shown, texts as typed (the library reads the numbers)."""

        def fields(item: QTreeWidgetItem) -> dict[str, Any]:
            values = {key: item.text(column) for column, key in FIELDS[_kind(item)].items()}
            if child_kind := CHILD_KIND.get(_kind(item)):
                key = "criteria" if child_kind == CRITERION else "levels"
                values[key] = [fields(child) for child in _children(item)]
            return values

        return {
            "name": self.name.text(),
            "description": self.description.toPlainText(),
            "total_points": self.total.text(),
            "sections": [fields(item) for item in _children(self.tree.invisibleRootItem())],
        }

    def _current(self, kind: str) -> QTreeWidgetItem | None:
        """The selected row of that kind, or the one that holds the selected row."""
        item = self.tree.currentItem()
        while item is not None and _kind(item) != kind:
            item = item.parent()
        return item

    def _add(self, parent: QTreeWidgetItem | None) -> None:
        if parent is None:
            return
        kind = CHILD_KIND[_kind(parent)] if _kind(parent) else SECTION
        values = {}
        if kind == CRITERION:
            number = self.tree.indexOfTopLevelItem(parent) + 1
            values["code"] = f"{number}.{parent.childCount() + 1}"
        item = self._item(parent, kind, values)
        parent.setExpanded(True)
        self.tree.setCurrentItem(item, NAME)
        self.tree.editItem(item, NAME)
        self._structure_changed()

    def _remove(self) -> None:
        if (item := self.tree.currentItem()) is None:
            return
        (item.parent() or self.tree.invisibleRootItem()).removeChild(item)
        self._structure_changed()

    def _move(self, step: int) -> None:
        if (item := self.tree.currentItem()) is None:
            return
        parent = item.parent() or self.tree.invisibleRootItem()
        position = parent.indexOfChild(item) + step
        if not 0 <= position < parent.childCount():
            return
        expanded = [(each, each.isExpanded()) for each in _subtree(item)]
        parent.takeChild(parent.indexOfChild(item))
        parent.insertChild(position, item)
        for each, was_expanded in expanded:
            each.setExpanded(was_expanded)
        self.tree.setCurrentItem(item)
        self._structure_changed()

    def _structure_changed(self) -> None:
        self._touched()
        self._update_sum()
        self._update_buttons()

    def _changed(self, _item: QTreeWidgetItem, column: int) -> None:
        self._touched()
        if column == POINTS:
            self._update_sum()

    def _update_sum(self) -> None:
        points = max_points_sum(self.spec())
        total = parse_points(self.total.text())
        text = f"Suma de puntajes máximos: {format_points(points)} de {format_points(total)}"
        if points != total:
            text = f"⚠ {text}: debe ser igual al puntaje total."
        self.sum_label.setText(text)
        self.sum_label.setStyleSheet("" if points == total else "color: #8a1c1c;")

    def _update_buttons(self, *_args) -> None:
        if self.read_only:
            return
        item = self.tree.currentItem()
        self.buttons["criterion"].setEnabled(self._current(SECTION) is not None)
        self.buttons["level"].setEnabled(self._current(CRITERION) is not None)
        for key in ("remove", "up", "down"):
            self.buttons[key].setEnabled(item is not None)

    def save(self) -> None:
        try:
            replace_rubric(self.db, self.rubric_id, self.spec(), actor=self.actor)
        except ValidationError as error:
            show_problems(self.problems, error.problems)
            return
        show_problems(self.problems, [])
        self.mark_saved()
        self.saved.emit(self.rubric_id)
        self.accept()
