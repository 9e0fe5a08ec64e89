"""What the engine reads and what it answers: facts, condition lines, verdicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thidua.awards.choices import RecordKind


@dataclass(frozen=True, slots=True)
class Fact:
    """One history record as a condition sees it on the evaluation date.

    ``revoked`` is the revocation as of that date. ``derived`` marks a judged-year
    ``lao_dong_tien_tien`` that follows from the rating alone; ``inherited_from`` names the
    predecessor agency whose record it is, when the candidate is its successor.
    """

    id: int | None
    kind: str
    value: str
    year: int | None
    recipient: str
    decision_number: str
    decision_date: dt.date | None
    award_type: str
    start_date: dt.date | None
    end_date: dt.date | None
    revoked: bool
    derived: bool = False
    inherited_from: str | None = None

    def satisfies(self, spec: str, counted_award_types: frozenset[str]) -> bool:
        """Whether this fact is ``spec`` (``award:<code>`` or ``rating:<value>``), unrevoked."""
        if self.revoked:
            return False
        kind, _, value = spec.partition(":")
        if kind != self.kind or value != self.value:
            return False
        return kind != RecordKind.AWARD or self.derived or self.award_type in counted_award_types

    def open_on(self, day: dt.date) -> bool:
        """Whether a period (discipline, blocker) is open on ``day``."""
        if self.start_date is None or self.start_date > day:
            return False
        return self.end_date is None or self.end_date >= day

    def overlaps_year(self, year: int) -> bool:
        if self.start_date is None:
            return False
        return self.start_date.year <= year and (
            self.end_date is None or self.end_date.year >= year
        )

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "value": self.value,
            "year": self.year,
            "recipient": self.recipient,
            "decision_number": self.decision_number,
            "revoked": self.revoked,
            "derived": self.derived,
            "inherited_from": self.inherited_from,
        }


@dataclass
class ConditionResult:
    """One line of a verdict: a condition, whether it is met, and the records that decided it.

    ``met`` is ``None`` for an attested condition. ``through_predecessors`` is set when the
    condition is met only through predecessors' records under the ``review`` policy (or a
    predecessor has an open blocker); ``note`` says in words why the line reads as it does.
    """

    rule: str
    label: str
    kind: str
    met: bool | None
    basis: str
    records: list[Fact] = field(default_factory=list)
    note: str = ""
    through_predecessors: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "label": self.label,
            "kind": self.kind,
            "met": self.met,
            "basis": self.basis,
            "records": [fact.as_json() for fact in self.records],
        }


@dataclass
class Result:
    """The verdict for one candidate, one award, one year, on one evaluation date."""

    recipient: str
    recipient_type: str
    recipient_id: int
    recipient_name: str
    award: str
    year: int
    as_of: dt.date
    rule_set: str
    verdict: str
    conditions: list[ConditionResult]

    @property
    def unmet(self) -> list[str]:
        return [c.rule for c in self.conditions if c.met is False]

    @property
    def record_ids(self) -> set[int]:
        return {f.id for c in self.conditions for f in c.records if f.id is not None}

    def as_json(self) -> dict[str, object]:
        return {
            "recipient": self.recipient,
            "recipient_type": self.recipient_type,
            "award": self.award,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "conditions": [condition.as_json() for condition in self.conditions],
        }
