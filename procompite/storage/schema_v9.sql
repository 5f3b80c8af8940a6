-- Migration 0009: a disagreement is judged on each criterion's own scale.
-- A criterion is flagged for discussion when its highest and lowest scores differ by more than
-- this share of the criterion's maximum (in basis points: 4000 is 40 %, more than 2.00 points on
-- a criterion of 0 to 5). The former gap in points (disagreement_gap) stays in its column, as the
-- dictámenes issued with it printed it, but no longer decides which criteria are flagged.
--
-- A call whose rubric gives every criterion the same maximum keeps the criteria it flagged: its
-- gap becomes the share that flags exactly the same spreads (2 points on criteria of 0 to 5:
-- 40 %; 4 points: 80 %), so that its issued dictámenes still verify. A call whose criteria have
-- different maxima, or no rubric yet, takes 40 %.

ALTER TABLE calls ADD COLUMN disagreement_share_bp INTEGER NOT NULL DEFAULT 4000
    CHECK (disagreement_share_bp BETWEEN 0 AND 10000);

UPDATE calls SET disagreement_share_bp = (
    SELECT min(10000, (CAST(round(calls.disagreement_gap * 100) AS INTEGER) * 10000
                       + CAST(round(max(c.max_points) * 100) AS INTEGER) - 1)
                      / CAST(round(max(c.max_points) * 100) AS INTEGER))
    FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id
    WHERE r.call_id = calls.id
)
WHERE (SELECT count(DISTINCT c.max_points) = 1 AND min(c.max_points) > 0
       FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id
       WHERE r.call_id = calls.id);
