"""The benchmark's rows, the table that prints them and the page that keeps them."""

import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

LIBRARIES = (
    "PySide6",
    "sqlite-utils",
    "pandas",
    "numpy",
    "numpy-financial",
    "reportlab",
    "openpyxl",
    "XlsxWriter",
)
MISS = "NO CUMPLE"


@dataclass
class Row:
    """One operation: the runs of ours and, when there is one, of its baseline."""

    operation: str
    size: str
    times: list[float]
    target: float | None = None
    baseline: list[float] = field(default_factory=list)
    baseline_label: str = ""
    ratio_target: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def base(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        return self.median / self.base if self.base else None

    @property
    def missed(self) -> bool:
        if self.ratio_target is not None and self.ratio is not None:
            return self.ratio > self.ratio_target
        return self.target is not None and self.median > self.target

    def goal(self) -> str:
        if self.ratio_target is not None:
            return f"< {self.ratio_target:g} × base"
        return f"< {seconds(self.target)}" if self.target is not None else "—"

    def cells(self) -> list[str]:
        return [
            self.operation,
            self.size,
            seconds(self.median),
            seconds(min(self.times)),
            seconds(max(self.times)),
            str(len(self.times)),
            seconds(self.base) if self.base is not None else "—",
            f"{self.ratio:.2f}" if self.ratio is not None else "—",
            self.goal(),
            MISS if self.missed else "",
        ]


HEADERS = [
    "Operación",
    "Tamaño",
    "Mediana",
    "Mín",
    "Máx",
    "Veces",
    "Base",
    "Razón",
    "Meta",
    "",
]
RIGHT = {2, 3, 4, 5, 6, 7, 8}


def seconds(value: float) -> str:
    """``0.4 ms`` and ``37 ms`` below a second, ``1.25 s`` above."""
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def text_table(rows: list[Row]) -> str:
    lines = [HEADERS] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]
    return "\n".join(
        "  ".join(
            cell.rjust(widths[i]) if i in RIGHT else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip()
        for line in [*lines[:1], ["-" * width for width in widths], *lines[1:]]
    )


def markdown_table(rows: list[Row]) -> str:
    header = "| " + " | ".join([*HEADERS[:-1], "¿Cumple?"]) + " |"
    rule = "|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS))) + "|"
    body = []
    for row in rows:
        cells = row.cells()
        cells[-1] = "**no**" if row.missed else ("sí" if row.goal() != "—" else "—")
        body.append("| " + " | ".join(cells) + " |")
    return "\n".join([header, rule, *body])


def baselines(rows: list[Row]) -> str:
    return "\n".join(
        f"- **{row.operation}**: {row.baseline_label}" for row in rows if row.baseline_label
    )


def _memory() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "desconocida"
    return f"{total / 1024**3:.1f} GiB"


def _processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "no instalado"


def machine() -> list[tuple[str, str]]:
    """What the figures depend on: processor, cores, memory, system and library versions."""
    return [
        ("Procesador", _processor()),
        ("Núcleos", str(os.cpu_count())),
        ("Memoria", _memory()),
        ("Sistema", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        *((name, _version(name)) for name in LIBRARIES),
    ]
