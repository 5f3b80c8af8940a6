"""Command line for printed reports and their verification:
``python -m procompite report KIND ...`` and ``python -m procompite verify CODE``."""

import argparse
import sys
from pathlib import Path

from procompite.calls.context import unknown_call_message
from procompite.calls.entity import letterhead
from procompite.documents.catalog import ReportError, render
from procompite.storage.cli_support import (
    check_output,
    folder_problem,
    output_file,
    why_not_written,
)
from procompite.storage.database import open_database

ITEM_ARGUMENT = {
    "dictamen": "plan",
    "acta": "call",
    "ficha": "organization",
    "priorizacion": "exercise",
    "bases": "call",
}


def _fail(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 2


def cmd_document(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False, readonly=True)
    try:
        check_output(args.out)
        report = render(db, args.kind, getattr(args, ITEM_ARGUMENT[args.kind]))
    except ReportError as error:
        return _fail(str(error))
    finally:
        db.close()
    with output_file(args.out) as part:
        part.write_bytes(report.data)
    print(f"{report.note}\nEscrito en {args.out}.")
    return 0


def _folder_refusal(folder: Path) -> str | None:
    """Why the dictámenes cannot be written one per file into ``folder``, or ``None``."""
    if folder.exists() and not folder.is_dir():
        return (
            f"No se pueden escribir los dictámenes en «{folder}»: es un archivo, no una carpeta "
            "(para un solo PDF, use --un-archivo)."
        )
    existing = next(path for path in (folder, *folder.parents) if path.exists())
    if reason := folder_problem(existing):
        return f"No se pueden escribir los dictámenes en «{folder}»: {reason}"
    return None


def cmd_dictamenes(args: argparse.Namespace) -> int:
    from procompite.documents.dictamen_document import call_dictamenes
    from procompite.documents.pdf.batch import file_per_plan, one_file

    db = open_database(args.db, create=False, readonly=True)
    try:
        if message := unknown_call_message(db, args.call):
            return _fail(message)
        documents = call_dictamenes(db, args.call, drafts=args.borradores)
        head = letterhead(db)
    finally:
        db.close()
    if not documents:
        return _fail(
            f"la convocatoria {args.call} no tiene dictámenes emitidos; emítalos en Evaluación "
            "o use --borradores."
        )
    out = Path(args.out)
    if args.un_archivo:
        with output_file(out) as part:
            one_file(documents, head, part)
        print(f"{len(documents)} dictámenes escritos en {out}.")
        return 0
    if message := _folder_refusal(out):
        return _fail(message)
    try:
        written = file_per_plan(documents, head, out)
    except OSError as error:
        return _fail(
            f"No se pueden escribir los dictámenes en «{out}»: {why_not_written(error, out)}"
        )
    print(f"{len(written)} dictámenes escritos en la carpeta {out}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from procompite.documents.verification import verify

    db = open_database(args.db, create=False, readonly=True)
    try:
        result = verify(db, args.code)
    finally:
        db.close()
    print("\n".join(result.lines()))
    return 0 if result.valid else 1


def _document(kinds, name: str, help_text: str, item: str, item_help: str) -> None:
    parser = kinds.add_parser(name, help=help_text)
    parser.add_argument("--db", required=True, help="archivo de base de datos")
    parser.add_argument(f"--{item}", type=int, required=True, help=item_help)
    parser.add_argument("--out", required=True, help="archivo PDF a escribir")
    parser.set_defaults(handler=cmd_document)


def add_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="imprimir un reporte en PDF")
    kinds = report.add_subparsers(dest="kind", required=True, metavar="REPORTE")
    _document(
        kinds,
        "dictamen",
        "dictamen de evaluación de un plan (borrador si no está emitido)",
        "plan",
        "número del plan",
    )
    _document(
        kinds,
        "acta",
        "acta de evaluación de una convocatoria (borrador si no está emitida)",
        "call",
        "número de la convocatoria",
    )
    _document(kinds, "ficha", "ficha de un AEO", "organization", "número del AEO")
    _document(
        kinds,
        "priorizacion",
        "informe de priorización de cadenas",
        "exercise",
        "número del ejercicio de priorización",
    )

    _document(kinds, "bases", "bases de una convocatoria", "call", "número de la convocatoria")

    dictamenes = kinds.add_parser(
        "dictamenes", help="todos los dictámenes emitidos de una convocatoria"
    )
    dictamenes.add_argument("--db", required=True, help="archivo de base de datos")
    dictamenes.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    dictamenes.add_argument(
        "--out", required=True, help="carpeta (un PDF por plan) o, con --un-archivo, el PDF"
    )
    dictamenes.add_argument(
        "--un-archivo", action="store_true", help="todos en un solo PDF, cada uno con su numeración"
    )
    dictamenes.add_argument(
        "--borradores",
        action="store_true",
        help="incluir un borrador por cada plan en evaluación sin dictamen emitido",
    )
    dictamenes.set_defaults(handler=cmd_dictamenes)

    verify = commands.add_parser(
        "verify", help="comprobar el código de verificación de un dictamen o acta impreso"
    )
    verify.add_argument("--db", required=True, help="archivo de base de datos")
    verify.add_argument("code", metavar="CODIGO", help="código impreso, p. ej. F4C3-36AF-5775-2D4E")
    verify.set_defaults(handler=cmd_verify)
