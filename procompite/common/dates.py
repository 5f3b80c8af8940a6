"""Dates as the Peruvian public administration writes them."""

from datetime import date, datetime

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def parse_iso(value: str | date | None) -> date | None:
    """ISO text as stored (``2026-11-23`` or a timestamp) to a ``date``; ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def format_short(value: str | date | None) -> str:
    """``23/11/2026``."""
    day = parse_iso(value)
    return day.strftime("%d/%m/%Y") if day else ""


def format_long(value: str | date | None) -> str:
    """``23 de noviembre de 2026``."""
    day = parse_iso(value)
    if not day:
        return ""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def age_on(birth: date, on: date) -> int:
    """Whole years between a birth date and a reference date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def format_moment(value: str | datetime, *, seconds: bool = False) -> str:
    """``23 de noviembre de 2026, 10:15`` in local time (an ISO text with a zone is converted)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    clock = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"
    return f"{format_long(moment.date())}, {clock}"
