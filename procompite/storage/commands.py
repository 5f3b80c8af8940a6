"""Command line for the database file: ``info`` (what it holds), ``backup`` and ``restore``."""

import argparse
import sys
from pathlib import Path

from procompite.common.errors import ValidationError
from procompite.storage.backups import (
    Backup,
    BackupError,
    folder_for,
    format_size,
    latest_good,
    list_backups,
    restore,
    save_settings,
    settings_of,
    take_backup,
)
from procompite.storage.database import open_database, schema_version
from procompite.storage.session import open_session
from procompite.storage.settings import (
    COUNTED_TABLES,
    CREATED_BY,
    WRITTEN_BY,
    counts,
    is_demo,
    setting,
)
from procompite.storage.writer_lock import WriterLock


def print_counts(counts: dict[str, int]) -> None:
    width = max(len(label) for label in COUNTED_TABLES.values())
    for table, count in counts.items():
        print(f"  {COUNTED_TABLES.get(table, table):<{width}}  {count:>7,}")


def cmd_info(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False, readonly=True)
    print(
        f"{args.db}: esquema {schema_version(db)}"
        + (" — DATOS DE DEMOSTRACIÓN" if is_demo(db) else "")
    )
    created, written = setting(db, CREATED_BY), setting(db, WRITTEN_BY)
    if written:
        print(f"Escrita por {written}" + (f" (creada con {created})" if created != written else ""))
    print_counts(counts(db))
    db.close()
    return 0


def _print_list(database: Path) -> list[Backup]:
    backups = list_backups(database)
    folder = folder_for(database)
    if not backups:
        print(f"No hay respaldos de «{database.name}» en «{folder}».")
        return backups
    print(f"Respaldos de «{database.name}» en «{folder}» (el más reciente primero):")
    for number, backup in enumerate(backups, 1):
        print(f"  {number:>3}. {backup.describe()}   {backup.path.name}")
    return backups


def _error(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 2


def cmd_backup(args: argparse.Namespace) -> int:
    database = Path(args.db)
    if args.list:
        if not database.is_file():
            return _error(f"No existe el archivo de base de datos «{database}».")
        _print_list(database)
        return 0
    if args.folder is not None or args.keep is not None:
        session = open_session(database, daily=False)
        try:
            current = settings_of(session.db)
            save_settings(
                session.db,
                args.folder if args.folder is not None else str(current.folder or ""),
                args.keep if args.keep is not None else current.keep,
                actor=args.actor,
            )
        except ValidationError as error:
            return _error("; ".join(str(problem) for problem in error.problems))
        finally:
            session.close()
    db = open_database(database, create=False, readonly=True)
    try:
        backup = take_backup(db, reason="manual")
        kept = settings_of(db).keep
    except BackupError as error:
        return _error(str(error))
    finally:
        db.close()
    print(f"Respaldo guardado: {backup.path} ({format_size(backup.size)}).")
    print(f"Se conservan los {kept} más recientes en «{backup.path.parent}».")
    return 0


def _chosen(database: Path, choice: str) -> Path | None:
    backups = list_backups(database)
    if choice.isascii() and choice.isdigit() and 1 <= int(choice) <= len(backups):
        return backups[int(choice) - 1].path
    path = Path(choice)
    if not path.exists() and (folder_for(database) / choice).exists():
        path = folder_for(database) / choice
    return path if path.exists() else None


def cmd_restore(args: argparse.Namespace) -> int:
    database = Path(args.db)
    if not args.backup and not args.latest:
        backups = _print_list(database)
        if backups:
            print(
                "Para restaurar uno: --respaldo N (su número en la lista, o su archivo), "
                "o --ultimo para el más reciente que esté sano."
            )
        return 0
    if args.latest:
        good = latest_good(database)
        if good is None:
            return _error(f"No hay ningún respaldo sano de «{database.name}».")
        source = good.path
    else:
        source = _chosen(database, args.backup)
        if source is None:
            return _error(
                f"No existe el respaldo «{args.backup}». Vea la lista con "
                f"«python -m procompite restore --db {database}»."
            )
    lock = WriterLock(database)
    lock.acquire()
    try:
        kept = restore(database, source)
    except BackupError as error:
        return _error(str(error))
    finally:
        lock.release()
    print(f"Restaurado «{source.name}» en «{database}».")
    if kept:
        print(f"El archivo que había antes se guardó en «{kept}».")
    return 0


def add_info_command(commands: argparse._SubParsersAction) -> None:
    info = commands.add_parser("info", help="resumen de una base de datos")
    info.add_argument("--db", required=True, help="archivo de base de datos")
    info.set_defaults(handler=cmd_info)


def add_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup", help="hacer un respaldo de la base de datos (o listar o configurar)"
    )
    backup.add_argument("--db", required=True, help="archivo de base de datos")
    backup.add_argument("--listar", dest="list", action="store_true", help="solo listar")
    backup.add_argument(
        "--carpeta", dest="folder", help="carpeta de respaldos (vacío: «respaldos» al lado)"
    )
    backup.add_argument("--conservar", dest="keep", type=int, help="cuántos respaldos conservar")
    backup.add_argument("--usuario", dest="actor", default="línea de comandos")
    backup.set_defaults(handler=cmd_backup)

    restore_parser = commands.add_parser(
        "restore", help="restaurar un respaldo (sin opciones: listar los respaldos)"
    )
    restore_parser.add_argument("--db", required=True, help="archivo de base de datos")
    which = restore_parser.add_mutually_exclusive_group()
    which.add_argument("--respaldo", dest="backup", help="número en la lista, o archivo")
    which.add_argument(
        "--ultimo", dest="latest", action="store_true", help="el respaldo sano más reciente"
    )
    restore_parser.set_defaults(handler=cmd_restore)
