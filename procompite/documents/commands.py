"""Command line for printed reports and their verification:
``python -m procompite report KIND ...``, ``python -m procompite verify CODE`` and
``python -m procompite verify --all`` (every issued document and the audit trail's chain)."""

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
    "evaluacion": "member",
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

    if args.all and args.code:
        return _fail("indique un CODIGO o --all, no ambos.")
    if not (args.all or args.code):
        return _fail("indique el CODIGO impreso en el documento, o --all para comprobarlo todo.")
    db = open_database(args.db, create=False, readonly=True)
    try:
        if args.all:
            lines, valid = _verify_all(db)
        else:
            result = verify(db, args.code)
            lines, valid = result.lines(), result.valid
    finally:
        db.close()
    print("\n".join(lines))
    return 0 if valid else 1


def _document_finding(result) -> str | None:
    """The line for an issued document that fails, or ``None`` when it holds.

    A reopened dictamen or a replaced acta no longer binds: only its stored content is checked,
    since the data it was issued from may have changed since."""
    name = f"{result.kind.capitalize()} {result.number} (código {result.code})"
    if not result.intact:
        return f"{name}: NO VÁLIDO, el contenido guardado fue alterado y ya no da su código."
    if result.signature_problem:
        return f"{name}: NO VÁLIDO, {result.signature_problem}."
    if result.in_force and result.differences:
        more = len(result.differences) - 1
        rest = f" (y {more} diferencias más)" if more else ""
        return f"{name}: NO VÁLIDO, los datos actuales difieren: {result.differences[0]}{rest}."
    return None


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _verify_all(db) -> tuple[list[str], bool]:
    """Every issued dictamen and acta, and the audit trail's chain: the findings and a summary."""
    from procompite.documents.verification import verify
    from procompite.storage.audit_chain import check

    codes = [
        row[0]
        for row in db.execute(
            "SELECT verification_code FROM dictamenes UNION ALL SELECT verification_code FROM actas"
        )
    ]
    lines = []
    withdrawn = 0
    for code in codes:
        result = verify(db, code)
        if finding := _document_finding(result):
            lines.append(finding)
        elif not result.in_force:
            withdrawn += 1
    failed = len(lines)
    chain = check(db)
    lines += chain.lines()
    problems = len(chain.findings) + chain.more + (0 if chain.chained else 1)
    documents = _count(len(codes), "documento emitido", "documentos emitidos")
    if withdrawn:
        documents += (
            f" ({_count(withdrawn, 'reabierto o reemplazado', 'reabiertos o reemplazados')})"
        )
    rows = _count(chain.rows, "fila", "filas")
    if not (failed or problems):
        lines.append(f"VÁLIDO: {documents} y el registro de auditoría ({rows}) están intactos.")
        return lines, True
    verb = "falla" if failed == 1 else "fallan"
    whole = "intacto" if len(codes) == 1 else "intactos"
    read = f"{failed} de {documents} {verb}" if failed else f"{documents} {whole}"
    trail = f"{_count(problems, 'hallazgo', 'hallazgos')}" if problems else "intacto"
    lines.append(f"NO VÁLIDO: {read}; registro de auditoría ({rows}): {trail}.")
    return lines, False


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
    _document(
        kinds,
        "evaluacion",
        "ficha de evaluación de un miembro del comité (en su paquete)",
        "member",
        "número del miembro",
    )

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
        "verify",
        help="comprobar el código de verificación de un dictamen o acta impreso, o con --all "
        "todos los documentos emitidos y el registro de auditoría",
    )
    verify.add_argument("--db", required=True, help="archivo de base de datos")
    verify.add_argument(
        "code", metavar="CODIGO", nargs="?", help="código impreso, p. ej. F4C3-36AF-5775-2D4E"
    )
    verify.add_argument(
        "--all",
        action="store_true",
        help="comprobar todos los dictámenes y actas emitidos y la cadena del registro de "
        "auditoría",
    )
    verify.set_defaults(handler=cmd_verify)
