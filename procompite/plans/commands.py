"""Command line ``admission``: the admissibility review of a call's registered plans, each
admitted to evaluation or declared inadmissible with what it lacks."""

import argparse
import getpass

from procompite.calls.context import unknown_call_message
from procompite.plans.admissibility import INADMISSIBLE, review_call
from procompite.storage.cli_support import Refused, refusing, writing


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


def add_commands(commands: argparse._SubParsersAction) -> None:
    admission = commands.add_parser(
        "admission", help="revisar la admisibilidad de los planes registrados"
    )
    admission.add_argument("--db", required=True, help="archivo de base de datos")
    admission.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    admission.add_argument("--plans", help="códigos de los planes, separados por comas")
    admission.add_argument("--actor", help="quién revisa (por defecto, el usuario del sistema)")
    admission.set_defaults(handler=refusing(cmd_admission))
