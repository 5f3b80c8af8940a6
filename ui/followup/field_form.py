"""Forms and list columns built from the library's field specs
(:mod:`procompite.followup.fields`): each field's label, kind and hint come from there, so the
window and the visits file name a field the same way."""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from procompite.common.dates import format_short
from procompite.common.money import format_amount, format_soles
from procompite.followup.fields import Field
from ui.widgets.forms import choice_combo, select_value
from ui.widgets.table_model import Column

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
YES_NO = (("sí", "Sí"), ("no", "No"))
HINTS = {
    "amount": "S/, p. ej. 1,234.50",
    "date": "dd/mm/aaaa",
    "ruc": "11 dígitos",
    "dni": "8 dígitos",
}


def spec_of(specs: Sequence[Field], name: str) -> Field:
    return next(spec for spec in specs if spec.name == name)


def field_text(spec: Field, value: Any) -> str:
    """A value as a user types it in the form: a stored one (céntimos, ISO date, 0/1) or one
    already typed (as :func:`procompite.followup.agreements.proposed_agreement` gives)."""
    if value is None or value == []:
        return ""
    if spec.kind == "lines":
        return "\n".join(value) if isinstance(value, list | tuple) else str(value)
    if spec.kind == "amount" and isinstance(value, int):
        return format_amount(value)
    if spec.kind == "date" and (not isinstance(value, str) or ISO_DATE.match(value)):
        return format_short(value)
    if spec.kind == "yesno" and not isinstance(value, str):
        return "sí" if value else "no"
    return str(value)


def shown_value(spec: Field, value: Any) -> str:
    """A stored value as a list shows it: S/ amounts, dd/mm/aaaa dates, Sí or No, labels."""
    if value is None or value == "" or value == []:
        return ""
    if spec.kind == "amount":
        return format_soles(value)
    if spec.kind == "date":
        return format_short(value)
    if spec.kind == "yesno":
        return "Sí" if value else "No"
    if spec.kind == "choice":
        return spec.choices.get(value, str(value))
    if spec.kind == "lines":
        return ", ".join(value) if isinstance(value, list | tuple) else str(value)
    return str(value)


def field_column(specs: Sequence[Field], name: str, header: str = "") -> Column:
    """A column of records held as dicts, headed by the field's label."""
    spec = spec_of(specs, name)
    numeric = spec.kind in ("amount", "integer", "quantity")
    missing = -1 if numeric else ""
    return Column(
        header or spec.label,
        lambda record: shown_value(spec, record.get(name)),
        sort_key=lambda record: missing if record.get(name) is None else record.get(name),
        numeric=numeric,
    )


class FieldForm(QWidget):
    """One editor per field: a line for text, amounts, numbers and dates (with their hint), a
    list for choices and sí/no, a box of lines for lists. ``groups`` gathers fields under
    titles, stacked in ``columns`` (the first groups in the first column); without it the
    fields are split evenly into ``columns``."""

    def __init__(
        self,
        specs: Sequence[Field],
        parent: QWidget | None = None,
        *,
        groups: Sequence[tuple[str, Sequence[str]]] = (),
        columns: int = 1,
    ):
        super().__init__(parent)
        self.specs = list(specs)
        self.editors: dict[str, QWidget] = {}
        self.forms: dict[str, QFormLayout] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.stacks = [QVBoxLayout() for _ in range(columns)]
        for stack in self.stacks:
            row.addLayout(stack, 1)
        if not groups:
            size = -(-len(self.specs) // columns)
            groups = [
                ("", [spec.name for spec in self.specs[start : start + size]])
                for start in range(0, len(self.specs), size)
            ]
        per_column = -(-len(groups) // columns)
        for number, (title, names) in enumerate(groups):
            holder: QWidget = QGroupBox(title, self) if title else QWidget(self)
            form = QFormLayout(holder)
            if not title:
                form.setContentsMargins(0, 0, 0, 0)
            for name in names:
                spec = spec_of(self.specs, name)
                editor = self._editor(spec, holder)
                self.editors[name] = editor
                self.forms[name] = form
                label = QLabel(spec.label, holder)
                label.setToolTip(spec.help)
                form.addRow(label, editor)
            self.stacks[number // per_column].addWidget(holder)
        for stack in self.stacks:
            stack.addStretch(1)

    def add_to_column(self, widget: QWidget, column: int) -> None:
        """Put ``widget`` below the groups of ``column``."""
        stack = self.stacks[column]
        stack.insertWidget(stack.count() - 1, widget)

    def _editor(self, spec: Field, parent: QWidget) -> QWidget:
        if spec.kind == "choice":
            return choice_combo(list(spec.choices.items()), parent)
        if spec.kind == "yesno":
            return choice_combo(YES_NO, parent)
        if spec.kind == "lines":
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(52)
            edit.setPlaceholderText(spec.help)
            return edit
        edit = QLineEdit(parent)
        edit.setPlaceholderText(spec.help or HINTS.get(spec.kind, ""))
        if spec.kind in ("amount", "integer", "quantity"):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def values(self) -> dict[str, Any]:
        """What is typed, by field name, for the library to read."""
        found: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                found[name] = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                found[name] = editor.toPlainText()
            else:
                found[name] = editor.text()
        return found

    def show_values(self, values: Mapping[str, Any]) -> None:
        """Fill the fields named in ``values`` (stored or already typed)."""
        for spec in self.specs:
            if spec.name not in values or spec.name not in self.editors:
                continue
            editor, text = self.editors[spec.name], field_text(spec, values[spec.name])
            if isinstance(editor, QComboBox):
                select_value(editor, text or None)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(text)
            else:
                editor.setText(text)
                editor.setCursorPosition(0)

    def clear(self) -> None:
        self.show_values({spec.name: None for spec in self.specs})

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            if isinstance(editor, QComboBox):
                editor.setEnabled(not read_only)
            else:
                editor.setReadOnly(read_only)

    def set_row_visible(self, name: str, visible: bool) -> None:
        self.forms[name].setRowVisible(self.editors[name], visible)
