"""Where the program's bundled files (icons, templates, demo data) live."""

import json
from pathlib import Path
from typing import Any

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("demo", "chains.json")``."""
    return RESOURCES_DIR.joinpath(*parts)


def load_json(*parts: str) -> Any:
    """Read a bundled JSON file."""
    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))
