"""The convocatoria editor: its general settings and tie-breakers, categories with their limits
and pools, chains, required documents, schedule and (for a new call) where its rubric comes
from. Everything is read and checked by the library; a refusal shows on its field's name."""

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.calls.definition import ChainChoice, prioritized_chains
from procompite.calls.legal import DEFAULT_TERMS
from procompite.calls.reading import CALL_FIELDS, read_definition
from procompite.calls.status import stage_problem
from procompite.calls.store import load_definition, save_call
from procompite.evaluation.rubrics import templates
from procompite.lifecycle.bases import KNOWN_TIE_BREAKERS
from procompite.lifecycle.copying import copied_definition, new_call
from procompite.prioritization.catalogue import catalogue
from ui.calls.call_form import (
    BONUS_COLUMNS,
    CATEGORY_COLUMNS,
    CONSOLIDATION_CHOICES,
    DOCUMENT_COLUMNS,
    STAGE_COLUMNS,
    bonus_cells,
    bonus_raw,
    category_cells,
    document_cells,
    general_texts,
    raw_rows,
    stage_cells,
)
from ui.calls.legal_tab import LegalTab
from ui.widgets.edit_table import TextGrid
from ui.widgets.forms import (
    GridPanel,
    RememberedDialog,
    accept_buttons,
    attempt,
    choice_combo,
    close_only,
    problems_label,
    select_value,
    show_problems,
)

TEXT_FIELDS = tuple(key for key in CALL_FIELDS if key not in ("consolidation", "tie_breakers"))
HINTS = {
    "budget": "S/, p. ej. 1,200,000.00",
    "discount_rate_pct": "%, p. ej. 10",
    "disagreement_share_pct": "%, p. ej. 40",
    "bases_resolution_on": "dd/mm/aaaa",
    "committee_resolution_on": "dd/mm/aaaa",
}


class CallDialog(RememberedDialog):
    """A new call (``call_id`` None, or a copy of ``source_id``) or the bases of one."""

    saved = Signal(int)
    geometry_key = "dialogs/call"

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        call_id: int | None,
        actor: str,
        parent: QWidget | None = None,
        *,
        source_id: int | None = None,
        year: int | None = None,
    ):
        super().__init__(settings, parent)
        self.db, self.call_id, self.actor = db, call_id, actor
        self.setWindowTitle("Bases de la convocatoria" if call_id else "Nueva convocatoria")
        if not settings.value(self.geometry_key):
            self.resize(1180, 680)
        self.tabs = QTabWidget(self)
        self.fields: dict[str, QLineEdit] = {}
        self.tabs.addTab(self._general_tab(), "Datos generales")
        self.categories = TextGrid(CATEGORY_COLUMNS, self)
        self.tabs.addTab(GridPanel(self.categories, "categoría", self), "Categorías y fondos")
        self.tabs.addTab(self._chains_tab(), "Cadenas")
        self.documents = TextGrid(DOCUMENT_COLUMNS, self)
        self.tabs.addTab(GridPanel(self.documents, "documento", self), "Documentos exigidos")
        self.stages = TextGrid(STAGE_COLUMNS, self)
        self.tabs.addTab(GridPanel(self.stages, "etapa", self), "Cronograma")
        self.tabs.addTab(self._bonus_tab(), "Bonificaciones")
        self.legal = LegalTab(self)
        self.tabs.addTab(self.legal, "Base legal y recursos")
        self.problems = problems_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        self.buttons = accept_buttons(self, self.save, "Guardar", save=True)
        layout.addWidget(self.buttons)
        self.source_id = source_id
        self.former_gap: Decimal | None = None
        self.legal.show_terms(DEFAULT_TERMS)
        if call_id is not None or source_id is not None:
            definition = (
                load_definition(db, call_id)
                if call_id is not None
                else copied_definition(db, source_id, year or 0)
            )
            self._show(definition)
        if source_id is not None:
            select_value(self.rubric, ("convocatoria", source_id))
        if call_id is not None and (problem := stage_problem(db, call_id, "definir")):
            show_problems(self.problems, [problem])
            self.problems.setText(f"Solo lectura: {problem.message}")
            close_only(self.buttons)

    def _general_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        for key in TEXT_FIELDS:
            field = QLineEdit(tab)
            field.setPlaceholderText(HINTS.get(key, ""))
            self.fields[key] = field
            form.addRow(CALL_FIELDS[key], field)
        self.consolidation = choice_combo(CONSOLIDATION_CHOICES, tab, empty=None)
        form.addRow(CALL_FIELDS["consolidation"], self.consolidation)
        self.tie_breakers = QListWidget(tab)
        self.tie_breakers.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tie_breakers.setMaximumHeight(110)
        for code, label in KNOWN_TIE_BREAKERS.items():
            item = QListWidgetItem(label[0].upper() + label[1:], self.tie_breakers)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Unchecked)
        form.addRow("Desempate (marque y ordene arrastrando)", self.tie_breakers)
        if self.call_id is None:
            choices = [(("plantilla", i), f"Plantilla: {n}") for i, n in templates(self.db)]
            choices += [
                (("convocatoria", call_id), f"Rúbrica de: {name}")
                for call_id, name in self.db.execute("SELECT id, name FROM calls ORDER BY id")
            ]
            self.rubric = choice_combo(choices, tab, empty="Plantilla PROCOMPITE por defecto")
            form.addRow("Rúbrica", self.rubric)
        return tab

    def _bonus_tab(self) -> QWidget:
        tab = QWidget(self)
        note = QLabel(
            "Puntos afirmativos que se suman al puntaje técnico, calculados al consolidar cada "
            "plan con los datos de su padrón y de su distrito (INEI). Por cada tramo: los puntos "
            "por cada tramo completo sobre el umbral (p. ej. 1 punto por cada 10 % de mujeres "
            "sobre 30 %, tope 3); si supera el umbral: los puntos una vez; si se cumple: para "
            "una AEO nunca financiada o un plan en los lugares nombrados (ubigeos de "
            "departamento, provincia o distrito, separados por comas).",
            tab,
        )
        note.setWordWrap(True)
        self.bonus_counts = QCheckBox(
            "La bonificación cuenta para alcanzar el puntaje mínimo (si no, solo se suma a "
            "los planes aptos por su puntaje técnico)",
            tab,
        )
        self.bonus = TextGrid(BONUS_COLUMNS, self)
        layout = QVBoxLayout(tab)
        layout.addWidget(note)
        layout.addWidget(self.bonus_counts)
        layout.addWidget(GridPanel(self.bonus, "bonificación", self), 1)
        return tab

    def _chains_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        approved = self.db.execute(
            "SELECT id, name FROM prioritizations WHERE status = 'aprobado' ORDER BY year DESC, id"
        ).fetchall()
        self.prioritization = choice_combo([tuple(r) for r in approved], tab, empty="Ninguna")
        self.prioritization.currentIndexChanged.connect(self._apply_prioritization)
        form = QFormLayout()
        form.addRow("Priorización aprobada", self.prioritization)
        layout.addLayout(form)
        note = QLabel(
            "Marque las cadenas que pueden postular. Una cadena que no está sobre el corte de la "
            "priorización elegida necesita un motivo, que queda en el registro de cambios.",
            tab,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.chains = QTableWidget(0, 3, tab)
        self.chains.setHorizontalHeaderLabels(["Cadena productiva", "Sector", "Motivo"])
        self.chains.horizontalHeader().setStretchLastSection(True)
        self.chains.setColumnWidth(0, 260)
        self.chains.setColumnWidth(1, 140)
        for chain in catalogue(self.db, retired=False):
            row = self.chains.rowCount()
            self.chains.insertRow(row)
            name = QTableWidgetItem(chain.name)
            name.setData(Qt.ItemDataRole.UserRole, chain.id)
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            name.setCheckState(Qt.CheckState.Unchecked)
            sector = QTableWidgetItem(chain.sector)
            sector.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.chains.setItem(row, 0, name)
            self.chains.setItem(row, 1, sector)
            self.chains.setItem(row, 2, QTableWidgetItem(""))
        layout.addWidget(self.chains, 1)
        return tab

    def _chain_rows(self) -> dict[int, int]:
        return {
            self.chains.item(row, 0).data(Qt.ItemDataRole.UserRole): row
            for row in range(self.chains.rowCount())
        }

    def _apply_prioritization(self, *_args) -> None:
        rows = self._chain_rows()
        for chain_id in prioritized_chains(self.db, self.prioritization.currentData()):
            if chain_id in rows:
                self.chains.item(rows[chain_id], 0).setCheckState(Qt.CheckState.Checked)

    def _show(self, definition) -> None:
        self.former_gap = definition.disagreement_gap
        for key, text in general_texts(definition).items():
            if key in self.fields:
                self.fields[key].setText(text)
        select_value(self.consolidation, definition.consolidation)
        self._show_tie_breakers(definition.tie_breakers)
        self.categories.grid.set_rows(category_cells(definition))
        self.documents.grid.set_rows(document_cells(definition))
        self.stages.grid.set_rows(stage_cells(definition))
        self.bonus.grid.set_rows(bonus_cells(definition))
        self.bonus_counts.setChecked(definition.bonus_counts_for_passing)
        self.legal.show_terms(definition.legal)
        self.prioritization.blockSignals(True)
        select_value(self.prioritization, definition.prioritization_id)
        self.prioritization.blockSignals(False)
        rows = self._chain_rows()
        for choice in definition.chains:
            if choice.chain_id in rows:
                self.chains.item(rows[choice.chain_id], 0).setCheckState(Qt.CheckState.Checked)
                self.chains.item(rows[choice.chain_id], 2).setText(choice.reason)

    def _show_tie_breakers(self, chosen) -> None:
        items = [self.tie_breakers.takeItem(0) for _ in range(self.tie_breakers.count())]
        by_code = {item.data(Qt.ItemDataRole.UserRole): item for item in items}
        for code in [*chosen, *(c for c in by_code if c not in chosen)]:
            item = by_code[code]
            checked = Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.tie_breakers.addItem(item)

    def raw(self) -> dict:
        raw = {key: field.text() for key, field in self.fields.items()}
        raw["consolidation"] = self.consolidation.currentData()
        if self.former_gap is not None:
            raw["disagreement_gap"] = str(self.former_gap)
        raw["tie_breakers"] = [
            self.tie_breakers.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.tie_breakers.count())
            if self.tie_breakers.item(i).checkState() == Qt.CheckState.Checked
        ]
        raw["categories"] = raw_rows(
            self.categories.grid.items(), [c.key for c in CATEGORY_COLUMNS]
        )
        raw["documents"] = raw_rows(self.documents.grid.items(), [c.key for c in DOCUMENT_COLUMNS])
        raw["stages"] = raw_rows(self.stages.grid.items(), [c.key for c in STAGE_COLUMNS])
        raw["legal"] = self.legal.raw()
        raw["bonus_rules"] = bonus_raw(self.bonus.grid.items())
        raw["bonus_counts_for_passing"] = self.bonus_counts.isChecked()
        return raw

    def chosen_chains(self) -> tuple[ChainChoice, ...]:
        return tuple(
            ChainChoice(
                self.chains.item(row, 0).data(Qt.ItemDataRole.UserRole),
                self.chains.item(row, 2).text().strip(),
            )
            for row in range(self.chains.rowCount())
            if self.chains.item(row, 0).checkState() == Qt.CheckState.Checked
        )

    def save(self) -> None:
        definition, problems = read_definition(
            self.raw(), tie_breakers=KNOWN_TIE_BREAKERS, chains=self.chosen_chains()
        )
        if problems:
            show_problems(self.problems, problems)
            return
        definition = replace(definition, prioritization_id=self.prioritization.currentData())
        saved: list[int] = []

        def store() -> None:
            if self.call_id is not None:
                saved.append(save_call(self.db, definition, call_id=self.call_id, actor=self.actor))
            else:
                saved.append(
                    new_call(self.db, definition, actor=self.actor, rubric_from=self._rubric())
                )

        if attempt(self.problems, store, "Convocatoria"):
            self.saved.emit(saved[0])
            self.accept()

    def _rubric(self) -> int | None:
        choice = self.rubric.currentData()
        if choice is None:
            return None
        kind, item_id = choice
        if kind == "plantilla":
            return item_id
        row = self.db.execute("SELECT id FROM rubrics WHERE call_id = ?", [item_id]).fetchone()
        return row[0] if row else None
