"""Command line: ``python -m procompite COMMAND ...`` for everything that needs no window."""

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence

from procompite.documents.commands import add_report_commands
from procompite.evaluation.commands import add_results_commands
from procompite.prioritization.commands import add_prioritization_commands
from procompite.storage.backups import BackupError
from procompite.storage.checks import DatabaseError, explain, is_disk_full
from procompite.storage.commands import add_backup_commands
from procompite.storage.database import open_database
from procompite.storage.settings import counts, is_demo
from procompite.transfer.commands import add_transfer_commands

COUNT_LABELS = {
    "departments": "departamentos",
    "provinces": "provincias",
    "districts": "distritos",
    "chains": "cadenas productivas",
    "department_chains": "cadenas priorizadas por departamento",
    "prioritizations": "ejercicios de priorización",
    "calls": "convocatorias",
    "organizations": "agentes económicos (AEO)",
    "members": "socios",
    "plans": "planes de negocio",
    "plan_budget_lines": "líneas de presupuesto",
    "plan_cash_flows": "años de flujo de caja",
    "committee_members": "miembros del comité",
    "evaluations": "fichas de evaluación",
    "scores": "puntajes",
}


def _print_counts(counts: dict[str, int]) -> None:
    width = max(len(label) for label in COUNT_LABELS.values())
    for table, count in counts.items():
        print(f"  {COUNT_LABELS.get(table, table):<{width}}  {count:>7,}")


def cmd_demo(args: argparse.Namespace) -> int:
    from procompite.demo import build_demo

    counts = build_demo(args.db, force=args.force)
    print(f"Base de datos de demostración creada en {args.db}:")
    _print_counts(counts)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from procompite.demo.region import RegionSize, build_region

    size = RegionSize(
        args.organizations, args.members, args.plans, args.evaluators, args.plans_per_call
    )
    if problems := size.problems():
        print("Error: no se puede generar con esos tamaños:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    counts = build_region(args.db, size, force=args.force)
    print(
        f"Base de datos grande generada en {args.db} "
        f"({time.perf_counter() - started:.0f} s, {size.calls} convocatoria(s)):"
    )
    _print_counts(counts)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False, readonly=True)
    from procompite.storage.database import schema_version

    print(
        f"{args.db}: esquema {schema_version(db)}"
        + (" — DATOS DE DEMOSTRACIÓN" if is_demo(db) else "")
    )
    _print_counts(counts(db))
    db.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m procompite",
        description="PROCOMPITE: herramientas de línea de comandos (sin ventana).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")

    demo = commands.add_parser("demo", help="crear la base de datos de demostración")
    demo.add_argument("--db", required=True, help="archivo de base de datos a crear")
    demo.add_argument("--force", action="store_true", help="reemplazar el archivo si existe")
    demo.set_defaults(handler=cmd_demo)

    generate = commands.add_parser(
        "generate",
        help="generar una base grande y realista (pruebas de rendimiento)",
        description="Genera una región grande con las distribuciones de la demostración: AEO "
        "con sus padrones, planes en convocatorias anuales, fichas, veredictos, "
        "cuadros de mérito y dictámenes. Los mismos tamaños dan siempre la misma base.",
    )
    generate.add_argument("--db", required=True, help="archivo de base de datos a crear")
    generate.add_argument("--organizations", type=int, default=5000, help="AEO (5000)")
    generate.add_argument("--members", type=int, default=100_000, help="socios en total (100000)")
    generate.add_argument("--plans", type=int, default=2000, help="planes de negocio (2000)")
    generate.add_argument(
        "--evaluators",
        type=int,
        default=7,
        help="personas que forman los comités, 5 por convocatoria (7)",
    )
    generate.add_argument(
        "--plans-per-call", type=int, default=500, help="planes por convocatoria, a lo más (500)"
    )
    generate.add_argument("--force", action="store_true", help="reemplazar una base generada")
    generate.set_defaults(handler=cmd_generate)

    info = commands.add_parser("info", help="resumen de una base de datos")
    info.add_argument("--db", required=True, help="archivo de base de datos")
    info.set_defaults(handler=cmd_info)

    add_transfer_commands(commands)
    add_prioritization_commands(commands)
    add_results_commands(commands)
    add_report_commands(commands)
    add_backup_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (DatabaseError, BackupError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except sqlite3.Error as error:
        print(f"Error: {explain(error, getattr(args, 'db', None))}", file=sys.stderr)
        return 2
    except OSError as error:
        if not is_disk_full(error):
            raise
        print(f"Error: {explain(error)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
