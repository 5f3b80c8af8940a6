"""Command line for printed reports: ``python -m procompite report KIND ...``."""

import argparse
import sys
from pathlib import Path

from sqlite_utils.db import NotFoundError

from procompite.database import open_database


def cmd_priorizacion(args: argparse.Namespace) -> int:
    from procompite.reports.prioritization import build_report, render_report

    db = open_database(args.db, create=False)
    try:
        report = build_report(db, args.exercise)
    except NotFoundError:
        print(f"Error: no existe el ejercicio de priorización {args.exercise}.", file=sys.stderr)
        return 2
    finally:
        db.close()
    render_report(report, Path(args.out))
    print(f"Informe de priorización escrito en {args.out}.")
    return 0


def add_report_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="imprimir un reporte en PDF")
    kinds = report.add_subparsers(dest="kind", required=True, metavar="REPORTE")
    priorizacion = kinds.add_parser("priorizacion", help="informe de priorización de cadenas")
    priorizacion.add_argument("--db", required=True)
    priorizacion.add_argument("--exercise", type=int, required=True)
    priorizacion.add_argument("--out", required=True)
    priorizacion.set_defaults(handler=cmd_priorizacion)
