"""`generate`: a large region built through the library, with the demo's distributions."""

from collections import Counter
from datetime import date

import pytest

from procompite.demo.region import RegionSize, build_region
from procompite.evaluation.results import call_results
from procompite.plans.summary import plan_summaries
from procompite.storage.database import open_database
from tests.cli_helpers import procompite
from tests.test_demo import _dump

SMALL = RegionSize(organizations=60, members=1500, plans=60, evaluators=6, plans_per_call=30)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    path = tmp_path_factory.mktemp("region") / "region.db"
    build_region(path, SMALL)
    return path


def test_sizes_are_exactly_those_asked_for(region):
    db = open_database(region, readonly=True)
    assert db["organizations"].count == 60
    assert db["members"].count == 1500
    assert db["plans"].count == 60
    assert db.execute("SELECT count(DISTINCT dni) FROM committee_members").fetchone()[0] == 6
    sizes = [row[0] for row in db.execute("SELECT count(*) FROM members GROUP BY organization_id")]
    assert min(sizes) >= 2
    db.close()


def test_same_sizes_give_the_same_database(region, tmp_path):
    again = tmp_path / "otra.db"
    build_region(again, SMALL)
    assert _dump(again) == _dump(region)


def test_earlier_call_is_closed_with_every_admitted_plan_decided_and_its_dictamen_issued(region):
    db = open_database(region, readonly=True)
    closed, current = db.execute("SELECT id, status FROM calls ORDER BY year").fetchall()
    assert (closed[1], current[1]) == ("cerrada", "evaluacion")
    results = call_results(db, closed[0], date(2025, 11, 20)).plans
    admitted = [plan for plan in results if plan.status != "registrado"]
    assert len(admitted) >= 28
    assert all(plan.verdict and plan.issued and plan.submitted >= 3 for plan in admitted)
    outcomes = Counter(plan.allocation.outcome for plan in admitted if plan.allocation)
    assert outcomes["ganador"] > 0 and outcomes["no_apto"] + outcomes["accesitario"] > 0
    db.close()


def test_current_call_has_the_demo_mix_of_states(region):
    db = open_database(region, readonly=True)
    (current,) = db.execute("SELECT id FROM calls WHERE status = 'evaluacion'").fetchone()
    states = Counter(
        row[0] for row in db.execute("SELECT status FROM plans WHERE call_id = ?", [current])
    )
    assert {"borrador", "registrado", "admitido", "en_evaluacion", "evaluado"} <= set(states)
    assert db.execute(
        "SELECT count(*) FROM dictamenes d JOIN plans p ON p.id = d.plan_id WHERE p.call_id = ?",
        [current],
    ).fetchone() == (0,)
    db.close()


def test_every_plan_past_registration_meets_the_rules_of_its_call(region):
    db = open_database(region, readonly=True)
    summaries = plan_summaries(db, date(2026, 11, 20))
    statuses = dict(db.execute("SELECT id, status FROM plans"))
    assert all(
        not summaries[plan_id].failed_rules
        for plan_id, status in statuses.items()
        if status not in ("borrador", "registrado")
    )
    db.close()


def test_command_line_prints_what_it_made_and_refuses_impossible_sizes(tmp_path):
    path = tmp_path / "grande.db"
    done = procompite(
        "generate", "--db", str(path), "--organizations", "12", "--members", "240",
        "--plans", "10", "--evaluators", "5",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "agentes económicos (AEO)" in done.stdout and "240" in done.stdout

    refused = procompite(
        "generate", "--db", str(tmp_path / "no.db"), "--organizations", "10",
        "--members", "5", "--evaluators", "2",
    )  # fmt: skip
    assert refused.returncode == 2
    assert "--members" in refused.stderr and "--evaluators" in refused.stderr
    assert not (tmp_path / "no.db").exists()

    again = procompite("generate", "--db", str(path), "--plans", "10")
    assert again.returncode == 2 and "--force" in again.stderr
