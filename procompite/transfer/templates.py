"""Writing the workbook's frame: the instructions sheet and each data sheet's header row.

A template is that frame with no data rows (an example row would be imported); the exporter
fills the same frame. Header in bold and frozen, column widths, cell formats (text for DNI, RUC
and ubigeo so leading zeros survive, dd/mm/yyyy dates, amounts with two decimals) and drop-down
lists for the columns with fixed options.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

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


def _cell(worksheet, value, *, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    if font:
        cell.font = font
    if wrap:
        cell.alignment = WRAP
    return cell


def add_instructions(workbook: Workbook, title: str, sheets: tuple[Sheet, ...]) -> None:
    """The «Instrucciones» sheet: general rules, then every column of every sheet."""
    worksheet = workbook.create_sheet(INSTRUCTIONS)
    for index, width in enumerate(INSTRUCTION_WIDTHS, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append([_cell(worksheet, title, font=TITLE_FONT)])
    worksheet.append([])
    for number, rule in enumerate(GENERAL_RULES):
        label = _cell(worksheet, "Reglas generales", font=HEADER_FONT) if number == 0 else ""
        worksheet.append([label, "", _cell(worksheet, rule, wrap=True)])
    for sheet in sheets:
        worksheet.append([])
        worksheet.append([_cell(worksheet, f"Hoja «{sheet.name}»", font=TITLE_FONT)])
        worksheet.append(["", "", _cell(worksheet, sheet.key_help, wrap=True)])
        worksheet.append(
            [_cell(worksheet, header, font=HEADER_FONT) for header in INSTRUCTION_HEADERS]
        )
        for column in sheet.columns:
            worksheet.append(
                [
                    column.header,
                    "Sí" if column.required else "No",
                    _cell(worksheet, _column_format(column), wrap=True),
                    _cell(worksheet, column.example, wrap=True),
                ]
            )


def _validation(column: Column, letter: str) -> DataValidation | None:
    listed = ",".join(column.options)
    if not column.options or len(listed) > 250 or any("," in option for option in column.options):
        return None
    validation = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.header,
        error=f"Use una de las opciones: {', '.join(column.options)}.",
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    return validation


def add_data_sheet(workbook: Workbook, sheet: Sheet):
    """A data sheet with its header row, formats and drop-down lists; returns the worksheet."""
    worksheet = workbook.create_sheet(sheet.name)
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        dimension = worksheet.column_dimensions[letter]
        dimension.width = max(column.width, len(column.header) + 2)
        if column.kind in COLUMN_FORMATS:
            dimension.number_format = COLUMN_FORMATS[column.kind]
        if column.kind == CHOICE and (validation := _validation(column, letter)):
            worksheet.data_validations.append(validation)
    header = []
    for column in sheet.columns:
        cell = _cell(worksheet, column.header, font=HEADER_FONT)
        cell.fill = HEADER_FILL
        header.append(cell)
    worksheet.append(header)
    return worksheet


def write_template(kind: str, path: str | Path) -> None:
    """Write the empty template ``aeo`` (organisations and members) or ``plan`` to ``path``."""
    if kind not in TEMPLATES:
        raise ValueError(f"Tipo de plantilla desconocido «{kind}»: use aeo o plan.")
    sheets = TEMPLATES[kind]
    workbook = Workbook(write_only=True)
    add_instructions(workbook, TEMPLATE_TITLES[kind], sheets)
    for sheet in sheets:
        add_data_sheet(workbook, sheet)
    workbook.save(Path(path))
