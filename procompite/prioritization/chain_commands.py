"""Command line for the catalogue of productive chains: ``chain list|add|rename|retire|restore|
delete``."""

import argparse

from procompite.prioritization.catalogue import (
    add_chain,
    catalogue,
    delete_chain,
    rename_chain,
    retire_chain,
)
from procompite.storage.cli_support import reading, refusing, writing


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args.db) as db:
        chains = catalogue(db, retired=args.retired)
    for chain in chains:
        state = f" (retirada el {chain.retired_on})" if chain.retired else ""
        print(f"{chain.id:>4}  {chain.name:<34}{chain.sector:<14}{chain.plans:>4} plan(es){state}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        chain_id = add_chain(db, args.name, args.sector, args.description, actor=args.actor)
    print(f"Cadena {chain_id} agregada: «{' '.join(args.name.split())}».")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        row = db.execute("SELECT sector FROM chains WHERE id = ?", [args.chain]).fetchone()
        sector = args.sector or (row[0] if row else "")
        rename_chain(db, args.chain, args.name, sector, actor=args.actor)
    print(f"Cadena {args.chain} ahora se llama «{' '.join(args.name.split())}».")
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        retire_chain(db, args.chain, actor=args.actor, restore=args.restore)
    print(f"Cadena {args.chain} {'restituida' if args.restore else 'retirada'}.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with writing(args.db) as db:
        delete_chain(db, args.chain, actor=args.actor)
    print(f"Cadena {args.chain} eliminada del catálogo.")
    return 0


def _verb(verbs, name: str, help_text: str, handler, chain: bool = True):
    parser = verbs.add_parser(name, help=help_text)
    parser.add_argument("--db", required=True, help="archivo de base de datos")
    if chain:
        parser.add_argument("--chain", type=int, required=True, help="número de la cadena")
    parser.add_argument("--usuario", dest="actor", default="línea de comandos")
    parser.set_defaults(handler=refusing(handler))
    return parser


def add_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("chain", help="catálogo de cadenas productivas del archivo")
    verbs = group.add_subparsers(dest="verb", required=True, metavar="ACCIÓN")
    listed = _verb(verbs, "list", "listar las cadenas", cmd_list, chain=False)
    listed.add_argument("--retired", action="store_true", help="incluir las retiradas")
    added = _verb(verbs, "add", "agregar una cadena", cmd_add, chain=False)
    added.add_argument("--name", required=True, help="nombre de la cadena")
    added.add_argument("--sector", required=True, help="sector, p. ej. Agrícola")
    added.add_argument("--description", default="", help="descripción")
    renamed = _verb(verbs, "rename", "cambiar el nombre (y el sector) de una cadena", cmd_rename)
    renamed.add_argument("--name", required=True, help="nombre nuevo")
    renamed.add_argument("--sector", default="", help="sector nuevo (el mismo si se omite)")
    retired = _verb(verbs, "retire", "dejar de ofrecer una cadena (o --restore)", cmd_retire)
    retired.add_argument("--restore", action="store_true", help="volver a ofrecerla")
    _verb(verbs, "delete", "eliminar una cadena que nada usa", cmd_delete)
