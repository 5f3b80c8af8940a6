"""Reading one typed value (an amount, a quantity, a whole number, a date, a text, an
identifier) from what a user typed or a spreadsheet cell holds, or saying in Spanish why not.

A value arrives as text, or as a spreadsheet library gives it (``str``, ``int``, ``float``,
``datetime``, ``None``). Amounts become integer céntimos through ``Decimal``, never through float
arithmetic. The forms and the importer share these rules, so what one accepts the other does.
"""

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
MAX_CENTS = 10**15
MAX_INTEGER = 10**9
EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")
EXCEL_EPOCH = datetime(1899, 12, 30)
LAST_EXCEL_SERIAL = 2958465
_CURRENCY = re.compile(r"^(?:S/\.?|PEN)\s*", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
AMOUNT_EXAMPLE = "escriba solo cifras, por ejemplo 1234.50 o S/ 1,234.50"
DATE_EXAMPLE = "use dd/mm/aaaa, por ejemplo 23/11/2026"


class CellError(ValueError):
    """A cell whose content cannot be read; the message is for the user, in Spanish."""


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def _check_text(value: str) -> str:
    """Refuse formulas and Excel error values; return the text stripped."""
    text = value.strip()
    if text.startswith("="):
        raise CellError(
            f"La celda contiene una fórmula ({shown(text)}): escriba el valor, no la fórmula "
            "(copie y use «Pegar valores»)."
        )
    if text in EXCEL_ERRORS:
        raise CellError(f"La celda muestra un error de Excel ({text}): corrija el valor.")
    return text


def _float_decimal(value: float) -> Decimal:
    if not math.isfinite(value):
        raise CellError("La celda no contiene un número válido.")
    return Decimal(repr(value))


def _grouped(digits: str, separator: str) -> bool:
    """``1.234.567`` grouped by thousands with ``separator`` (and nothing else)?"""
    groups = digits.split(separator)
    first, rest = groups[0], groups[1:]
    return (
        bool(rest)
        and 1 <= len(first) <= 3
        and first.isdigit()
        and not first.startswith("0")
        and all(len(group) == 3 and group.isdigit() for group in rest)
    )


def decimal_from_text(text: str, what: str = "monto") -> Decimal:
    """``"S/ 1.234,50"``, ``"1,234.50"``, ``"1234.5"`` ... to a ``Decimal``.

    The last separator is the decimal one when one or two digits follow it; with three digits
    and a valid thousands grouping (``1.234``, ``1,234,567``) every separator is a thousands one.
    """
    raw = text
    body = text.strip()
    negative = body.startswith("-")
    body = _CURRENCY.sub("", body.lstrip("-").strip())
    if body.startswith("-") and not negative:
        negative, body = True, body[1:]
    body = _SPACES.sub("", body)
    if re.search(r"[^\W\d_]", body):
        raise CellError(f"«{shown(raw)}» contiene letras: {AMOUNT_EXAMPLE}.")
    if not body or not re.fullmatch(r"[0-9.,]+", body) or not any(c.isdigit() for c in body):
        raise CellError(f"«{shown(raw)}» no es un {what} válido: {AMOUNT_EXAMPLE}.")
    if body[0] in ".,":
        body = "0" + body
    last = max(body.rfind("."), body.rfind(","))
    if last < 0:
        number = body
    else:
        separator = body[last]
        other = "," if separator == "." else "."
        head, tail = body[:last], body[last + 1 :]
        if not tail:
            raise CellError(f"«{shown(raw)}» termina en un separador: {AMOUNT_EXAMPLE}.")
        if len(tail) == 3 and other not in body and _grouped(body, separator):
            number = body.replace(separator, "")
        elif separator in head:
            raise CellError(f"«{shown(raw)}» tiene dos separadores decimales: {AMOUNT_EXAMPLE}.")
        elif other in head and not _grouped(head, other):
            raise CellError(
                f"«{shown(raw)}» tiene los separadores de miles mal ubicados: {AMOUNT_EXAMPLE}."
            )
        else:
            number = head.replace(other, "") + "." + tail
    value = Decimal(number)
    return -value if negative else value


def parse_amount(value: Any) -> int | None:
    """A cell in soles to integer céntimos (half-up); ``None`` when empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"«{value}» no es un monto: {AMOUNT_EXAMPLE}.")
    if isinstance(value, int):
        soles = Decimal(value)
    elif isinstance(value, float):
        soles = _float_decimal(value)
    elif isinstance(value, str):
        soles = decimal_from_text(_check_text(value))
    else:
        raise CellError(f"«{shown(value)}» no es un monto: {AMOUNT_EXAMPLE}.")
    if abs(soles) * 100 > MAX_CENTS:
        raise CellError(f"«{shown(value)}» es un monto demasiado grande.")
    if isinstance(value, str) and soles != soles.quantize(CENT):
        raise CellError(f"«{shown(value)}» tiene más de dos decimales: {AMOUNT_EXAMPLE}.")
    return int((soles * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_quantity(value: Any) -> Decimal | None:
    """A quantity, exact (``"2,5"`` -> ``Decimal("2.5")``); ``None`` when empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"«{value}» no es una cantidad: escriba un número, por ejemplo 2 o 2.5.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _float_decimal(value)
    if isinstance(value, str):
        if re.fullmatch(r"\s*\d{1,3}[.,]\d{3}\s*", value):
            raise CellError(
                f"«{shown(value)}» es ambiguo como cantidad (¿miles o decimales?): escriba "
                f"{value.strip().replace(',', '').replace('.', '')} o "
                f"{value.strip().replace(',', '.')[:-1]}… con el número exacto de decimales."
            )
        quantity = decimal_from_text(_check_text(value), "número")
        if abs(quantity) > MAX_INTEGER:
            raise CellError(f"«{shown(value)}» es una cantidad demasiado grande.")
        return quantity
    raise CellError(f"«{shown(value)}» no es una cantidad: escriba un número, por ejemplo 2.5.")


def canonical_quantity(quantity: Decimal) -> str:
    """``Decimal("2.50")`` -> ``"2.5"``, ``Decimal("3")`` -> ``"3"``: the stored text."""
    return format(quantity.normalize(), "f")


def parse_integer(value: Any) -> int | None:
    """A whole number (count, year); ``2.5`` is refused."""
    number = _integer(value)
    if number is not None and abs(number) > MAX_INTEGER:
        raise CellError(f"«{shown(value)}» es un número demasiado grande.")
    return number


def _integer(value: Any) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"«{value}» no es un número entero.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"«{shown(value)}» no es un número entero.")
    if isinstance(value, str):
        text = _check_text(value)
        try:
            number = decimal_from_text(text, "número")
        except CellError:
            raise CellError(f"«{shown(value)}» no es un número entero.") from None
        if abs(number) <= MAX_INTEGER and number == number.to_integral_value():
            return int(number)
        if abs(number) > MAX_INTEGER:
            raise CellError(f"«{shown(value)}» es un número demasiado grande.")
        raise CellError(f"«{shown(value)}» no es un número entero.")
    raise CellError(f"«{shown(value)}» no es un número entero.")


def parse_date(value: Any) -> date | None:
    """An Excel date, or text ``23/11/2026``, ``23-11-2026`` or ``2026-11-23``."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        raise CellError(f"«{value}» es una hora, no una fecha: {DATE_EXAMPLE}.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= LAST_EXCEL_SERIAL:
            return (EXCEL_EPOCH + timedelta(days=int(value))).date()
        raise CellError(f"«{shown(value)}» no es una fecha: {DATE_EXAMPLE}.")
    if not isinstance(value, str):
        raise CellError(f"«{shown(value)}» no es una fecha: {DATE_EXAMPLE}.")
    text = _check_text(value)
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(f"«{shown(value)}» no es una fecha: {DATE_EXAMPLE}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(
            f"La fecha «{shown(value)}» no existe: revise el día y el mes ({DATE_EXAMPLE})."
        ) from None


def parse_text(value: Any) -> str | None:
    """Free text; a number typed in a text column keeps its digits (``984123456``, not ``.0``)."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        return _check_text(value)
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(_float_decimal(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_identifier(value: Any) -> str | None:
    """RUC, DNI or ubigeo as digit text; a number cell gives its digits, never padded."""
    if is_empty(value):
        return None
    if isinstance(value, float) and not value.is_integer():
        raise CellError(f"«{shown(value)}» no es un número de documento o código válido.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, str):
        text = _SPACES.sub("", _check_text(value))
        if not text.isascii() and (
            odd := sorted({char for char in text if char.isdigit() and not "0" <= char <= "9"})
        ):
            listed = ", ".join(f"«{char}»" for char in odd)
            raise CellError(
                f"«{shown(value)}» tiene caracteres que no son las cifras 0 a 9: {listed}."
            )
        return text
    raise CellError(f"«{shown(value)}» no es un número de documento o código válido.")
