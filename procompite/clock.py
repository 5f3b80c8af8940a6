"""The current time as stored in the database: ISO 8601 in UTC, to the second."""

from datetime import UTC, datetime


def now_iso() -> str:
    """``2026-11-23T10:31:00+00:00``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
