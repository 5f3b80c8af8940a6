"""Long work off the GUI thread: one worker, progress shown after half a second, cancellable.

A job is a plain function ``job(progress, cancelled) -> result`` that runs in the worker thread.
It must open its own database connection (a SQLite connection belongs to its thread), call
``progress(done, total, text)`` now and then, and return early when ``cancelled()`` is true.
The result, or the error, comes back to the GUI thread through a signal.
"""

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]
SHOW_AFTER_MS = 500


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, job: Job, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.job, self.signals, self.cancel = job, signals, cancel

    def run(self) -> None:
        try:
            result = self.job(
                lambda done, total, text: self.signals.progress.emit(done, total, text),
                self.cancel.is_set,
            )
        except Exception as error:
            error.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs one job at a time in a single worker thread."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals: _Signals | None = None
        self.cancel_event = threading.Event()

    @property
    def busy(self) -> bool:
        return self.pool.activeThreadCount() > 0

    def run(
        self,
        job: Job,
        *,
        label: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        parent: QWidget | None = None,
    ) -> QProgressDialog:
        """Start ``job``; a progress dialog with a cancel button appears if it takes a while."""
        self.cancel_event = threading.Event()
        signals = _Signals()
        self._signals = signals
        dialog = QProgressDialog(label, "Cancelar", 0, 0, parent)
        dialog.setWindowTitle("PROCOMPITE")
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel_event.set)

        def progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            callback(value)

        signals.progress.connect(progress)
        signals.finished.connect(lambda result: finish(on_done, result))
        signals.failed.connect(lambda error: finish(on_error, error))
        self.pool.start(_Runnable(job, signals, self.cancel_event))
        return dialog

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
