"""An observed plan is corrected within its term in working days and evaluated again; a late
correction is refused and changes nothing."""

from datetime import date

import pytest

from procompite.common.errors import ValidationError
from procompite.evaluation.consolidation import current_round
from procompite.plans.corrections import observation, record_correction
from tests.cli_helpers import procompite

OBSERVED = "PN-2026-020"


def _plan(db) -> int:
    return db.execute("SELECT id FROM plans WHERE code = ?", [OBSERVED]).fetchone()[0]


def test_an_observed_plan_corrected_on_time_enters_a_new_round(demo_db):
    plan_id = _plan(demo_db)
    seen = observation(demo_db, plan_id)
    assert (seen.observed_on, seen.days, seen.deadline) == (
        date(2026, 11, 20),
        5,
        date(2026, 11, 27),
    )
    record_correction(
        demo_db,
        plan_id,
        "Cotizaciones actualizadas y contrato con el acopiador.",
        filed_on=date(2026, 11, 26),
        actor="Mesa de partes",
    )
    assert demo_db["plans"].get(plan_id)["status"] == "admitido"
    assert current_round(demo_db, plan_id) == 2
    assert demo_db.execute(
        "SELECT round, deadline FROM plan_corrections WHERE plan_id = ?", [plan_id]
    ).fetchone() == (1, "2026-11-27")


def test_a_late_correction_is_refused_and_changes_nothing(demo_db):
    plan_id = _plan(demo_db)
    with pytest.raises(ValidationError, match="fuera de plazo: vencía el 27 de noviembre de 2026"):
        record_correction(demo_db, plan_id, "Tarde.", filed_on=date(2026, 12, 1), actor="Mesa")
    assert demo_db["plans"].get(plan_id)["status"] == "observado"
    assert demo_db["plan_corrections"].count == 0


def test_a_correction_from_the_command_line(demo_path):
    result = procompite(
        "correction",
        "--db",
        str(demo_path),
        "--call",
        "1",
        "--plan",
        OBSERVED,
        "--what",
        "Flujo de caja del año 3 corregido.",
        "--date",
        "2026-11-24",
    )
    assert result.returncode == 0, result.stderr
    assert "vuelve a evaluación en una nueva ronda" in result.stdout
    bad = procompite(
        "correction",
        "--db",
        str(demo_path),
        "--call",
        "1",
        "--plan",
        OBSERVED,
        "--what",
        "x",
        "--date",
        "24/11",
    )
    assert bad.returncode != 0 and "no es una fecha" in bad.stderr


def test_the_dictamen_of_an_observed_plan_says_until_when_to_correct_it(demo_db):
    from procompite.calls.entity import letterhead
    from procompite.documents.dictamen_document import load_dictamen
    from procompite.documents.pdf.dictamen import render_dictamen
    from tests.report_helpers import pages_text

    document = load_dictamen(demo_db, _plan(demo_db))
    text = " ".join("\n".join(pages_text(render_dictamen(document, letterhead(demo_db)))).split())
    assert (
        "Plazo para subsanar: 5 días hábiles desde la observación del 20 de noviembre de 2026"
        in text
    )
    assert "vence el 27 de noviembre de 2026" in text
