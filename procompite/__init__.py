"""PROCOMPITE evaluation library: domain records, storage, computations and command line.

This package never imports Qt, so everything in it can be used from scripts and tests.
"""

import importlib.util
import sys
from types import ModuleType

__version__ = "0.1.0"

_DATAFRAME_LIBRARIES = ("pandas", "numpy")


class _LoaderWithoutDataFrames:
    """Runs sqlite-utils' package code while pandas and numpy look absent."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in _DATAFRAME_LIBRARIES if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                del sys.modules[name]


class _SqliteUtilsWithoutDataFrames:
    """Import sqlite-utils, when first needed, without letting it load pandas and numpy.

    sqlite-utils imports pandas and numpy eagerly, only to map their scalar types when rows are
    inserted; that costs about a second of start-up. This library always hands sqlite-utils
    plain Python values, and imports pandas itself where a computation needs it. The import
    waits for its first use, so that the window can paint before the storage code loads.
    """

    def find_spec(self, name, path=None, target=None):
        if name != "sqlite_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _LoaderWithoutDataFrames(spec.loader)
        return spec


if "sqlite_utils" not in sys.modules:
    sys.meta_path.insert(0, _SqliteUtilsWithoutDataFrames())
