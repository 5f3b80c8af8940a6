"""The parts of a batch printed apart, joined into the one PDF the batch prints whole.

Every part carries the whole batch's metadata (see ``ReportRenderer.batch_parts``), so the
first part gives the file its information dictionary, XMP packet, language, output intent and
outline mode; each part then adds its pages, already numbered document by document, and its
documents' outline entries in order.
"""

import io

from pypdf import PdfReader, PdfWriter


class PartJoiner:
    """Takes the parts in order, one at a time, as they are printed."""

    def __init__(self) -> None:
        self._writer: PdfWriter | None = None
        self.parts = 0

    def add(self, data: bytes) -> None:
        reader = PdfReader(io.BytesIO(data))
        if self._writer is None:
            self._writer = PdfWriter(clone_from=reader)
        else:
            self._writer.append(reader)
        self.parts += 1

    def data(self) -> bytes:
        """The joined file."""
        if self._writer is None:
            raise ValueError("no parts")
        buffer = io.BytesIO()
        self._writer.write(buffer)
        return buffer.getvalue()
