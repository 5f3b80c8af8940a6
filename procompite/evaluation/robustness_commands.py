"""Command line for how robust a call's award is: ``robustness``."""

import argparse
import json

from procompite.calls.context import unknown_call_message
from procompite.evaluation.consolidation import format_points
from procompite.evaluation.robustness import (
    Robustness,
    fraction_points,
    robustness,
    robustness_record,
)
from procompite.storage.cli_support import Refused, refusing
from procompite.storage.database import open_database

NONE = "—"


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; figures are right-aligned."""
    widths = [max(len(str(line[i])) for line in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(cell).rjust(width) if _figure(cell) else str(cell).ljust(width)
            for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return [line(headers), line(["-" * width for width in widths]), *map(line, rows)]


def _figure(cell: str) -> bool:
    return str(cell).lstrip("-").replace(".", "", 1).isdigit()


def _listed(codes: tuple[str, ...]) -> str:
    return ", ".join(codes) or NONE


def text_lines(r: Robustness) -> list[str]:
    lines = [f"Solidez del resultado: {r.call_name} (convocatoria {r.call_id})"]
    method = "promedio" if r.method == "mean" else "mediana"
    lines.append(f"Consolidación de la convocatoria: {method}. Planes decididos: {r.decided}.")
    if r.message:
        return [*lines, "", r.message]
    names = dict(r.pools)
    pool = {code: code or names[code] for code in names}

    lines += ["", "Escenarios (ganadores que entran o salen respecto del cuadro de mérito)"]
    lines += table(
        ["Escenario", "Categoría", "Entran", "Salen", "Bajo quórum"],
        [
            [
                scenario.label,
                pool[change.pool],
                _listed(change.entering),
                _listed(change.leaving),
                _listed(scenario.below_quorum),
            ]
            for scenario in r.scenarios
            for change in scenario.changes
        ],
    )

    lines += [
        "",
        "Severidad de los evaluadores (puntaje propio menos el promedio de los demás, en puntos)",
    ]
    lines += table(
        ["Evaluador", "Planes", "Promedio", "Mínimo", "Máximo"],
        [
            [
                s.member.name,
                str(s.plans),
                *(fraction_points(value) or NONE for value in (s.mean_h, s.min_h, s.max_h)),
            ]
            for s in r.severity
        ],
    )

    lines += ["", "Margen en el corte (puntos que un solo evaluador tendría que cambiar)"]
    rows = []
    for m in r.margins:
        best = m.best
        rows.append(
            [
                pool[m.pool],
                m.winner or NONE,
                m.waitlisted or NONE,
                format_points(m.gap_h) or NONE,
                format_points(best.cost_h) if best else ("no es posible" if m.costs else NONE),
                best.member.name if best else NONE,
            ]
        )
    lines += table(
        [
            "Categoría",
            "Último ganador",
            "Primer accesitario",
            "Diferencia",
            "Puntos mínimos",
            "Evaluador",
        ],
        rows,
    )
    lines += [f"Categoría {pool[m.pool]}: {m.note}" for m in r.margins if m.note]

    lines += ["", "Veredicto"]
    lines += [f"{names[v.pool]}: {v.text}" for v in r.verdicts]
    return lines


def cmd_robustness(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False, readonly=True)
    try:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        found = robustness(db, args.call)
    finally:
        db.close()
    if args.format == "json":
        print(json.dumps(robustness_record(found), ensure_ascii=False, indent=2))
    else:
        print("\n".join(text_lines(found)))
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "robustness",
        help="solidez del resultado: sin cada evaluador, con el otro método, margen en el corte",
        description="Recalcula el cuadro de mérito de los planes decididos sin los puntajes de "
        "cada miembro del comité y con el otro método de consolidación; mide la severidad de "
        "cada evaluador y cuántos puntos tendría que cambiar uno solo para invertir el corte "
        "de cada categoría.",
    )
    command.add_argument("--db", required=True, help="archivo de base de datos")
    command.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    command.add_argument("--format", choices=["text", "json"], default="text")
    command.set_defaults(handler=refusing(cmd_robustness))
