"""Peak memory and time of importing hostile files (bombs and far-flung cells), each in its own
process so that one measure does not inherit another's memory, and so that an abort would show.

    .venv/bin/python tests/benchmarks/hostile.py

Prints, per file: its size, what the import said, how the process ended and its peak memory
(``resource.getrusage``). The limit to stay under is 300 MB.
"""

import multiprocessing
import resource
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from procompite.demo.build import build_database, fill_base  # noqa: E402
from procompite.storage.backups import format_size  # noqa: E402
from procompite.storage.database import open_database  # noqa: E402
from procompite.transfer.importer import import_file  # noqa: E402
from procompite.transfer.templates import write_template  # noqa: E402

LIMIT_MB = 300
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _variant(folder: Path, name: str, sheet=None, strings: int = 0) -> Path:
    """The AEO template with its «Organizaciones» sheet passed through ``sheet`` and, with
    ``strings``, a shared-strings part of that many MB (streamed, never held in memory)."""
    template = folder / "plantilla.xlsx"
    if not template.exists():
        write_template("aeo", template)
    target = folder / name
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml" and sheet:
                data = sheet(data.decode()).encode()
            if info.filename == "xl/_rels/workbook.xml.rels" and strings:
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" '
                    'Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            copy.writestr(info.filename, data)
        if strings:
            with copy.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                block = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
                for _ in range(strings):
                    part.write(block)
    return target


def _add_rows(rows: str):
    return lambda xml: xml.replace("</sheetData>", rows + "</sheetData>")


def bombs(folder: Path) -> list[tuple[str, Path]]:
    deep = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1_000_001))
    return [
        (
            "Dimensión A1:ZZZZZZZZ2",
            _variant(
                folder,
                "dimension.xlsx",
                lambda xml: xml.replace("<sheetData", '<dimension ref="A1:ZZZZZZZZ2"/><sheetData'),
            ),
        ),
        (
            "Celda con columna ZZZZZZZZ",
            _variant(
                folder, "columna.xlsx", _add_rows('<row r="2"><c r="ZZZZZZZZ2"><v>1</v></c></row>')
            ),
        ),
        (
            "Celdas A1 y XFD1048576 (Solver)",
            _variant(
                folder,
                "solver.xlsx",
                _add_rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
            ),
        ),
        ("Cadenas compartidas de 1.2 GB", _variant(folder, "cadenas.xlsx", strings=1200)),
        ("Un millón de filas", _variant(folder, "filas.xlsx", _add_rows(deep))),
    ]


def _measure(path: str, database: str, queue) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db = open_database(database)
    started = time.perf_counter()
    result = import_file(db, path, dry_run=True, today=date(2026, 11, 23))
    elapsed = time.perf_counter() - started
    db.close()
    said = (result.problems or result.warnings or ["sin problemas"])[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((str(said)[:110], elapsed, before, peak))


def _build(folder: str, queue) -> None:
    """In a process of its own, so that building the files does not count in the measures
    (Linux carries a process's peak memory over to the processes it starts)."""
    database = Path(folder) / "vacia.db"
    build_database(database, lambda db: fill_base(db, {}))
    queue.put([(label, str(path)) for label, path in bombs(Path(folder))])


def main() -> int:
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        database = folder / "vacia.db"
        queue = context.Queue()
        builder = context.Process(target=_build, args=(name, queue))
        builder.start()
        built = queue.get()
        builder.join()
        print(f"Límite de memoria: {LIMIT_MB} MB por proceso.\n")
        worst = 0.0
        for label, path in ((label, Path(path)) for label, path in built):
            queue = context.Queue()
            child = context.Process(target=_measure, args=(str(path), str(database), queue))
            child.start()
            child.join()
            if child.exitcode != 0:
                print(f"{label}: el proceso terminó con código {child.exitcode} (ABORTÓ)")
                worst = float("inf")
                continue
            said, elapsed, before, peak = queue.get()
            worst = max(worst, peak)
            print(
                f"{label} ({format_size(path.stat().st_size)}): {elapsed:.2f} s, memoria máxima "
                f"{peak:.0f} MB (al empezar {before:.0f} MB)\n    {said}"
            )
        print(f"\nPeor memoria máxima: {worst:.0f} MB (límite {LIMIT_MB} MB).")
    return 0 if worst <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
