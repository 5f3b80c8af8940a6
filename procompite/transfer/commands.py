"""Command-line commands ``template``, ``import`` and ``export`` (``python -m procompite ...``)."""

import argparse
import sys
from pathlib import Path

from procompite.storage.cli_support import Refused, output_file, output_problem
from procompite.storage.database import open_database
from procompite.storage.session import open_session
from procompite.transfer.exporter import export_workbook
from procompite.transfer.importer import ImportResult, import_file
from procompite.transfer.layout import SUMMARY_KEYS
from procompite.transfer.templates import TEMPLATE_KINDS, write_template

COUNT_HEADERS = ("creados", "actualizados", "sin cambios", "eliminados")


def _error(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 1


def _check_output(path: Path) -> str | None:
    """Why ``path`` cannot be written, in Spanish, or ``None``."""
    if path.is_dir():
        return f"«{path}» es una carpeta: indique el nombre del archivo .xlsx."
    if not path.parent.exists():
        return f"No existe la carpeta «{path.parent}»."
    if path.suffix.lower() != ".xlsx":
        return f"El archivo de salida «{path.name}» debe terminar en .xlsx."
    return output_problem(path)


def cmd_template(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if message := _check_output(out):
        return _error(message)
    try:
        with output_file(out) as part:
            write_template(args.kind, part)
    except Refused as error:
        return _error(str(error))
    print(f"Plantilla «{args.kind}» escrita en {out}.")
    return 0


def summary_table(result: ImportResult) -> str:
    """The created / updated / unchanged (/ removed) counts, one line per entity."""
    headers = (
        COUNT_HEADERS if any(c.removed for c in result.summary.values()) else COUNT_HEADERS[:3]
    )
    label_width = max(len(key) for key in SUMMARY_KEYS)
    lines = [" " * (label_width + 2) + "".join(f"{header:>14}" for header in headers)]
    for key in SUMMARY_KEYS:
        counts = result.summary[key]
        values = (counts.created, counts.updated, counts.unchanged, counts.removed)
        lines.append(
            f"  {key:<{label_width}}" + "".join(f"{value:>14,}" for value in values[: len(headers)])
        )
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    session = open_session(args.db)
    for notice in session.notices:
        print(f"Aviso: {notice}", file=sys.stderr)
    try:
        result = import_file(session.db, args.file, dry_run=args.dry_run)
    finally:
        session.close()
    for warning in result.warnings:
        print(f"Aviso: {warning}", file=sys.stderr)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        count = len(result.problems)
        noun = "problema" if count == 1 else "problemas"
        print(
            f"No se importó nada: {count} {noun}. Corrija el archivo y vuelva a importarlo.",
            file=sys.stderr,
        )
        return 1
    name = Path(args.file).name
    if args.dry_run:
        print(f"Revisión de «{name}» sin errores (simulación: no se guardó nada):")
    elif result.written:
        print(f"Importación de «{name}» completada:")
    else:
        print(f"Importación de «{name}»: no hay cambios, la base de datos queda igual.")
    print(summary_table(result))
    if result.changes:
        verb = "cambiarían" if args.dry_run else "cambiaron"
        print(f"Valores guardados que {verb} (antes → después):")
        for change in result.changes:
            print(f"  {change}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if message := _check_output(out):
        return _error(message)
    db = open_database(args.db, create=False, readonly=True)
    try:
        counts = export_workbook(db, out)
    except Refused as error:
        return _error(str(error))
    finally:
        db.close()
    print(f"Exportado a {out}:")
    for sheet, count in counts.items():
        print(f"  {sheet:<16}{count:>9,} filas")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``template``, ``import`` and ``export`` on the program's subcommands."""
    template = commands.add_parser("template", help="escribir una plantilla Excel para importar")
    template.add_argument("kind", choices=TEMPLATE_KINDS, help="aeo (AEO y socios) o plan")
    template.add_argument("out", metavar="SALIDA.xlsx", help="archivo .xlsx a escribir")
    template.set_defaults(handler=cmd_template)

    import_ = commands.add_parser("import", help="importar AEO, socios y planes (.xlsx o .csv)")
    import_.add_argument("file", metavar="ARCHIVO", help="archivo .xlsx o .csv")
    import_.add_argument("--db", required=True, help="archivo de base de datos")
    import_.add_argument(
        "--dry-run", action="store_true", help="solo revisar el archivo, sin guardar nada"
    )
    import_.set_defaults(handler=cmd_import)

    export = commands.add_parser("export", help="exportar AEO, socios y planes a Excel")
    export.add_argument("--db", required=True, help="archivo de base de datos")
    export.add_argument("--out", required=True, metavar="ARCHIVO.xlsx", help="archivo a escribir")
    export.set_defaults(handler=cmd_export)
