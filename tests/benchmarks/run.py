"""``make bench``: how long each thing a user waits for takes at the sizes of a big region.

Generates the region (``python -m procompite generate``) in a temporary folder, or copies the
one given with ``--db``, times each operation several times beside a baseline measured in the
same run, and prints one table. Operations with a target from their issue are marked when the
median misses it. ``--markdown FILE`` also writes the page kept in docs/benchmarks.md.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from computations import (  # noqa: E402
    consolidation_arrays_row,
    consolidation_row,
    indicators_row,
    prioritization_rows,
)
from documents import dictamen_rows  # noqa: E402
from exporting import export_row  # noqa: E402
from importing import import_row  # noqa: E402
from packages import package_rows  # noqa: E402
from report import Row, baselines, machine, markdown_table, text_table  # noqa: E402
from robustness import robustness_row  # noqa: E402
from storage import backup_row, open_database_row  # noqa: E402
from window import first_paint, organization_list  # noqa: E402

from procompite.demo.region import RegionSize, build_region  # noqa: E402
from procompite.storage.backups import format_size  # noqa: E402
from procompite.storage.database import open_database  # noqa: E402
from procompite.storage.settings import counts as table_counts  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=5000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--evaluators", type=int, default=7)
    parser.add_argument("--plans-per-call", type=int, default=500)
    parser.add_argument("--dictamenes", type=int, default=500, help="dictámenes en un PDF")
    parser.add_argument("--runs", type=int, default=5, help="veces que se mide cada operación")
    parser.add_argument(
        "--heavy-runs", type=int, default=3, help="veces para las de más de 10 s (importar, PDF)"
    )
    parser.add_argument("--db", type=Path, help="usar (una copia de) esta base ya generada")
    parser.add_argument("--markdown", type=Path, help="escribir también la página de resultados")
    return parser.parse_args(argv)


def _region(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    path = folder / "region.db"
    if args.db:
        shutil.copyfile(args.db, path)
        return path, f"copia de {args.db}"
    size = RegionSize(
        args.organizations, args.members, args.plans, args.evaluators, args.plans_per_call
    )
    if problems := size.problems():
        raise SystemExit("Error: " + " ".join(problems))
    started = time.perf_counter()
    build_region(path, size)
    return path, f"generada en {time.perf_counter() - started:.0f} s"


def _describe(path: Path, how: str) -> str:
    db = open_database(path, readonly=True)
    counts = table_counts(db)
    dictamenes = db["dictamenes"].count
    db.close()
    return (
        f"{counts['organizations']:,} AEO, {counts['members']:,} socios, "
        f"{counts['plans']:,} planes en {counts['calls']} convocatorias, "
        f"{counts['scores']:,} puntajes, {dictamenes:,} dictámenes emitidos; "
        f"{format_size(path.stat().st_size)} ({how})"
    )


def _import_rows(path: Path, folder: Path, runs: int) -> list[Row]:
    reading, importing = import_row(path, folder, runs)
    return [*reading, importing]


def measure(args: argparse.Namespace, folder: Path) -> tuple[list[Row], str]:
    path, how = _region(args, folder)
    dataset = _describe(path, how)
    print(f"Base: {dataset}", flush=True)
    runs, heavy = args.runs, min(args.runs, args.heavy_runs)
    steps = (
        lambda: [open_database_row(path, runs)],
        lambda: first_paint(path, runs),
        lambda: organization_list(path, runs),
        lambda: [indicators_row(path, runs)],
        lambda: [consolidation_row(path, runs), consolidation_arrays_row(path, runs)],
        lambda: [robustness_row(path, runs)],
        lambda: prioritization_rows(runs),
        lambda: dictamen_rows(path, folder, runs, heavy, args.dictamenes),
        lambda: [export_row(path, folder, heavy)],
        lambda: _import_rows(path, folder, heavy),
        lambda: [backup_row(path, runs)],
        lambda: package_rows(folder, heavy),
    )
    rows: list[Row] = []
    for step in steps:
        for row in step():
            rows.append(row)
            print(f"  {row.operation}: {row.cells()[2]}", flush=True)
    return rows, dataset


def previous(markdown: Path) -> str:
    """The results table of the page as it was, with its date, to keep beside the new one."""
    if not markdown.exists():
        return ""
    lines = markdown.read_text(encoding="utf-8").splitlines()
    when = next((line for line in lines if ":" in line and "/20" in line), "").strip()
    start = next((i for i, line in enumerate(lines) if line.startswith("| Operación")), None)
    if start is None:
        return ""
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return "\n".join(["## Medición anterior", "", f"Del {when}".strip(), "", *table, ""])


def page(rows: list[Row], dataset: str, command: str, before: str = "") -> str:
    machine_lines = "\n".join(f"| {name} | {value} |" for name, value in machine())
    missed = [row.operation for row in rows if row.missed]
    verdict = (
        "Todas las operaciones con meta la cumplen."
        if not missed
        else "No cumplen su meta: " + "; ".join(missed) + "."
    )
    return f"""# Rendimiento

Lo que un usuario espera, medido a la escala de una región grande. Última medición:
{datetime.now():%d/%m/%Y %H:%M}, con `{command}`.

Base de datos: {dataset}. La genera `python -m procompite generate` con las mismas funciones
que usa la ventana y las proporciones de la demostración: las convocatorias anteriores están
cerradas, con cada plan admitido calificado por cinco miembros, consolidado, ordenado y con su
dictamen emitido; la del año en curso está en evaluación, con planes en todos los estados.

{markdown_table(rows)}

Mediana, mínimo y máximo de las veces indicadas; *Base* es la mediana de una referencia medida
en la misma corrida y *Razón* = mediana / base. Las metas vienen de los issues de cada función.
{verdict}

{before}
## Referencias

{baselines(rows)}

## Máquina

| | |
|---|---|
{machine_lines}

## Cómo reproducir

```
make bench                                   # genera la región y mide (unos minutos)
.venv/bin/python -m procompite generate --db region.db
QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/run.py --db region.db \\
    --markdown docs/benchmarks.md            # mide sobre esa base y reescribe esta página
```

`tests/benchmarks/run.py --help` lista los tamaños (AEO, socios, planes, evaluadores,
dictámenes) y las veces de cada medición. La suite de pruebas ejecuta una corrida pequeña solo
para que el script siga funcionando; ninguna prueba mide tiempos.
"""


def _as_make(argv: list[str]) -> str:
    """The measuring part of the command line, as ``make bench`` would be given it."""
    kept, skip = [], False
    for argument in argv:
        if skip or argument.startswith("--markdown"):
            skip = argument == "--markdown"
            continue
        kept.append(argument)
    return f'make bench BENCH_ARGS="{" ".join(kept)}"' if kept else "make bench"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="procompite-bench-") as temporary:
        folder = Path(temporary)
        # The window's settings go to this folder, not to the user's.
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        rows, dataset = measure(args, folder)
    print()
    print(text_table(rows))
    if any(row.missed for row in rows):
        print(f"\n{sum(row.missed for row in rows)} operación(es) no cumplen su meta.")
    if args.markdown:
        command = _as_make(sys.argv[1:] if argv is None else argv)
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        before = previous(args.markdown)
        args.markdown.write_text(page(rows, dataset, command, before), encoding="utf-8")
        print(f"\nResultados escritos en {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
