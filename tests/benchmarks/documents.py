"""Printing dictámenes, beside a bare reportlab document of the same content.

The baseline lays out the same texts and tables with reportlab's sample styles and no header,
footer, fonts or page numbering, in one process, so the ratio is the cost of our layout less
what the worker processes save. The batch is timed in a process of its own, whose peak memory is
that of the process and its workers together, sampled while it prints.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from report import Row
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from timing import timed

from procompite.calls.entity import letterhead
from procompite.documents.dictamen_document import call_dictamenes
from procompite.documents.pdf.batch import one_file
from procompite.documents.pdf.dictamen import render_dictamen
from procompite.storage.database import open_database

BARE = (
    "reportlab sin membrete: los mismos textos y tablas con los estilos de ejemplo, sin "
    "encabezado, pie, fuentes ni numeración."
)


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


def _rss(pid: str) -> int:
    """Resident memory of a process in kB; 0 where /proc does not tell (or it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children() -> list[str]:
    """The processes started by any thread of this one."""
    found = []
    try:
        for thread in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{thread}/children", encoding="ascii") as children:
                found += children.read().split()
    except OSError:
        pass
    return found


def _held() -> int:
    return _rss("self") + sum(_rss(pid) for pid in _children())


class PeakMemory:
    """The most memory an action held at once beyond what was held before it, this process and
    its worker processes together, sampled every 50 ms; 0 where /proc is not there."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()

    def _sample(self, before: int) -> None:
        while not self._done.wait(0.05):
            self.peak = max(self.peak, _held() - before)

    def around(self, action):
        def measured():
            self._done.clear()
            sampler = threading.Thread(target=self._sample, args=(_held(),), daemon=True)
            sampler.start()
            try:
                return action()
            finally:
                self._done.set()
                sampler.join()

        return measured

    @property
    def megabytes(self) -> float:
        return self.peak / 1024


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _documents(path: Path, count: int) -> tuple[list, object]:
    """The first ``count`` issued dictámenes of the region, call by call, and its letterhead."""
    db = open_database(path, readonly=True)
    head = letterhead(db)
    documents = [
        document
        for (call_id,) in db.execute("SELECT id FROM calls ORDER BY year")
        for document in call_dictamenes(db, call_id)
    ][:count]
    db.close()
    if not documents:
        raise RuntimeError("la base no tiene dictámenes emitidos; genérela con dos convocatorias")
    return documents, head


def measure_batch(path: str, target: str, count: int, runs: int) -> dict:
    """In a process of its own: the times of ``runs`` prints of the batch into one PDF and the
    most memory one of them held."""
    documents, head = _documents(Path(path), count)
    memory = PeakMemory()
    times = timed(memory.around(lambda: one_file(documents, head, Path(target))), runs)
    return {"times": times, "memory": memory.megabytes}


def _batch_apart(path: Path, target: Path, count: int, runs: int) -> dict:
    """:func:`measure_batch` in a Python started with ``-c``. A worker process first imports
    the main script of the process that starts it: this one's would bring every benchmark and
    their libraries into each worker, where the program's ``main.py`` brings almost nothing."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "from documents import measure_batch; "
        f"print(json.dumps(measure_batch({str(path)!r}, {str(target)!r}, {count}, {runs})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=3600
    )
    return json.loads(done.stdout.splitlines()[-1])


def dictamen_rows(path: Path, folder: Path, runs: int, heavy_runs: int, count: int) -> list[Row]:
    """One dictamen; then ``count`` issued dictámenes in one PDF, as Reportes prints a call."""
    documents, head = _documents(path, count)
    one = documents[0]
    single, batch = folder / "uno.pdf", folder / "todos.pdf"
    measured = _batch_apart(path, batch, len(documents), heavy_runs)
    rows = [
        Row(
            "Imprimir un dictamen",
            "",
            timed(lambda: render_dictamen(one, head, single), runs),
            target=0.15,
            baseline=timed(lambda: bare([one.snapshot], folder / "uno_base.pdf"), runs),
            baseline_label=BARE,
        ),
        Row(
            "Imprimir los dictámenes de una convocatoria (un PDF)",
            "",
            measured["times"],
            target=15.0,
            baseline=timed(
                lambda: bare([d.snapshot for d in documents], folder / "todos_base.pdf"),
                heavy_runs,
            ),
            baseline_label=BARE,
        ),
    ]
    rows[0].size = f"{_pages(single)} páginas"
    rows[1].size = f"{len(documents)} dictámenes, {_pages(batch):,} páginas"
    if measured["memory"]:
        rows[1].size += f", memoria máx. {measured['memory']:,.0f} MB"
    return rows
