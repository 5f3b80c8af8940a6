"""Writing the workbook's frame: the instructions sheet and each data sheet's header row.

A template is that frame with no data rows (an example row would be imported); the exporter
fills the same frame. Header in bold and frozen, column widths, cell formats (text for DNI, RUC
and ubigeo so leading zeros survive, dd/mm/yyyy dates, amounts with two decimals) and drop-down
lists for the columns with fixed options. Cells written below a header take its column's format.
"""

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from procompite.transfer.layout import (
    AMOUNT,
    CHOICE,
    DATE,
    DNI,
    INSTRUCTIONS,
    INTEGER,
    MAX_FILE_BYTES,
    QUANTITY,
    RUC,
    TEMPLATES,
    TEXT,
    UBIGEO,
    Column,
    Sheet,
)

TEMPLATE_KINDS = tuple(TEMPLATES)
TEMPLATE_TITLES = {
    "aeo": "Plantilla de AEO y padrón de socios",
    "plan": "Plantilla de planes de negocio, presupuesto y flujo de caja",
}
TEXT_FORMAT = "@"
DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = "#,##0.00"
LAST_ROW = 1048576
ERROR_TITLE_LENGTH = 32
STYLES = {
    "title": {"bold": True, "font_size": 14},
    "bold": {"bold": True},
    "header": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1},
    "wrap": {"text_wrap": True, "valign": "top"},
}
# Text stays text (a note starting with «=» or «http://» is not a formula nor a link) and a
# date written without a format shows as dd/mm/yyyy.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "default_date_format": DATE_FORMAT,
}

FORMATS = {
    TEXT: "Texto.",
    RUC: "11 dígitos, como texto.",
    DNI: "8 dígitos, como texto (conserve el 0 inicial).",
    UBIGEO: "6 dígitos, como texto (conserve el 0 inicial).",
    DATE: "Fecha dd/mm/aaaa (también 23-11-2026 o 2026-11-23, o una celda con formato de fecha).",
    AMOUNT: "Monto en soles: 1234.50, 1,234.50, S/ 1,234.50 o S/ 1.234,50.",
    INTEGER: "Número entero, sin decimales.",
    QUANTITY: "Número mayor que cero; admite decimales (2.5 o 2,5).",
}
COLUMN_FORMATS = {
    TEXT: TEXT_FORMAT,
    RUC: TEXT_FORMAT,
    DNI: TEXT_FORMAT,
    UBIGEO: TEXT_FORMAT,
    DATE: DATE_FORMAT,
    AMOUNT: AMOUNT_FORMAT,
}
GENERAL_RULES = (
    "Escriba una fila por registro, debajo de los encabezados. No cambie el nombre de las hojas "
    "ni el de las columnas de la fila 1; las columnas que agregue se ignoran.",
    "Escriba valores: no combine celdas ni use fórmulas.",
    "Fechas: dd/mm/aaaa, por ejemplo 23/11/2026 (también 23-11-2026 o 2026-11-23).",
    "Montos en soles: 1234.50, 1,234.50, S/ 1,234.50 o S/ 1.234,50. Un punto o una coma seguidos "
    "de tres cifras separan miles (1.234 es mil doscientos treinta y cuatro soles).",
    "DNI (8 dígitos), RUC (11 dígitos, con dígito verificador) y ubigeo (6 dígitos) van como "
    "texto para que no se pierda el 0 inicial: esas columnas ya tienen formato de texto.",
    "Todo o nada: si hay algún error no se guarda nada y se listan todos los errores, cada uno "
    "con su hoja, fila y columna.",
    "Volver a importar un archivo actualiza lo que cambió: las organizaciones se reconocen por "
    "el RUC, los socios por el RUC de la organización y el DNI, los planes por la convocatoria y "
    "el código. Lo que no cambió queda igual. La importación nunca borra organizaciones, socios "
    "ni planes. Atención: una celda vacía en una fila que se actualiza borra el dato guardado "
    "(por ejemplo, el teléfono); use «Simular» (--dry-run) para ver cuántos registros cambian.",
    "Cantidades: use punto o coma decimal con una o dos cifras (2.5, 0,75); «1.125» se rechaza "
    "por ambiguo: escriba 1125 o el número con sus decimales exactos.",
    "El presupuesto y el flujo de caja de un plan que aparece en esas hojas reemplazan a los que "
    "tenía; un plan que no aparece en ellas los conserva.",
    "Archivos admitidos: libro de Excel (.xlsx) o CSV (.csv, una hoja por archivo, con los "
    "encabezados de esa hoja; UTF-8 o Windows/Latin-1; separado por punto y coma o por coma), "
    f"de hasta {MAX_FILE_BYTES // 1024 // 1024} MB.",
    "Los ejemplos de esta hoja no se importan. No escriba filas de ejemplo en las otras hojas.",
)
INSTRUCTION_HEADERS = ("Columna", "Obligatoria", "Formato y valores admitidos", "Ejemplo")
INSTRUCTION_WIDTHS = (28, 12, 80, 30)


def _column_format(column: Column) -> str:
    text = FORMATS.get(column.kind, "")
    if column.kind == CHOICE:
        text = f"Una de: {', '.join(column.options)}."
    return f"{text} {column.help}".strip()


def instruction_rows(title: str, sheets: tuple[Sheet, ...]) -> Iterator[list[tuple[str, str]]]:
    """The «Instrucciones» sheet, row by row: each cell a text and the name of its style
    (``""`` for none); an empty row leaves a blank line."""
    yield [(title, "title")]
    yield []
    for number, rule in enumerate(GENERAL_RULES):
        label = "Reglas generales" if number == 0 else ""
        yield [(label, "bold"), ("", ""), (rule, "wrap")]
    for sheet in sheets:
        yield []
        yield [(f"Hoja «{sheet.name}»", "title")]
        yield [("", ""), ("", ""), (sheet.key_help, "wrap")]
        yield [(header, "bold") for header in INSTRUCTION_HEADERS]
        for column in sheet.columns:
            yield [
                (column.header, ""),
                ("Sí" if column.required else "No", ""),
                (_column_format(column), "wrap"),
                (column.example, "wrap"),
            ]


def _validation(column: Column) -> dict | None:
    listed = ",".join(column.options)
    if not column.options or len(listed) > 250 or any("," in option for option in column.options):
        return None
    return {
        "validate": "list",
        "source": list(column.options),
        "ignore_blank": True,
        "show_error": True,
        "error_type": "warning",
        "error_title": column.header[:ERROR_TITLE_LENGTH],
        "error_message": f"Use una de las opciones: {', '.join(column.options)}.",
    }


class Frame:
    """The instructions and the data sheets' headers drawn into one workbook, with the cell
    formats made once for it."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.styles = {name: workbook.add_format(style) for name, style in STYLES.items()}
        number_formats = {
            number_format: workbook.add_format({"num_format": number_format})
            for number_format in set(COLUMN_FORMATS.values())
        }
        self.column_formats = {
            kind: number_formats[number_format] for kind, number_format in COLUMN_FORMATS.items()
        }

    def add_instructions(self, title: str, sheets: tuple[Sheet, ...]) -> None:
        """The «Instrucciones» sheet: general rules, then every column of every sheet."""
        worksheet = self.workbook.add_worksheet(INSTRUCTIONS)
        for index, width in enumerate(INSTRUCTION_WIDTHS):
            worksheet.set_column(index, index, width)
        for row, cells in enumerate(instruction_rows(title, sheets)):
            for column, (text, style) in enumerate(cells):
                if text:
                    worksheet.write_string(row, column, text, self.styles.get(style))

    def add_data_sheet(self, sheet: Sheet) -> Worksheet:
        """A data sheet with its header row, formats and drop-down lists; returns the
        worksheet, whose next row is the first of data (row 1, counting from 0)."""
        worksheet = self.workbook.add_worksheet(sheet.name)
        worksheet.freeze_panes(1, 0)
        for index, column in enumerate(sheet.columns):
            width = max(column.width, len(column.header) + 2)
            worksheet.set_column(index, index, width, self.column_formats.get(column.kind))
            if column.kind == CHOICE and (validation := _validation(column)):
                worksheet.data_validation(1, index, LAST_ROW - 1, index, validation)
        worksheet.write_row(0, 0, sheet.headers, self.styles["header"])
        return worksheet


@contextmanager
def writing_workbook(path: str | Path, **options) -> Iterator[Frame]:
    """A workbook to be written at ``path`` when the block ends; ``options`` are xlsxwriter's
    (``constant_memory=True`` writes each row as it comes). A failure to write raises the
    system's :class:`OSError`; when the block fails the file is left for the caller to remove."""
    workbook = Workbook(str(path), WORKBOOK_OPTIONS | options)
    try:
        yield Frame(workbook)
    except BaseException:
        # Closing releases the temporary files of the rows written so far.
        with contextlib.suppress(Exception):
            workbook.close()
        raise
    try:
        workbook.close()
    except FileCreateError as error:
        raise error.args[0] from None


def write_template(kind: str, path: str | Path) -> None:
    """Write the empty template ``aeo`` (organisations and members) or ``plan`` to ``path``."""
    if kind not in TEMPLATES:
        raise ValueError(f"Tipo de plantilla desconocido «{kind}»: use aeo o plan.")
    sheets = TEMPLATES[kind]
    with writing_workbook(path) as frame:
        frame.add_instructions(TEMPLATE_TITLES[kind], sheets)
        for sheet in sheets:
            frame.add_data_sheet(sheet)
