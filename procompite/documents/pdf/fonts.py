"""Fonts that cover Spanish (á é í ó ú ñ ü ¿ ¡): DejaVu Sans shipped in ``resources/fonts``,
else found on the system, else reportlab's Helvetica (whose encoding also covers Spanish)."""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from procompite.common.resources import resource_path

SYSTEM_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("C:/Windows/Fonts"),
    Path("/Library/Fonts"),
)
FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_registered: dict[str, str] = {}


def _find(file_name: str) -> Path | None:
    for folder in (resource_path("fonts"), *SYSTEM_FOLDERS):
        candidate = folder / file_name
        if candidate.exists():
            return candidate
    return None


def fonts() -> dict[str, str]:
    """Names of the registered regular and bold fonts (registered once)."""
    if _registered:
        return _registered
    regular, bold = _find(FILES["regular"]), _find(FILES["bold"])
    if regular and bold:
        pdfmetrics.registerFont(TTFont("ReportSans", str(regular)))
        pdfmetrics.registerFont(TTFont("ReportSans-Bold", str(bold)))
        pdfmetrics.registerFontFamily("ReportSans", normal="ReportSans", bold="ReportSans-Bold")
        _registered.update(regular="ReportSans", bold="ReportSans-Bold")
    else:
        _registered.update(regular="Helvetica", bold="Helvetica-Bold")
    return _registered
