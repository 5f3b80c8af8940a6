"""One plan's consolidation: every member's score per criterion, disagreements and the verdict.

It shows only what the member in session may see (``visible_consolidation``); in place of the
rest it says why it is hidden.
"""

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from procompite.common.labels import VERDICT
from procompite.common.money import percent_from_bp
from procompite.evaluation.committee import CommitteeMember, members
from procompite.evaluation.consolidation import format_points, visible_consolidation
from procompite.evaluation.scoring import reopen_sheet
from procompite.evaluation.verdicts import (
    consolidate_plan,
    notes,
    propose,
    submitted_count,
    write_note,
)
from ui.widgets.forms import RememberedDialog, attempt, problems_label, show_problems

FLAG = QBrush(QColor("#fde2c8"))
HIDDEN = "Oculto"


class ConsolidationDialog(RememberedDialog):
    geometry_key = "consolidation/geometry"
    changed = Signal(int)

    def __init__(
        self,
        db: Database,
        settings: QSettings,
        plan_id: int,
        lead: CommitteeMember | None,
        parent: QWidget | None = None,
    ):
        super().__init__(settings, parent)
        self.db, self.plan_id, self.lead = db, plan_id, lead
        self.plan = db["plans"].get(plan_id)
        self.call = db["calls"].get(self.plan["call_id"])
        self.setWindowTitle(f"Consolidación de {self.plan['code']}")
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.hidden_note = QLabel(self)
        self.hidden_note.setObjectName("pageHelp")
        self.hidden_note.setWordWrap(True)
        layout.addWidget(self.hidden_note)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.proposal = QLabel(self)
        self.proposal.setWordWrap(True)
        layout.addWidget(self.proposal)
        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in (
            ("Anotar discusión…", self.write_note),
            ("Reabrir ficha de un miembro…", self.reopen_sheet),
            ("Consolidar", self.consolidate),
            ("Marcar observado…", self.observe),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            button.setEnabled(lead is not None and lead.leads)
            buttons.addWidget(button)
            self.buttons[text] = button
        buttons.addStretch(1)
        close = QPushButton("Cerrar", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        consolidation, shown = visible_consolidation(
            self.db, self.plan_id, self.lead.id if self.lead else None
        )
        self.visibility = shown
        self.criteria = consolidation.criteria
        committee = [m for m in members(self.db, self.call["id"]) if m.id in consolidation.members]
        self.committee = committee
        self.hidden_note.setText(shown.reason)
        self.hidden_note.setVisible(shown.hidden)
        if self.lead is not None and self.lead.leads:
            self.buttons["Anotar discusión…"].setEnabled(shown.consolidated)
        discussed = notes(self.db, self.plan_id, consolidation.round) if shown.consolidated else {}
        headers = ["Criterio", "Máx."] + [m.full_name.split()[0] for m in committee]
        headers += [] if shown.members else ["Miembros"]
        headers += ["Consolidado", "Diferencia", "Nota de discusión"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for column, who in enumerate(committee, start=2):
            self.table.horizontalHeaderItem(column).setToolTip(
                f"{who.full_name} ({who.role_label})"
            )
        if not shown.members:
            self.table.horizontalHeaderItem(2).setToolTip(shown.reason)
        self.table.setRowCount(len(self.criteria))
        for row, criterion in enumerate(self.criteria):
            cells = [f"{criterion.code} {criterion.name}", format_points(criterion.max_h)]
            cells += [format_points(criterion.by_member.get(m.id)) for m in committee]
            cells += [] if shown.members else [HIDDEN]
            cells += (
                [
                    format_points(criterion.consolidated_h),
                    format_points(criterion.spread_h) + (" ⚠" if criterion.flagged else ""),
                    discussed.get(criterion.criterion_id, ""),
                ]
                if shown.consolidated
                else [HIDDEN, HIDDEN, ""]
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 0 < column < len(cells) - 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if criterion.flagged:
                    item.setBackground(FLAG)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, 320)
        self.table.horizontalHeader().setStretchLastSection(True)
        count = submitted_count(self.db, self.plan_id, consolidation.round)
        method = "mediana" if self.call["consolidation"] == "median" else "promedio"
        flagged = len(consolidation.flagged)
        text = (
            f"<b>{self.plan['code']}</b> — {self.plan['title']}. Ronda {consolidation.round}: "
            f"{count} fichas enviadas (quórum {self.call['quorum']}). Cada criterio se consolida "
            f"por {method}, redondeado a dos decimales; el total es la suma."
        )
        if shown.consolidated:
            text += (
                " Discrepancias (diferencia mayor que el "
                f"{percent_from_bp(self.call['disagreement_share_bp'])} del máximo del criterio): "
                f"{flagged}. Total consolidado: <b>{format_points(consolidation.total_h)}</b>."
            )
        self.summary.setText(text)
        verdict = self.db.execute(
            "SELECT verdict, observations FROM plan_verdicts WHERE plan_id = ? AND round = ?",
            [self.plan_id, consolidation.round],
        ).fetchone()
        text = f"Propuesta según reglas y puntaje mínimo ({self.call['passing_score']:g}): "
        if shown.consolidated:
            proposal = propose(self.db, self.plan_id, consolidation=consolidation)
            text += f"<b>{VERDICT[proposal.verdict]}</b>"
            if proposal.reasons:
                text += " — " + "; ".join(proposal.reasons)
        else:
            text += "se muestra con el consolidado."
        if verdict:
            text += f"<br>Veredicto registrado: <b>{VERDICT[verdict[0]]}</b>"
            if verdict[1]:
                text += f" — Observaciones: {verdict[1]}"
        self.proposal.setText(text)

    def _run(self, action) -> bool:
        if not attempt(self.problems, action, self.plan["code"]):
            return False
        self.changed.emit(self.plan_id)
        self.refresh()
        return True

    def write_note(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            QMessageBox.information(self, self.windowTitle(), "Elija primero un criterio.")
            return
        criterion = self.criteria[row]
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Nota de discusión",
            f"Conclusión del comité sobre {criterion.code} {criterion.name}:",
            self.table.item(row, self.table.columnCount() - 1).text(),
        )
        if ok:
            self._run(
                lambda: write_note(
                    self.db, self.plan_id, criterion.criterion_id, text, actor=self.lead.full_name
                )
            )

    def reopen_sheet(self) -> None:
        sheets = self.db.execute(
            "SELECT e.id, m.full_name FROM evaluations e "
            "JOIN committee_members m ON m.id = e.committee_member_id "
            "WHERE e.plan_id = ? AND e.status = 'enviada' ORDER BY m.position",
            [self.plan_id],
        ).fetchall()
        if not sheets:
            QMessageBox.information(self, self.windowTitle(), "No hay fichas enviadas.")
            return
        name, ok = QInputDialog.getItem(
            self, "Reabrir ficha", "Ficha de:", [n for _, n in sheets], 0, False
        )
        if not ok:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, "Reabrir ficha", "Motivo (queda en el registro de auditoría):"
        )
        if ok:
            evaluation_id = dict((n, i) for i, n in sheets)[name]
            self._run(
                lambda: reopen_sheet(self.db, evaluation_id, reason, actor=self.lead.full_name)
            )

    def consolidate(self) -> None:
        self._run(lambda: consolidate_plan(self.db, self.plan_id, actor=self.lead.full_name))

    def observe(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, "Marcar observado", "Observaciones que el AEO debe subsanar:"
        )
        if ok:
            if not text.strip():
                show_problems(self.problems, [])
                QMessageBox.warning(self, self.windowTitle(), "Escriba las observaciones.")
                return
            self._run(
                lambda: consolidate_plan(
                    self.db, self.plan_id, actor=self.lead.full_name, observations=text
                )
            )
