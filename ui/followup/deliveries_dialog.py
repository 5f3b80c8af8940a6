"""A funded plan's actas de entrega: the list with the goods of each, what is left to deliver of
each PROCOMPITE budget line, the form that records a new acta with its goods, and printing one."""

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.followup.budget import plan_lines
from procompite.followup.deliveries import (
    DELIVERY_FIELDS,
    ITEM_FIELDS,
    deliveries,
    record_delivery,
)
from procompite.followup.rows import deliverable
from ui.followup.columns import DELIVERY_COLUMNS, ITEM_COLUMNS, LINE_COLUMNS
from ui.followup.field_form import FieldForm
from ui.followup.followup_dialog import FollowupDialog
from ui.widgets.edit_table import GridColumn, TextGrid
from ui.widgets.forms import GridPanel
from ui.widgets.record_list import RecordList

LINE_KEY = "line"
ITEMS_NOTE = (
    "Elija la línea del presupuesto de PROCOMPITE de cada bien: «{0}» y «{1}» se llenan con "
    "el concepto y la unidad de la línea; cámbielos si el acta debe decir otra cosa."
)


def item_columns(line_labels: list[str]) -> list[GridColumn]:
    widths = {"description": 170, "quantity": 80, "unit": 80}
    return [GridColumn("Línea del presupuesto", LINE_KEY, 230, choices=tuple(line_labels))] + [
        GridColumn(
            spec.label, spec.name, widths.get(spec.name, 120), numeric=spec.name == "quantity"
        )
        for spec in ITEM_FIELDS
    ]


class DeliveriesDialog(FollowupDialog):
    geometry_key = "dialogs/followup_deliveries"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        plan_id: int,
        actor: str,
        parent: QWidget,
        print_delivery: Callable[[str], object] | None = None,
    ):
        super().__init__(db, settings, plan_id, actor, "Entregas", parent)
        if not settings.value(self.geometry_key):
            self.resize(1280, 660)
        self.print_delivery = print_delivery
        self.line_ids: dict[str, int] = {}
        self.message = QLabel(self)
        self.message.setObjectName("figures")
        self.message.setWordWrap(True)
        self.message.hide()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._actas(), "Actas de entrega")
        self.pending = RecordList(LINE_COLUMNS, "Filtrar líneas…", self.tabs)
        self.pending.filter_edit.hide()
        self.tabs.addTab(self.pending, "Bienes de PROCOMPITE por entregar")
        self.entry = self._entry()
        self.lay_out_split(self.tabs, self.entry, [620, 640], self.message)
        self.load()
        if self.lock:
            self.entry.hide()
        self.watch_changes()

    def _actas(self) -> QWidget:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        self.list = RecordList(DELIVERY_COLUMNS, "Filtrar actas de entrega…", holder)
        self.list.widest = 150  # the figures stay in view; the whole text shows on hover
        self.items = RecordList(ITEM_COLUMNS, "", holder)
        self.items.filter_edit.hide()
        self.items.count_label.hide()
        self.print_button = QPushButton("Imprimir acta de entrega…", holder)
        self.print_button.clicked.connect(self.print_selected)
        self.print_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        box.addWidget(self.list, 3)
        goods = QLabel("Bienes del acta seleccionada", holder)
        goods.setObjectName("sectionTitle")
        box.addWidget(goods)
        box.addWidget(self.items, 2)
        box.addLayout(row)
        self.list.table.selectionModel().currentRowChanged.connect(self._selected)
        return holder

    def _entry(self) -> QGroupBox:
        entry = QGroupBox("Registrar un acta de entrega", self)
        self.form = FieldForm(DELIVERY_FIELDS, entry)
        lines = deliverable(plan_lines(self.db, self.plan_id))
        self.line_of = {f"{line.position + 1}. {line.concept}": line for line in lines}
        self.line_ids = {label: line.line_id for label, line in self.line_of.items()}
        self.grid = TextGrid(item_columns(list(self.line_ids)), entry)
        self.grid.grid.dataChanged.connect(self._line_chosen)
        self.grid_panel = GridPanel(self.grid, "bien", entry)
        labels = {spec.name: spec.label for spec in ITEM_FIELDS}
        note = QLabel(ITEMS_NOTE.format(labels["description"], labels["unit"]), entry)
        note.setObjectName("pageHelp")
        note.setWordWrap(True)
        goods = QLabel("Bienes entregados", entry)
        goods.setObjectName("sectionTitle")
        self.record_button = QPushButton("Registrar acta de entrega", entry)
        self.record_button.clicked.connect(self.record)
        layout = QVBoxLayout(entry)
        layout.addWidget(self.form)
        layout.addWidget(goods)
        layout.addWidget(note)
        layout.addWidget(self.grid_panel, 1)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        return entry

    def _line_chosen(self, top_left, _bottom_right, _roles=()) -> None:
        """A line just chosen gives its concept and unit to the cells still empty."""
        rows = self.grid.grid.rows
        if top_left.row() >= len(rows) or self.grid.grid.columns[top_left.column()].key != LINE_KEY:
            return
        row = rows[top_left.row()]
        line = self.line_of.get(row.get(LINE_KEY, "").strip())
        if line is None:
            return
        for key, value in (("description", line.concept), ("unit", line.unit)):
            if not row.get(key, "").strip():
                self.grid.grid.setData(
                    self.grid.grid.index(top_left.row(), self._column(key)), value
                )

    def _column(self, key: str) -> int:
        return next(n for n, column in enumerate(self.grid.grid.columns) if column.key == key)

    def load(self) -> None:
        self.list.set_records(deliveries(self.db, self.plan_id))
        self.pending.set_records(deliverable(plan_lines(self.db, self.plan_id)))
        if self.list.proxy.rowCount():
            self.list.table.selectRow(self.list.proxy.rowCount() - 1)
        self._selected()

    def _selected(self, *_args) -> None:
        delivery = self.list.current_record()
        self.items.set_records(delivery["items"] if delivery else [])
        self.print_button.setEnabled(delivery is not None and self.print_delivery is not None)

    def select_number(self, number: str) -> None:
        for row, record in enumerate(self.list.visible_records()):
            if record["number"] == number:
                self.list.table.selectRow(row)
                return

    def items_typed(self) -> list[dict]:
        return [
            {**row, "line_id": self.line_ids.get(row.get(LINE_KEY, "").strip())}
            for row in self.grid.grid.rows
        ]

    def record(self) -> None:
        if self.lock:
            return
        numbers: list[str] = []
        saved = self.run(
            lambda: numbers.append(
                record_delivery(
                    self.db,
                    self.plan_id,
                    self.form.values(),
                    self.items_typed(),
                    actor=self.actor,
                )
            ),
            "Entrega",
        )
        self.grid.grid.mark_faults(self.refused, "Entrega, bien")
        if not saved:
            return
        self.form.clear()
        self.grid.grid.set_rows([])
        self.load()
        self.select_number(numbers[0])
        self.message.setText(
            f"Se registró el acta de entrega {numbers[0]}. Imprímala con «Imprimir acta de "
            "entrega…» para las firmas."
        )
        self.message.show()

    def print_selected(self) -> None:
        delivery = self.list.current_record()
        if delivery is not None and self.print_delivery is not None:
            self.print_delivery(delivery["number"])
