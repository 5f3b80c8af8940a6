"""The consolidation of a call's scores, against the same figures worked out with pandas."""

import numpy as np
import pandas as pd
import pytest

from procompite.evaluation.consolidation import consolidate_frame, plan_totals, submitted_scores


def _scores(plans: int, seed: int, first_plan: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        (plan, member, criterion, int(rng.integers(0, 2001)))
        for plan in range(first_plan, first_plan + plans)
        for member in range(1, int(rng.integers(1, 6)) + 1)
        for criterion in range(10, 30)
    ]
    frame = pd.DataFrame(rows, columns=["plan_id", "member_id", "criterion_id", "points_h"])
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


def _by_pandas(scores: pd.DataFrame, method: str, limit_h: int) -> pd.DataFrame:
    grouped = scores.groupby(["plan_id", "criterion_id"])["points_h"]
    table = grouped.agg(["count", "sum", "min", "max"])
    if method == "median":
        table["value_h"] = ((grouped.median() * 2).round().astype("int64") + 1) // 2
    else:
        table["value_h"] = (2 * table["sum"] + table["count"]) // (2 * table["count"])
    table["spread_h"] = table["max"] - table["min"]
    table["flagged"] = table["spread_h"] > limit_h
    return table


@pytest.mark.parametrize("method", ["mean", "median"])
@pytest.mark.parametrize("first_plan", [1, 2**55])
def test_every_criterion_and_total_is_the_one_pandas_gives(method, first_plan):
    scores = _scores(300, seed=7, first_plan=first_plan)

    table = consolidate_frame(scores, method, 800)
    expected = _by_pandas(scores, method, 800)

    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    totals = plan_totals(table)
    assert (
        totals["total_h"].to_dict() == expected.groupby(level="plan_id")["value_h"].sum().to_dict()
    )
    assert totals["flags"].to_dict() == expected.groupby(level="plan_id")["flagged"].sum().to_dict()


def test_no_scores_give_an_empty_table():
    empty = _scores(0, seed=1)

    assert consolidate_frame(empty, "mean", 800).empty
    assert plan_totals(consolidate_frame(empty, "mean", 800)).empty


def _without_member(scores: pd.DataFrame) -> list[tuple]:
    return sorted(map(tuple, scores[["plan_id", "criterion_id", "points_h"]].to_numpy().tolist()))


def test_the_scores_read_as_one_key_each_are_the_scores_read_by_column(demo_db):
    by_member = submitted_scores(demo_db, 1)
    keyed = submitted_scores(demo_db, 1, by_member=False)

    assert len(by_member) > 100
    assert list(keyed.columns) == ["plan_id", "criterion_id", "points_h"]
    assert _without_member(keyed) == _without_member(by_member)


def test_a_score_above_every_maximum_is_still_read_exactly(demo_db):
    by_member = submitted_scores(demo_db, 1)
    plan, criterion = (int(v) for v in by_member.iloc[0][["plan_id", "criterion_id"]])
    # The maximum lowered after the scoring: the stored score stays above it.
    demo_db.execute("UPDATE rubric_criteria SET max_points = 0.5")
    keyed = submitted_scores(demo_db, 1, by_member=False)

    assert _without_member(keyed) == _without_member(by_member)
    assert keyed[(keyed.plan_id == plan) & (keyed.criterion_id == criterion)].points_h.max() > 50
