"""Print the size of the built application beside a bare PySide6 window with QtPdf built the
same way, and their ratio (the goal: within 1.5 times)."""

import sys
from pathlib import Path

GOAL = 1.5


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    built, bare = (Path(arg) for arg in argv)
    size, yardstick = folder_size(built), folder_size(bare)
    ratio = size / yardstick
    print(f"Programa construido ({built}): {size / 2**20:.0f} MB")
    print(f"Ventana PySide6 con QtPdf, construida igual ({bare}): {yardstick / 2**20:.0f} MB")
    print(f"Proporción: {ratio:.2f} (meta: {GOAL})")
    if ratio > GOAL:
        print("El programa construido supera la meta de tamaño.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
