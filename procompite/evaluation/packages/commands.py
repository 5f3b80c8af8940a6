"""Command line for evaluation packages: ``package create``, ``seal``, ``merge``, ``list``."""

import argparse
import sys

from procompite.calls.context import unknown_call_message
from procompite.common.dates import format_moment
from procompite.evaluation.packages.building import create_package
from procompite.evaluation.packages.merging import KEEP_FILE, KEEP_PACKAGE, Merge, merge_package
from procompite.evaluation.packages.sealing import seal_package
from procompite.storage.cli_support import Refused, check_output, reading, refusing, writing


def cmd_create(args: argparse.Namespace) -> int:
    check_output(args.out)
    with writing(args.db) as db:
        if message := unknown_call_message(db, args.call):
            raise Refused(message)
        package_id = create_package(
            db, args.call, args.member, args.pin, args.out, actor=args.actor
        )
    print(f"Paquete {package_id} guardado en {args.out}.")
    return 0


def cmd_seal(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        revision = seal_package(db, args.pin)
    print(f"Paquete sellado (versión {revision}); ya puede devolverse a la secretaría.")
    return 0


def _keep(pairs: list[str]) -> dict[str, str]:
    keep = {}
    for pair in pairs:
        plan, _, side = pair.partition("=")
        if side not in (KEEP_PACKAGE, KEEP_FILE):
            raise Refused(f"--keep {pair}: use PLAN={KEEP_PACKAGE} o PLAN={KEEP_FILE}.")
        keep[plan.strip()] = side
    return keep


def print_merge(merge: Merge) -> None:
    print(f"Paquete de {merge.member}, versión {merge.revision}.")
    if merge.already_merged:
        print("Ya estaba incorporado: no hay nada que cambiar.")
        return
    for change in merge.changes:
        print(f"  {change.line()}")
    for conflict in merge.conflicts:
        print(f"  CONFLICTO en {conflict.plan}: cambió en este archivo y en el paquete.")
        for line in conflict.in_file:
            print(f"    en este archivo: {line}")
        for line in conflict.in_package:
            print(f"    en el paquete:  {line}")


def cmd_merge(args: argparse.Namespace) -> int:
    keep = _keep(args.keep)
    with writing(args.db) as db:
        merge = merge_package(
            db, args.file, actor=args.actor, keep=keep, reason=args.reason, dry_run=args.dry_run
        )
    print_merge(merge)
    if merge.conflicts:
        print(
            "Nada se incorporó: decida cada conflicto con --keep PLAN=paquete|archivo y --motivo.",
            file=sys.stderr,
        )
        return 1
    if merge.applied:
        print(
            f"Incorporado: {len(merge.changes)} cambio(s)."
            if merge.changes
            else "El paquete no trae cambios; se registró su versión.",
            file=sys.stderr,
        )
    elif args.dry_run and not merge.already_merged:
        print("Prueba: no se guardó nada.", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args.db) as db:
        rows = db.execute(
            "SELECT p.id, m.full_name, p.created_at, p.merged_revision, p.merged_at "
            "FROM evaluation_packages p JOIN committee_members m ON m.id = p.committee_member_id "
            "WHERE p.call_id = ? ORDER BY p.created_at",
            [args.call],
        ).fetchall()
    for package_id, name, created, revision, merged in rows:
        state = (
            f"incorporada la versión {revision} el {format_moment(merged)}"
            if merged
            else "sin devolver"
        )
        print(f"{package_id}  {name}  creado el {format_moment(created)}  {state}")
    if not rows:
        print("La convocatoria no tiene paquetes de evaluación.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    package = commands.add_parser(
        "package", help="paquetes para calificar en la laptop de cada miembro del comité"
    )
    verbs = package.add_subparsers(dest="verb", required=True, metavar="ACCIÓN")
    create = verbs.add_parser("create", help="crear el paquete de un miembro")
    create.add_argument("--db", required=True, help="archivo de la secretaría")
    create.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    create.add_argument("--member", type=int, required=True, help="número del miembro del comité")
    create.add_argument("--pin", required=True, help="PIN que elige el miembro para su paquete")
    create.add_argument("--out", required=True, help="archivo del paquete a escribir")
    create.add_argument("--usuario", dest="actor", default="línea de comandos")
    create.set_defaults(handler=refusing(cmd_create))
    seal = verbs.add_parser("seal", help="sellar el paquete con el PIN para devolverlo")
    seal.add_argument("--db", required=True, help="archivo del paquete")
    seal.add_argument("--pin", required=True)
    seal.set_defaults(handler=refusing(cmd_seal))
    merge = verbs.add_parser("merge", help="incorporar un paquete devuelto")
    merge.add_argument("--db", required=True, help="archivo de la secretaría")
    merge.add_argument("file", help="paquete devuelto por el miembro")
    merge.add_argument("--dry-run", action="store_true", help="mostrar los cambios sin guardar")
    merge.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="PLAN=paquete|archivo",
        help="versión que queda en un plan en conflicto",
    )
    merge.add_argument("--motivo", dest="reason", default="", help="por qué se elige cada versión")
    merge.add_argument("--usuario", dest="actor", default="línea de comandos")
    merge.set_defaults(handler=refusing(cmd_merge))
    listing = verbs.add_parser("list", help="paquetes creados y devueltos de una convocatoria")
    listing.add_argument("--db", required=True)
    listing.add_argument("--call", type=int, required=True)
    listing.set_defaults(handler=refusing(cmd_list))
