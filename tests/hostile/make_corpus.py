"""Writes the hostile corpus: files a user could bring that the import must refuse, each with
the located message it must give (``expected.json``). Run it again after changing a layout:
``python tests/hostile/make_corpus.py``."""

import json
import sys
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from procompite.common.identifiers import ruc_check_digit  # noqa: E402
from procompite.transfer.layout import MEMBERS, ORGANIZATIONS  # noqa: E402
from procompite.transfer.templates import write_template  # noqa: E402

HERE = Path(__file__).parent
UBIGEO, CHAIN = "080101", "Apícola"


def ruc(number: int, prefix: str = "20") -> str:
    first_ten = f"{prefix}{number:08d}"
    return first_ten + str(ruc_check_digit(first_ten))


def organization(**changes) -> list:
    values = {
        "RUC": ruc(31_000_001),
        "Nombre": "Asociación Hostil",
        "Forma jurídica": "Asociación",
        "Categoría": "A",
        "Fecha de constitución": date(2015, 3, 15),
        "Partida registral": "11012345",
        "Ubigeo del distrito": UBIGEO,
        "Dirección": "Jr. Lima 123",
        "Representante legal": "Rosa Quispe",
        "DNI del representante": "01234567",
        "Teléfono": "984123456",
        "Correo": "aeo@example.org",
        "Cadena productiva": CHAIN,
        "Ventas anuales (S/)": "45000",
        "Observaciones": "",
    } | changes
    return [values[header] for header in ORGANIZATIONS.headers]


def member(**changes) -> list:
    values = {
        "RUC de la organización": ruc(31_000_001),
        "DNI": "71234567",
        "Nombres": "Ana",
        "Apellidos": "Mamani",
        "Sexo": "F",
        "Fecha de nacimiento": "23/11/1985",
        "Cargo": "",
        "Fecha de ingreso": "10/01/2016",
    } | changes
    return [values[header] for header in MEMBERS.headers]


def workbook(name: str, organizations=(), members=(), after=None) -> str:
    path = HERE / name
    write_template("aeo", path)
    book = load_workbook(path)
    for row in organizations or [organization()]:
        book[ORGANIZATIONS.name].append(row)
    for row in members:
        book[MEMBERS.name].append(row)
    if after:
        after(book)
    book.save(path)
    return name


def merge(book) -> None:
    book[ORGANIZATIONS.name].merge_cells("B2:C2")


CASES = {
    workbook("ruc_con_superindice.xlsx", [organization(RUC="2031000001²")]): (
        "Organizaciones",
        2,
        "RUC",
        "no son las cifras 0 a 9: «²»",
    ),
    workbook("dni_con_cifras_arabes.xlsx", members=[member(DNI="٧١٢٣٤٥٦٧")]): (
        "Socios",
        2,
        "DNI",
        "no son las cifras 0 a 9",
    ),
    workbook("formula.xlsx", [organization(**{"Ventas anuales (S/)": "=1000*12"})]): (
        "Organizaciones",
        2,
        "Ventas anuales (S/)",
        "fórmula (=1000*12)",
    ),
    workbook("celdas_combinadas.xlsx", after=merge): (
        "Organizaciones",
        2,
        "Nombre",
        "celdas combinadas (B2:C2)",
    ),
    workbook("anio_0001.xlsx", [organization(**{"Fecha de constitución": "01/01/0001"})]): (
        "Organizaciones",
        2,
        "Fecha de constitución",
        "anterior a 01/01/1900",
    ),
    workbook(
        "constituida_en_el_futuro.xlsx", [organization(**{"Fecha de constitución": "01/01/2030"})]
    ): ("Organizaciones", 2, "Fecha de constitución", "está en el futuro"),
    workbook(
        "socio_de_120_anios.xlsx", members=[member(**{"Fecha de nacimiento": "01/01/1905"})]
    ): ("Socios", 2, "Fecha de nacimiento", "tendría 121 años"),
    workbook(
        "ingreso_antes_de_nacer.xlsx", members=[member(**{"Fecha de ingreso": "01/01/1980"})]
    ): ("Socios", 2, "Fecha de ingreso", "anterior a la fecha de nacimiento"),
    workbook("asociacion_con_ruc_10.xlsx", [organization(RUC=ruc(46_027_897, "10"))]): (
        "Organizaciones",
        2,
        "RUC",
        "es persona jurídica: su RUC empieza por 20",
    ),
    workbook("correo_sin_arroba.xlsx", [organization(Correo="aeo.example.org")]): (
        "Organizaciones",
        2,
        "Correo",
        "no es un correo",
    ),
    workbook("nombre_de_32000_caracteres.xlsx", [organization(Nombre="A" * 32_000)]): (
        "Organizaciones",
        2,
        "Nombre",
        "Tiene 32,000 caracteres; el máximo es 200.",
    ),
    workbook("monto_con_letras.xlsx", [organization(**{"Ventas anuales (S/)": "cuarenta mil"})]): (
        "Organizaciones",
        2,
        "Ventas anuales (S/)",
        "contiene letras",
    ),
}


def raw(name: str, data: bytes) -> str:
    (HERE / name).write_bytes(data)
    return name


def truncated() -> str:
    data = (HERE / "formula.xlsx").read_bytes()
    return raw("cortado.xlsx", data[: len(data) // 2])


def ods_with_far_data() -> str:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Organizaciones"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>RUC</text:p></table:table-cell>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    path = HERE / "datos_lejanos.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path.name


CASES[truncated()] = (None, None, None, "dañado")
CASES[raw("un_pdf.xlsx", b"%PDF-1.4\n% no es una hoja\n")] = (None, None, None, "es un PDF")
CASES[ods_with_far_data()] = (None, None, None, "hasta la celda XFD1048576")
CASES[raw("vacio.csv", b"")] = (None, None, None, "está vacío")


if __name__ == "__main__":
    expected = {
        name: {"hoja": sheet, "fila": row, "columna": column, "mensaje": fragment}
        for name, (sheet, row, column, fragment) in CASES.items()
    }
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} archivos escritos en {HERE}.")
