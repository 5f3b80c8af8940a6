"""Command line ``appeal``: record an appeal against a plan's dictamen, resolve it, list a call's
appeals and print a resolution."""

import argparse
import getpass
from datetime import date
from pathlib import Path

from procompite.calls.context import unknown_call_message
from procompite.documents.appeals import appeals, decide_appeal, file_appeal, resolution
from procompite.documents.letterheads import document_letterhead
from procompite.documents.pdf.resolution import render_resolution
from procompite.storage.cli_support import (
    Refused,
    check_output,
    day_option,
    output_file,
    reading,
    refusing,
    writing,
)


def cmd_file(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        appeal_id = file_appeal(
            db,
            args.call,
            args.plan,
            appellant=args.by,
            filed_on=day_option(args.filed) or date.today(),
            grounds=args.grounds,
            attachments=args.attach or [],
            notified_on=day_option(args.notified),
            actor=args.actor or getpass.getuser(),
        )
        listed = {appeal.id: appeal for appeal in appeals(db, args.call)}
    print(listed[appeal_id])
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        number = decide_appeal(
            db,
            args.appeal,
            args.decision,
            args.reasons,
            actor=args.actor or getpass.getuser(),
            on=day_option(args.date),
        )
    print(f"Recurso {args.appeal} resuelto: resolución {number}.")
    if args.decision == "fundado":
        print("El dictamen impugnado quedó reabierto: evalúe el plan de nuevo y emita otro.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        found = appeals(db, args.call)
    if not found:
        print("La convocatoria no tiene recursos.")
    for appeal in found:
        print(appeal)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_output(out)
    with reading(args.db) as db:
        snapshot, code = resolution(db, args.appeal)
        head = document_letterhead(db, snapshot)
    with output_file(out) as part:
        render_resolution(snapshot, code, head, part)
    print(f"Resolución {snapshot['numero']} escrita en {out}. Código de verificación {code}.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    appeal = commands.add_parser("appeal", help="recursos contra los resultados y su resolución")
    verbs = appeal.add_subparsers(dest="verb", required=True, metavar="ACCIÓN")
    filed = verbs.add_parser("file", help="registrar un recurso contra el dictamen de un plan")
    filed.add_argument("--db", required=True, help="archivo de base de datos")
    filed.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    filed.add_argument("--plan", required=True, help="código del plan cuyo dictamen se impugna")
    filed.add_argument("--by", required=True, help="quién presenta el recurso")
    filed.add_argument("--filed", help="fecha de presentación aaaa-mm-dd (por defecto, hoy)")
    filed.add_argument("--notified", help="fecha de notificación (por defecto, la del dictamen)")
    filed.add_argument("--grounds", required=True, help="fundamentos del recurso")
    filed.add_argument("--attach", action="append", help="documento adjunto (puede repetirse)")
    filed.add_argument("--actor", help="quién lo registra")
    filed.set_defaults(handler=refusing(cmd_file))
    decided = verbs.add_parser("decide", help="resolver un recurso (emite la resolución)")
    decided.add_argument("--db", required=True, help="archivo de base de datos")
    decided.add_argument("--appeal", type=int, required=True, help="número del recurso")
    decided.add_argument(
        "--decision", required=True, choices=("fundado", "infundado", "improcedente")
    )
    decided.add_argument("--reasons", required=True, help="motivos de la decisión")
    decided.add_argument("--date", help="fecha de la resolución aaaa-mm-dd (por defecto, hoy)")
    decided.add_argument("--actor", help="quién lo resuelve")
    decided.set_defaults(handler=refusing(cmd_decide))
    listed = verbs.add_parser("list", help="los recursos de una convocatoria")
    listed.add_argument("--db", required=True, help="archivo de base de datos")
    listed.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    listed.set_defaults(handler=refusing(cmd_list))
    printed = verbs.add_parser("print", help="imprimir la resolución de un recurso")
    printed.add_argument("--db", required=True, help="archivo de base de datos")
    printed.add_argument("--appeal", type=int, required=True, help="número del recurso")
    printed.add_argument("--out", required=True, help="archivo PDF a escribir")
    printed.set_defaults(handler=refusing(cmd_print))
