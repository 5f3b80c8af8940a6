"""Start the PROCOMPITE desktop application."""

import argparse
import sys


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="PROCOMPITE: evaluación de planes de negocio.")
    parser.add_argument("--db", help="base de datos a abrir (por defecto, la última usada)")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="guardar una captura de la ventana y salir"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from ui.app import run

    return run(args.db, args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
