"""Benchmark: the AEO list with 5,000 organisations and 100,000 members.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_lists.py``.
Prints how long the list takes to open (query + model + view) and each filter keystroke.
Targets from the registry issue: open under 0.5 s, a keystroke under 100 ms.
"""

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from procompite.database import open_database
from procompite.demo import build_demo
from procompite.identifiers import ruc_check_digit
from procompite.registry import save_organization

ORGANIZATIONS, MEMBERS_EACH = 5_000, 20


def populate(path: Path) -> None:
    """Add 5,000 organisations with 20 members each through the registry's own save."""
    rng = random.Random(8)
    db = open_database(path)
    districts = [row[0] for row in db.execute("SELECT id FROM districts")]
    chains = [row[0] for row in db.execute("SELECT id FROM chains")]
    dni = 10_000_000
    for number in range(ORGANIZATIONS):
        first_ten = f"20{60_000_000 + number}"
        members = []
        for _ in range(MEMBERS_EACH):
            dni += 1
            members.append(
                {
                    "dni": str(dni),
                    "first_names": rng.choice(["Rosa", "Juan", "Ana", "Luis"]),
                    "last_names": rng.choice(["Quispe Mamani", "Huamán Cusi", "Ccori Puma"]),
                    "sex": rng.choice("FM"),
                    "birth_date": date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000)),
                    "role": "socio",
                }
            )
        save_organization(
            db,
            {
                "name": f"Asociación de Productores N.° {number:05d}",
                "ruc": first_ten + str(ruc_check_digit(first_ten)),
                "legal_form": "Asociación",
                "district_id": rng.choice(districts),
                "chain_id": rng.choice(chains),
            },
            members,
        )
    db.close()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from procompite.repository import Repository
    from ui.pages.organizations import COLUMNS
    from ui.record_list import RecordList

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = folder / "grande.db"
    build_demo(path)
    started = time.perf_counter()
    populate(path)
    print(
        f"datos: {ORGANIZATIONS:,} AEO y {ORGANIZATIONS * MEMBERS_EACH:,} socios "
        f"creados en {time.perf_counter() - started:.1f} s"
    )
    db = open_database(path)
    repository = Repository(db)
    opens = []
    for _ in range(5):
        view = RecordList(COLUMNS, "Filtrar")
        view.resize(1200, 700)
        started = time.perf_counter()
        view.set_records(repository.list_organizations())
        view.show()
        app.processEvents()
        opens.append(time.perf_counter() - started)
    keystrokes = []
    for text in ("a", "as", "aso", "asoc", "asociacion 00", "asociacion 004", "cusco", ""):
        started = time.perf_counter()
        view.filter_edit.setText(text)
        app.processEvents()
        keystrokes.append(time.perf_counter() - started)
    print(f"{'operación':<40}{'mediana':>10}{'máximo':>10}{'meta':>10}")
    print(
        f"{'abrir la lista de 5,000 AEO':<40}{statistics.median(opens):>9.3f}s"
        f"{max(opens):>9.3f}s{0.5:>9.3f}s"
    )
    print(
        f"{'tecla en el filtro':<40}{statistics.median(keystrokes):>9.3f}s"
        f"{max(keystrokes):>9.3f}s{0.1:>9.3f}s"
    )


if __name__ == "__main__":
    main()
