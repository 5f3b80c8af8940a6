"""Command line for running a competition headless: ``call`` (create, list, show, export,
import, stage, transfer), ``chain`` (the catalogue) and ``issue`` (dictámenes and acta)."""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from procompite.calls.context import unknown_call_message
from procompite.calls.reading import read_definition
from procompite.calls.status import STAGES
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import format_soles
from procompite.common.values import CellError, parse_amount, parse_date
from procompite.lifecycle.bases import (
    KNOWN_TIE_BREAKERS,
    check_bases,
    export_bases,
    import_bases,
    read_bases_file,
)
from procompite.lifecycle.copying import copy_call, new_call
from procompite.lifecycle.overview import call_lines, call_rows
from procompite.lifecycle.stages import change_stage
from procompite.storage.cli_support import (
    Refused,
    check_output,
    output_file,
    reading,
    refusing,
    writing,
)


@contextmanager
def _writing(args: argparse.Namespace) -> Iterator[Database]:
    with writing(args.db) as db:
        _check_call(db, args)
        yield db


@contextmanager
def _reading(args: argparse.Namespace) -> Iterator[Database]:
    with reading(args.db) as db:
        _check_call(db, args)
        yield db


def _check_call(db: Database, args: argparse.Namespace) -> None:
    call_id = getattr(args, "call", None)
    if call_id is not None and (message := unknown_call_message(db, call_id)):
        raise Refused(message)


def cmd_create(args: argparse.Namespace) -> int:
    raw = {
        "name": args.name,
        "year": args.year,
        "budget": args.budget,
        "discount_rate_pct": args.discount_rate,
        "passing_score": args.passing_score,
        "quorum": args.quorum,
        "document_prefix": args.prefix,
        "categories": [],
    }
    with _writing(args) as db:
        if args.source is not None:
            if message := unknown_call_message(db, args.source):
                raise Refused(message)
            call_id = copy_call(db, args.source, args.year, actor=args.actor, name=args.name or "")
        else:
            definition, problems = read_definition(raw, tie_breakers=KNOWN_TIE_BREAKERS)
            if problems:
                raise ValidationError(problems)
            call_id = new_call(db, definition, actor=args.actor)
        print(
            f"Convocatoria {call_id} creada: «{db['calls'].get(call_id)['name']}» (en preparación)."
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _reading(args) as db:
        rows = call_rows(db)
    if not rows:
        print("La base no tiene convocatorias; cree una con «call create» o «call import».")
        return 0
    for row in rows:
        print(
            f"{row['id']:>4}  {row['year']}  {STAGES[row['status']]:<22}"
            f"{format_soles(row['budget_cents']):>18}  {row['name']}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _reading(args) as db:
        print("\n".join(call_lines(db, args.call)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_output(out)
    with _reading(args) as db, output_file(out) as part:
        export_bases(db, args.call, part)
    print(f"Bases de la convocatoria {args.call} escritas en {out}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    raw = read_bases_file(Path(args.source))
    with _writing(args) as db:
        if args.dry_run:
            checked = check_bases(db, raw)
            print(f"El archivo es válido: crearía «{checked.definition.name}».")
            for chain in checked.new_chains:
                print(f"  agregaría al catálogo la cadena «{chain['name']}» ({chain['sector']})")
            return 0
        call_id, added = import_bases(db, raw, actor=args.actor)
        name = db["calls"].get(call_id)["name"]
        print(f"Convocatoria {call_id} creada desde {args.source}: «{name}».")
        for name in added:
            print(f"  cadena agregada al catálogo: «{name}»")
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    with _writing(args) as db:
        change_stage(db, args.call, args.to, actor=args.actor, reason=args.reason)
    print(f"La convocatoria {args.call} está ahora «{STAGES[args.to]}».")
    return 0


def _amount(text: str) -> int:
    try:
        cents = parse_amount(text)
    except CellError as error:
        raise ValidationError([Problem("Monto", str(error))]) from None
    if cents is None:
        raise ValidationError([Problem("Monto", "está vacío.")])
    return cents


def _day(text: str) -> date:
    try:
        return parse_date(text)
    except CellError as error:
        raise ValidationError([Problem("Fecha", str(error))]) from None


def cmd_transfer(args: argparse.Namespace) -> int:
    from procompite.evaluation.transfers import PoolTransfer, preview_transfer, transfer_pool

    transfer = PoolTransfer(
        args.source, args.target, _amount(args.amount), args.document, _day(args.date)
    )
    with _writing(args) as db:
        results, changes = preview_transfer(db, args.call, transfer)
        amount = format_soles(transfer.amount_cents)
        print(f"Con la transferencia de {amount} de {transfer.source} a {transfer.target}:")
        for code, cents in results.pools.items():
            print(f"  fondo {code}: {format_soles(cents)}")
        for change in changes or []:
            print(
                f"  {change.code} ({change.category}, {change.organization}): {change.before} → "
                f"{change.after} {format_soles(change.amount_cents)}"
            )
        if not changes:
            print("  ningún plan cambia de resultado.")
        if args.dry_run:
            print("Vista previa: no se guardó nada.")
            return 0
        transfer_pool(db, args.call, transfer, actor=args.actor)
    print("Transferencia registrada. Guarde el cuadro de mérito para aplicarla.")
    return 0


def _verb(verbs, name: str, help_text: str, handler, *, call: bool = True):
    parser = verbs.add_parser(
        name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
    )
    parser.add_argument("--db", required=True, help="archivo de base de datos")
    if call:
        parser.add_argument("--call", type=int, required=True, help="número de la convocatoria")
    parser.set_defaults(handler=refusing(handler))
    return parser


def _actor(parser) -> None:
    parser.add_argument("--usuario", dest="actor", default="línea de comandos")


def add_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "call",
        help="convocatorias: crear, listar, ver, bases, etapas y transferencias",
        description="Convocatorias de la entidad del archivo.",
    )
    verbs = group.add_subparsers(dest="verb", required=True, metavar="ACCIÓN")
    create = _verb(verbs, "create", "crear una convocatoria en preparación", cmd_create, call=False)
    create.add_argument("--name", help="nombre, p. ej. «PROCOMPITE 2027 — Gobierno Regional Cusco»")
    create.add_argument("--year", type=int, required=True, help="año de la convocatoria")
    create.add_argument("--budget", help="monto autorizado en soles, p. ej. 900000")
    create.add_argument("--discount-rate", default="10", help="tasa de descuento %% (10)")
    create.add_argument("--passing-score", default="60", help="puntaje mínimo aprobatorio (60)")
    create.add_argument("--quorum", default="3", help="quórum del comité (3)")
    create.add_argument("--prefix", default="", help="prefijo de la numeración de documentos")
    create.add_argument(
        "--from", dest="source", type=int, help="copiar las bases de otra convocatoria (su número)"
    )
    _actor(create)
    _verb(verbs, "list", "listar las convocatorias", cmd_list, call=False)
    _verb(verbs, "show", "ver las bases de una convocatoria y lo que le falta", cmd_show)
    export = _verb(verbs, "export", "escribir las bases de una convocatoria en JSON", cmd_export)
    export.add_argument("--out", required=True, help="archivo .json a escribir")
    imported = _verb(
        verbs, "import", "crear una convocatoria desde un archivo de bases", cmd_import, call=False
    )
    imported.add_argument("--in", dest="source", required=True, help="archivo .json de bases")
    imported.add_argument("--dry-run", action="store_true", help="solo revisar el archivo")
    _actor(imported)
    stage = _verb(verbs, "stage", "pasar la convocatoria a otra etapa", cmd_stage)
    stage.add_argument("--to", required=True, choices=list(STAGES), help="etapa de destino")
    stage.add_argument("--reason", default="", help="motivo (obligatorio para volver atrás)")
    _actor(stage)
    transfer = _verb(verbs, "transfer", "transferir el saldo de un fondo a otro", cmd_transfer)
    transfer.add_argument("--from", dest="source", required=True, help="categoría de origen")
    transfer.add_argument("--to", dest="target", required=True, help="categoría de destino")
    transfer.add_argument("--amount", required=True, help="monto en soles")
    transfer.add_argument("--document", required=True, help="resolución que lo autoriza")
    transfer.add_argument("--date", required=True, help="fecha del documento (aaaa-mm-dd)")
    transfer.add_argument("--dry-run", action="store_true", help="solo mostrar el resultado")
    _actor(transfer)
