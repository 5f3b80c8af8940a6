"""The exchange workbook's layout: sheets, columns and their Spanish headers.

One definition shared by the templates, the importer and the exporter, so that a file written by
one is always read by the other. A column's ``kind`` says how its cells are parsed and formatted.
"""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from procompite.common.labels import COMPONENT, PAYER
from procompite.registry.validation import AEO_CATEGORIES, LEGAL_FORMS, MEMBER_ROLES, SEXES

INSTRUCTIONS = "Instrucciones"
MAX_FILE_BYTES = 20 * 1024 * 1024
# What a file may expand to once decompressed, how many columns a sheet is read across (cells
# beyond are ignored and listed), and how many rows of data one sheet may bring.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COLUMNS = 100
MAX_ROWS = 200_000

TEXT = "text"
RUC = "ruc"
DNI = "dni"
UBIGEO = "ubigeo"
DATE = "date"
AMOUNT = "amount"
INTEGER = "integer"
QUANTITY = "quantity"
CHOICE = "choice"
IDENTIFIER_KINDS = (RUC, DNI, UBIGEO)
IDENTIFIER_LENGTHS = {RUC: 11, DNI: 8, UBIGEO: 6}

_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "‑": "-"})


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Text compared loosely: no case, no accents, no spaces, one kind of dash."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DASHES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(bare.casefold().split())


def _choices(options: Mapping[str, str]) -> dict[str, str]:
    """Folded spellings (codes and labels) to the stored code."""
    choices = {fold(code): code for code in options}
    choices.update({fold(label): code for code, label in options.items()})
    return choices


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the record field it fills and how to read it."""

    header: str
    field: str
    kind: str
    width: int
    required: bool = False
    help: str = ""
    example: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook and the entity it carries."""

    name: str
    entity: str
    key_help: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def header_for_label(self, label: str) -> str | None:
        """The header a validation label (``"Ventas anuales"``) refers to, if any."""
        folded = fold(label)
        for column in self.columns:
            header = fold(column.header)
            if header == folded or header.startswith(folded + "("):
                return column.header
        return None


def _text(header: str, field_name: str, width: int, **extra) -> Column:
    return Column(header, field_name, TEXT, width, **extra)


def _amount(header: str, field_name: str, **extra) -> Column:
    return Column(header, field_name, AMOUNT, 16, example="1234.50", **extra)


def _integer(header: str, field_name: str, **extra) -> Column:
    return Column(header, field_name, INTEGER, 12, **extra)


def _choice(
    header: str,
    field_name: str,
    width: int,
    options: Mapping[str, str],
    shown: tuple[str, ...] = (),
    **extra,
) -> Column:
    """A column of codes from ``options`` (code -> label); codes and labels are both accepted."""
    return Column(
        header,
        field_name,
        CHOICE,
        width,
        choices=_choices(options),
        options=shown or tuple(options.values()),
        labels=dict(options),
        **extra,
    )


CALL_HELP = "Nombre de la convocatoria, tal como está registrada en el programa."
RUC_HELP = "11 dígitos, con dígito verificador; escríbalo como texto."
UBIGEO_HELP = "Código INEI del distrito, por ejemplo 080101 (Cusco)."
CHAIN_HELP = "Nombre de la cadena productiva, tal como está registrada en el programa."

ORGANIZATIONS = Sheet(
    "Organizaciones",
    "organizaciones",
    "Cada fila es un AEO. Se identifica por su RUC: si el RUC ya existe, la fila lo actualiza.",
    (
        Column("RUC", "ruc", RUC, 14, True, RUC_HELP, "20123456786"),
        _text("Nombre", "name", 40, required=True, example="Asociación de Productores Ejemplo"),
        _choice(
            "Forma jurídica",
            "legal_form",
            30,
            {form: form for form in LEGAL_FORMS},
            required=True,
            example="Asociación",
        ),
        _choice(
            "Categoría",
            "category",
            11,
            {code: code for code in AEO_CATEGORIES},
            help="Categoría del AEO.",
            example="A",
        ),
        Column("Fecha de constitución", "constituted_on", DATE, 14, example="15/03/2015"),
        _text("Partida registral", "registry_entry", 22, example="11012345"),
        Column("Ubigeo del distrito", "district_ubigeo", UBIGEO, 12, help=UBIGEO_HELP),
        _text("Dirección", "address", 30),
        _text("Representante legal", "representative_name", 30, example="Rosa Quispe Huamán"),
        Column("DNI del representante", "representative_dni", DNI, 12, example="01234567"),
        _text("Teléfono", "phone", 14, example="984123456"),
        _text("Correo", "email", 26),
        _text("Cadena productiva", "chain_name", 22, help=CHAIN_HELP),
        _amount("Ventas anuales (S/)", "annual_sales_cents"),
        _text("Observaciones", "notes", 30),
    ),
)

MEMBERS = Sheet(
    "Socios",
    "socios",
    "Cada fila es un socio del padrón de un AEO. Se identifica por el RUC de la organización y "
    "el DNI: si ya existe, la fila lo actualiza. La importación nunca borra socios.",
    (
        Column(
            "RUC de la organización",
            "organization_ruc",
            RUC,
            14,
            True,
            "RUC del AEO: debe existir en el programa o en la hoja «Organizaciones».",
            "20123456786",
        ),
        Column("DNI", "dni", DNI, 12, True, "8 dígitos; escríbalo como texto.", "01234567"),
        _text("Nombres", "first_names", 22, required=True, example="Rosa"),
        _text("Apellidos", "last_names", 24, required=True, example="Quispe Huamán"),
        _choice(
            "Sexo",
            "sex",
            8,
            SEXES,
            ("F", "M"),
            required=True,
            help="F (femenino) o M (masculino).",
            example="F",
        ),
        Column("Fecha de nacimiento", "birth_date", DATE, 14, example="23/11/1985"),
        _choice(
            "Cargo",
            "role",
            14,
            {role: role for role in MEMBER_ROLES},
            help="Si se deja vacío, «socio».",
            example="socio",
        ),
        Column("Fecha de ingreso", "joined_on", DATE, 14, example="15/03/2015"),
    ),
)

PLANS = Sheet(
    "Planes",
    "planes",
    "Cada fila es un plan de negocio. Se identifica por la convocatoria y el código: si ya "
    "existe, la fila lo actualiza. Un plan nuevo queda «Registrado». Solo se pueden modificar "
    "planes en estado «Borrador» o «Registrado».",
    (
        _text("Convocatoria", "call_name", 34, required=True, help=CALL_HELP),
        _text("Código", "code", 14, required=True, example="PN-2026-001"),
        Column(
            "RUC de la organización",
            "organization_ruc",
            RUC,
            14,
            True,
            "RUC del AEO: debe existir en el programa o en la hoja «Organizaciones».",
            "20123456786",
        ),
        _text("Categoría", "category_code", 11, help="Código de la categoría de la convocatoria."),
        _text("Cadena productiva", "chain_name", 22, help=CHAIN_HELP),
        _text("Título", "title", 40, required=True),
        Column("Ubigeo del distrito", "district_ubigeo", UBIGEO, 12, help=UBIGEO_HELP),
        _integer("Duración (meses)", "duration_months", help="Entre 1 y 120.", example="12"),
        _integer("Beneficiarias mujeres", "beneficiaries_women", example="18"),
        _integer("Beneficiarios hombres", "beneficiaries_men", example="12"),
        _integer("Empleos directos", "direct_jobs", example="4"),
        _integer("Empleos indirectos", "indirect_jobs", example="10"),
        _text("Resumen", "summary", 40),
    ),
)

# The columns that say which plan a budget line or a cash-flow year belongs to.
PLAN_KEY = (
    _text("Convocatoria", "call_name", 34, required=True, help=CALL_HELP),
    _text(
        "Código del plan",
        "plan_code",
        14,
        required=True,
        help="Debe existir en el programa o en la hoja «Planes».",
        example="PN-2026-001",
    ),
)

BUDGET = Sheet(
    "Presupuesto",
    "líneas de presupuesto",
    "Cada fila es una línea del presupuesto de un plan. Las líneas de un plan que aparece en "
    "esta hoja REEMPLAZAN a las que tenía, en el orden de las filas.",
    (
        *PLAN_KEY,
        _choice("Componente", "component", 18, COMPONENT, required=True, example="Activos fijos"),
        _text("Concepto", "concept", 34, required=True, example="Despulpadora de café"),
        _text("Unidad", "unit", 10, help="Si se deja vacía, «unidad».", example="unidad"),
        Column(
            "Cantidad",
            "quantity",
            QUANTITY,
            10,
            True,
            example="2.5",
        ),
        _amount("Costo unitario (S/)", "unit_cost_cents", required=True),
        _choice("Financia", "payer", 18, PAYER, required=True, example="PROCOMPITE"),
    ),
)

CASH_FLOW = Sheet(
    "Flujo de caja",
    "años de flujo de caja",
    "Cada fila es un año del flujo de caja proyectado de un plan (año 0: la inversión). Los "
    "años de un plan que aparece en esta hoja REEMPLAZAN a los que tenía.",
    (
        *PLAN_KEY,
        _integer(
            "Año", "year", required=True, help="De 0 a 30; cada año una sola vez.", example="1"
        ),
        _amount("Ingresos (S/)", "income_cents"),
        _amount("Costos de operación (S/)", "operating_cost_cents"),
        _amount("Inversión (S/)", "investment_cents"),
        _amount("Valor residual (S/)", "residual_value_cents"),
    ),
)

DATA_SHEETS = (ORGANIZATIONS, MEMBERS, PLANS, BUDGET, CASH_FLOW)
TEMPLATES = {"aeo": (ORGANIZATIONS, MEMBERS), "plan": (PLANS, BUDGET, CASH_FLOW)}
SUMMARY_KEYS = tuple(sheet.entity for sheet in DATA_SHEETS)
