"""The outline (bookmarks) of a PDF as a test reads it."""

import io

from pypdf import PdfReader


def outline_entries(data: bytes) -> list[tuple[int, str, int]]:
    """Level, title and page of every outline entry."""
    reader = PdfReader(io.BytesIO(data))
    entries = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries
