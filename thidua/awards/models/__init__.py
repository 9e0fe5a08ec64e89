"""The award catalogue, the commendation history and the eligibility rules (DOMAIN.md §4, §5)."""

from thidua.awards.models.checks import EligibilityCheck
from thidua.awards.models.decisions import (
    DECISION_TRANSITIONS,
    CommendationDecision,
    DecisionAward,
    DecisionState,
)
from thidua.awards.models.history import AwardTitle, CommendationRecord
from thidua.awards.models.proposals import (
    EDITABLE_STATES,
    PROPOSAL_TRANSITIONS,
    DocumentKind,
    DossierDocument,
    Nomination,
    Proposal,
    ProposalRound,
    ProposalState,
    RoundAction,
)
from thidua.awards.models.rules import EligibilityCondition, EligibilityRuleSet

__all__ = [
    "DECISION_TRANSITIONS",
    "EDITABLE_STATES",
    "PROPOSAL_TRANSITIONS",
    "AwardTitle",
    "CommendationDecision",
    "CommendationRecord",
    "DecisionAward",
    "DecisionState",
    "DocumentKind",
    "DossierDocument",
    "EligibilityCheck",
    "EligibilityCondition",
    "EligibilityRuleSet",
    "Nomination",
    "Proposal",
    "ProposalRound",
    "ProposalState",
    "RoundAction",
]
