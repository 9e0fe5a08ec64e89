"""The eligibility engine (DOMAIN.md §5): verdicts with one explained line per condition.

- :mod:`.rules` finds the rule version in force on the evaluation date and its conditions;
- :mod:`.history` loads, set-based, what the conditions read — the candidates' records, their
  agencies' lineage, collectives' members and the published rankings;
- :mod:`.conditions` is the one place where a condition is read (DOMAIN.md §5 "How to read the
  conditions"): one function per :class:`~thidua.awards.choices.ConditionTest`;
- :mod:`.engine` evaluates one candidate or a whole batch in a fixed number of queries per chunk
  of candidates, and :mod:`.output` writes the JSON and CSV forms of a verdict.
"""

from thidua.awards.eligibility.engine import Candidate, EligibilityError, evaluate, evaluate_one
from thidua.awards.eligibility.facts import ConditionResult, Fact, Result

__all__ = [
    "Candidate",
    "ConditionResult",
    "EligibilityError",
    "Fact",
    "Result",
    "evaluate",
    "evaluate_one",
]
