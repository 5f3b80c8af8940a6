"""How long printing dictámenes takes, beside a bare reportlab document of the same content.

Run: ``.venv/bin/python tests/benchmarks/bench_reports.py`` (prints a table; asserts nothing).
The baseline lays out the same texts and tables with reportlab's sample styles and no header,
footer, fonts or page numbering, so the ratio is the cost of our renderer.
"""

import statistics
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from timing import timed

from procompite.database import open_database
from procompite.demo import build_demo
from procompite.dictamenes import issue_dictamenes, issue_problems
from procompite.reports.batch import one_file
from procompite.reports.dictamen import call_dictamenes, render_dictamen
from procompite.reports.letterhead import letterhead
from procompite.results import call_results

COUNT = 500
REPEAT = 9


def _bare_flowables(snapshot: object, styles) -> list:
    """Every text of the snapshot as a paragraph, every list of records as a table."""
    if isinstance(snapshot, dict):
        return [f for value in snapshot.values() for f in _bare_flowables(value, styles)]
    if isinstance(snapshot, list) and snapshot and isinstance(snapshot[0], dict):
        rows = [
            [
                Paragraph(str(v), styles["Normal"])
                for v in item.values()
                if not isinstance(v, dict | list)
            ]
            for item in snapshot
        ]
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        return [Table(rows, repeatRows=1)] if width else []
    if isinstance(snapshot, list):
        return [f for value in snapshot for f in _bare_flowables(value, styles)]
    return [Paragraph(str(snapshot), styles["Normal"])]


def bare(snapshots: list[dict], target: Path) -> None:
    styles = getSampleStyleSheet()
    story = [f for snapshot in snapshots for f in _bare_flowables(snapshot, styles)]
    SimpleDocTemplate(str(target)).build(story)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "demo.db"
    build_demo(path)
    db = open_database(path)
    on = date(2026, 11, 21)
    ready = [p.plan_id for p in call_results(db, 1, on).plans if not issue_problems(p)]
    issue_dictamenes(db, 1, ready, actor="bench", on=on)
    head = letterhead(db)
    documents = call_dictamenes(db, 1)
    one = documents[1]
    many = [
        replace(d, snapshot=d.snapshot | {"numero": f"BENCH-{n:04d}"})
        for n, d in enumerate(documents * (COUNT // len(documents) + 1))
    ][:COUNT]

    rows = []
    ours = timed(lambda: render_dictamen(one, head, folder / "uno.pdf"), REPEAT)
    base = timed(lambda: bare([one.snapshot], folder / "uno_base.pdf"), REPEAT)
    rows.append(("1 dictamen", ours, base, 0.150))
    ours = timed(lambda: one_file(many, head, folder / "todos.pdf"), 1)
    base = timed(lambda: bare([d.snapshot for d in many], folder / "todos_base.pdf"), 1)
    rows.append((f"{COUNT} dictámenes, un PDF", ours, base, 60.0))

    print(
        f"{'Operación':28} {'mediana':>9} {'mín':>9} {'máx':>9} {'base':>9} {'razón':>6} "
        f"{'meta':>7}"
    )
    for name, ours, base, target in rows:
        median, baseline = statistics.median(ours), statistics.median(base)
        mark = "" if median <= target else "  NO CUMPLE"
        print(
            f"{name:28} {median:9.3f} {min(ours):9.3f} {max(ours):9.3f} {baseline:9.3f} "
            f"{median / baseline:6.2f} {target:7.3f}{mark}"
        )
    size = (folder / "todos.pdf").stat().st_size / 1e6
    print(f"({COUNT} dictámenes: {size:.1f} MB; segundos; base: reportlab sin membrete)")
    db.close()


if __name__ == "__main__":
    main()
