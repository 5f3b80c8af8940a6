"""Command line for the demo and the large generated region: ``demo`` and ``generate``."""

import argparse
import sys
import time

from procompite.storage.cli_support import check_folder_of
from procompite.storage.commands import print_counts


def cmd_demo(args: argparse.Namespace) -> int:
    from procompite.demo.build import build_demo

    check_folder_of(args.db)
    counts = build_demo(args.db, force=args.force)
    print(f"Base de datos de demostración creada en {args.db}:")
    print_counts(counts)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from procompite.demo.region import RegionSize, build_region

    size = RegionSize(
        args.organizations, args.members, args.plans, args.evaluators, args.plans_per_call
    )
    if problems := size.problems():
        print("Error: no se puede generar con esos tamaños:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    check_folder_of(args.db)
    started = time.perf_counter()
    counts = build_region(args.db, size, force=args.force)
    print(
        f"Base de datos grande generada en {args.db} "
        f"({time.perf_counter() - started:.0f} s, {size.calls} convocatoria(s)):"
    )
    print_counts(counts)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="crear la base de datos de demostración")
    demo.add_argument("--db", required=True, help="archivo de base de datos a crear")
    demo.add_argument("--force", action="store_true", help="reemplazar el archivo si existe")
    demo.set_defaults(handler=cmd_demo)

    generate = commands.add_parser(
        "generate",
        help="generar una base grande y realista (pruebas de rendimiento)",
        description="Genera una región grande con las distribuciones de la demostración: AEO "
        "con sus padrones, planes en convocatorias anuales, fichas, veredictos, "
        "cuadros de mérito y dictámenes. Los mismos tamaños dan siempre la misma base.",
    )
    generate.add_argument("--db", required=True, help="archivo de base de datos a crear")
    generate.add_argument("--organizations", type=int, default=5000, help="AEO (5000)")
    generate.add_argument("--members", type=int, default=100_000, help="socios en total (100000)")
    generate.add_argument("--plans", type=int, default=2000, help="planes de negocio (2000)")
    generate.add_argument(
        "--evaluators",
        type=int,
        default=7,
        help="personas que forman los comités, 5 por convocatoria (7)",
    )
    generate.add_argument(
        "--plans-per-call", type=int, default=500, help="planes por convocatoria, a lo más (500)"
    )
    generate.add_argument("--force", action="store_true", help="reemplazar una base generada")
    generate.set_defaults(handler=cmd_generate)
