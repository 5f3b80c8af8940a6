"""Start the program on a database the way ``main.py`` does, and print ``pintada`` at the first
paint of the main window; the benchmark times the process from its start to that line.

``python tests/benchmarks/first_paint.py DB`` (the program) or ``--qt`` (an empty Qt window,
the baseline: interpreter, Qt and a window, without the program).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _painted(window=None, _out: str = "") -> None:
    from PySide6.QtWidgets import QApplication

    print("pintada", flush=True)
    if window is not None:
        window.close()
    QApplication.exit(0)


def bare_window() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class Window(QMainWindow):
        painted = False

        def paintEvent(self, event) -> None:
            super().paintEvent(event)
            if not self.painted:
                self.painted = True
                QTimer.singleShot(0, _painted)

    app = QApplication(sys.argv)
    window = Window()
    window.resize(1280, 800)
    window.show()
    return app.exec()


def program(db: str) -> int:
    import ui.app

    # At the first paint, run() saves a screenshot; here it reports the paint instead.
    ui.app.save_screenshot = _painted
    return ui.app.run(db, screenshot="pintada.png")


if __name__ == "__main__":
    sys.exit(bare_window() if sys.argv[1] == "--qt" else program(sys.argv[1]))
