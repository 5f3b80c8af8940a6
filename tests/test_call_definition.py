"""Bad bases are refused whole, on their field, leaving the file as it was; so are a transfer
above a pool's leftover, a step back without a reason and the deletion of a chain in use."""

import copy
import json

import pytest

from procompite.common.errors import ValidationError
from procompite.evaluation.scoring import declare
from procompite.lifecycle.stages import change_stage
from procompite.prioritization.catalogue import add_chain, delete_chain, retire_chain
from procompite.storage.database import open_database
from tests.cli_helpers import procompite
from tests.competition_helpers import BASES
from tests.db_tables import tables

TAMBOPATA = ("--kind", "provincial", "--department", "17", "--province", "1701")


@pytest.fixture
def region_file(tmp_path):
    path = tmp_path / "tambopata.db"
    made = procompite(
        "new", "--db", str(path), "--entity", "Municipalidad de Tambopata", *TAMBOPATA
    )
    assert made.returncode == 0, made.stderr
    return path


def _broken(change) -> dict:
    bases = json.loads(BASES.read_text(encoding="utf-8"))
    broken = copy.deepcopy(bases)
    change(broken)
    return broken


def _category(n: int, **values):
    def change(bases):
        bases["categories"][n].update(values)

    return change


def _set(**values):
    return lambda bases: bases.update(values)


def _stage(n: int, **values):
    return lambda bases: bases["stages"][n].update(values)


CASES = [
    (
        _set(budget="900000"),
        "Fondos por categoría: suman S/ 1,200,000.00, más que el monto autorizado S/ 900,000.00",
    ),
    (
        _category(0, min_cofinancing="200000"),
        "Categoría A, cofinanciamiento mínimo: S/ 200,000.00 es mayor que el máximo S/ 160,000.00",
    ),
    (
        _category(1, min_cash_contribution_pct="35"),
        "Categoría B, aporte monetario mínimo %: no puede ser mayor que el aporte mínimo %",
    ),
    (
        _stage(2, starts_on="2025-04-01"),
        "Cronograma, etapa 3 (Presentación de planes de negocio): empieza antes que la etapa",
    ),
    (
        _stage(0, ends_on="2025-03-01"),
        "Cronograma, etapa 1 (Convocatoria y difusión): termina antes de empezar",
    ),
    (_set(categories=[]), "Categorías: la convocatoria debe tener al menos una categoría"),
    (_set(year="dos mil veinticinco"), "Año: «dos mil veinticinco» no es un número entero"),
    (_category(0, min_members=[10]), "Categoría 1, socios mínimos: «[10]» no es un número entero"),
    (_set(tie_breakers=["sorteo"]), "Criterios de desempate: «sorteo» no es uno de"),
    (
        _stage(1, starts_on="31/02/2025"),
        "Cronograma, etapa 2, desde: La fecha «31/02/2025» no existe",
    ),
    (_set(rubric=None), "Rúbrica: el archivo no trae la rúbrica"),
    (_set(format="otro"), "no es un archivo de bases de PROCOMPITE"),
]


@pytest.mark.parametrize(("change", "message"), CASES)
def test_bad_bases_are_refused_on_their_field_and_change_nothing(
    region_file, tmp_path, change, message
):
    path = tmp_path / "bases.json"
    path.write_text(json.dumps(_broken(change), ensure_ascii=False), encoding="utf-8")
    before = tables(region_file)
    result = procompite("call", "import", "--db", str(region_file), "--in", str(path))
    assert result.returncode == 2
    assert message in result.stderr
    assert tables(region_file) == before


def test_a_file_that_is_not_json_is_refused_with_its_line(region_file, tmp_path):
    path = tmp_path / "bases.json"
    path.write_text('{"format": "procompite-bases",\n "year": 2025,,}', encoding="utf-8")
    result = procompite("call", "import", "--db", str(region_file), "--in", str(path))
    assert result.returncode == 2
    assert "no es JSON válido (línea 2, columna" in result.stderr


def test_bases_move_between_files_by_content(region_file, tmp_path):
    procompite("call", "import", "--db", str(region_file), "--in", str(BASES))
    out = tmp_path / "exported.json"
    assert (
        procompite(
            "call", "export", "--db", str(region_file), "--call", "1", "--out", str(out)
        ).returncode
        == 0
    )
    exported = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(BASES.read_text(encoding="utf-8"))
    assert [c["name"] for c in exported["chains"]] == ["Acuicultura", "Cacao", "Castaña"]
    assert exported["categories"] == original["categories"]
    assert exported["rubric"]["sections"] == json.loads(json.dumps(original["rubric"]["sections"]))
    other = tmp_path / "cusco.db"
    procompite(
        "new", "--db", str(other), "--entity", "Gobierno Regional Cusco", "--department", "08"
    )
    moved = procompite("call", "import", "--db", str(other), "--in", str(out))
    assert moved.returncode == 0, moved.stderr
    db = open_database(other)
    call = db["calls"].get(1)
    assert call["entity_name"] == "Gobierno Regional Cusco"
    assert db["departments"].get(call["department_id"])["name"] == "Cusco"
    db.close()


def test_a_new_call_from_a_previous_one_moves_its_schedule_to_the_new_year(region_file):
    procompite("call", "import", "--db", str(region_file), "--in", str(BASES))
    made = procompite("call", "create", "--db", str(region_file), "--year", "2026", "--from", "1")
    assert made.returncode == 0, made.stderr
    shown = procompite("call", "show", "--db", str(region_file), "--call", "2").stdout
    assert "PROCOMPITE 2026 — Municipalidad Provincial de Tambopata" in shown
    assert "24/03/2026 – 30/04/2026  Convocatoria y difusión" in shown
    assert "Resolución de bases: —" in shown
    assert "Resolución que aprueba las bases: indique su número y fecha." in shown


def test_going_back_needs_a_reason_and_is_audited(region_file):
    procompite("call", "import", "--db", str(region_file), "--in", str(BASES))
    on = ("--db", str(region_file), "--call", "1")
    assert procompite("call", "stage", *on, "--to", "abierta").returncode == 0
    refused = procompite("call", "stage", *on, "--to", "preparacion")
    assert refused.returncode == 2 and "requiere un motivo escrito" in refused.stderr
    back = procompite("call", "stage", *on, "--to", "preparacion", "--reason", "Falta un documento")
    assert back.returncode == 0, back.stderr
    db = open_database(region_file)
    reason = db.execute(
        "SELECT reason FROM audit_log WHERE action = 'cambiar etapa de la convocatoria' "
        "ORDER BY id DESC"
    ).fetchone()[0]
    db.close()
    assert reason == "Falta un documento"


def test_a_call_sent_back_to_abierta_refuses_scoring(demo_db):
    change_stage(demo_db, 1, "abierta", actor="secretaría", reason="Ampliación del plazo")
    plan = demo_db.execute("SELECT id FROM plans WHERE status = 'admitido'").fetchone()[0]
    with pytest.raises(ValidationError, match="para calificar planes"):
        declare(demo_db, plan, 1, False, actor="comité")


def test_a_chain_in_use_is_retired_not_deleted(demo_db):
    used = demo_db.execute("SELECT chain_id FROM plans LIMIT 1").fetchone()[0]
    with pytest.raises(ValidationError, match="no se puede eliminar"):
        delete_chain(demo_db, used, actor="oficina")
    retire_chain(demo_db, used, actor="oficina")
    assert demo_db["chains"].get(used)["retired_on"] is not None
    fresh = add_chain(demo_db, "Castaña", "Forestal", actor="oficina")
    with pytest.raises(ValidationError, match="ya existe"):
        add_chain(demo_db, "  castaña ", "Forestal", actor="oficina")
    delete_chain(demo_db, fresh, actor="oficina")
    assert demo_db.execute("SELECT 1 FROM chains WHERE id = ?", [fresh]).fetchone() is None
