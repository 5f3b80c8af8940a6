"""Issuing from the Evaluación screen: the dictámenes, reopening one with a reason, the cuadro de
mérito, its robustness and the acta. Each asks first, then hands the work to the library; the
acta is asked for its session (hours and attendance) only once nothing else keeps it from being
issued. A document not yet issued is previewed only by those who may see the scores it prints,
and the robustness is shown only to a member in session."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from procompite.calls.status import stage_problem
from procompite.documents.actas import acta_problems, issue_acta
from procompite.documents.dictamenes import (
    dictamen_id_of,
    issue_dictamenes,
    issue_problems,
    reopen_dictamen,
)
from procompite.evaluation.consolidation import LOGIN_FIRST
from procompite.evaluation.results import PlanResult, call_results, save_ranking
from ui.evaluation.acta_dialog import ActaSessionDialog
from ui.widgets.forms import show_problems


class IssuingActions:
    """Mixed into the Evaluación screen, whose call, session and consolidation list it uses."""

    def issue(self) -> None:
        plan = self.consolidation.current_record()
        if not self._require(lead=True) or plan is None:
            return
        self._confirm_issue([plan])

    def issue_all(self) -> None:
        if not self._require(lead=True) or self.results is None:
            return
        ready = [p for p in self.results.plans if p.verdict and not issue_problems(p)]
        if not ready:
            self._fail("Dictámenes", "No hay planes listos: consolide y guarde el cuadro primero.")
            return
        self._confirm_issue(ready)

    def _confirm_issue(self, plans: list[PlanResult]) -> None:
        codes = ", ".join(p.code for p in plans)
        answer = QMessageBox.question(
            self,
            "Emitir dictamen",
            f"Se emitirá el dictamen de {codes}. Después, su evaluación no podrá cambiar sin "
            "reabrir el dictamen con un motivo escrito. ¿Emitir?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        issued: list[str] = []
        if self._run(
            lambda: issued.extend(
                issue_dictamenes(
                    self.db, self.call_id, [p.plan_id for p in plans], actor=self.member.full_name
                )
            )
        ):
            self._announce(
                f"Se emitió el dictamen {issued[0]}."
                if len(issued) == 1
                else f"Se emitieron {len(issued)} dictámenes, del {issued[0]} al {issued[-1]}; "
                "se imprimen en Reportes."
            )

    def _announce(self, text: str) -> None:
        """Say in the window's status bar what was just done."""
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 15_000)

    def reopen(self) -> None:
        plan = self.consolidation.current_record()
        if not self._require(lead=True) or plan is None:
            return
        if not plan.issued:
            self._fail(plan.code, "No tiene un dictamen emitido.")
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            "Reabrir dictamen",
            f"Motivo para reabrir {plan.dictamen_number} (queda en el registro de auditoría):",
        )
        if ok:
            dictamen_id = dictamen_id_of(self.db, plan.dictamen_number)
            self._run(
                lambda: reopen_dictamen(self.db, dictamen_id, reason, actor=self.member.full_name)
            )

    def show_dictamen(self) -> None:
        plan = self.consolidation.current_record()
        if plan is None:
            return
        if not plan.issued and not plan.visibility.members:
            self._fail(
                plan.code,
                "El borrador del dictamen muestra la calificación de cada miembro. "
                + plan.visibility.reason,
            )
            return
        self.report_requested.emit("dictamen", plan.plan_id)

    def show_robustness(self) -> None:
        if self.call_id is None:
            return
        if self.member is None:
            self._fail("Solidez del resultado", "Se calcula con las calificaciones. " + LOGIN_FIRST)
            return
        from procompite.evaluation.robustness import robustness, robustness_record
        from ui.evaluation.robustness_dialog import RobustnessDialog

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            record = robustness_record(robustness(self.db, self.call_id))
        finally:
            QApplication.restoreOverrideCursor()
        RobustnessDialog(self.settings, record, self).exec()

    def show_acta(self) -> None:
        issued = self.call_id is not None and self.db["actas"].count_where(
            "call_id = ?", [self.call_id]
        )
        if self.member is None and not issued:
            self._fail("Acta", "El borrador del acta muestra los puntajes. " + LOGIN_FIRST)
            return
        self.report_requested.emit("acta", self.call_id or 0)

    def issue_acta(self) -> None:
        if not self._require(lead=True) or self.call_id is None:
            return
        today = date.today()
        results = call_results(self.db, self.call_id, today)
        stage = stage_problem(self.db, self.call_id, "emitir")
        if problems := ([stage] if stage else []) + acta_problems(results):
            show_problems(self.problems, problems)
            return
        dialog = ActaSessionDialog(self.db, self.call_id, results, self)
        if dialog.exec() and dialog.session is not None:
            session = dialog.session
            self._run(
                lambda: issue_acta(
                    self.db, self.call_id, actor=self.member.full_name, on=today, session=session
                )
            )

    def save_merit(self) -> None:
        if self._require(lead=True):
            self._run(lambda: save_ranking(self.db, self.call_id, actor=self.member.full_name))
