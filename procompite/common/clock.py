"""The current time as stored in the database: ISO 8601 in UTC, to the second."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_fixed: list[str] = []


def now_iso() -> str:
    """``2026-11-23T10:31:00+00:00``."""
    if _fixed:
        return _fixed[-1]
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@contextmanager
def fixed_time(at: str) -> Iterator[None]:
    """Within the block, every record is stamped ``at`` (for reproducible builds)."""
    _fixed.append(at)
    try:
        yield
    finally:
        _fixed.pop()
