"""Start the PROCOMPITE desktop application."""

import argparse
import multiprocessing
import sys
from pathlib import Path

# The built application's command line is this program under a second name (packaging/).
COMMAND_LINE = "procompite-cli"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="PROCOMPITE: evaluación de planes de negocio.")
    parser.add_argument("--db", help="base de datos a abrir (por defecto, la última usada)")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="guardar una captura de la ventana y salir"
    )
    parser.add_argument("--version", action="version", version=program_name())
    return parser.parse_args(argv)


def program_name() -> str:
    from procompite import __version__

    return f"PROCOMPITE {__version__}"


def main(argv: list[str] | None = None) -> int:
    if Path(sys.argv[0]).stem == COMMAND_LINE:
        from procompite.cli import main as command_line

        return command_line(sys.argv[1:] if argv is None else argv)
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from ui.app import run

    return run(args.db, args.screenshot)


if __name__ == "__main__":
    # Started again as a worker process that prints its share of a batch, the built program
    # runs that work instead of the program.
    multiprocessing.freeze_support()
    sys.exit(main())
