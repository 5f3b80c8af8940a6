"""The PROCOMPITE desktop window (Qt). The only package that imports PySide6."""

# The library first: it arranges for sqlite-utils to load, when first used, without the
# data-frame libraries, which a screen importing sqlite-utils would otherwise pull in.
import procompite  # noqa: F401
