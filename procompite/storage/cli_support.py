"""What the verbs that change a file share on the command line: the file opened to write (the
writer lock taken, migrated, backed up once a day) or to read, and a refusal as Spanish lines on
standard error with a non-zero exit, nothing changed."""

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from procompite.common.errors import ValidationError
from procompite.storage.database import open_database
from procompite.storage.session import open_session


class Refused(Exception):
    """A command refused with one Spanish line."""


def refusing(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The handler, with its refusals printed and turned into exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ValidationError as error:
            print("Error: no se hizo ningún cambio:", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
            return 2
        except Refused as error:
            print(f"Error: {error}", file=sys.stderr)
            return 2

    return run


@contextmanager
def writing(path: str | Path) -> Iterator[Database]:
    session = open_session(path)
    for notice in session.notices:
        print(f"Aviso: {notice}", file=sys.stderr)
    try:
        yield session.db
    finally:
        session.close()


@contextmanager
def reading(path: str | Path) -> Iterator[Database]:
    db = open_database(path, create=False, readonly=True)
    try:
        yield db
    finally:
        db.close()
