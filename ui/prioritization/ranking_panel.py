"""Weights as sliders, the method and the cut; the ranking and the chart recomputed live."""

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from procompite.prioritization.exercises import Exercise
from procompite.prioritization.methods import METHOD_NAMES, Ranking, score_chains
from ui.prioritization.chart import ScoreChart
from ui.widgets.columns import text
from ui.widgets.record_list import RecordList
from ui.widgets.table_model import Column

RANKING_COLUMNS = (
    Column("Puesto", lambda r: str(r.rank), sort_key=lambda r: r.rank, numeric=True),
    Column("Cadena productiva", lambda r: r.chain.name),
    Column("Puntaje", lambda r: f"{r.score:.2f}", sort_key=lambda r: r.score, numeric=True),
    Column("Sobre el corte", lambda r: "Sí" if r.above_cut else "No"),
    Column("Datos faltantes", lambda r: str(len(r.filled)) if r.filled else ""),
    text("Empate", "tie_note"),
)


class RankingPanel(QWidget):
    """Edits weights (0-100 each, shown normalised) and shows the ranking they give."""

    weights_saved = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.exercise: Exercise | None = None
        self.ranking: Ranking | None = None
        self.sliders: dict[int, QSlider] = {}
        self.slider_labels: dict[int, QLabel] = {}
        self.method = QComboBox(self)
        for code, name in METHOD_NAMES.items():
            self.method.addItem(name, code)
        self.method.currentIndexChanged.connect(self.recompute)
        self.missing = QComboBox(self)
        self.missing.addItem("Asignar el peor valor", "worst")
        self.missing.addItem("Excluir la cadena con aviso", "exclude")
        self.missing.currentIndexChanged.connect(self.recompute)
        self.cut = QDoubleSpinBox(self)
        self.cut.setDecimals(0)
        self.cut.setRange(0, 100)
        self.cut.valueChanged.connect(self.recompute)
        self.cut_label = QLabel(self)
        self.weights_box = QFormLayout()
        self.sum_label = QLabel(self)
        self.save_button = QPushButton("Guardar pesos, método y corte", self)
        self.save_button.clicked.connect(self._save)
        controls = QVBoxLayout()
        form = QFormLayout()
        form.addRow("Método", self.method)
        form.addRow("Datos faltantes", self.missing)
        form.addRow(self.cut_label, self.cut)
        controls.addLayout(form)
        controls.addWidget(QLabel("<b>Pesos</b> (se normalizan al 100 %)", self))
        controls.addLayout(self.weights_box)
        controls.addWidget(self.sum_label)
        controls.addWidget(self.save_button)
        controls.addStretch(1)
        self.table = RecordList(RANKING_COLUMNS, "Filtrar cadenas…", self)
        self.chart = ScoreChart(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        results = QVBoxLayout()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        results.addWidget(self.summary)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.table, 3)
        side_by_side.addWidget(scroll, 2)
        results.addLayout(side_by_side, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(controls, 1)
        layout.addLayout(results, 3)

    def show_exercise(self, exercise: Exercise) -> None:
        self.exercise = exercise
        while self.weights_box.rowCount():
            self.weights_box.removeRow(0)
        self.sliders.clear()
        self.slider_labels.clear()
        total = sum(c.weight for c in exercise.criteria) or 1
        for criterion in exercise.criteria:
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(0, 100)
            slider.setValue(round(100 * criterion.weight / total))
            slider.setEnabled(not exercise.approved)
            slider.valueChanged.connect(self.recompute)
            label = QLabel(self)
            row = QWidget(self)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(slider, 1)
            row_layout.addWidget(label)
            self.weights_box.addRow(criterion.name, row)
            self.sliders[criterion.id] = slider
            self.slider_labels[criterion.id] = label
        for combo, key in ((self.method, "method"), (self.missing, "missing_policy")):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(exercise.record[key]))
            combo.setEnabled(not exercise.approved)
            combo.blockSignals(False)
        self.cut.setEnabled(not exercise.approved)
        self.cut.blockSignals(True)
        top_n = exercise.record["cut_kind"] == "top_n"
        self.cut_label.setText("Corte: primeros N" if top_n else "Corte: puntaje mínimo")
        self.cut.setValue(exercise.record["cut_value"])
        self.cut.blockSignals(False)
        self.save_button.setEnabled(not exercise.approved)
        self.recompute()

    def weights(self) -> dict[int, float]:
        total = sum(slider.value() for slider in self.sliders.values())
        return {cid: (s.value() / total if total else 0.0) for cid, s in self.sliders.items()}

    def recompute(self, *_args) -> None:
        if self.exercise is None:
            return
        weights = self.weights()
        for criterion_id, label in self.slider_labels.items():
            label.setText(f"{weights[criterion_id] * 100:5.1f} %")
        raw = sum(slider.value() for slider in self.sliders.values())
        self.sum_label.setText(f"Suma de las posiciones: {raw} (se usan normalizadas al 100 %)")
        criteria = [replace(c, weight=weights[c.id]) for c in self.exercise.criteria]
        record = self.exercise.record
        self.ranking = score_chains(
            self.method.currentData(),
            self.exercise.chains,
            criteria,
            self.exercise.values,
            missing_policy=record["missing_policy"],
            cut_kind=record["cut_kind"],
            cut_value=self.cut.value(),
        )
        self.table.set_records(self.ranking.rows)
        self.chart.show_ranking(self.ranking)
        excluded = "; ".join(
            f"{chain.name} (sin dato en {', '.join(missing)})"
            for chain, missing in self.ranking.excluded
        )
        self.summary.setText(
            f"{len(self.ranking.above_cut())} cadenas sobre el corte. {self.ranking.tie_rule}"
            + (f" Excluidas por datos faltantes: {excluded}." if excluded else "")
            + "".join(f" {note}" for note in self.ranking.notes)
        )

    def settings(self) -> dict:
        return {
            "method": self.method.currentData(),
            "missing_policy": self.missing.currentData(),
            "cut_value": self.cut.value(),
        }

    def _save(self) -> None:
        self.weights_saved.emit(self.weights())
