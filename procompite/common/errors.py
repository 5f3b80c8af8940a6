"""Errors whose messages are meant for the user, in Spanish."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: where it is and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(Exception):
    """Input that cannot be saved; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))
