"""What a long job (printing a batch, writing an export) is given to report its progress and to
learn that it was cancelled, and the defaults for a caller that wants neither."""

from collections.abc import Callable

# ``progress(done, total, text)``: how much of the job is done, and a line saying what.
Progress = Callable[[int, int, str], None]


def never_cancelled() -> bool:
    return False


def no_progress(_done: int, _total: int, _text: str) -> None:
    return None
