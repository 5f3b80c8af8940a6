"""``new``: a file for an entity's own competitions, with the country and the letterhead."""

import base64
import io

from reportlab.lib.utils import ImageReader

from procompite.calls.entity import entity_logo, entity_name
from procompite.storage.database import open_database
from tests.cli_helpers import procompite

# A district municipality of La Convención, Cusco.
IN_LA_CONVENCION = ("--kind", "distrital", "--department", "08", "--province", "0809")


def _new(path, entity: str, *options: str):
    return procompite("new", "--db", str(path), "--entity", entity, *options)


# A 1×1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_new_creates_a_file_with_the_entity_its_logo_and_the_country(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PIXEL)
    path = tmp_path / "madre-de-dios.db"
    result = _new(
        path,
        "Gobierno Regional de Madre de Dios",
        "--department",
        "17",
        "--logo",
        str(logo),
    )
    assert result.returncode == 0, result.stderr
    assert "distritos" in result.stdout and "1,892" in result.stdout
    assert "cadenas" in result.stdout and "27" in result.stdout
    db = open_database(path)
    assert entity_name(db) == "Gobierno Regional de Madre de Dios"
    assert ImageReader(io.BytesIO(entity_logo(db))).getSize() == (1, 1)
    settings = dict(db.execute("SELECT key, value FROM settings WHERE key LIKE 'entity_%'"))
    assert settings["entity_kind"] == "regional" and settings["entity_ubigeo"] == "17"
    assert db["audit_log"].count == 2
    db.close()


def test_a_municipality_names_its_district_inside_its_province(tmp_path):
    path = tmp_path / "santa-ana.db"
    result = _new(
        path,
        "Municipalidad Distrital de Santa Ana",
        *IN_LA_CONVENCION,
        "--district",
        "080901",
    )
    assert result.returncode == 0, result.stderr
    db = open_database(path)
    assert db.execute("SELECT value FROM settings WHERE key = 'entity_ubigeo'").fetchone() == (
        "080901",
    )
    db.close()


def test_bad_entities_are_refused_on_their_fields_and_leave_no_file(tmp_path):
    path = tmp_path / "mal.db"
    result = _new(
        path,
        " ",
        *IN_LA_CONVENCION,
        "--district",
        "170101",
    )
    assert result.returncode == 2
    assert "Entidad: Escriba el nombre de la entidad." in result.stderr
    assert "Distrito: El código «170101» no está dentro de «0809»." in result.stderr
    assert list(tmp_path.iterdir()) == []
    unknown = _new(path, "GR", "--department", "26")
    assert unknown.returncode == 2
    assert "Departamento: No existe el código INEI «26»." in unknown.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_text("no soy una imagen")
    path = tmp_path / "gr.db"
    result = _new(
        path,
        "GR Cusco",
        "--department",
        "08",
        "--logo",
        str(logo),
    )
    assert result.returncode == 2
    assert "Logo: El archivo no es una imagen PNG o JPEG" in result.stderr
    assert not path.exists()


def test_an_existing_file_is_never_replaced(tmp_path):
    path = tmp_path / "concurso.db"
    path.write_bytes(b"datos")
    result = _new(path, "GR Cusco", "--department", "08")
    assert result.returncode == 2
    assert "ya existe" in result.stderr
    assert path.read_bytes() == b"datos"
