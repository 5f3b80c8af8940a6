"""Files the command line cannot work on: a Spanish message, a non-zero exit, nothing changed.

The read-only disk and the full disk are real: a small tmpfs mounted in a private mount
namespace (``unshare``), read-only or nearly full.
"""

import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from procompite.storage.database import open_database
from tests.cli_helpers import ROOT
from tests.cli_helpers import procompite as cli
from tests.confined import confined
from tests.test_import import demo_refs, organizations_file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_import(demo_template, tmp_path) -> Path:
    db = open_database(demo_template, readonly=True)
    refs = demo_refs(db)
    db.close()
    return organizations_file(tmp_path, refs, 150, members_each=8, first=3000, name="nuevos.xlsx")


def refused_unchanged(path: Path, small_import: Path, fragment: str) -> None:
    folder_before = sorted(p.name for p in path.parent.iterdir())
    before = path.read_bytes()
    result = cli("import", "--db", str(path), str(small_import))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ")
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == folder_before


def test_a_file_that_is_not_a_database(tmp_path, small_import):
    path = tmp_path / "base" / "carta.db"
    path.parent.mkdir()
    path.write_text("Señores del comité: adjunto el plan.\n" * 40, encoding="utf-8")
    refused_unchanged(path, small_import, "no es una base de datos de PROCOMPITE")


def test_a_database_of_another_program(tmp_path, small_import):
    path = tmp_path / "base" / "contactos.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contactos (nombre TEXT, telefono TEXT)")
    conn.execute("INSERT INTO contactos VALUES ('Rosa', '984123456')")
    conn.commit()
    conn.close()
    refused_unchanged(path, small_import, "es una base de datos de otro programa")


def test_a_database_with_a_newer_schema(demo_template, tmp_path, small_import):
    path = tmp_path / "base" / "futura.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('procompite', '0099_future', '2030-01-01')"
    )
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    refused_unchanged(path, small_import, "versión más reciente")


def corrupt(path: Path, table: str) -> None:
    """Overwrite the middle of a table's first page, as a bad copy would."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 16)
        handle.write(b"\xff\x00\xa5" * 300)


def test_a_damaged_database_is_not_written_and_its_latest_good_backup_restores_it(
    demo_template, tmp_path, small_import
):
    path = tmp_path / "base" / "registro.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    assert cli("backup", "--db", str(path)).returncode == 0
    corrupt(path, "members")

    refused_unchanged(path, small_import, "está dañada")
    result = cli("info", "--db", str(path))
    assert result.returncode == 2 and "restore --db" in result.stderr
    backup = cli("backup", "--db", str(path))
    assert backup.returncode == 2 and "está dañada" in backup.stderr

    restored = cli("restore", "--db", str(path), "--ultimo")
    assert restored.returncode == 0, restored.stderr
    assert "El archivo que había antes se guardó en" in restored.stdout
    info = cli("info", "--db", str(path))
    assert info.returncode == 0 and "socios" in info.stdout
    kept = list((path.parent / "respaldos").glob("registro_*_antes-de-restaurar.db"))
    assert len(kept) == 1


def _run(python_args: str) -> str:
    return f'{sys.executable} -m procompite {python_args}; echo "rc=$?"'


def test_a_read_only_disk(demo_template, mount_point, small_import):
    db = mount_point / "registro.db"
    script = f"""
        set -e
        mount -t tmpfs -o size=4m tmpfs {mount_point}
        cp {demo_template} {db}
        mount -o remount,ro {mount_point}
        set +e
        cd {ROOT}
        {_run(f"import --db {db} {small_import}")}
        {_run(f"info --db {db}")}
        sha256sum {db}
        ls -a {mount_point}
    """
    result = confined(script)
    assert "rc=2" in result.stdout, result.stderr
    assert "de solo lectura" in result.stderr
    assert "Ábralo solo para consulta" in result.stderr
    # The read-only commands still work on it.
    assert "rc=0" in result.stdout and "socios" in result.stdout
    assert digest(demo_template) in result.stdout
    assert result.stdout.strip().endswith(". \n.. \nregistro.db".replace(" ", ""))


def test_a_full_disk(demo_template, mount_point, small_import):
    db = mount_point / "registro.db"
    size_kb = demo_template.stat().st_size // 1024 + 160
    check = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print('integridad', c.execute('PRAGMA integrity_check').fetchone()[0]); "
        "print('aeo', c.execute('SELECT count(*) FROM organizations').fetchone()[0]); "
        "print('socios', c.execute('SELECT count(*) FROM members').fetchone()[0])"
    )
    script = f"""
        set -e
        mount -t tmpfs -o size={size_kb}k tmpfs {mount_point}
        cp {demo_template} {db}
        set +e
        cd {ROOT}
        {_run(f"import --db {db} {small_import}")}
        {sys.executable} -c "{check}" {db}
        ls -a {mount_point}
    """
    result = confined(script)
    conn = sqlite3.connect(demo_template)
    organizations = conn.execute("SELECT count(*) FROM organizations").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    conn.close()
    assert "rc=1" in result.stdout, result.stdout + result.stderr
    assert "No queda espacio en el disco" in result.stderr
    assert "No se importó nada" in result.stderr
    assert "No se pudo hacer el respaldo diario" in result.stderr
    assert "Traceback" not in result.stderr
    assert "integridad ok" in result.stdout
    assert f"aeo {organizations}\n" in result.stdout
    assert f"socios {members}\n" in result.stdout
    assert "respaldos" not in result.stdout and ".part" not in result.stdout
    assert "registro.db.lock" not in result.stdout
