"""All the dictámenes of a call at once: one PDF with every dictamen numbered on its own, or
one file per plan. Progress is reported per dictamen and a cancellation stops between two."""

from collections.abc import Callable
from pathlib import Path

from procompite.calls.entity import Letterhead
from procompite.documents.dictamen_document import DictamenDocument
from procompite.documents.pdf.base import Cancelled, ReportRenderer
from procompite.documents.pdf.dictamen import (
    dictamen_flowables,
    dictamen_meta,
    render_dictamen,
)

Progress = Callable[[int, int, str], None]


def _never() -> bool:
    return False


def _quiet(_done: int, _total: int, _text: str) -> None:
    return None


def one_file(
    documents: list[DictamenDocument],
    head: Letterhead,
    target: Path,
    progress: Progress = _quiet,
    cancelled: Callable[[], bool] = _never,
) -> bool:
    """Write every dictamen into ``target``; returns False, writing nothing, when cancelled."""
    if not documents:
        raise ValueError("no documents")
    total = len(documents)

    def started(index: int) -> None:
        if cancelled():
            raise Cancelled
        progress(index, total, f"Dictamen {index + 1} de {total}: {documents[index].plan_code}")

    pdf = ReportRenderer(dictamen_meta(documents[0], head))
    sections = [
        (dictamen_meta(document, head), dictamen_flowables(pdf, document)) for document in documents
    ]
    try:
        pdf.render_sections(sections, target, on_section=started)
    except Cancelled:
        return False
    progress(total, total, "")
    return True


def file_per_plan(
    documents: list[DictamenDocument],
    head: Letterhead,
    folder: Path,
    progress: Progress = _quiet,
    cancelled: Callable[[], bool] = _never,
) -> list[Path]:
    """Write one PDF per dictamen into ``folder``; stops between two when cancelled and returns
    the files written so far."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    total = len(documents)
    for index, document in enumerate(documents):
        if cancelled():
            break
        progress(index, total, f"Dictamen {index + 1} de {total}: {document.plan_code}")
        target = folder / document.file_name
        render_dictamen(document, head, target)
        written.append(target)
    progress(len(written), total, "")
    return written
