-- Migration 0014: affirmative points. A call may define bonus rules (a JSON list: name, source,
-- formula, points, threshold, step, cap, places) and say whether the bonus may lift a plan to
-- the passing score (by default it may not: the verdict reads the technical score alone). A
-- verdict keeps, beside its technical score, the bonus computed from the data frozen when the
-- plan was decided, in hundredths of a point, and the rule and figure that earned each point.

ALTER TABLE calls ADD COLUMN bonus_rules TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bonus_rules));
ALTER TABLE calls ADD COLUMN bonus_counts_for_passing INTEGER NOT NULL DEFAULT 0
    CHECK (bonus_counts_for_passing IN (0, 1));

ALTER TABLE plan_verdicts ADD COLUMN bonus_h INTEGER NOT NULL DEFAULT 0 CHECK (bonus_h >= 0);
ALTER TABLE plan_verdicts ADD COLUMN bonus_detail TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(bonus_detail));
