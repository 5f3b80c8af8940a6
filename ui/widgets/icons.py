"""Icons from the bundled ``resources/icons`` folder."""

from PySide6.QtGui import QIcon

from procompite.common.resources import resource_path


def icon(name: str) -> QIcon:
    """``icon("procompite")`` loads ``resources/icons/procompite.svg``."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))
