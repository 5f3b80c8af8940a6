"""Command line for issuing the legal documents of a call: ``issue dictamenes`` (every decided
plan without an issued dictamen, or the plans named) and ``issue acta``, with the hours of the
session and its absent members, with the checks of the window."""

import argparse
from datetime import date, datetime, time

from procompite.calls.context import unknown_call_message
from procompite.documents.actas import ActaSession, issue_acta
from procompite.documents.dictamenes import issue_dictamenes
from procompite.evaluation.results import call_results
from procompite.storage.cli_support import Refused, day_option, refusing, writing


def _hour(text: str | None, option: str) -> time | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise Refused(f"{option} «{text}» no es una hora hh:mm (por ejemplo 09:30).") from None


def _session(args: argparse.Namespace) -> ActaSession:
    """The session as the options give it: both hours or neither, the absent members' ids."""
    start, end = _hour(args.start, "--start"), _hour(args.end, "--end")
    if (start is None) != (end is None):
        raise Refused(
            "indique la hora de inicio y la de término juntas: --start hh:mm --end hh:mm."
        )
    absent = set()
    for item in (args.absent or "").split(","):
        if not item.strip():
            continue
        if not item.strip().isdigit():
            raise Refused(
                f"--absent «{item.strip()}» no es el número de un miembro del comité: escriba "
                "sus números separados por comas."
            )
        absent.add(int(item))
    return ActaSession(start, end, frozenset(absent))


def cmd_dictamenes(args: argparse.Namespace) -> int:
    on = day_option(args.date) or date.today()
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
    on = day_option(args.date) or date.today()
    session = _session(args)
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        number = issue_acta(db, args.call, actor=args.actor, on=on, session=session)
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
        else:
            parser.add_argument("--start", help="hora de inicio de la sesión, hh:mm")
            parser.add_argument("--end", help="hora de término de la sesión, hh:mm")
            parser.add_argument(
                "--absent",
                metavar="MIEMBROS",
                help="números de los miembros del comité que no asistieron, separados por comas "
                "(todos asistieron)",
            )
        parser.set_defaults(handler=refusing(handler))
