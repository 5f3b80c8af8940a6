"""The committee tab of the Evaluación screen: adding, editing and removing members, and each
member's own PIN."""

from PySide6.QtWidgets import QInputDialog, QLineEdit

from procompite.evaluation.committee import members, remove_member, set_pin
from ui.evaluation.committee_dialog import MemberDialog


class CommitteeActions:
    """Mixed into the Evaluación screen, whose call, session and committee list it uses."""

    def _may_edit_committee(self) -> bool:
        if self.call_id is None:
            self._fail("Comité", "No hay convocatoria: créela en la pantalla Convocatorias.")
            return False
        if not members(self.db, self.call_id):
            return True
        return self._require(lead=True)

    def _current_member_id(self) -> int | None:
        record = self.committee.current_record()
        return record.id if record else None

    def edit_member(self, member_id: int | None) -> None:
        if not self._may_edit_committee():
            return
        actor = self.member.full_name if self.member else "usuario"
        dialog = MemberDialog(self.db, self.settings, self.call_id, member_id, actor, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()

    def remove_member(self) -> None:
        member_id = self._current_member_id()
        if member_id is not None and self._may_edit_committee():
            self._run(lambda: remove_member(self.db, member_id, actor=self.member.full_name))

    def change_pin(self) -> None:
        record = self.committee.current_record()
        if record is None or not self._require():
            return
        if record.id != self.member.id:
            self._fail("PIN", "Cada miembro fija su propio PIN, con su sesión iniciada.")
            return
        pin, ok = QInputDialog.getText(
            self,
            "PIN",
            "Nuevo PIN (al menos 4 dígitos; vacío para quitarlo):",
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(lambda: set_pin(self.db, record.id, pin or None, actor=record.full_name))
