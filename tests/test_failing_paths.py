"""The command line where it fails: an output path that cannot be written, standard output
closed early, a lock file of unreadable bytes, a backup killed midway, bad input. Each says what
is wrong in one Spanish line on standard error, exits non-zero and leaves nothing behind."""

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from procompite.cli import main
from procompite.storage.writer_lock import lock_path
from tests.cli_helpers import ROOT
from tests.cli_helpers import procompite as run
from tests.confined import confined

REPORTS = [
    ("dictamen", "--plan", "1"),
    ("acta", "--call", "1"),
    ("ficha", "--organization", "1"),
    ("priorizacion", "--exercise", "1"),
    ("bases", "--call", "1"),
]
REPORT_IDS = [kind for kind, *_ in REPORTS]


@pytest.fixture(scope="module")
def demo_copy(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo for the commands that only read it, shared by the module."""
    path = tmp_path_factory.mktemp("lectura") / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


def refusal(capsys, *args: str) -> str:
    """The one line a command, run in this process, refuses with."""
    status = main(list(args))
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert status != 0, captured.out
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("Error: ")
    return lines[0]


def leftovers(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.endswith(".part")]


def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# Output paths that cannot be written.


@pytest.mark.parametrize("report", REPORTS, ids=REPORT_IDS)
def test_report_to_missing_folder_says_so_and_leaves_no_part(demo_copy, tmp_path, capsys, report):
    out = tmp_path / "no-existe" / "reporte.pdf"
    line = refusal(capsys, "report", *report, "--db", str(demo_copy), "--out", str(out))
    assert line == (f"Error: No se puede escribir «{out}»: la carpeta «{out.parent}» no existe.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("report", REPORTS, ids=REPORT_IDS)
def test_report_to_a_folder_path_says_so_and_leaves_no_part(demo_copy, tmp_path, capsys, report):
    line = refusal(capsys, "report", *report, "--db", str(demo_copy), "--out", str(tmp_path))
    assert line == (
        f"Error: No se puede escribir «{tmp_path}»: es una carpeta; indique el nombre del archivo."
    )
    assert list(tmp_path.iterdir()) == []
    assert leftovers(tmp_path.parent) == []


def test_report_under_a_file_taken_for_a_folder_says_so_and_leaves_no_part(
    demo_copy, tmp_path, capsys
):
    plain = tmp_path / "notas.txt"
    plain.write_text("mío\n")
    out = plain / "acta.pdf"
    line = refusal(
        capsys, "report", "acta", "--call", "1", "--db", str(demo_copy), "--out", str(out)
    )
    assert line == f"Error: No se puede escribir «{out}»: «{plain}» es un archivo, no una carpeta."
    assert plain.read_text() == "mío\n" and leftovers(tmp_path) == []


def test_report_to_missing_folder_run_as_a_user_runs_it_prints_no_traceback(demo_copy, tmp_path):
    out = tmp_path / "no-existe" / "acta.pdf"
    line = one_line_refusal(
        run("report", "acta", "--call", "1", "--db", str(demo_copy), "--out", str(out))
    )
    assert line == f"Error: No se puede escribir «{out}»: la carpeta «{out.parent}» no existe."
    assert list(tmp_path.iterdir()) == []


def test_report_to_read_only_folder_says_so_and_leaves_no_part(demo_copy, tmp_path, capsys):
    if sys.platform == "win32":
        pytest.skip("en Windows chmod no hace de solo lectura una carpeta")
    if os.geteuid() == 0:
        pytest.skip(
            "como root, chmod 0o500 no impide escribir; la unidad de solo lectura se prueba "
            "en test_outputs_on_a_read_only_disk_say_so_and_leave_nothing"
        )
    folder = tmp_path / "protegida"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        out = folder / "acta.pdf"
        line = refusal(
            capsys, "report", "acta", "--call", "1", "--db", str(demo_copy), "--out", str(out)
        )
        assert line == (
            f"Error: No se puede escribir «{out}»: no tiene permiso para escribir en la "
            f"carpeta «{folder}»."
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_dictamenes_in_one_file_to_missing_folder_says_so_and_leaves_no_part(
    demo_copy, tmp_path, capsys
):
    out = tmp_path / "no-existe" / "todos.pdf"
    args = ("report", "dictamenes", "--call", "1", "--borradores", "--un-archivo")
    line = refusal(capsys, *args, "--db", str(demo_copy), "--out", str(out))
    assert line == f"Error: No se puede escribir «{out}»: la carpeta «{out.parent}» no existe."
    assert list(tmp_path.iterdir()) == []


def test_dictamenes_one_per_file_into_a_file_says_it_is_not_a_folder(demo_copy, tmp_path, capsys):
    plain = tmp_path / "dictamenes"
    plain.write_text("mío\n")
    args = ("report", "dictamenes", "--call", "1", "--borradores")
    line = refusal(capsys, *args, "--db", str(demo_copy), "--out", str(plain))
    assert line == (
        f"Error: No se pueden escribir los dictámenes en «{plain}»: es un archivo, no una "
        "carpeta (para un solo PDF, use --un-archivo)."
    )
    below = refusal(capsys, *args, "--db", str(demo_copy), "--out", str(plain / "sub"))
    assert f"«{plain}» es un archivo, no una carpeta." in below
    assert plain.read_text() == "mío\n" and leftovers(tmp_path) == []


def test_call_export_to_a_folder_path_says_so_and_leaves_no_part(demo_copy, tmp_path, capsys):
    args = ("call", "export", "--call", "1", "--db", str(demo_copy))
    line = refusal(capsys, *args, "--out", str(tmp_path))
    assert line == (
        f"Error: No se puede escribir «{tmp_path}»: es una carpeta; indique el nombre del archivo."
    )
    out = tmp_path / "no-existe" / "bases.json"
    line = refusal(capsys, *args, "--out", str(out))
    assert line == f"Error: No se puede escribir «{out}»: la carpeta «{out.parent}» no existe."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["template", "export"])
def test_excel_under_a_file_taken_for_a_folder_says_so_without_openpyxl_noise(
    demo_copy, tmp_path, command
):
    plain = tmp_path / "notas.txt"
    plain.write_text("mío\n")
    out = plain / "salida.xlsx"
    args = ("template", "aeo", str(out)) if command == "template" else ("export", "--out", str(out))
    if command == "export":
        args += ("--db", str(demo_copy))
    line = one_line_refusal(run(*args))
    assert line == f"Error: No se puede escribir «{out}»: «{plain}» es un archivo, no una carpeta."
    assert plain.read_text() == "mío\n" and leftovers(tmp_path) == []


def test_excel_written_whole_leaves_no_part(demo_copy, tmp_path, capsys):
    out = tmp_path / "registro.xlsx"
    assert main(["export", "--db", str(demo_copy), "--out", str(out)]) == 0
    assert main(["template", "plan", str(tmp_path / "plan.xlsx")]) == 0
    capsys.readouterr()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.xlsx", "registro.xlsx"]


def test_outputs_on_a_read_only_disk_say_so_and_leave_nothing(demo_copy, mount_point):
    disk = mount_point
    db = shlex.quote(str(demo_copy))
    commands = {
        "acta": f"report acta --call 1 --db {db} --out {disk}/acta.pdf",
        "un-archivo": f"report dictamenes --call 1 --borradores --un-archivo --db {db} "
        f"--out {disk}/todos.pdf",
        "carpeta": f"report dictamenes --call 1 --borradores --db {db} --out {disk}/dictamenes",
        "plantilla": f"template aeo {disk}/aeo.xlsx",
        "export": f"export --db {db} --out {disk}/registro.xlsx",
        "bases": f"call export --call 1 --db {db} --out {disk}/bases.json",
        "new": f"new --db {disk}/nueva.db --entity 'Gobierno Regional Cusco' --department 08",
        "demo": f"demo --db {disk}/demo.db",
    }
    runs = "\n".join(
        f'echo "== {name}"; {sys.executable} -m procompite {command} 2>&1; echo "rc=$?"'
        for name, command in commands.items()
    )
    script = f"""
        set -e
        mount -t tmpfs -o size=4m tmpfs {disk}
        mount -o remount,ro {disk}
        set +e
        cd {ROOT}
        {runs}
        echo "== ls"
        ls -A {disk}
    """
    result = confined(script)
    assert "Traceback" not in result.stdout + result.stderr
    sections = dict(part.split("\n", 1) for part in result.stdout.split("== ")[1:] if "\n" in part)
    for name in commands:
        message, status = sections[name].strip().rsplit("\n", 1)
        assert status in ("rc=1", "rc=2"), (name, sections[name])
        assert "\n" not in message, (name, message)
        assert message.startswith("Error: No se "), (name, message)
        assert "está en una unidad de solo lectura" in message, (name, message)
    assert sections["ls"].strip() == ""


# Standard output closed early.


def _into_a_closed_pipe(args: tuple[str, ...], buffered: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "procompite", *args],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    ("args", "buffered"),
    [
        (("info",), False),
        (("info",), True),
        (("rank", "--call", "1"), False),
        (("chain", "list"), True),
    ],
    ids=["info", "info-con-bufer", "rank", "chain-list-con-bufer"],
)
def test_output_into_a_closed_pipe_ends_quietly_without_broken_pipe_traceback(
    demo_copy, args, buffered
):
    result = _into_a_closed_pipe((*args, "--db", str(demo_copy)), buffered)
    assert result.stderr == ""
    assert result.returncode == 141


def test_long_listing_piped_to_head_prints_no_broken_pipe_traceback(demo_copy):
    if shutil.which("head") is None:
        pytest.skip("sin la orden head")
    listing = f"{shlex.quote(sys.executable)} -m procompite rank --db {shlex.quote(str(demo_copy))}"
    result = subprocess.run(
        f"{listing} --call 1 | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.startswith("plan_id,code,")
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


# The writer lock.


def test_lock_file_with_non_utf8_bytes_does_not_make_the_database_unopenable(demo_path):
    lock = lock_path(demo_path)
    lock.write_bytes(b"\xff\xfe\x00\x80 basura de otro programa")
    result = run(
        "chain", "add", "--db", str(demo_path), "--name", "Cuy mejorado", "--sector", "Pecuario"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "un programa que no dejó dicho quién es" in result.stderr
    assert "Cadena" in result.stdout and "agregada" in result.stdout
    assert not lock.exists()


def test_held_lock_file_with_non_utf8_bytes_says_another_program_holds_it(demo_path):
    fcntl = pytest.importorskip("fcntl", reason="el bloqueo de prueba usa flock (POSIX)")
    with lock_path(demo_path).open("wb") as handle:
        handle.write(b"\xff\xfe\x00\x80")
        handle.flush()
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("chain", "add", "--db", str(demo_path), "--name", "Cuy", "--sector", "X")
    line = one_line_refusal(result)
    assert line == (
        f"Error: La base de datos «{demo_path.name}» ya está abierta para escribir por un "
        "programa que no dejó dicho quién es. Para que dos personas no la modifiquen a la vez, "
        "ciérrela allí primero, o ábrala solo para consulta."
    )


# What a killed backup or restore leaves behind.


def _plant(folder: Path, names: list[str], *, hours_ago: float) -> list[Path]:
    folder.mkdir(exist_ok=True)
    when = time.time() - hours_ago * 3600
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(b"copia a medias")
        os.utime(path, (when, when))
        paths.append(path)
    return paths


def test_orphan_backup_part_is_cleaned_by_the_next_backup(demo_path):
    folder = demo_path.parent / "respaldos"
    orphans = _plant(
        folder,
        [
            "demo_2026-01-02_03-04-05_manual.db.part",
            "demo_2026-01-02_03-04-05_manual.db.part-journal",
            "demo_2026-01-02_03-04-06-2_diario.db.part",
        ],
        hours_ago=3,
    )
    kept = _plant(
        folder,
        ["notas.db.part", "otra_2026-01-02_03-04-05_manual.db.part", "demo_borrador.part"],
        hours_ago=3,
    )
    kept += _plant(folder, ["demo_2026-01-02_03-04-07_manual.db.part"], hours_ago=0)
    result = run("backup", "--db", str(demo_path))
    assert result.returncode == 0, result.stderr
    assert [path for path in orphans if path.exists()] == []
    assert all(path.exists() for path in kept)


def test_orphan_backup_part_is_cleaned_when_the_database_is_opened_to_write(demo_path):
    assert run("backup", "--db", str(demo_path)).returncode == 0
    folder = demo_path.parent / "respaldos"
    backups = sorted(path.name for path in folder.iterdir())
    [orphan] = _plant(folder, ["demo_2026-01-02_03-04-05_diario.db.part"], hours_ago=2)
    [restoring] = _plant(demo_path.parent, ["demo.db.restaurando"], hours_ago=2)

    assert run("info", "--db", str(demo_path)).returncode == 0
    assert orphan.exists() and restoring.exists()

    result = run("chain", "add", "--db", str(demo_path), "--name", "Tara", "--sector", "Forestal")
    assert result.returncode == 0, result.stderr
    assert not orphan.exists() and not restoring.exists()
    assert sorted(path.name for path in folder.iterdir()) == backups


# Bad input.


def test_db_that_is_a_folder_says_so(tmp_path, capsys):
    folder = tmp_path / "carpeta.db"
    folder.mkdir()
    for args in (
        ("info",),
        ("call", "list"),
        ("chain", "add", "--name", "Cuy", "--sector", "Pecuario"),
        ("rank", "--call", "1"),
        ("report", "acta", "--call", "1", "--out", str(tmp_path / "acta.pdf")),
        ("import", str(tmp_path / "planilla.xlsx")),
        ("backup",),
    ):
        line = refusal(capsys, *args, "--db", str(folder))
        assert line == f"Error: «{folder}» es una carpeta, no un archivo de base de datos.", args
    assert [path.name for path in tmp_path.iterdir()] == ["carpeta.db"]


def test_db_that_is_not_sqlite_says_so_and_is_left_alone(tmp_path, capsys):
    planilla = tmp_path / "planilla.db"
    planilla.write_bytes(b"PK\x03\x04 una hoja de calculo")
    for args in (("info",), ("call", "show", "--call", "1"), ("issue", "acta", "--call", "1")):
        line = refusal(capsys, *args, "--db", str(planilla))
        assert "no es una base de datos de PROCOMPITE" in line, args
    assert planilla.read_bytes() == b"PK\x03\x04 una hoja de calculo"
    assert [path.name for path in tmp_path.iterdir()] == ["planilla.db"]


def test_missing_call_id_says_which_calls_there_are(demo_path, tmp_path, capsys):
    out = tmp_path / "salida"
    for args in (
        ("call", "show"),
        ("call", "export", "--out", f"{out}.json"),
        ("call", "stage", "--to", "abierta"),
        ("rank",),
        ("issue", "acta"),
        ("report", "bases", "--out", f"{out}.pdf"),
        ("report", "dictamenes", "--out", str(out)),
    ):
        line = refusal(capsys, *args, "--call", "99", "--db", str(demo_path))
        assert line.startswith("Error: no existe la convocatoria 99. Convocatorias: 1 ("), args
    assert not list(tmp_path.glob("salida*"))


def test_missing_exercise_says_so_without_python_error_text(demo_copy, capsys):
    line = refusal(capsys, "prioritize", "--exercise", "99", "--db", str(demo_copy))
    assert line == "Error: no existe el ejercicio de priorización 99."


def test_bad_date_says_so(demo_path, capsys):
    line = refusal(
        capsys, "issue", "acta", "--call", "1", "--date", "2026-13-40", "--db", str(demo_path)
    )
    assert line == "Error: «2026-13-40» no es una fecha aaaa-mm-dd."
    transfer = (
        "call", "transfer", "--call", "1", "--from", "A", "--to", "B", "--amount", "10",
        "--document", "Resolución 1", "--date", "2026-02-30", "--dry-run",
    )  # fmt: skip
    assert main([*transfer, "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert "Fecha: La fecha «2026-02-30» no existe" in err


def test_plans_option_naming_no_plan_says_so(demo_path, capsys):
    line = refusal(
        capsys, "issue", "dictamenes", "--call", "1", "--plans", ",, ,", "--db", str(demo_path)
    )
    assert line == "Error: --plans no nombra ningún plan: escriba sus códigos separados por comas."
