"""Reportes: preview, save and print every document; print all the dictámenes of a call in the
background; check a printed code; set the letterhead."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from procompite.calls.entity import entity_name
from procompite.documents import catalog as documents
from procompite.documents.drafts import draft_refusal, drafts_refusal
from procompite.lists.repository import Repository
from procompite.storage.checks import database_path
from procompite.storage.database import open_database
from ui.documents.letterhead_dialog import LetterheadDialog
from ui.widgets.page import Page
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.tasks import TaskRunner

ITEM_LABEL = {"dictamen": "Plan", "ficha": "AEO", "priorizacion": "Ejercicio"}


def _render_job(path: Path, kind: str, item_id: int):
    def job(progress, _cancelled):
        progress(0, 0, "Preparando la vista previa…")
        db = open_database(path, create=False, readonly=True)
        try:
            return documents.render(db, kind, item_id)
        finally:
            db.close()

    return job


def _batch_job(path: Path, call_id: int, target: Path, single: bool, drafts: bool):
    def job(progress, cancelled):
        from procompite.calls.entity import letterhead
        from procompite.documents.dictamen_document import call_dictamenes
        from procompite.documents.pdf.batch import file_per_plan, one_file

        progress(0, 0, "Reuniendo los dictámenes…")
        db = open_database(path, create=False, readonly=True)
        try:
            items = call_dictamenes(db, call_id, drafts=drafts)
            head = letterhead(db)
        finally:
            db.close()
        if not items:
            return 0, 0, target
        if single:
            done = len(items) if one_file(items, head, target, progress, cancelled) else 0
        else:
            done = len(file_per_plan(items, head, target, progress, cancelled))
        return done, len(items), target

    return job


class ReportsPage(Page):
    title = "Reportes"
    help_text = (
        "Documentos en PDF que el comité firma y archiva. Un dictamen o un acta emitidos se "
        "imprimen tal como se emitieron, con su número y código de verificación; si aún no se "
        "emiten, se imprime un borrador marcado como tal."
    )

    def __init__(self, settings: QSettings, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(settings, parent)
        self.tasks = tasks
        self.path: Path | None = None
        self.last_batch: tuple[int, int, Path] | None = None
        self.viewer: Callable[[], int | None] = lambda: None

        self.kind = QComboBox(self)
        for key, label in documents.KINDS.items():
            self.kind.addItem(label, key)
        self.call = QComboBox(self)
        self.item = QComboBox(self)
        self.item.setEditable(True)
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.item.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.item.lineEdit().setPlaceholderText("Escriba para buscar…")
        for combo in (self.kind, self.call, self.item):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.currentTextChanged.connect(combo.setToolTip)
        self.preview_button = QPushButton("Vista previa", self)
        self.preview_button.setDefault(True)
        form = QFormLayout()
        form.addRow("Documento", self.kind)
        form.addRow("Convocatoria", self.call)
        self.item_label = QLabel("Plan", self)
        form.addRow(self.item_label, self.item)
        chooser = QGroupBox("Documento", self)
        chooser_layout = QVBoxLayout(chooser)
        chooser_layout.addLayout(form)
        chooser_layout.addWidget(self.preview_button)

        batch = QGroupBox("Todos los dictámenes de la convocatoria", self)
        self.single = QRadioButton("En un solo PDF", batch)
        self.per_plan = QRadioButton("Un archivo por plan", batch)
        self.single.setChecked(True)
        self.drafts = QCheckBox("Incluir borradores de los planes sin emitir", batch)
        self.batch_button = QPushButton("Imprimir todos los dictámenes…", batch)
        batch_layout = QVBoxLayout(batch)
        for widget in (self.single, self.per_plan, self.drafts, self.batch_button):
            batch_layout.addWidget(widget)

        check = QGroupBox("Verificar un documento impreso", self)
        self.code = QLineEdit(check)
        self.code.setPlaceholderText("Código, p. ej. F4C3-36AF-5775-2D4E")
        self.verify_button = QPushButton("Verificar", check)
        self.verdict = QLabel(check)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.verify_button)
        check_layout = QVBoxLayout(check)
        check_layout.addLayout(code_row)
        check_layout.addWidget(self.verdict)

        letterhead_box = QGroupBox("Membrete", self)
        self.entity = QLabel(letterhead_box)
        self.entity.setWordWrap(True)
        self.letterhead_button = QPushButton("Cambiar membrete…", letterhead_box)
        letterhead_layout = QVBoxLayout(letterhead_box)
        letterhead_layout.addWidget(self.entity)
        letterhead_layout.addWidget(self.letterhead_button)

        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)

        side = QWidget(self)
        side.setFixedWidth(440)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (chooser, batch, check, letterhead_box, self.status):
            side_layout.addWidget(widget)
        side_layout.addStretch(1)
        self.preview = PdfPreview(self)
        body = QHBoxLayout()
        body.addWidget(side)
        body.addWidget(self.preview, 1)
        self.layout_.addLayout(body, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.call.currentIndexChanged.connect(self._fill_items)
        self.item.currentIndexChanged.connect(lambda: self.item.lineEdit().setCursorPosition(0))
        self.preview_button.clicked.connect(self.show_preview)
        self.batch_button.clicked.connect(self.choose_batch)
        self.verify_button.clicked.connect(self.verify)
        self.code.returnPressed.connect(self.verify)
        self.letterhead_button.clicked.connect(self.edit_letterhead)
        self._kind_changed()

    @property
    def kind_key(self) -> str:
        return self.kind.currentData()

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        self.path = database_path(repository.db)
        self.entity.setText(f"Entidad: {entity_name(repository.db) or 'sin definir'}")
        current = self.call.currentData()
        self.call.blockSignals(True)
        self.call.clear()
        for call_id, name in documents.call_choices(repository.db):
            self.call.addItem(name, call_id)
        index = self.call.findData(current)
        self.call.setCurrentIndex(max(index, 0))
        self.call.blockSignals(False)
        self._fill_items()

    def _kind_changed(self, *_args) -> None:
        kind = self.kind_key
        self.item_label.setVisible(kind != "acta")
        self.item.setVisible(kind != "acta")
        self.item_label.setText(ITEM_LABEL.get(kind, ""))
        self.call.setEnabled(kind in ("dictamen", "acta"))
        self._fill_items()

    def _fill_items(self, *_args) -> None:
        self.item.clear()
        if self.repository is None or self.kind_key == "acta":
            return
        for item_id, label in documents.choices(
            self.repository.db, self.kind_key, self.call.currentData()
        ):
            self.item.addItem(label, item_id)

    def select(self, kind: str, item_id: int, call_id: int | None = None) -> None:
        """Choose a document, as another screen does when it asks for a preview."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if call_id is not None:
            self.call.setCurrentIndex(max(self.call.findData(call_id), 0))
        if kind != "acta":
            self.item.setCurrentIndex(max(self.item.findData(item_id), 0))

    def _chosen(self) -> int | None:
        if self.kind_key == "acta":
            return self.call.currentData()
        index = self.item.findText(self.item.currentText())
        return self.item.itemData(index) if index >= 0 else None

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def show_preview(self) -> None:
        item_id = self._chosen()
        if self.path is None or item_id is None:
            self._say("Elija primero el documento que quiere ver.")
            return
        if refusal := draft_refusal(self.repository.db, self.kind_key, item_id, self.viewer()):
            self._say(refusal)
            return
        self._say("")
        self.tasks.run(
            _render_job(self.path, self.kind_key, item_id),
            label="Preparando la vista previa…",
            on_done=lambda report: self.preview.show_pdf(
                report.data, report.note, report.file_name
            ),
            on_error=self._failed,
            parent=self,
        )

    def _failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, documents.ReportError) else repr(error)
        self._say(f"No se pudo preparar el documento: {message}")
        QMessageBox.warning(self, "Reportes", f"No se pudo preparar el documento: {message}")

    def choose_batch(self) -> None:
        call_id = self.call.currentData()
        if call_id is None:
            self._say("Elija la convocatoria.")
            return
        if self.single.isChecked():
            name, _ = QFileDialog.getSaveFileName(
                self, "Guardar todos los dictámenes", "dictamenes.pdf", "Documento PDF (*.pdf)"
            )
        else:
            name = QFileDialog.getExistingDirectory(self, "Carpeta para los dictámenes")
        if name:
            self.print_all(Path(name))

    def print_all(self, target: Path) -> None:
        """Write the call's dictámenes to ``target`` in the worker; the window stays usable."""
        if self.path is None:
            return
        if self.drafts.isChecked() and (refusal := self._drafts_refusal()):
            self._say(refusal)
            return
        single = self.single.isChecked()
        if single and target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.batch_button.setEnabled(False)
        self._say("Imprimiendo los dictámenes…")
        self.tasks.run(
            _batch_job(self.path, self.call.currentData(), target, single, self.drafts.isChecked()),
            label="Imprimiendo los dictámenes…",
            on_done=self._batch_done,
            on_error=self._batch_failed,
            parent=self,
        )

    def _drafts_refusal(self) -> str | None:
        """Why the viewer may not print the drafts of the chosen call, or ``None``."""
        viewer = self.viewer()
        if refusal := drafts_refusal(viewer):
            return refusal
        db = self.repository.db
        plans = db.execute(
            "SELECT id, code FROM plans WHERE call_id = ? ORDER BY code", [self.call.currentData()]
        ).fetchall()
        hidden = [code for plan_id, code in plans if draft_refusal(db, "dictamen", plan_id, viewer)]
        if not hidden:
            return None
        listed = ", ".join(hidden[:5]) + (" …" if len(hidden) > 5 else "")
        return (
            f"Usted aún no puede ver las calificaciones de {len(hidden)} planes ({listed}): "
            "imprima sin borradores o envíe antes sus fichas."
        )

    def _batch_done(self, result: tuple[int, int, Path]) -> None:
        self.last_batch = result
        self.batch_button.setEnabled(True)
        done, total, target = result
        if total == 0:
            self._say(
                "La convocatoria no tiene dictámenes emitidos. Emítalos en Evaluación o marque "
                "«Incluir borradores»."
            )
        elif done == total:
            self._say(f"Se escribieron {total} dictámenes en {target}.")
        elif self.single.isChecked():
            self._say(f"Impresión cancelada: no se escribió {target}.")
        else:
            self._say(
                f"Impresión cancelada: se escribieron {done} de {total} dictámenes en {target}."
            )

    def _batch_failed(self, error: Exception) -> None:
        self.batch_button.setEnabled(True)
        if isinstance(error, OSError):
            message = f"No se pudo escribir: {error.strerror} ({error.filename})."
        else:
            message = f"No se pudieron imprimir los dictámenes: {error!r}"
        self._say(message)
        QMessageBox.warning(self, "Reportes", message)

    def verify(self) -> None:
        from procompite.documents.verification import verify

        if self.repository is None or not self.code.text().strip():
            return
        result = verify(self.repository.db, self.code.text())
        color = "#1e7b34" if result.valid else "#b03a2e"
        text = "<br/>".join(line.replace("<", "&lt;") for line in result.lines())
        self.verdict.setText(f"<span style='color:{color}'>{text}</span>")

    def edit_letterhead(self) -> None:
        if self.repository is None:
            return
        dialog = LetterheadDialog(self.repository.db, self.settings, self)
        dialog.accepted.connect(lambda: self.reload(self.repository))
        dialog.open()
        self.letterhead_dialog = dialog
