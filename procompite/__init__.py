"""PROCOMPITE evaluation library: domain records, storage, computations and command line.

This package never imports Qt, so everything in it can be used from scripts and tests.
"""

import importlib
import sys

__version__ = "0.1.0"


def _import_sqlite_utils_without_dataframes() -> None:
    """Import sqlite-utils without letting it load pandas and numpy.

    sqlite-utils imports pandas and numpy eagerly, only to map their scalar types when rows are
    inserted; that costs about a second of start-up. This library always hands sqlite-utils
    plain Python values, and imports pandas itself where a computation needs it.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_dataframes()
