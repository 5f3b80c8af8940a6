"""PROCOMPITE evaluation library: domain records, storage, computations and command line.

This package never imports Qt, so everything in it can be used from scripts and tests.
"""

__version__ = "0.1.0"
