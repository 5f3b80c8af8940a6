"""Copy the licence of every library the built application ships into its folder
``licencias/`` with an index (``licencias/INDICE.txt``): name, version and licence of each."""

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def shipped(folder: Path) -> set[str]:
    """The distributions whose packages PyInstaller put in the folder (by top-level name)."""
    names = {path.name.split(".")[0].lower() for path in folder.rglob("*")}
    found = set()
    for dist in metadata.distributions():
        tops = (dist.read_text("top_level.txt") or "").split() or [dist.metadata["Name"]]
        if any(top.lower().replace("-", "_") in names for top in tops):
            found.add(dist.metadata["Name"])
    return found


def copy_licences(folder: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    lines = ["Bibliotecas incluidas en PROCOMPITE y sus licencias", ""]
    for name in sorted(shipped(folder), key=str.lower):
        dist = metadata.distribution(name)
        licence = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
        licence = licence.splitlines()[0] if licence else "ver archivos"
        lines.append(f"{name} {dist.version}: {licence}")
        for file in dist.files or []:
            if LICENCE_FILE.search(file.name):
                source = Path(dist.locate_file(file))
                if source.is_file():
                    (out / f"{name}-{file.name}").write_bytes(source.read_bytes())
    (out / "INDICE.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="la carpeta construida, dist/procompite")
    args = parser.parse_args(argv)
    count = copy_licences(args.folder, args.folder / "licencias")
    print(f"Licencias de {count} bibliotecas en {args.folder / 'licencias'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
