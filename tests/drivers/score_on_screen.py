"""The scoring screen, offscreen: a member scores three criteria and comments, then the program
waits, typing done but nothing saved; the test kills it with SIGKILL once the draft is kept.

``python score_on_screen.py DB SETTINGS.ini PLAN_CODE MEMBER_ID`` prints ``BORRADOR`` when the
form's draft is in the database.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from procompite.evaluation.committee import member
from procompite.storage.drafts import pending_drafts
from ui.app import create_window
from ui.evaluation.scoring_dialog import ScoringDialog


def main(database: str, settings_file: str, plan_code: str, member_id: str) -> None:
    app = QApplication(sys.argv)
    settings = QSettings(settings_file, QSettings.Format.IniFormat)
    window = create_window(database, settings, interactive=False)
    window.show()
    page = window.show_page("Evaluación")
    page.member = member(page.db, int(member_id))
    page.refresh()
    page.work.filter_edit.setText(plan_code)
    page.work.table.selectRow(0)
    page.declare(False)
    page.work.table.selectRow(0)
    page.score()
    dialog = page.findChild(ScoringDialog)
    for box in dialog.boxes[:3]:
        QTest.mouseClick(box.group.buttons()[1], Qt.MouseButton.LeftButton)
    QTest.keyClicks(dialog.boxes[0].comment, "Socios activos verificados")

    def kept() -> None:
        if pending_drafts(page.db):
            print("BORRADOR", flush=True)
            return
        QTimer.singleShot(100, kept)

    QTimer.singleShot(100, kept)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:])
