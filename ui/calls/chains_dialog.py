"""The file's catalogue of productive chains: add, rename, retire (or restore) and delete one
that nothing uses."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.prioritization.catalogue import (
    add_chain,
    catalogue,
    delete_chain,
    rename_chain,
    retire_chain,
)
from ui.widgets.forms import RememberedDialog, attempt, problems_label
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

CHAIN_COLUMNS = (
    Column("Cadena productiva", lambda c: c.name),
    Column("Sector", lambda c: c.sector),
    Column("Planes", lambda c: str(c.plans), numeric=True, sort_key=lambda c: c.plans),
    Column("Estado", lambda c: f"Retirada el {c.retired_on}" if c.retired else "Vigente"),
)


class ChainsDialog(RememberedDialog):
    geometry_key = "dialogs/chains"

    def __init__(self, db: Database, settings: QSettings, actor: str, parent: QWidget):
        super().__init__(settings, parent)
        self.db, self.actor = db, actor
        self.setWindowTitle("Cadenas productivas del archivo")
        self.list = RecordList(CHAIN_COLUMNS, "Filtrar cadenas…", self)
        self.name = QLineEdit(self)
        self.sector = QLineEdit(self)
        self.sector.setPlaceholderText("p. ej. Agrícola, Pecuario, Acuícola, Forestal")
        form = QFormLayout()
        form.addRow("Nombre", self.name)
        form.addRow("Sector", self.sector)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Agregar", self.add),
            ("Cambiar nombre y sector", self.rename),
            ("Retirar / restituir", self.retire),
            ("Eliminar", self.delete),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Cerrar", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        self.problems = problems_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.list.table.selectionModel().currentRowChanged.connect(self._selected)
        self.resize(max(self.width(), 760), max(self.height(), 560))
        self.refresh()

    def refresh(self) -> None:
        self.list.set_records(catalogue(self.db))

    def _selected(self, *_args) -> None:
        chain = self.list.current_record()
        if chain is not None:
            self.name.setText(chain.name)
            self.sector.setText(chain.sector)

    def _do(self, action) -> None:
        if attempt(self.problems, action, "Cadena"):
            self.refresh()

    def add(self) -> None:
        self._do(lambda: add_chain(self.db, self.name.text(), self.sector.text(), actor=self.actor))

    def rename(self) -> None:
        chain = self.list.current_record()
        if chain is not None:
            self._do(
                lambda: rename_chain(
                    self.db, chain.id, self.name.text(), self.sector.text(), actor=self.actor
                )
            )

    def retire(self) -> None:
        chain = self.list.current_record()
        if chain is not None:
            self._do(
                lambda: retire_chain(self.db, chain.id, actor=self.actor, restore=chain.retired)
            )

    def delete(self) -> None:
        chain = self.list.current_record()
        if chain is not None:
            self._do(lambda: delete_chain(self.db, chain.id, actor=self.actor))
