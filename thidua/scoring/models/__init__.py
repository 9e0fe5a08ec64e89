"""The scoring app's models: tables and criteria, conduct records, self-assessments with
evidence, cross-review, and rankings."""

from thidua.scoring.models.assessments import Evidence, SelfAssessment, SelfScore
from thidua.scoring.models.conduct import ConductRecord
from thidua.scoring.models.rankings import Ranking, RankingEntry, RankingRule
from thidua.scoring.models.reviews import (
    DisqualifierFinding,
    FinalScore,
    ReviewAssignment,
    ReviewScore,
)
from thidua.scoring.models.tables import Criterion, Disqualifier, ScoringTable

__all__ = [
    "ConductRecord",
    "Criterion",
    "Disqualifier",
    "DisqualifierFinding",
    "Evidence",
    "FinalScore",
    "Ranking",
    "RankingEntry",
    "RankingRule",
    "ReviewAssignment",
    "ReviewScore",
    "ScoringTable",
    "SelfAssessment",
    "SelfScore",
]
