"""Column definitions shared by the list screens."""

from procompite.common.money import format_soles
from ui.widgets.table_model import Column


def text(header: str, attribute: str) -> Column:
    return Column(header, lambda record: str(getattr(record, attribute)))


def integer(header: str, attribute: str) -> Column:
    return Column(
        header,
        lambda record: f"{getattr(record, attribute):,}",
        sort_key=lambda record: getattr(record, attribute),
        numeric=True,
    )


def soles(header: str, attribute: str) -> Column:
    return Column(
        header,
        lambda record: format_soles(getattr(record, attribute)),
        sort_key=lambda record: getattr(record, attribute),
        numeric=True,
    )


def percent(header: str, attribute: str) -> Column:
    def shown(record) -> str:
        value = getattr(record, attribute)
        return "—" if value is None else f"{value:.1f} %"

    return Column(header, shown, sort_key=lambda record: getattr(record, attribute), numeric=True)


def year(header: str, attribute: str) -> Column:
    return Column(
        header,
        lambda record: str(getattr(record, attribute)),
        sort_key=lambda record: getattr(record, attribute),
        numeric=True,
    )
