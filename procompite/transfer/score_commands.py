"""Command line for scoring from a spreadsheet: ``score-template`` and ``score``."""

import argparse
import sys

from procompite.calls.context import unknown_call_message
from procompite.storage.cli_support import Refused, check_folder_of, reading, refusing, writing
from procompite.transfer.errors import SpreadsheetError
from procompite.transfer.score_sheets import load_score_file, write_score_template


def cmd_score_template(args: argparse.Namespace) -> int:
    check_folder_of(args.out)
    with reading(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        rows = write_score_template(db, args.call, args.member, args.out)
    print(f"Plantilla de calificación guardada en {args.out} ({rows} filas).")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        try:
            loaded = load_score_file(
                db,
                args.call,
                args.member,
                args.pin,
                args.file,
                submit=args.submit,
                dry_run=args.dry_run,
            )
        except SpreadsheetError as error:
            raise Refused(str(error)) from None
    verb = "Se revisó (sin guardar)" if args.dry_run else "Se guardó"
    sent = " y se enviaron" if args.submit and not args.dry_run else ""
    print(
        f"{verb}: {loaded.scores} puntaje(s) en {len(loaded.saved)} ficha(s){sent}; "
        f"{len(loaded.declared)} plan(es) declarados sin conflicto.",
        file=sys.stderr,
    )
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    template = commands.add_parser(
        "score-template", help="plantilla de calificación (CSV) de un miembro del comité"
    )
    template.add_argument("--db", required=True)
    template.add_argument("--call", type=int, required=True)
    template.add_argument("--member", type=int, required=True)
    template.add_argument("--out", required=True, metavar="SALIDA.csv")
    template.set_defaults(handler=refusing(cmd_score_template))
    score = commands.add_parser(
        "score", help="cargar las calificaciones de un miembro desde su plantilla (CSV)"
    )
    score.add_argument("file", metavar="ARCHIVO.csv")
    score.add_argument("--db", required=True)
    score.add_argument("--call", type=int, required=True)
    score.add_argument("--member", type=int, required=True)
    score.add_argument("--pin", default="", help="PIN del miembro (si lo fijó)")
    score.add_argument("--submit", action="store_true", help="enviar las fichas completas")
    score.add_argument("--dry-run", action="store_true", help="solo revisar, sin guardar")
    score.set_defaults(handler=refusing(cmd_score))
