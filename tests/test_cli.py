"""The command line, run as a user runs it: ``python -m procompite ...``."""

from tests.cli_helpers import procompite as run


def test_demo_builds_and_prints_what_it_made(tmp_path):
    path = tmp_path / "demo.db"
    result = run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "planes de negocio" in result.stdout
    assert "cadenas priorizadas por departamento       46" in result.stdout
    assert path.exists()


def test_demo_refuses_existing_file_without_force(tmp_path):
    path = tmp_path / "mio.db"
    path.write_bytes(b"")
    result = run("demo", "--db", str(path))
    assert result.returncode != 0
    assert "ya existe" in result.stderr and "--force" in result.stderr


def test_info_on_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "planilla.xlsx"
    path.write_bytes(b"PK\x03\x04 no es sqlite")
    result = run("info", "--db", str(path))
    assert result.returncode != 0
    assert "no es una base de datos de PROCOMPITE" in result.stderr
    assert path.read_bytes() == b"PK\x03\x04 no es sqlite"


def test_info_summarises_the_demo(demo_path):
    result = run("info", "--db", str(demo_path))
    assert result.returncode == 0, result.stderr
    assert "DATOS DE DEMOSTRACIÓN" in result.stdout
