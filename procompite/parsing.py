"""Reading what a user typed: amounts in soles, quantities and dates, with Spanish errors."""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class ParseError(ValueError):
    """Text that is not what the field expects; the message says what was expected."""


_AMOUNT_PREFIX = re.compile(r"^\s*(S/\.?|PEN)\s*", re.IGNORECASE)


def parse_decimal(text: str) -> Decimal:
    """``"1,234.50"``, ``"1.234,50"``, ``"1 234,5"`` or ``"1234.5"`` -> ``Decimal("1234.50")``.

    The decimal separator is the last ``.`` or ``,`` followed by one or two digits at the end;
    any other separator groups thousands.
    """
    raw = _AMOUNT_PREFIX.sub("", str(text)).strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ParseError("Está vacío.")
    negative = raw.startswith("-")
    body = raw.lstrip("-")
    if not re.fullmatch(r"[0-9.,]+", body) or not any(c.isdigit() for c in body):
        raise ParseError(f"«{text}» no es un número (ejemplos: 1234.50, S/ 1,234.50).")
    match = re.search(r"[.,](\d{1,2})$", body)
    if match and body.count(body[match.start()]) == 1:
        whole, fraction = body[: match.start()], match.group(1)
    else:
        whole, fraction = body, ""
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not groups[0] or any(len(group) != 3 for group in groups[1:])):
        raise ParseError(f"«{text}» no es un monto válido (ejemplos: 1234.50, S/ 1,234.50).")
    whole = "".join(groups)
    try:
        value = Decimal(f"{whole or '0'}.{fraction or '0'}")
    except InvalidOperation as error:
        raise ParseError(f"«{text}» no es un número.") from error
    return -value if negative else value


def parse_amount_cents(text: str) -> int:
    """Soles as typed to integer céntimos, rounded half-up."""
    value = parse_decimal(text)
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_quantity(text: str) -> Decimal:
    """A quantity such as ``"2.5"`` or ``"2,5"``."""
    return parse_decimal(text).normalize()


def parse_int(text: str) -> int:
    raw = str(text).strip()
    if not re.fullmatch(r"-?\d+", raw):
        raise ParseError(f"«{text}» no es un número entero.")
    return int(raw)


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y")


def parse_date(text: str | date | datetime) -> date:
    """``23/11/2026``, ``23-11-2026`` or ``2026-11-23``; impossible dates are refused."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ParseError(f"«{text}» no es una fecha válida (use dd/mm/aaaa, por ejemplo 23/11/2026).")
