"""Where the program keeps its files on the user's machine."""

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "procompite"


def data_dir() -> Path:
    """The user's data folder for this program (created when missing)."""
    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_demo_path() -> Path:
    """Where the demo database lives when the user has opened no other."""
    return data_dir() / "demo.db"
