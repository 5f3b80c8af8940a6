"""What a user waits for in the window: its first paint, the AEO list and its filter."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from report import Row
from timing import timed

DRIVER = Path(__file__).with_name("first_paint.py")
KEYSTROKES = ("a", "ae", "aeo", "aeo q", "aeo qori", "qori wasi", "cusco", "cacao", "")

# The rows of the AEO list, read plainly: the same organisations with the same joins.
PLAIN_LIST_SQL = """
    SELECT o.id, o.name, o.ruc, o.legal_form, d.name, pr.name, c.name, m.members, m.women
    FROM organizations o
    LEFT JOIN districts d ON d.id = o.district_id
    LEFT JOIN provinces pr ON pr.id = d.province_id
    LEFT JOIN chains c ON c.id = o.chain_id
    LEFT JOIN (
        SELECT organization_id, count(*) AS members, sum(sex = 'F') AS women
        FROM members GROUP BY organization_id
    ) m ON m.organization_id = o.id
    ORDER BY o.name
"""
PLAIN_FILTER_SQL = PLAIN_LIST_SQL.replace(
    "ORDER BY", "WHERE o.name LIKE :t OR o.ruc LIKE :t OR c.name LIKE :t OR d.name LIKE :t ORDER BY"
)


def _until(*arguments: str) -> dict[str, float]:
    """Seconds from starting a Python process to each line it prints (``pintada``, ``abierta``)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    seen = {line.strip(): time.perf_counter() - started for line in process.stdout}
    process.stdout.close()
    if process.wait(timeout=120) != 0 or "pintada" not in seen:
        raise RuntimeError(f"la ventana no llegó a pintarse ({DRIVER.name} {' '.join(arguments)})")
    return seen


def first_paint(path: Path, runs: int) -> list[Row]:
    """The window's first paint beside a bare Qt window's, and the moment Inicio shows the data."""
    _until(str(path))  # the day's first opening also takes the daily backup
    program = [_until(str(path)) for _ in range(runs)]
    bare = [_until("--qt")["pintada"] for _ in range(runs)]
    return [
        Row(
            "Primera pintura de la ventana principal",
            "desde que arranca Python",
            [seen["pintada"] for seen in program],
            baseline=bare,
            ratio_target=1.5,
            baseline_label="Python y Qt pintando una ventana del mismo tamaño con una etiqueta, "
            "sin el programa, medida en la misma corrida. La ventana se pinta antes de abrir la "
            "base de datos; la fila siguiente mide cuándo Inicio muestra los datos.",
        ),
        Row(
            "Inicio con los datos de la base",
            "desde que arranca Python",
            [seen["abierta"] for seen in program],
            target=2.0,
            baseline=bare,
            baseline_label="La misma ventana de Qt vacía. La primera apertura de cada día suma el "
            "respaldo diario (última fila); aquí se toma antes de medir.",
        ),
    ]


def organization_list(path: Path, runs: int) -> list[Row]:
    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from procompite.lists.repository import Repository
    from procompite.storage.database import open_database
    from ui.registry.page import OrganizationsPage

    app = QApplication.instance() or QApplication([])
    # The offscreen platform cannot resize native windows, and says so; harmless here.
    qInstallMessageHandler(lambda *message: None)
    db = open_database(path, readonly=True)
    repository = Repository(db)
    count = db["organizations"].count
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    pages = []

    def open_list() -> None:
        page = OrganizationsPage(settings)
        page.resize(1200, 700)
        page.reload(repository)
        page.show()
        app.processEvents()
        pages.append(page)

    opened = timed(open_list, runs)
    page = pages[-1]

    def type_text(text: str) -> None:
        page.list.filter_edit.setText(text)
        app.processEvents()

    typed = [timed(lambda text=text: type_text(text), 1)[0] for text in KEYSTROKES * runs]
    for each in pages:
        each.close()
    db.close()

    plain = sqlite3.connect(path)
    read = timed(lambda: plain.execute(PLAIN_LIST_SQL).fetchall(), runs)

    def plain_filter(text: str) -> None:
        plain.execute(PLAIN_FILTER_SQL, {"t": f"%{text}%"}).fetchall()

    filtered = [timed(lambda text=text: plain_filter(text), 1)[0] for text in KEYSTROKES * runs]
    plain.close()
    return [
        Row(
            "Abrir la lista de AEO",
            f"{count:,} AEO",
            opened,
            target=0.5,
            baseline=read,
            baseline_label="sqlite3 leyendo las mismas filas (AEO con distrito, provincia, cadena "
            "y cuentas del padrón), sin ventana.",
        ),
        Row(
            "Filtrar la lista (cada tecla)",
            f"{count:,} AEO",
            typed,
            target=0.1,
            baseline=filtered,
            baseline_label="sqlite3 con LIKE sobre nombre, RUC, cadena y distrito, por cada texto.",
        ),
    ]
