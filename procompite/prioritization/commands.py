"""Command line for prioritisation: ``ahp``, ``prioritize`` and ``approve``."""

import argparse
import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

from sqlite_utils.db import NotFoundError

from procompite.common.dates import format_long
from procompite.common.output import print_rows
from procompite.common.parsing import ParseError, parse_decimal
from procompite.prioritization.ahp import MatrixError, ahp
from procompite.prioritization.approval import approve, ranking_rows
from procompite.prioritization.exercises import load_exercise
from procompite.prioritization.signatories import Signatory, load_signatories
from procompite.storage.cli_support import Refused, day_option, refusing, writing
from procompite.storage.database import open_database

SIGNATORY_FORMAT = "Nombre|DNI|Institución|Cargo"


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


def parse_signatory(text: str) -> Signatory:
    """A signatory written as ``Nombre|DNI|Institución|Cargo`` (the DNI may be left empty)."""
    parts = text.split("|")
    if len(parts) != 4:
        raise Refused(
            f"--signatory «{text}»: escriba «{SIGNATORY_FORMAT}», cuatro partes separadas por "
            "«|» (el DNI puede quedar vacío: «Nombre||Institución|Cargo»)."
        )
    name, dni, institution, role = parts
    return Signatory(name, institution, role, dni)


def cmd_approve(args: argparse.Namespace) -> int:
    given = [parse_signatory(text) for text in args.signatory] if args.signatory else None
    approved_on = day_option(args.date) or date.today()
    with writing(args.db) as db:
        if not db["prioritizations"].count_where("id = ?", [args.exercise]):
            raise Refused(f"no existe el ejercicio de priorización {args.exercise}.")
        ranking = approve(
            db,
            args.exercise,
            approved_on=approved_on,
            reference=args.reference,
            signatories=given,
            actor=args.actor,
        )
        signers = load_signatories(db, args.exercise)
    above = sum(row.above_cut for row in ranking.rows)
    print(
        f"Priorización {args.exercise} aprobada el {format_long(approved_on)} "
        f"({args.reference.strip()}): {above} de {len(ranking.rows)} cadenas sobre el corte."
    )
    for signatory in signers:
        dni = f", DNI {signatory.dni}" if signatory.dni else ""
        print(f"  Firma: {signatory.name}{dni} — {signatory.role}, {signatory.institution}")
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

    approval = commands.add_parser(
        "approve",
        help="aprobar un ejercicio de priorización: su ranking y sus firmantes quedan congelados",
    )
    approval.add_argument("--db", required=True, help="archivo de base de datos")
    approval.add_argument("--exercise", type=int, required=True, help="número del ejercicio")
    approval.add_argument("--reference", required=True, help="acta o resolución que lo aprueba")
    approval.add_argument("--date", help="fecha de aprobación aaaa-mm-dd (por defecto, hoy)")
    approval.add_argument(
        "--signatory",
        action="append",
        metavar="FIRMANTE",
        help=f"«{SIGNATORY_FORMAT}», un firmante del espacio de concertación (repítalo por cada "
        "uno, en el orden en que firman); sin ninguno, firman los ya registrados en el borrador",
    )
    approval.add_argument("--usuario", dest="actor", default="línea de comandos")
    approval.set_defaults(handler=refusing(cmd_approve))
