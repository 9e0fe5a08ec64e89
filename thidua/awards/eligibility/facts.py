"""What the engine reads and what it answers: facts, condition lines, verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext

from thidua.awards.choices import RecordKind


@dataclass(slots=True, unsafe_hash=True)
class Fact:
    """One history record as a condition sees it on the evaluation date (never changed).

    Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, which
    made building the facts of a million candidates about five times slower.

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


class Note:
    """A note in words, translated and filled in only when it is read.

    ``message`` is the Vietnamese source (marked with ``gettext_noop`` where it is written);
    ``params`` may hold other notes. A batch of a million verdicts never shows its notes, so
    translating them as they were made was a quarter of its time (``docs/benchmarks.md``).
    """

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: Mapping[str, object] | None = None) -> None:
        self.message = message
        self.params = params

    def __str__(self) -> str:
        text = gettext(self.message)
        if self.params is None:
            return text
        return text % {
            key: str(value) if isinstance(value, Note | Joined) else value
            for key, value in self.params.items()
        }

    def __repr__(self) -> str:
        return f"Note({str(self)!r})"


class Joined:
    """Notes read one after another, separated by spaces."""

    __slots__ = ("notes",)

    def __init__(self, notes: Iterable[Note | Joined]) -> None:
        self.notes = list(notes)

    def __str__(self) -> str:
        return " ".join(str(note) for note in self.notes)


@dataclass(slots=True)
class ConditionResult:
    """One line of a verdict: a condition, whether it is met, and the records that decided it.

    ``met`` is ``None`` for an attested condition. ``through_predecessors`` is set when the
    condition is met only through predecessors' records under the ``review`` policy (or a
    predecessor has an open blocker); ``note`` says in words why the line reads as it does
    (built from ``notes`` when it is read).
    """

    rule: str
    label: str
    kind: str
    met: bool | None
    basis: str
    records: list[Fact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    through_predecessors: bool = False

    @property
    def note(self) -> str:
        return " ".join(str(note) for note in self.notes)

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "label": self.label,
            "kind": self.kind,
            "met": self.met,
            "basis": self.basis,
            "records": [fact.as_json() for fact in self.records],
        }


@dataclass(slots=True)
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
