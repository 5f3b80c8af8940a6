"""Inicio: the selected call at a glance — its stage and what the next one needs, its figures,
its committee's progress, its schedule, its budget and pools, and what needs attention. Each
figure opens the screen with the list behind it (``go_to``)."""

import sqlite3
from collections.abc import Callable
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from procompite.calls.status import STAGES
from procompite.common.dates import format_short
from procompite.common.money import format_soles
from procompite.lifecycle.overview import next_stage
from procompite.lifecycle.stages import stage_change_problems
from procompite.lists.dashboard import Dashboard, PoolUse, dashboard, dashboard_calls
from procompite.lists.repository import Repository
from ui.widgets.empty_state import EmptyState
from ui.widgets.page import Page

CALLS, ORGANIZATIONS, PLANS, EVALUATION, REPORTS = (
    "Convocatorias",
    "Agentes económicos",
    "Planes de negocio",
    "Evaluación",
    "Reportes",
)
ASSIGNED = QColor("#2f6690")
LEFT = QColor("#b8c4cf")
# From this budget (in céntimos: S/ 10 millones) the chart counts in millions, below in thousands.
MILLIONS = 1_000_000_000
# How many needs of the next stage, and plans or socios of an alert, are named before «y N más».
SHOWN = 4

STYLE = """
QPushButton#tile {
    background: white; border: 1px solid #c9d4df; border-radius: 6px; text-align: left;
}
QPushButton#tile:hover { border-color: #2f6690; background: #f2f6fa; }
QPushButton#tile:focus { border: 2px solid #2f6690; }
QLabel#figureValue { font-size: 22px; font-weight: 600; color: #1f3b57; }
QLabel#figureCaption { color: #1f3b57; font-weight: 600; }
QLabel#figureDetail { color: #4a5a6a; }
QLabel#stage { background: #eef3f8; border: 1px solid #c9d4df; padding: 6px 10px; }
"""


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _named(items: list[str]) -> str:
    """The first items, and how many more there are."""
    shown = ", ".join(items[:SHOWN])
    return shown + (f" y {len(items) - SHOWN} más" if len(items) > SHOWN else "")


def _link(target: str) -> str:
    return f'<a href="{escape(target)}">Abrir {escape(target)}</a>'


class Tile(QPushButton):
    """A flat button that holds labels or bars; a click opens the screen named ``target``."""

    def __init__(self, target: str, parent: QWidget | None = None, *, across: bool = False):
        super().__init__(parent)
        self.target = target
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Abrir {target}")
        direction = QBoxLayout.Direction.LeftToRight if across else QBoxLayout.Direction.TopToBottom
        self.content = QBoxLayout(direction, self)
        self.content.setContentsMargins(10, 6, 10, 6)
        self.content.setSpacing(8 if across else 0)

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.content.addWidget(widget, stretch)
        return widget

    def sizeHint(self) -> QSize:
        return self.content.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.content.minimumSize()


class Figure(Tile):
    """A figure of the call: the number large, what it counts, a line that qualifies it."""

    def __init__(self, caption: str, target: str, parent: QWidget | None = None):
        super().__init__(target, parent)
        self.value = self.add(QLabel(self))
        self.value.setObjectName("figureValue")
        self.caption = self.add(QLabel(caption, self))
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        self.detail = self.add(QLabel(self))
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.content.addStretch(1)
        self.setMinimumHeight(96)

    def show_figure(self, value: object, detail: str = "", caption: str | None = None) -> None:
        self.value.setText(str(value))
        self.detail.setText(detail)
        if caption is not None:
            self.caption.setText(caption)


class MemberProgressTile(Tile):
    """A committee member with a bar of their sheets sent of those assigned."""

    def __init__(self, name: str, role: str, sent: int, assigned: int, parent: QWidget):
        super().__init__(EVALUATION, parent, across=True)
        self.content.setContentsMargins(10, 3, 10, 3)
        self.add(QLabel(f"{escape(name)} <span style='color:#4a5a6a'>({role})</span>", self), 1)
        self.bar = self.add(QProgressBar(self))
        self.bar.setRange(0, max(assigned, 1))
        self.bar.setValue(min(sent, assigned))
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(110, 12)
        self.count = self.add(QLabel(f"{sent} de {assigned}" if assigned else "sin planes", self))
        self.count.setMinimumWidth(56)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip(f"{name}: {sent} de {assigned} fichas enviadas. Abrir {EVALUATION}")


def _section(title: str, parent: QWidget) -> QLabel:
    label = QLabel(title, parent)
    label.setObjectName("sectionTitle")
    return label


class HomePage(Page):
    title = "Inicio"
    help_text = (
        "La convocatoria de un vistazo: su etapa y lo que falta para la siguiente, sus cifras, "
        "el avance del comité, el cronograma, el presupuesto y las alertas. Haga clic en una "
        "cifra para abrir la lista que la explica."
    )

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent)
        self.setStyleSheet(STYLE)
        self.figures: Dashboard | None = None
        self._pending: Callable[[], None] | None = None
        bar = QHBoxLayout()
        self.call_caption = QLabel("Convocatoria:", self)
        bar.addWidget(self.call_caption)
        self.call = QComboBox(self)
        self.call.currentIndexChanged.connect(self._call_changed)
        bar.addWidget(self.call, 1)
        self.call_name = QLabel(self)
        self.call_name.setObjectName("sectionTitle")
        bar.addWidget(self.call_name, 1)
        self.layout_.addLayout(bar)
        self.empty = EmptyState(self)
        self.layout_.addWidget(self.empty, 1)
        self.body = QScrollArea(self)
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_.addWidget(self.body, 1)
        inside = QWidget(self.body)
        self.body.setWidget(inside)
        layout = QVBoxLayout(inside)
        layout.setContentsMargins(0, 0, 4, 0)

        cards = QHBoxLayout()
        self.tiles: dict[str, Figure] = {}
        for key, caption, target in (
            ("organizations", "AEO postulantes", ORGANIZATIONS),
            ("presented", "Planes presentados", PLANS),
            ("admitted", "Admitidos", PLANS),
            ("scored", "Calificados", EVALUATION),
            ("decided", "Con veredicto", EVALUATION),
            ("dictamenes", "Dictámenes", REPORTS),
            ("schedule", "Días restantes", CALLS),
        ):
            tile = Figure(caption, target, inside)
            tile.clicked.connect(lambda _checked=False, t=target: self.go_to.emit(t))
            self.tiles[key] = tile
            tile.setMinimumWidth(110)
            cards.addWidget(tile, 1)
        layout.addLayout(cards)

        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.setColumnStretch(0, 5)
        columns.setColumnStretch(1, 4)
        layout.addLayout(columns, 1)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)

        left.addWidget(_section("Etapa y siguiente paso", inside))
        self.stage = self._rich_label(inside)
        self.stage.setObjectName("stage")
        left.addWidget(self.stage)
        left.addWidget(_section("Alertas", inside))
        self.alerts = QVBoxLayout()
        left.addLayout(self.alerts)
        left.addStretch(1)

        right.addWidget(_section("Avance del comité: fichas enviadas", inside))
        self.committee = QVBoxLayout()
        self.committee.setSpacing(4)
        right.addLayout(self.committee)
        right.addWidget(_section("Presupuesto y fondos", inside))
        self.budget = Tile(EVALUATION, inside)
        self.budget.setToolTip(f"Abrir {EVALUATION} (cuadro de mérito)")
        self.budget.clicked.connect(lambda: self.go_to.emit(EVALUATION))
        self.chart = QChart()
        self.chart.setBackgroundVisible(False)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = self.budget.add(QChartView(self.chart, self.budget))
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setStyleSheet("background: transparent")
        self.pool_lines = self.budget.add(QLabel(self.budget))
        self.pool_lines.setObjectName("figureDetail")
        right.addWidget(self.budget)
        right.addStretch(1)

    def _rich_label(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.linkActivated.connect(self.go_to.emit)
        return label

    # Loading ---------------------------------------------------------------------------

    def reload(self, repository: Repository) -> None:
        self.repository = repository
        current = self.call.currentData()
        calls = dashboard_calls(repository.db)
        self.call.blockSignals(True)
        self.call.clear()
        for call_id, name in calls:
            self.call.addItem(name, call_id)
        self.call.setCurrentIndex(max(self.call.findData(current), 0))
        self.call.blockSignals(False)
        several = len(calls) > 1
        self.call.setVisible(several)
        self.call_name.setVisible(not several)
        self.call_name.setText(calls[0][1] if calls and not several else "")
        self.refresh()

    @property
    def call_id(self) -> int | None:
        return self.call.currentData()

    def _call_changed(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.repository is None:
            return
        no_call = self.call_id is None
        self.body.setVisible(not no_call)
        self.call_caption.setVisible(not no_call)
        if no_call:
            self.figures = None
            self.empty.show_step(
                "Este archivo aún no tiene convocatorias. Cree la primera en Convocatorias: "
                "su monto autorizado, las categorías de AEO con sus fondos, las cadenas, los "
                "documentos exigidos y el cronograma. Aquí verá después su avance.",
                "Ir a Convocatorias",
                lambda: self.go_to.emit(CALLS),
            )
            return
        self.empty.hide()
        self.figures = figures = dashboard(self.repository.db, self.call_id)
        self._show_figures(figures)
        self._show_stage(figures)
        self._show_alerts(figures)
        self._show_committee(figures)
        self._show_budget(figures)

    def _show_figures(self, d: Dashboard) -> None:
        self.tiles["organizations"].show_figure(d.organizations, "con planes en la convocatoria")
        self.tiles["presented"].show_figure(d.presented, f"{d.drafts} en borrador")
        self.tiles["admitted"].show_figure(
            d.admitted,
            f"{d.pending_review} por revisar, "
            + _plural(d.inadmissible, "inadmisible", "inadmisibles"),
        )
        self.tiles["scored"].show_figure(
            d.scored, f"con el quórum de {_plural(d.quorum, 'ficha', 'fichas')}"
        )
        self.tiles["decided"].show_figure(d.decided, f"de {d.admitted} admitidos")
        self.tiles["dictamenes"].show_figure(
            d.dictamenes, f"emitidos, de {d.decided} con veredicto"
        )
        schedule = self.tiles["schedule"]
        if d.current_step is not None:
            left = d.days_left
            schedule.show_figure(
                left if left else "Hoy",
                f"de la etapa, que termina el {format_short(d.current_step.ends_on)}",
                ("Día restante" if left == 1 else "Días restantes") if left else "Último día",
            )
        elif d.coming_step is not None:
            schedule.show_figure(
                d.days_to_next,
                f"para la siguiente etapa, que empieza el {format_short(d.coming_step.starts_on)}",
                "Día para iniciar" if d.days_to_next == 1 else "Días para iniciar",
            )
        else:
            schedule.show_figure(
                "—",
                f"terminó el {format_short(d.last_day)}" if d.last_day else "sin etapas",
                "Cronograma",
            )

    def _schedule_text(self, d: Dashboard) -> str:
        if d.current_step is not None:
            left = d.days_left
            when = "hoy es su último día" if left == 0 else f"quedan {_plural(left, 'día', 'días')}"
            return (
                f"Cronograma: «{escape(d.current_step.name)}» hasta el "
                f"{format_short(d.current_step.ends_on)} ({when})."
            )
        if d.coming_step is not None:
            return (
                f"Cronograma: hoy no transcurre ninguna etapa; «{escape(d.coming_step.name)}» "
                f"empieza el {format_short(d.coming_step.starts_on)} "
                f"(en {_plural(d.days_to_next, 'día', 'días')})."
            )
        if d.last_day is not None:
            return f"Cronograma: terminó el {format_short(d.last_day)}."
        return "Cronograma: las bases aún no tienen etapas con fechas."

    def _show_stage(self, d: Dashboard, needs: str | None = None) -> None:
        """The stage, what the next one still needs (while ``None``, being looked up: on a
        large call that takes a moment, after the screen is painted) and the schedule."""
        parts = [f"<p><b>Etapa actual: {STAGES[d.stage]}.</b></p>"]
        following = next_stage(d.stage)
        if following is None:
            parts.append("<p>Es la última etapa: el concurso terminó.</p>")
        elif needs is None:
            parts.append(f"<p>Revisando lo que falta para pasar a «{STAGES[following]}»…</p>")
            self._pending = lambda: self._show_needs(d, following)
            self.update()
        else:
            parts.append(needs)
        parts.append(f"<p>{self._schedule_text(d)}</p>")
        parts.append(f"<p>{_link(CALLS)}</p>")
        self.stage.setText("".join(parts))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._pending is not None:
            QTimer.singleShot(0, self._pending)
            self._pending = None

    def _show_needs(self, d: Dashboard, following: str) -> None:
        if self.figures is not d or self.repository is None or not self.window().isVisible():
            return
        try:
            self.repository.db.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return
        missing = stage_change_problems(self.repository.db, d.call_id, following)
        if not missing:
            self._show_stage(
                d,
                f"<p>Lista para pasar a «{STAGES[following]}»: use <i>Cambiar etapa…</i> en "
                "Convocatorias.</p>",
            )
            return
        fields: dict[str, list[str]] = {}
        for problem in missing:
            fields.setdefault(problem.message, []).append(escape(problem.field))
        items = "".join(
            f"<li><b>{_named(named)}</b>: {escape(message)}</li>"
            for message, named in fields.items()
        )
        self._show_stage(d, f"<p>Para pasar a «{STAGES[following]}» falta:</p><ul>{items}</ul>")

    def _alert_texts(self, d: Dashboard) -> list[str]:
        texts = []
        if d.shared_members:
            people = [
                f"{escape(m.full_name)} (DNI {m.dni}) en "
                + " y ".join(f"«{escape(o)}»" for o in m.organizations)
                for m in d.shared_members
            ]
            texts.append(
                f"<b>{_plural(len(people), 'socio figura', 'socios figuran')}</b> en el padrón de "
                f"más de un AEO que postula: {_named(people)}. {_link(ORGANIZATIONS)}"
            )
        if d.missing_documents:
            plans = [
                f"{escape(code)} (" + ("falta 1" if count == 1 else f"faltan {count}") + ")"
                for code, count in d.missing_documents.items()
            ]
            texts.append(
                f"<b>{_plural(len(plans), 'plan presentado', 'planes presentados')}</b> sin todos "
                f"los documentos exigidos: {_named(plans)}. {_link(PLANS)}"
            )
        if d.below_quorum:
            plans = [f"{escape(code)} ({sent})" for code, sent in d.below_quorum.items()]
            texts.append(
                f"<b>{_plural(len(plans), 'plan', 'planes')}</b> sin veredicto con menos fichas "
                f"enviadas que el quórum de {d.quorum}: {_named(plans)}. {_link(EVALUATION)}"
            )
        return texts

    def _show_alerts(self, d: Dashboard) -> None:
        _clear(self.alerts)
        texts = self._alert_texts(d)
        for text in texts:
            label = self._rich_label(self.body.widget())
            label.setObjectName("flags")
            label.setText(text)
            self.alerts.addWidget(label)
        if not texts:
            label = QLabel(
                "Sin alertas: ningún socio en dos AEO que postulan, ningún plan presentado sin "
                "sus documentos, ninguno por debajo del quórum.",
                self.body.widget(),
            )
            label.setWordWrap(True)
            label.setObjectName("pageHelp")
            self.alerts.addWidget(label)

    def _show_committee(self, d: Dashboard) -> None:
        _clear(self.committee)
        for member in d.committee:
            tile = MemberProgressTile(
                member.full_name, member.role, member.sent, member.assigned, self.body.widget()
            )
            tile.clicked.connect(lambda _checked=False: self.go_to.emit(EVALUATION))
            self.committee.addWidget(tile)
        if not d.committee:
            label = QLabel(
                "La convocatoria aún no tiene comité evaluador; se designa en Evaluación.",
                self.body.widget(),
            )
            label.setObjectName("pageHelp")
            self.committee.addWidget(label)

    def _show_budget(self, d: Dashboard) -> None:
        rows: list[PoolUse] = [d.budget, *d.pools]
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        largest = max(max(pool.budget_cents for pool in rows), 1)
        unit, unit_name = (100_000_000, "millones") if largest >= MILLIONS else (100_000, "miles")
        assigned, left = QBarSet("Asignado"), QBarSet("Saldo")
        assigned.setColor(ASSIGNED)
        left.setColor(LEFT)
        for pool in reversed(rows):
            used = min(max(pool.assigned_cents, 0), max(pool.budget_cents, 0))
            assigned.append(used / unit)
            left.append(max(pool.budget_cents - used, 0) / unit)
        series = QHorizontalStackedBarSeries()
        series.append(assigned)
        series.append(left)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([pool.name for pool in reversed(rows)])
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        amounts = QValueAxis()
        amounts.setRange(0, largest / unit)
        amounts.applyNiceNumbers()
        amounts.setLabelFormat("%.0f" if largest / unit >= 10 else "%.1f")
        amounts.setTitleText(f"{unit_name} de soles")
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(amounts)
        self.chart_view.setMinimumHeight(80 + 30 * len(rows))
        self.pool_lines.setText("<br>".join(_pool_line(pool) for pool in rows))


def _pool_line(pool: PoolUse) -> str:
    share = f" ({100 * pool.assigned_cents / pool.budget_cents:.1f} %)" if pool.budget_cents else ""
    return (
        f"<b>{escape(pool.name)}</b>: asignado {format_soles(pool.assigned_cents)}{share} · "
        f"saldo {format_soles(pool.left_cents)} de {format_soles(pool.budget_cents)}"
    )


def _clear(layout: QBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
