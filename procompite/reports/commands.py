"""Command line for printed reports and their verification:
``python -m procompite report KIND ...`` and ``python -m procompite verify CODE``."""

import argparse
import sys
from pathlib import Path

from sqlite_utils.db import NotFoundError

from procompite.calls import unknown_call_message
from procompite.database import open_database
from procompite.reports.letterhead import letterhead


def _fail(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 2


def cmd_priorizacion(args: argparse.Namespace) -> int:
    from procompite.reports.prioritization import build_report, render_report

    db = open_database(args.db, create=False, readonly=True)
    try:
        report = build_report(db, args.exercise)
    except NotFoundError:
        return _fail(f"no existe el ejercicio de priorización {args.exercise}.")
    finally:
        db.close()
    render_report(report, Path(args.out))
    print(f"Informe de priorización escrito en {args.out}.")
    return 0


def cmd_dictamen(args: argparse.Namespace) -> int:
    from procompite.reports.dictamen import load_dictamen, render_dictamen

    db = open_database(args.db, create=False, readonly=True)
    try:
        document = load_dictamen(db, args.plan)
        head = letterhead(db)
    except NotFoundError:
        return _fail(f"no existe el plan de negocio {args.plan}.")
    except LookupError:
        return _fail(f"el plan {args.plan} no está en evaluación: no tiene dictamen que imprimir.")
    finally:
        db.close()
    render_dictamen(document, head, Path(args.out))
    state = "borrador (el dictamen no está emitido)" if document.draft else document.number
    print(f"Dictamen {state} del plan {document.plan_code} escrito en {args.out}.")
    return 0


def cmd_dictamenes(args: argparse.Namespace) -> int:
    from procompite.reports.batch import file_per_plan, one_file
    from procompite.reports.dictamen import call_dictamenes

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
        one_file(documents, head, out)
        print(f"{len(documents)} dictámenes escritos en {out}.")
    else:
        written = file_per_plan(documents, head, out)
        print(f"{len(written)} dictámenes escritos en la carpeta {out}.")
    return 0


def cmd_acta(args: argparse.Namespace) -> int:
    from procompite.reports.acta import load_acta, render_acta

    db = open_database(args.db, create=False, readonly=True)
    try:
        if message := unknown_call_message(db, args.call):
            return _fail(message)
        document = load_acta(db, args.call)
        head = letterhead(db)
    finally:
        db.close()
    render_acta(document, head, Path(args.out))
    state = "borrador (el acta no está emitida)" if document.draft else document.snapshot["numero"]
    print(f"Acta {state} escrita en {args.out}.")
    return 0


def cmd_ficha(args: argparse.Namespace) -> int:
    from procompite.reports.ficha import build_ficha, render_ficha

    db = open_database(args.db, create=False, readonly=True)
    try:
        ficha = build_ficha(db, args.organization)
        head = letterhead(db)
    except NotFoundError:
        return _fail(f"no existe el AEO {args.organization}.")
    finally:
        db.close()
    render_ficha(ficha, head, Path(args.out))
    print(f"Ficha de {ficha['aeo']['nombre']} escrita en {args.out}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from procompite.verification import verify

    db = open_database(args.db, create=False, readonly=True)
    try:
        result = verify(db, args.code)
    finally:
        db.close()
    print("\n".join(result.lines()))
    return 0 if result.valid else 1


def _with_db_and_out(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("--db", required=True, help="archivo de base de datos")
    parser.add_argument("--out", required=True, help=out_help)


def add_report_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="imprimir un reporte en PDF")
    kinds = report.add_subparsers(dest="kind", required=True, metavar="REPORTE")

    priorizacion = kinds.add_parser("priorizacion", help="informe de priorización de cadenas")
    _with_db_and_out(priorizacion, "archivo PDF a escribir")
    priorizacion.add_argument("--exercise", type=int, required=True)
    priorizacion.set_defaults(handler=cmd_priorizacion)

    dictamen = kinds.add_parser(
        "dictamen", help="dictamen de evaluación de un plan (borrador si no está emitido)"
    )
    _with_db_and_out(dictamen, "archivo PDF a escribir")
    dictamen.add_argument("--plan", type=int, required=True, help="número del plan")
    dictamen.set_defaults(handler=cmd_dictamen)

    dictamenes = kinds.add_parser(
        "dictamenes", help="todos los dictámenes emitidos de una convocatoria"
    )
    _with_db_and_out(dictamenes, "carpeta (un PDF por plan) o, con --un-archivo, el PDF")
    dictamenes.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    dictamenes.add_argument(
        "--un-archivo", action="store_true", help="todos en un solo PDF, cada uno con su numeración"
    )
    dictamenes.add_argument(
        "--borradores",
        action="store_true",
        help="incluir un borrador por cada plan en evaluación sin dictamen emitido",
    )
    dictamenes.set_defaults(handler=cmd_dictamenes)

    acta = kinds.add_parser(
        "acta", help="acta de evaluación de una convocatoria (borrador si no está emitida)"
    )
    _with_db_and_out(acta, "archivo PDF a escribir")
    acta.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    acta.set_defaults(handler=cmd_acta)

    ficha = kinds.add_parser("ficha", help="ficha de un AEO")
    _with_db_and_out(ficha, "archivo PDF a escribir")
    ficha.add_argument("--organization", type=int, required=True, help="número del AEO")
    ficha.set_defaults(handler=cmd_ficha)

    verify = commands.add_parser(
        "verify", help="comprobar el código de verificación de un dictamen o acta impreso"
    )
    verify.add_argument("--db", required=True, help="archivo de base de datos")
    verify.add_argument("code", metavar="CODIGO", help="código impreso, p. ej. F4C3-36AF-5775-2D4E")
    verify.set_defaults(handler=cmd_verify)
