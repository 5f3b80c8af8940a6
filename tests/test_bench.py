"""`make bench` keeps working: a small run of the same script, timing nothing."""

import os
import subprocess
import sys

from tests.cli_helpers import ROOT

OPERATIONS = (
    "Abrir la base de datos",
    "Primera pintura de la ventana principal",
    "Abrir la lista de AEO",
    "Filtrar la lista (cada tecla)",
    "Indicadores de todos los planes",
    "Consolidar, ordenar y asignar una convocatoria",
    "Solidez del resultado de una convocatoria",
    "Reordenar cadenas tras cambiar un peso (suma ponderada)",
    "Análisis de sensibilidad de los pesos",
    "Imprimir un dictamen",
    "Imprimir los dictámenes de una convocatoria",
    "Exportar la región",
    "Importar AEO con sus padrones",
    "Respaldo diario de la base",
)

SMALL = {
    "organizations": 30,
    "members": 450,
    "plans": 24,
    "plans-per-call": 12,
    "evaluators": 5,
    "runs": 1,
    "dictamenes": 3,
}


def test_small_bench_prints_every_operation_and_writes_its_page(tmp_path):
    page = tmp_path / "benchmarks.md"
    small = [f"--{name}={value}" for name, value in SMALL.items()]
    done = subprocess.run(
        [sys.executable, "tests/benchmarks/run.py", *small, "--markdown", str(page)],
        cwd=ROOT,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout[done.stdout.index("Operación ") :]
    assert all(operation in table for operation in OPERATIONS)
    assert "30 AEO + 450 socios" in table and "3 dictámenes" in table
    text = page.read_text(encoding="utf-8")
    assert all(operation in text for operation in OPERATIONS)
    assert "## Máquina" in text and "Núcleos" in text and "reportlab" in text
