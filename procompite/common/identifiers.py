"""Peruvian identity numbers: RUC (SUNAT taxpayer number) and DNI."""

RUC_PREFIXES = ("10", "15", "17", "20")
_RUC_FACTORS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def ruc_check_digit(first_ten: str) -> int:
    """SUNAT's modulo-11 check digit for the first ten digits of a RUC."""
    total = sum(int(digit) * factor for digit, factor in zip(first_ten, _RUC_FACTORS, strict=True))
    digit = 11 - total % 11
    return digit - 10 if digit >= 10 else digit


def ruc_problem(ruc: str) -> str | None:
    """Why a RUC is not valid, in Spanish, or ``None`` when it is."""
    if len(ruc) != 11 or not ruc.isdigit():
        return "El RUC debe tener 11 dígitos."
    if ruc[:2] not in RUC_PREFIXES:
        return "El RUC debe empezar por 10, 15, 17 o 20."
    if ruc_check_digit(ruc[:10]) != int(ruc[10]):
        return "El dígito verificador del RUC no corresponde."
    return None


def dni_problem(dni: str) -> str | None:
    """Why a DNI is not valid, in Spanish, or ``None`` when it is."""
    if len(dni) != 8 or not dni.isdigit():
        return "El DNI debe tener 8 dígitos."
    return None
