"""The screens of the main window, each built (and its code imported) the first time it is
shown: the window paints with Inicio alone, and a screen's libraries load when it is opened."""

import importlib
import weakref
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QStackedWidget

from ui.widgets.page import Page
from ui.widgets.tasks import TaskRunner

# Each screen: the module that holds it and its class (Seguimiento and Reportes also take the
# task runner).
SCREENS: dict[str, tuple[str, str]] = {
    "Inicio": ("ui.home.page", "HomePage"),
    "Priorización": ("ui.prioritization.page", "PrioritizationPage"),
    "Convocatorias": ("ui.calls.page", "CallsPage"),
    "Agentes económicos": ("ui.registry.page", "OrganizationsPage"),
    "Planes de negocio": ("ui.plans.page", "PlansPage"),
    "Evaluación": ("ui.evaluation.page", "EvaluationPage"),
    "Seguimiento": ("ui.followup.page", "FollowupPage"),
    "Reportes": ("ui.documents.page", "ReportsPage"),
}
WITH_TASKS = {"Seguimiento", "Reportes"}


def build_screen(name: str, settings: QSettings, tasks: TaskRunner) -> Page:
    module, class_name = SCREENS[name]
    screen = getattr(importlib.import_module(module), class_name)
    return screen(settings, tasks) if name in WITH_TASKS else screen(settings)


class Screens(Mapping[str, Page]):
    """The screens by name, in the navigation's order; looking one up builds it if needed,
    in its place in ``stack``, and passes it to ``on_built`` (a method of the window, held
    weakly, so that the window and its screens are freed together when it closes)."""

    def __init__(
        self,
        stack: QStackedWidget,
        settings: QSettings,
        tasks: TaskRunner,
        on_built: Callable[[str, Page], None],  # a bound method
    ):
        self.stack = stack
        self.settings = settings
        self.tasks = tasks
        self.on_built = weakref.WeakMethod(on_built)
        self._built: dict[str, Page] = {}
        self._places: dict[str, QLabel] = {}
        for name in SCREENS:
            place = QLabel("Abriendo la base de datos…")
            place.setObjectName("pageHelp")
            self._places[name] = place
            stack.addWidget(place)

    def __getitem__(self, name: str) -> Page:
        if name not in self._built:
            page = build_screen(name, self.settings, self.tasks)
            place = self._places.pop(name)
            index = self.stack.indexOf(place)
            showing = self.stack.currentIndex() == index
            self._built[name] = page
            self.stack.blockSignals(True)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(place)
            if showing:
                self.stack.setCurrentIndex(index)
            self.stack.blockSignals(False)
            place.deleteLater()
            if (on_built := self.on_built()) is not None:
                on_built(name, page)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SCREENS)

    def __len__(self) -> int:
        return len(SCREENS)

    def built(self) -> list[Page]:
        """The screens built so far (the others have nothing to refresh)."""
        return list(self._built.values())

    def name_at(self, index: int) -> str:
        return list(SCREENS)[index]
