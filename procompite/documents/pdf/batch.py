"""All the dictámenes of a call at once: one PDF with every dictamen numbered on its own, or
one file per plan. Progress is reported as dictámenes are done and a cancellation stops between
two; nothing half written is left at the target.

A large batch is printed by worker processes on every core, a run of dictámenes at a time from
their frozen snapshots; the runs of a single PDF are joined in order as they arrive. A small one
is printed here, where starting the workers would cost more than they save.
"""

from collections.abc import Callable
from pathlib import Path

from procompite.calls.entity import Letterhead
from procompite.common.progress import Progress, never_cancelled, no_progress
from procompite.documents.dictamen_document import DictamenDocument
from procompite.documents.pdf.base import BatchPart, Cancelled, ReportRenderer, write_whole
from procompite.documents.pdf.dictamen import dictamen_flowables, dictamen_meta
from procompite.documents.pdf.joining import PartJoiner
from procompite.documents.pdf.workers import (
    Workers,
    collector_waiting,
    cores,
    runs,
    stop_if_cancelled,
    stopped,
)

# Below this many dictámenes a batch is printed in this process: starting the workers costs
# about half a second, which a batch this small does not win back.
PARALLEL_FROM = 20


def _line(documents: list[DictamenDocument], number: int) -> str:
    return f"Dictamen {number} de {len(documents)}: {documents[number - 1].plan_code}"


def _workers(count: int, parallel_from: int) -> int:
    """How many worker processes print ``count`` dictámenes; 0: none, print here."""
    if count < max(parallel_from, 2):
        return 0
    workers = min(cores(), count)
    return workers if workers > 1 else 0


def _cut(documents: list, workers: int) -> list[tuple[int, int]]:
    """Where each run of documents starts and stops."""
    bounds, start = [], 0
    for size in runs(len(documents), workers):
        bounds.append((start, start + size))
        start += size
    return bounds


def _laid_out(
    documents: list[DictamenDocument], head: Letterhead
) -> tuple[ReportRenderer, list[tuple]]:
    """A renderer for the documents and each one's header and flowables, to print in one PDF."""
    pdf = ReportRenderer(dictamen_meta(documents[0], head))
    return pdf, [
        (dictamen_meta(document, head), dictamen_flowables(pdf, document)) for document in documents
    ]


def print_run(
    documents: list[DictamenDocument], head: Letterhead, part: BatchPart | None = None
) -> bytes | None:
    """In a worker: a run of dictámenes as one PDF, part of the batch ``part``; ``None`` when
    the job is cancelled."""
    if stopped():
        return None
    with collector_waiting():
        pdf, sections = _laid_out(documents, head)
        try:
            return pdf.render_sections(sections, on_section=stop_if_cancelled, part=part)
        except Cancelled:
            return None


def write_run(documents: list[DictamenDocument], head: Letterhead, folder: Path) -> list[Path]:
    """In a worker: one PDF per dictamen of the run, until the job is cancelled."""
    written: list[Path] = []
    first = None
    with collector_waiting():
        for document in documents:
            if stopped():
                break
            first = _write_one(document, head, folder, first)
            written.append(folder / document.file_name)
    return written


def _write_one(
    document: DictamenDocument, head: Letterhead, folder: Path, like: ReportRenderer | None
) -> ReportRenderer:
    """Write the dictamen's own file, with the stylesheet and repeated texts of ``like``."""
    pdf = ReportRenderer(dictamen_meta(document, head), like)
    pdf.render(dictamen_flowables(pdf, document), folder / document.file_name)
    return like or pdf


def one_file(
    documents: list[DictamenDocument],
    head: Letterhead,
    target: Path,
    progress: Progress = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
    *,
    parallel_from: int = PARALLEL_FROM,
) -> bool:
    """Write every dictamen into ``target``; returns False, writing nothing, when cancelled.
    From ``parallel_from`` dictámenes on, worker processes print them."""
    if not documents:
        raise ValueError("no documents")
    workers = _workers(len(documents), parallel_from)
    if not workers:
        return _one_file_here(documents, head, target, progress, cancelled)
    total = len(documents)
    bounds = _cut(documents, workers)
    metas = [dictamen_meta(document, head) for document in documents]
    parts = ReportRenderer(metas[0]).batch_parts(metas, [stop - start for start, stop in bounds])
    joiner = PartJoiner()
    progress(0, total, _line(documents, 1))
    with Workers(workers) as pool:
        pool.submit(
            [
                (print_run, (documents[start:stop], head, part))
                for (start, stop), part in zip(bounds, parts, strict=True)
            ]
        )
        try:
            for (_start, stop), data in zip(bounds, pool.in_order(cancelled), strict=True):
                if data is None:
                    raise Cancelled
                joiner.add(data)
                progress(stop, total, _line(documents, stop))
        except Cancelled:
            return False
    if cancelled():
        return False
    write_whole(target, joiner.data())
    progress(total, total, "")
    return True


def _one_file_here(
    documents: list[DictamenDocument],
    head: Letterhead,
    target: Path,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> bool:
    total = len(documents)

    def started(index: int) -> None:
        if cancelled():
            raise Cancelled
        progress(index, total, _line(documents, index + 1))

    pdf, sections = _laid_out(documents, head)
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
    progress: Progress = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
    *,
    parallel_from: int = PARALLEL_FROM,
) -> list[Path]:
    """Write one PDF per dictamen into ``folder``; stops between two when cancelled and returns
    the files written so far, in the order of ``documents``. From ``parallel_from`` dictámenes
    on, worker processes print them."""
    folder.mkdir(parents=True, exist_ok=True)
    workers = _workers(len(documents), parallel_from)
    if not workers:
        return _file_per_plan_here(documents, head, folder, progress, cancelled)
    total = len(documents)
    bounds = _cut(documents, workers)
    written: list[Path] = []
    progress(0, total, _line(documents, 1))
    with Workers(workers) as pool:
        pool.submit([(write_run, (documents[start:stop], head, folder)) for start, stop in bounds])
        try:
            for (_start, stop), files in zip(bounds, pool.in_order(cancelled), strict=True):
                written += files
                progress(stop, total, _line(documents, stop))
        except Cancelled:
            written = [path for files in pool.finished() for path in files]
    progress(len(written), total, "")
    return written


def _file_per_plan_here(
    documents: list[DictamenDocument],
    head: Letterhead,
    folder: Path,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> list[Path]:
    written: list[Path] = []
    total = len(documents)
    first = None
    for index, document in enumerate(documents):
        if cancelled():
            break
        progress(index, total, _line(documents, index + 1))
        first = _write_one(document, head, folder, first)
        written.append(folder / document.file_name)
    progress(len(written), total, "")
    return written
