"""Command line for the committee's results: ``rank``."""

import argparse
import sys

from procompite.calls.context import unknown_call_message
from procompite.common.output import print_rows
from procompite.evaluation.results import call_results, rank_rows
from procompite.storage.database import open_database

RANK_FIELDS = [
    "plan_id",
    "code",
    "organization",
    "score",
    "verdict",
    "rank",
    "procompite_amount",
    "allocation",
    "category",
    "tie_note",
]


def cmd_rank(args: argparse.Namespace) -> int:
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
    rank.set_defaults(handler=cmd_rank)
