"""The PROCOMPITE desktop window (Qt). The only package that imports PySide6."""
