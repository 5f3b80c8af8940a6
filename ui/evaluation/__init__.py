"""The Evaluación screen: sessions, sheets, consolidation, results, the rubric and the committee."""
