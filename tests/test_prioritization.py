"""Prioritisation arithmetic: AHP, weighted sum, TOPSIS, ties, sensitivity, approval."""

import json
import sqlite3
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procompite.calls.chains import apply_to_call
from procompite.common.errors import ValidationError
from procompite.prioritization.ahp import MatrixError, ahp, complete_from_upper
from procompite.prioritization.approval import approve, copy_to_draft
from procompite.prioritization.editing import save_weights
from procompite.prioritization.exercises import load_exercise
from procompite.prioritization.methods import Chain, Criterion, rank, score_chains, topsis
from tests.cli_helpers import procompite


def test_consistent_matrix_gives_exact_weights_and_zero_cr():
    result = ahp([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    assert result.weights == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-12)
    assert result.cr == pytest.approx(0, abs=1e-12)
    assert result.consistent and result.worst == []


def _power_iteration(matrix, steps=500):
    vector = np.ones(len(matrix))
    for _ in range(steps):
        vector = np.array(matrix) @ vector
        vector /= vector.sum()
    return vector


@pytest.mark.parametrize(
    "upper",
    [
        {(0, 1): 3, (0, 2): 1 / 2, (1, 2): 4},
        {(0, 1): 5, (0, 2): 9, (0, 3): 1 / 3, (1, 2): 2, (1, 3): 1 / 7, (2, 3): 1 / 9},
    ],
)
def test_inconsistent_matrix_matches_an_independent_eigenvector(upper):
    size = max(j for _, j in upper) + 1
    matrix = complete_from_upper(upper, size)
    result = ahp(matrix)
    assert result.weights == pytest.approx(list(_power_iteration(matrix)), abs=1e-9)
    assert result.worst, "debe nombrar las comparaciones más inconsistentes"


def test_a_clearly_inconsistent_matrix_is_flagged():
    result = ahp(complete_from_upper({(0, 1): 9, (1, 2): 9, (0, 2): 1 / 9}, 3))
    assert result.cr > 0.10 and not result.consistent
    assert {(w.row, w.column) for w in result.worst} >= {(0, 2)}


@pytest.mark.parametrize(
    "matrix, message",
    [
        ([[1, 2], [0.5, 1], [1, 1]], "no es cuadrada"),
        ([[1, -2], [-0.5, 1]], "positiva"),
        ([[1, 3], [3, 1]], "no es recíproca"),
    ],
)
def test_bad_matrices_are_refused_with_the_reason(matrix, message):
    with pytest.raises(MatrixError, match=message):
        ahp(matrix)


def test_topsis_against_a_hand_worked_example():
    # Three chains, two benefit criteria (equal weights) and one cost criterion.
    chains = [Chain(1, "A"), Chain(2, "B"), Chain(3, "C")]
    criteria = [
        Criterion(1, "Producción", "indicator", 1),
        Criterion(2, "Empleo", "indicator", 1),
        Criterion(3, "Riesgo", "indicator", 1, direction="more_worse"),
    ]
    values = {
        (1, 1): 3,
        (1, 2): 4,
        (1, 3): 0,
        (2, 1): 4,
        (2, 2): 3,
        (2, 3): 0,
        (3, 1): 1,
        (3, 2): 2,
        (3, 3): 4,
    }
    # By hand: column norms 5, 5, sqrt(21); weights 1/3 each.
    norm3 = 21**0.5
    v = {
        1: (3 / 5 / 3, 4 / 5 / 3, 1 / norm3 / 3),
        2: (4 / 5 / 3, 3 / 5 / 3, 2 / norm3 / 3),
        3: (0, 0, 4 / norm3 / 3),
    }
    best = (4 / 15, 4 / 15, 1 / norm3 / 3)
    worst = (0, 0, 4 / norm3 / 3)

    def closeness(row):
        d_best = sum((a - b) ** 2 for a, b in zip(row, best, strict=True)) ** 0.5
        d_worst = sum((a - b) ** 2 for a, b in zip(row, worst, strict=True)) ** 0.5
        return 100 * d_worst / (d_best + d_worst)

    ranking = rank(topsis(chains, criteria, values))
    scores = {row.chain.name: row.score for row in ranking.rows}
    assert scores["A"] == pytest.approx(closeness(v[1]))
    assert scores["B"] == pytest.approx(closeness(v[2]))
    assert scores["C"] == pytest.approx(0.0)
    assert [row.chain.name for row in ranking.rows] == ["A", "B", "C"]


def _problem(data):
    chain_count, criteria_count, numbers, weights = data
    chains = [Chain(i, f"Cadena {i:02d}") for i in range(chain_count)]
    criteria = [Criterion(100 + j, f"C{j}", "indicator", weights[j]) for j in range(criteria_count)]
    values = {
        (100 + j, i): numbers[i * criteria_count + j]
        for i in range(chain_count)
        for j in range(criteria_count)
    }
    return chains, criteria, values


problems = st.integers(2, 8).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.tuples(
            st.just(n),
            st.just(m),
            st.lists(st.integers(0, 100), min_size=n * m, max_size=n * m),
            st.lists(st.integers(1, 10), min_size=m, max_size=m),
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(problems, st.sampled_from(["weighted", "topsis"]), st.integers(2, 50))
def test_scaling_all_weights_changes_nothing(data, method, factor):
    chains, criteria, values = _problem(data)
    scaled = [Criterion(c.id, c.name, c.kind, c.weight * factor) for c in criteria]
    first = score_chains(method, chains, criteria, values)
    second = score_chains(method, chains, scaled, values)
    assert [(r.chain.id, r.rank) for r in first.rows] == [(r.chain.id, r.rank) for r in second.rows]
    assert [r.score for r in first.rows] == pytest.approx([r.score for r in second.rows])


@settings(max_examples=60, deadline=None)
@given(problems, st.sampled_from(["weighted", "topsis"]))
def test_a_dominated_chain_never_ranks_above_its_dominator(data, method):
    chains, criteria, values = _problem(data)
    ranking = score_chains(method, chains, criteria, values)
    position = {row.chain.id: row.rank for row in ranking.rows}
    for a in chains:
        for b in chains:
            if a.id != b.id and all(values[(c.id, a.id)] >= values[(c.id, b.id)] for c in criteria):
                assert position[a.id] <= position[b.id]


@settings(max_examples=60, deadline=None)
@given(problems, st.sampled_from(["weighted", "topsis"]))
def test_ranks_are_a_competition_ranking_of_all_chains(data, method):
    chains, criteria, values = _problem(data)
    ranking = score_chains(method, chains, criteria, values)
    assert sorted(r.chain.id for r in ranking.rows) == sorted(c.id for c in chains)
    for position, row in enumerate(ranking.rows, 1):
        assert 1 <= row.rank <= position
        tied_before = position > 1 and ranking.rows[position - 2].score == pytest.approx(row.score)
        assert row.rank == (ranking.rows[position - 2].rank if tied_before else position)


def test_demo_exercise_reports_ties_with_their_rule(demo_db):
    ranking = load_exercise(demo_db, 1).ranking()
    top = [row for row in ranking.rows if row.rank == 1]
    assert len(top) > 1 and all("Empate" in row.tie_note for row in top)
    assert "alfabéticamente" in ranking.tie_rule


def test_missing_values_exclude_policy_warns_and_worst_policy_fills(demo_db):
    exercise = load_exercise(demo_db, 1)
    worst = exercise.ranking()
    assert any(row.filled for row in worst.rows)
    exercise.record["missing_policy"] = "exclude"
    excluded = exercise.ranking()
    assert excluded.excluded and all(missing for _, missing in excluded.excluded)
    assert len(excluded.rows) + len(excluded.excluded) == len(worst.rows)


def test_sensitivity_names_what_enters_or_leaves(demo_db):
    rows = load_exercise(demo_db, 1).sensitivity()
    assert len(rows) == 4
    for row in rows:
        assert 0 <= row.low <= row.weight <= row.high <= 1
        assert row.change_down and row.change_up


def test_approval_freezes_and_feeds_the_call(demo_db):
    with pytest.raises(ValidationError, match="acta o resolución"):
        approve(demo_db, 1, approved_on=date(2026, 1, 20), reference=" ")
    ranking = approve(demo_db, 1, approved_on=date(2026, 1, 20), reference="Acta N.° 003-2026")
    exercise = load_exercise(demo_db, 1)
    assert exercise.approved
    snapshot = json.loads(exercise.record["frozen_snapshot"])
    assert len(snapshot["resultado"]) == len(ranking.rows)
    with pytest.raises(ValidationError, match="aprobada"):
        save_weights(demo_db, 1, {exercise.criteria[0].id: 0.9})
    with pytest.raises(sqlite3.IntegrityError), demo_db.atomic():
        demo_db.execute("UPDATE prioritization_results SET score = 0")
    with pytest.raises(ValidationError, match="para cambiar sus bases"):
        apply_to_call(demo_db, 1, 1)
    demo_db["calls"].update(1, {"status": "preparacion"})
    chains = apply_to_call(demo_db, 1, 1)
    assert set(chains) == ranking.above_cut()
    assert demo_db["calls"].get(1)["prioritization_id"] == 1
    copy_id = copy_to_draft(demo_db, 1)
    copy = load_exercise(demo_db, copy_id)
    assert not copy.approved and copy.values.__len__() == exercise.values.__len__()
    save_weights(demo_db, copy_id, {copy.criteria[0].id: 0.9})


def _cli(*args):
    return procompite(*args, timeout=60)


def test_ahp_command(tmp_path):
    matrix = tmp_path / "matriz.csv"
    matrix.write_text("1,2,4\n1/2,1,2\n0.25,0.5,1\n", encoding="utf-8")
    result = _cli("ahp", str(matrix), "--format", "json")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["weights"] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert output["cr"] == pytest.approx(0, abs=1e-9)
    matrix.write_text("1,3\n3,1\n", encoding="utf-8")
    refused = _cli("ahp", str(matrix), "--format", "json")
    assert refused.returncode != 0 and "no es recíproca" in refused.stderr


def test_prioritize_command(demo_path):
    result = _cli("prioritize", "--db", str(demo_path), "--exercise", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"chain", "score", "rank", "above_cut"} <= set(rows[0])
    csv_result = _cli(
        "prioritize",
        "--db",
        str(demo_path),
        "--exercise",
        "1",
        "--method",
        "topsis",
        "--format",
        "csv",
    )
    assert csv_result.stdout.splitlines()[0] == "chain,score,rank,above_cut"


def test_report_reads_back_with_criteria_ranking_sensitivity_and_pages(demo_path, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "informe.pdf"
    result = _cli(
        "report", "priorizacion", "--db", str(demo_path), "--exercise", "1", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Informe de priorización de cadenas productivas" in text
    assert "(a) Oferta exportable" in text and "Ranking nacional (Cuadro 8)" in text
    assert "Artesanía textil" in text and "Sensibilidad" in text
    assert f"Página 1 de {len(reader.pages)}" in text
    assert "Firmas del espacio de concertación" in text
