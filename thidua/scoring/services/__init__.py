"""Writes of the scoring app, one module per part of the year-end work; every service is
re-exported here, so callers write ``services.self_score_save(...)``."""

from thidua.scoring.services.assessments import (
    evidence_attach,
    evidence_remove,
    self_assessment_open,
    self_assessment_reopen,
    self_assessment_submit,
    self_score_save,
)
from thidua.scoring.services.rankings import ranking_correct, ranking_publish
from thidua.scoring.services.reviews import (
    disqualifier_finding_remove,
    disqualifier_finding_set,
    final_score_save,
    review_response_save,
    review_round_set,
    review_score_save,
)
from thidua.scoring.services.tables import (
    SCORED_KINDS,
    ConductValues,
    conduct_record_save,
    scoring_table_activate,
    scoring_table_copy,
    scoring_table_create_default,
    scoring_table_schedule,
    table_errors,
)

__all__ = [
    "SCORED_KINDS",
    "ConductValues",
    "conduct_record_save",
    "disqualifier_finding_remove",
    "disqualifier_finding_set",
    "evidence_attach",
    "evidence_remove",
    "final_score_save",
    "ranking_correct",
    "ranking_publish",
    "review_response_save",
    "review_round_set",
    "review_score_save",
    "scoring_table_activate",
    "scoring_table_copy",
    "scoring_table_create_default",
    "scoring_table_schedule",
    "self_assessment_open",
    "self_assessment_reopen",
    "self_assessment_submit",
    "self_score_save",
    "table_errors",
]
