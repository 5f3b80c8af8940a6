"""Run the built application, not the sources: copy ``dist/procompite`` to a temporary folder
outside the repository and, with its own executables and a clean environment (no PYTHONPATH,
another working directory), create the demo, open the window offscreen for a screenshot, and
run ``--version``, ``info``, ``rank``, ``report dictamen`` and ``verify``; print the size of the
folder and how long the built program and the sources take to start."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sizes import folder_size

from procompite.documents.pdf.batch import PARALLEL_FROM

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = ".exe" if sys.platform == "win32" else ""


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


class Built:
    def __init__(self, folder: Path, work: Path):
        self.folder, self.work = folder, work
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
        } | {
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(work),
            "XDG_DATA_HOME": str(work / "datos"),
        }

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.folder / f"{program}{SUFFIX}"), *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and done.returncode != 0:
            said = f"{done.stdout}{done.stderr}"
            raise SystemExit(f"Falló «{program} {' '.join(args)}» ({done.returncode}):\n{said}")
        return done


def startup(command: list[str], env: dict, cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=300, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def batch_on_workers(built: "Built", work: Path) -> str:
    """A call with more dictámenes than the one-process threshold, printed in one PDF by the
    built program: its worker processes start from the executable itself."""
    region = work / "region.db"
    built.run("procompite-cli", "generate", "--db", str(region), "--organizations", "120",
              "--members", "1500", "--plans", "100", "--plans-per-call", "50")  # fmt: skip
    target = work / "todos.pdf"
    done = built.run("procompite-cli", "report", "dictamenes", "--db", str(region), "--call",
                     "1", "--un-archivo", "--out", str(target)).stdout.strip()  # fmt: skip
    count = int(done.split()[0])
    if count < PARALLEL_FROM or not target.is_file():
        raise SystemExit(f"El lote de dictámenes no pasó por los procesos de trabajo: {done}")
    return f"{done} ({megabytes(target.stat().st_size)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "procompite")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.dist.is_dir():
        print(f"No existe {args.dist}: ejecute antes «make dist».", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="procompite-dist-") as temporary:
        work = Path(temporary)
        folder = work / "procompite"
        shutil.copytree(args.dist, folder, symlinks=True)
        built = Built(folder, work)
        version = built.run("procompite-cli", "--version").stdout.strip()
        print(f"Versión: {version}")
        assert built.run("procompite", "--version").returncode == 0
        db = work / "demo.db"
        built.run("procompite-cli", "demo", "--db", str(db))
        shot = work / "ventana.png"
        built.run("procompite", "--db", str(db), "--screenshot", str(shot))
        if not shot.is_file() or shot.stat().st_size < 10_000:
            raise SystemExit("La captura de la ventana no se escribió.")
        info = built.run("procompite-cli", "info", "--db", str(db)).stdout
        if version.split()[-1] not in info:
            raise SystemExit(f"«info» no dice qué versión escribió la base:\n{info}")
        built.run("procompite-cli", "rank", "--db", str(db), "--call", "1", "--format", "csv")
        pdf = work / "dictamen.pdf"
        built.run("procompite-cli", "report", "dictamen", "--db", str(db), "--plan", "1",
                  "--out", str(pdf))  # fmt: skip
        code = subprocess.run(
            [sys.executable, "-c", "import sys, pypdf; r = pypdf.PdfReader(sys.argv[1]); "
             "print(''.join(p.extract_text() for p in r.pages))", str(pdf)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        checked = built.run("procompite-cli", "verify", "--db", str(db), "--all").stdout
        print(f"verify --all: {checked.strip().splitlines()[-1]}")
        if "dictamen" not in code.lower():
            raise SystemExit("El dictamen impreso no se pudo leer.")
        printed = batch_on_workers(built, work)
        print(f"Dictámenes en lote (procesos de trabajo): {printed}")
        size = folder_size(folder)
        built_start = startup(
            [str(folder / f"procompite{SUFFIX}"), "--db", str(db), "--screenshot",
             str(work / "s.png")], built.env, work, args.runs,
        )  # fmt: skip
        source_env = dict(os.environ) | {"QT_QPA_PLATFORM": "offscreen"}
        source_start = startup(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--screenshot",
             str(work / "s2.png")], source_env, ROOT, args.runs,
        )  # fmt: skip
    print(f"Carpeta construida: {megabytes(size)}")
    print(f"Arranque hasta la captura (mediana de {args.runs}): programa construido "
          f"{built_start:.2f} s, fuentes {source_start:.2f} s")  # fmt: skip
    print("make dist-test: todo bien.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
