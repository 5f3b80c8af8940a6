"""The agreement (convenio) of a funded plan: number, date, signatories and term, the AEO's
committed contribution and its verification, and the line of base. The first time it starts
from what the plan and the AEO's record propose; saving it then writes the milestones."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from procompite.common.money import format_soles
from procompite.followup.agreements import (
    AGREEMENT_FIELDS,
    load_agreement,
    proposed_agreement,
    save_agreement,
)
from ui.followup.field_form import FieldForm
from ui.followup.followup_dialog import FollowupDialog, read_only_buttons
from ui.widgets.forms import accept_buttons

GROUPS = (
    ("Convenio", ("number", "signed_on", "signatories", "term_months")),
    ("Línea de base", ("baseline_sales_cents", "baseline_jobs", "baseline_members")),
    ("Aporte comprometido del AEO", ("cash_cents", "in_kind_cents")),
    (
        "Verificación del aporte",
        ("verified_cash_cents", "verified_in_kind_cents", "verified_on", "verification"),
    ),
)
PROPOSED = (
    "Convenio aún no registrado: el formulario propone el aporte del AEO de su presupuesto, el "
    "plazo de su duración y, como línea de base, las ventas y los socios de su registro. "
    "Complete número, fecha y firmantes; al guardarlo se generan los hitos del presupuesto."
)


class AgreementDialog(FollowupDialog):
    geometry_key = "dialogs/followup_agreement"

    def __init__(
        self, db: Database, settings: QSettings, plan_id: int, actor: str, parent: QWidget
    ):
        super().__init__(db, settings, plan_id, actor, "Convenio", parent)
        if not settings.value(self.geometry_key):
            self.resize(980, 470)
        self.agreement = load_agreement(db, plan_id)
        lead = QLabel(
            f"<b>{self.plan.code}</b> {self.plan.title}<br>{self.plan.organization} · "
            f"{self.plan.call_name} · asignado por el acta: "
            f"<b>{format_soles(self.plan.awarded_cents)}</b>",
            self,
        )
        lead.setWordWrap(True)
        self.form = FieldForm(AGREEMENT_FIELDS, self, groups=GROUPS, columns=2)
        self.form.editors["signatories"].setFixedHeight(84)
        self.proposal_note = QLabel(PROPOSED, self)
        self.proposal_note.setObjectName("pageHelp")
        self.proposal_note.setWordWrap(True)
        self.proposal_note.setVisible(self.agreement is None and not self.lock)
        self.buttons = accept_buttons(self, self.save, "Guardar convenio", save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(lead)
        layout.addWidget(self.proposal_note)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.form.show_values(self.agreement or proposed_agreement(db, plan_id))
        if self.lock:
            self.form.set_read_only(True)
            read_only_buttons(self.buttons)
        self.watch_changes()

    def save(self) -> None:
        if self.lock:
            return
        if self.run(
            lambda: save_agreement(self.db, self.plan_id, self.form.values(), actor=self.actor),
            "Convenio",
        ):
            self.accept()
