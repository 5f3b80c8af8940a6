"""Column definitions shared by the list screens."""

from collections.abc import Callable
from typing import Any

from procompite.common.money import format_soles
from ui.widgets.table_model import Column


def text(header: str, attribute: str) -> Column:
    return Column(header, lambda record: str(getattr(record, attribute)))


def _numeric(header: str, attribute: str, shown: Callable[[Any], str]) -> Column:
    """A right-aligned column that sorts by the value and shows it through ``shown``."""
    return Column(
        header,
        lambda record: shown(getattr(record, attribute)),
        sort_key=lambda record: getattr(record, attribute),
        numeric=True,
    )


def integer(header: str, attribute: str) -> Column:
    return _numeric(header, attribute, lambda value: f"{value:,}")


def soles(header: str, attribute: str) -> Column:
    return _numeric(header, attribute, format_soles)


def percent(header: str, attribute: str) -> Column:
    return _numeric(header, attribute, lambda value: "—" if value is None else f"{value:.1f} %")


def year(header: str, attribute: str) -> Column:
    return _numeric(header, attribute, str)
