"""Command line for the calls: ``new`` (a file for an entity's own competitions)."""

import argparse
import sys
from pathlib import Path

from procompite.calls.entity import ENTITY_KINDS, Entity, logo_problem, save_entity
from procompite.common.errors import Problem, ValidationError
from procompite.storage.checks import DatabaseError
from procompite.storage.cli_support import check_folder_of
from procompite.storage.creating import build_file


def _refuse(problems: list[Problem]) -> int:
    print("Error: no se creó la base de datos:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def _logo(path: str | None) -> tuple[bytes | None, list[Problem]]:
    if not path:
        return None, []
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return None, [Problem("Logo", f"No se puede leer «{path}»: {error.strerror or error}.")]
    message = logo_problem(data)
    return data, [Problem("Logo", message)] if message else []


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists() or path.is_symlink():
        raise DatabaseError(f"El archivo «{path}» ya existe: elija otro nombre.")
    if not path.parent.is_dir():
        raise DatabaseError(f"No existe la carpeta «{path.parent}».")
    check_folder_of(path)
    entity = Entity(args.kind, args.entity, args.department, args.province, args.district)
    logo, problems = _logo(args.logo)
    if problems:
        return _refuse(problems)
    try:
        counts = build_file(path, lambda db: save_entity(db, entity, logo, actor=args.actor))
    except ValidationError as error:
        return _refuse(error.problems)
    print(f"Base de datos creada en {path} para {entity.name} ({ENTITY_KINDS[entity.kind]}):")
    for table, label in (("departments", "departamentos"), ("provinces", "provincias")):
        print(f"  {label:<16}{counts[table]:>7,}")
    print(f"  {'distritos':<16}{counts['districts']:>7,}")
    print(f"  {'cadenas':<16}{counts['chains']:>7,}")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new",
        help="crear una base de datos para los concursos de una entidad",
        description="Crea una base vacía con la geografía del Perú y el membrete de la entidad.",
    )
    new.add_argument("--db", required=True, help="archivo de base de datos a crear")
    new.add_argument("--entity", required=True, help="nombre, p. ej. «Gobierno Regional Cusco»")
    new.add_argument(
        "--kind", choices=list(ENTITY_KINDS), default="regional", help="tipo de entidad (regional)"
    )
    new.add_argument("--department", required=True, help="código INEI del departamento (2 cifras)")
    new.add_argument("--province", default="", help="código INEI de la provincia (municipalidad)")
    new.add_argument(
        "--district", default="", help="código INEI del distrito (municipalidad distrital)"
    )
    new.add_argument("--logo", help="imagen PNG o JPEG del logo")
    new.add_argument("--usuario", dest="actor", default="línea de comandos")
    new.set_defaults(handler=cmd_new)
