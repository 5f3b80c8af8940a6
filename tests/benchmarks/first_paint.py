"""Start the program on a database the way ``main.py`` does; print ``pintada`` at the first
paint of the main window and ``abierta`` once the database is shown in it. The benchmark
times the process from its start to each line.

``python tests/benchmarks/first_paint.py DB`` (the program) or ``--qt`` (the baseline: Python,
Qt and a window of the same size with one label, without the program; it prints ``pintada``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def bare_window() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    class Window(QMainWindow):
        painted = False

        def paintEvent(self, event) -> None:
            super().paintEvent(event)
            if not self.painted:
                self.painted = True
                QTimer.singleShot(0, painted)

    def painted() -> None:
        print("pintada", flush=True)
        QApplication.exit(0)

    app = QApplication(sys.argv)
    window = Window()
    window.setCentralWidget(QLabel("PROCOMPITE"))
    window.resize(1280, 800)
    window.show()
    return app.exec()


def program(db: str) -> int:
    import ui.app

    class Window(ui.app.MainWindow):
        def __init__(self, *arguments) -> None:
            super().__init__(*arguments)
            self.first_painted.connect(lambda: print("pintada", flush=True))

    def opened(window, _out: str) -> None:
        print("abierta", flush=True)
        window.close()
        ui.app.QApplication.exit(0)

    # With a screenshot asked for, run() saves it once the database is shown; here it says so.
    ui.app.MainWindow = Window
    ui.app.save_screenshot = opened
    return ui.app.run(db, screenshot="abierta.png")


if __name__ == "__main__":
    sys.exit(bare_window() if sys.argv[1] == "--qt" else program(sys.argv[1]))
