"""The award catalogue, the commendation history and the eligibility rules (DOMAIN.md §4, §5)."""

from thidua.awards.models.checks import EligibilityCheck
from thidua.awards.models.history import AwardTitle, CommendationRecord
from thidua.awards.models.rules import EligibilityCondition, EligibilityRuleSet

__all__ = [
    "AwardTitle",
    "CommendationRecord",
    "EligibilityCheck",
    "EligibilityCondition",
    "EligibilityRuleSet",
]
