-- Migration 0016: a plan's dictámenes read from an index alone. The call's results (number and
-- status of each plan's dictamen) and the triggers that freeze an issued dictamen's inputs
-- (is there one "emitido" for this plan?) no longer read each row past its frozen snapshot.

CREATE INDEX dictamenes_plan_status ON dictamenes (plan_id, status, number);
DROP INDEX dictamenes_plan;
