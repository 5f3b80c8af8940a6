"""Every file knows Peru: the national geography with each district's indicators, in new files
and in files made by earlier versions, which migrate without losing or changing a row."""

import gzip
import shutil
from pathlib import Path

from procompite.documents.verification import verify
from procompite.storage.database import open_database, schema_version
from procompite.storage.geography import place_name
from procompite.storage.schema import SCHEMA_VERSION
from tests.db_tables import tables

# The demo as the previous version (schema 3) wrote it, with its dictámenes and acta issued.
EARLIER_DEMO = Path(__file__).parent / "data" / "demo_schema3.db.gz"


def _earlier_demo(tmp_path: Path) -> Path:
    path = tmp_path / "concurso-2026.db"
    with gzip.open(EARLIER_DEMO) as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    return path


def test_a_new_file_has_every_department_province_and_district(empty_db):
    counts = [empty_db[t].count for t in ("departments", "provinces", "districts")]
    assert counts == [25, 196, 1892]
    cusco = empty_db.execute(
        "SELECT d.name, p.name, dep.name, d.reniec_ubigeo, d.altitude_m, d.idh, d.poverty_pct, "
        "d.extreme_poverty_pct FROM districts d JOIN provinces p ON p.id = d.province_id "
        "JOIN departments dep ON dep.id = p.department_id WHERE d.ubigeo = '080101'"
    ).fetchone()
    assert cusco[:5] == ("Cusco", "Cusco", "Cusco", "070101", 3439)
    assert 0 < cusco[5] < 1 and 0 < cusco[6] < 100 and 0 <= cusco[7] < 100
    names = {row[0] for row in empty_db.execute("SELECT name FROM departments")}
    assert {"Áncash", "Apurímac", "Junín", "San Martín", "Madre de Dios"} <= names


def test_a_new_file_has_the_national_catalogue_of_chains(empty_db):
    assert empty_db["chains"].count == 27
    cacao = empty_db.execute("SELECT sector, source FROM chains WHERE name = 'Cacao'").fetchone()
    assert cacao[0] and "Sur Andino" in cacao[1]


def test_names_take_their_accents_from_the_capital_or_spanish_title_case():
    assert place_name("ASUNCION", "Asunción") == "Asunción"
    assert place_name("SAN PEDRO DE CACHORA", "Cachora") == "San Pedro de Cachora"
    assert place_name("ÑAHUIMPUQUIO", "Ñahuimpuquio") == "Ñahuimpuquio"


def test_a_file_of_the_earlier_version_migrates_keeping_every_row_and_code(tmp_path):
    path = _earlier_demo(tmp_path)
    before = tables(path)
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    codes = [row[0] for row in db.execute("SELECT verification_code FROM dictamenes")]
    codes += [row[0] for row in db.execute("SELECT verification_code FROM actas")]
    assert len(codes) == 13
    assert all(verify(db, code).valid for code in codes)
    db.close()
    after = tables(path)
    unchanged = set(before) - {"departments", "provinces", "districts", "_sqlite_migrations"}
    for table in unchanged:
        # Later migrations add columns at the end of a row; every earlier value stays.
        width = len(before[table][0]) if before[table] else 0
        kept = [row[:width] for row in after[table]]
        if table == "settings":  # the file now says which version wrote it
            kept = [row for row in kept if row[0] not in ("created_by", "written_by")]
        assert kept == before[table], table
    for table in ("departments", "provinces"):
        assert after[table][: len(before[table])] == before[table], table
    kept = {row[0]: row[:4] for row in before["districts"]}
    migrated = {row[0]: row for row in after["districts"]}
    assert all(migrated[id_][:4] == row for id_, row in kept.items())
    assert all(migrated[id_][5] is not None for id_ in kept)
    assert len(after["districts"]) == 1892


def test_opening_the_file_again_adds_nothing(tmp_path):
    path = tmp_path / "nuevo.db"
    open_database(path).close()
    first = tables(path)
    open_database(path).close()
    assert tables(path) == first
