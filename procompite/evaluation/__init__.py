"""Evaluación by the committee: rubrics, conflicts, scores, consolidation, verdicts, results."""
