"""Peruvian identity numbers: RUC (SUNAT taxpayer number) and DNI."""

RUC_PREFIXES = ("10", "15", "17", "20")
DIGITS = frozenset("0123456789")
_RUC_FACTORS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def ruc_check_digit(first_ten: str) -> int:
    """SUNAT's modulo-11 check digit for the first ten digits of a RUC."""
    total = sum(int(digit) * factor for digit, factor in zip(first_ten, _RUC_FACTORS, strict=True))
    digit = 11 - total % 11
    return digit - 10 if digit >= 10 else digit


def only_digits(text: str) -> bool:
    """Only the digits 0 to 9: ``"²"`` and Arabic-Indic digits pass ``str.isdigit`` but are
    not digits of a Peruvian document."""
    return bool(text) and set(text) <= DIGITS


def odd_digits_problem(text: str, what: str) -> str | None:
    """A message naming the characters that look like digits but are not 0 to 9."""
    odd = sorted({char for char in text if char.isdigit() and char not in DIGITS})
    if not odd:
        return None
    shown = ", ".join(f"«{char}»" for char in odd)
    return f"{what} solo puede tener las cifras 0 a 9; tiene {shown}."


def ruc_problem(ruc: str) -> str | None:
    """Why a RUC is not valid, in Spanish, or ``None`` when it is."""
    if not only_digits(ruc) and (message := odd_digits_problem(ruc, "El RUC")):
        return message
    if len(ruc) != 11 or not only_digits(ruc):
        return "El RUC debe tener 11 dígitos."
    if ruc[:2] not in RUC_PREFIXES:
        return "El RUC debe empezar por 10, 15, 17 o 20."
    if ruc_check_digit(ruc[:10]) != int(ruc[10]):
        return "El dígito verificador del RUC no corresponde."
    return None


def dni_problem(dni: str) -> str | None:
    """Why a DNI is not valid, in Spanish, or ``None`` when it is."""
    if not only_digits(dni) and (message := odd_digits_problem(dni, "El DNI")):
        return message
    if len(dni) != 8 or not only_digits(dni):
        return "El DNI debe tener 8 dígitos."
    return None
