"""Command line ``admission``: the admissibility review of a call's registered plans, each
admitted to evaluation or declared inadmissible with what it lacks; ``correction``: what an
observed plan corrected, within its term, which admits it again."""

import argparse
import getpass
from datetime import date

from procompite.calls.context import unknown_call_message
from procompite.plans.admissibility import INADMISSIBLE, review_call
from procompite.plans.corrections import record_correction
from procompite.storage.cli_support import Refused, day_option, refusing, writing


def cmd_admission(args: argparse.Namespace) -> int:
    codes = [code.strip() for code in args.plans.split(",") if code.strip()] if args.plans else None
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        reviews = review_call(db, args.call, actor=args.actor or getpass.getuser(), codes=codes)
    if not reviews:
        print("No hay planes registrados por revisar en esta convocatoria.")
        return 0
    for review in reviews:
        print(review)
    refused = sum(review.decision == INADMISSIBLE for review in reviews)
    print(
        f"{len(reviews) - refused} admitidos a evaluación, {refused} declarados inadmisibles "
        "(no llegan a la calificación)."
    )
    return 0


def cmd_correction(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        row = db.execute(
            "SELECT id FROM plans WHERE call_id = ? AND code = ?", [args.call, args.plan]
        ).fetchone()
        if row is None:
            raise Refused(f"la convocatoria no tiene el plan {args.plan}.")
        filed_on = day_option(args.date) or date.today()
        record_correction(
            db, row[0], args.what, filed_on=filed_on, actor=args.actor or getpass.getuser()
        )
    print(f"Subsanación del plan {args.plan} registrada: vuelve a evaluación en una nueva ronda.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    admission = commands.add_parser(
        "admission", help="revisar la admisibilidad de los planes registrados"
    )
    admission.add_argument("--db", required=True, help="archivo de base de datos")
    admission.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    admission.add_argument("--plans", help="códigos de los planes, separados por comas")
    admission.add_argument("--actor", help="quién revisa (por defecto, el usuario del sistema)")
    admission.set_defaults(handler=refusing(cmd_admission))
    correction = commands.add_parser(
        "correction", help="registrar la subsanación de un plan observado (vuelve a evaluación)"
    )
    correction.add_argument("--db", required=True, help="archivo de base de datos")
    correction.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    correction.add_argument("--plan", required=True, help="código del plan observado")
    correction.add_argument("--what", required=True, help="qué se corrigió")
    correction.add_argument("--date", help="fecha de la subsanación aaaa-mm-dd (por defecto, hoy)")
    correction.add_argument("--actor", help="quién la registra")
    correction.set_defaults(handler=refusing(cmd_correction))
