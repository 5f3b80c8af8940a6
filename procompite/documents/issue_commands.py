"""Command line for issuing the legal documents of a call: ``issue dictamenes`` (every decided
plan without an issued dictamen, or the plans named) and ``issue acta``, with the checks of the
window."""

import argparse
from datetime import date

from procompite.calls.context import unknown_call_message
from procompite.documents.actas import issue_acta
from procompite.documents.dictamenes import issue_dictamenes
from procompite.evaluation.results import call_results
from procompite.storage.cli_support import Refused, refusing, writing


def _issued_on(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(f"«{text}» no es una fecha aaaa-mm-dd.") from None


def cmd_dictamenes(args: argparse.Namespace) -> int:
    on = _issued_on(args.date)
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        plans = call_results(db, args.call, on).plans
        if args.plans:
            wanted = {code.strip().casefold() for code in args.plans.split(",") if code.strip()}
            if not wanted:
                raise Refused(
                    "--plans no nombra ningún plan: escriba sus códigos separados por comas."
                )
            chosen = [plan for plan in plans if plan.code.casefold() in wanted]
            unknown = wanted - {plan.code.casefold() for plan in chosen}
            if unknown:
                raise Refused(
                    f"la convocatoria no tiene en evaluación: {', '.join(sorted(unknown))}."
                )
        else:
            chosen = [plan for plan in plans if plan.verdict is not None and not plan.issued]
        if not chosen:
            raise Refused("no hay planes decididos sin dictamen emitido.")
        numbers = issue_dictamenes(
            db, args.call, [p.plan_id for p in chosen], actor=args.actor, on=on
        )
    print(f"{len(numbers)} dictamen(es) emitidos: {', '.join(numbers)}.")
    return 0


def cmd_acta(args: argparse.Namespace) -> int:
    on = _issued_on(args.date)
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        number = issue_acta(db, args.call, actor=args.actor, on=on)
    print(f"Acta {number} emitida.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("issue", help="emitir los dictámenes o el acta de una convocatoria")
    kinds = group.add_subparsers(dest="kind", required=True, metavar="DOCUMENTO")
    for name, help_text, handler in (
        ("dictamenes", "dictámenes de los planes decididos", cmd_dictamenes),
        ("acta", "acta de evaluación de la convocatoria", cmd_acta),
    ):
        parser = kinds.add_parser(name, help=help_text)
        parser.add_argument("--db", required=True, help="archivo de base de datos")
        parser.add_argument("--call", type=int, required=True, help="número de la convocatoria")
        parser.add_argument("--date", help="fecha de emisión aaaa-mm-dd (hoy)")
        parser.add_argument("--usuario", dest="actor", default="línea de comandos")
        if name == "dictamenes":
            parser.add_argument("--plans", help="códigos de planes separados por comas (todos)")
        parser.set_defaults(handler=refusing(handler))
