"""Command line for prioritisation: ``ahp`` and ``prioritize``."""

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from sqlite_utils.db import NotFoundError

from procompite.common.output import print_rows
from procompite.common.parsing import ParseError, parse_decimal
from procompite.prioritization.ahp import MatrixError, ahp
from procompite.prioritization.approval import ranking_rows
from procompite.prioritization.exercises import load_exercise
from procompite.storage.database import open_database


def read_matrix(path: Path) -> list[list[float]]:
    """A square CSV matrix without header; ``1/3`` fractions and decimal commas accepted."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    matrix = []
    for row_number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        if not any(cell.strip() for cell in row):
            continue
        values = []
        for column, cell in enumerate(row, 1):
            if not cell.strip():
                raise MatrixError(
                    f"Fila {row_number}, columna {column}: la celda está vacía; escriba la "
                    "comparación (1 en la diagonal, de 1/9 a 9 fuera de ella)."
                )
            try:
                if "/" in cell:
                    top, bottom = cell.split("/", 1)
                    values.append(float(parse_decimal(top)) / float(parse_decimal(bottom)))
                else:
                    values.append(float(parse_decimal(cell)))
            except (ParseError, ZeroDivisionError) as error:
                raise MatrixError(
                    f"Fila {row_number}, columna {column}: «{cell}» no es un número."
                ) from error
        matrix.append(values)
    return matrix


def cmd_ahp(args: argparse.Namespace) -> int:
    try:
        result = ahp(read_matrix(Path(args.matrix)))
    except MatrixError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Error: no se puede leer «{args.matrix}»: {error.strerror}.", file=sys.stderr)
        return 2
    if args.format == "json":
        print(
            json.dumps(
                {
                    "weights": result.weights,
                    "cr": result.cr,
                    "ci": result.ci,
                    "lambda_max": result.lambda_max,
                }
            )
        )
    else:
        for index, weight in enumerate(result.weights, 1):
            print(f"Criterio {index}: {weight * 100:.2f} %")
        print(
            f"Razón de consistencia (CR): {result.cr:.4f}"
            + ("" if result.consistent else " — supera 0.10: revise las comparaciones")
        )
    return 0


def cmd_prioritize(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False, readonly=True)
    try:
        exercise = load_exercise(db, args.exercise)
    except NotFoundError:
        print(f"Error: no existe el ejercicio de priorización {args.exercise}.", file=sys.stderr)
        return 2
    finally:
        db.close()
    rows = ranking_rows(exercise.ranking(args.method))
    print_rows(rows, ["chain", "score", "rank", "above_cut"], args.format)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    matrix = commands.add_parser("ahp", help="pesos AHP y razón de consistencia de una matriz CSV")
    matrix.add_argument("matrix", help="matriz cuadrada de comparaciones (CSV sin encabezado)")
    matrix.add_argument("--format", choices=["json", "text"], default="text")
    matrix.set_defaults(handler=cmd_ahp)

    prioritize = commands.add_parser("prioritize", help="ranking de cadenas de un ejercicio")
    prioritize.add_argument("--db", required=True)
    prioritize.add_argument("--exercise", type=int, required=True)
    prioritize.add_argument("--method", choices=["weighted", "topsis"])
    prioritize.add_argument("--format", choices=["csv", "json"], default="csv")
    prioritize.set_defaults(handler=cmd_prioritize)
