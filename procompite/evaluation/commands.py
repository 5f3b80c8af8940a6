"""Command line for the committee's results: ``rank``."""

import argparse
import sys

from procompite.calls.context import unknown_call_message
from procompite.common.output import print_rows
from procompite.evaluation.results import call_results, rank_rows, save_ranking
from procompite.storage.cli_support import Refused, refusing, writing
from procompite.storage.database import open_database

RANK_FIELDS = [
    "plan_id",
    "code",
    "organization",
    "score",
    "bonus",
    "final",
    "verdict",
    "rank",
    "procompite_amount",
    "allocation",
    "category",
    "tie_note",
]


def cmd_rank(args: argparse.Namespace) -> int:
    if args.save:
        with writing(args.db) as db:
            if message := unknown_call_message(db, args.call):
                raise Refused(message)
            changed = save_ranking(db, args.call, actor=args.actor)
        print(f"Cuadro de mérito guardado: {changed} plan(es) cambiaron.", file=sys.stderr)
    db = open_database(args.db, create=False, readonly=True)
    try:
        if message := unknown_call_message(db, args.call):
            print(f"Error: {message}", file=sys.stderr)
            return 2
        rows = rank_rows(call_results(db, args.call))
    finally:
        db.close()
    print_rows(rows, RANK_FIELDS, args.format)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    rank = commands.add_parser(
        "rank", help="cuadro de mérito y asignación del presupuesto de una convocatoria"
    )
    rank.add_argument("--db", required=True, help="archivo de base de datos")
    rank.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    rank.add_argument("--format", choices=["csv", "json"], default="csv")
    rank.add_argument("--save", action="store_true", help="guardar el cuadro de mérito calculado")
    rank.add_argument("--usuario", dest="actor", default="línea de comandos")
    rank.set_defaults(handler=refusing(cmd_rank))
