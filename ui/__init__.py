"""The PROCOMPITE desktop window (Qt). The only package that imports PySide6."""

# The library first: it sets up sqlite-utils without the data-frame libraries, which would
# otherwise be loaded at start-up by the first screen that imports sqlite-utils.
import procompite  # noqa: F401
