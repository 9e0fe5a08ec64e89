"""What the readings of :mod:`.conditions` share: the context, matching a year, counting.

Split from :mod:`.conditions` (which keeps one function per test); see its module doc for how
the conditions are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from thidua.awards.choices import ContinuityPolicy, DisciplineLevel, RecipientType, RecordKind
from thidua.awards.eligibility.facts import Fact, Note
from thidua.awards.eligibility.history import Subject

DERIVED_TITLE = "lao_dong_tien_tien"
DERIVED_FROM = ("rating:httnv", "rating:htxsnv")
LEVELS = list(DisciplineLevel.values)
PERIODS = {RecordKind.DISCIPLINE, RecordKind.BLOCKER}
OPEN_END = 9999


@dataclass(frozen=True)
class Context:
    """What every condition of one evaluation shares."""

    award: str
    year: int
    as_of: dt.date
    policy: str
    counted: frozenset[str]


@dataclass(slots=True)
class Reading:
    """A condition's answer before it becomes a line of the verdict."""

    met: bool
    records: list[Fact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    through_predecessors: bool = False


@dataclass(slots=True)
class YearMatch:
    met: bool
    facts: list[Fact]
    revoked: list[Fact]
    through_predecessors: bool


def spec_parts(spec: str) -> tuple[str, str]:
    kind, _sep, value = spec.partition(":")
    return kind, value


def match(
    ctx: Context, facts: list[Fact], year: int, specs: list[str]
) -> tuple[list[Fact], list[Fact]]:
    """The facts of ``year`` that are one of ``specs``, and revoked ones that would have been."""
    hits: list[Fact] = []
    revoked: list[Fact] = []
    wanted = {spec_parts(spec) for spec in specs}
    for fact in facts:
        if fact.year != year or (fact.kind, fact.value) not in wanted:
            continue
        if fact.revoked:
            revoked.append(fact)
        elif fact.kind != RecordKind.AWARD or fact.derived or fact.award_type in ctx.counted:
            # what ``fact.satisfies(spec)`` adds once kind, value and revocation are checked
            hits.append(fact)
    if not hits and year == ctx.year and ("award", DERIVED_TITLE) in wanted:
        derived = derived_title(facts, year)
        if derived is not None:
            hits.append(derived)
    return hits, revoked


def derived_title(facts: list[Fact], year: int) -> Fact | None:
    """The judged year's ``lao_dong_tien_tien`` following from the rating alone, if it does."""
    if any(
        f.kind == RecordKind.AWARD and f.value == DERIVED_TITLE and f.year == year for f in facts
    ):
        return None  # a record exists (perhaps revoked): it is not replaced by derivation
    for fact in facts:
        if (
            fact.year == year
            and not fact.revoked
            and fact.kind == RecordKind.RATING
            and f"rating:{fact.value}" in DERIVED_FROM
        ):
            return Fact(
                id=None,
                kind=RecordKind.AWARD,
                value=DERIVED_TITLE,
                year=year,
                recipient=fact.recipient,
                decision_number=fact.decision_number,
                decision_date=fact.decision_date,
                award_type="",
                start_date=None,
                end_date=None,
                revoked=False,
                derived=True,
                inherited_from=fact.inherited_from,
            )
    return None


def year_match(ctx: Context, subject: Subject, year: int, specs: list[str]) -> YearMatch:
    """Whether ``subject`` has one of ``specs`` in ``year``, itself or through predecessors."""
    hits, revoked = match(ctx, subject.facts, year, specs)
    if hits or subject.type != RecipientType.COLLECTIVE or ctx.policy == ContinuityPolicy.NONE:
        return YearMatch(bool(hits), hits, revoked, False)
    relevant = [a for a in subject.ancestors if a.active_at_end_of(year)]
    having = 0
    for ancestor in relevant:
        found, lost = match(ctx, ancestor.facts, year, specs)
        hits.extend(found)
        revoked.extend(lost)
        having += bool(found)
    if ctx.policy == ContinuityPolicy.ALL_PREDECESSORS:
        met = bool(relevant) and having == len(relevant)
    else:
        met = having > 0
    return YearMatch(met, hits, revoked, met and ctx.policy == ContinuityPolicy.REVIEW)


def inherited_facts(ctx: Context, subject: Subject) -> list[Fact]:
    """The predecessors' records the policy lets a collective read."""
    if subject.type != RecipientType.COLLECTIVE or ctx.policy == ContinuityPolicy.NONE:
        return []
    return [fact for ancestor in subject.ancestors for fact in ancestor.facts]


def level_at_least(level: str, minimum: str) -> bool:
    return level in LEVELS and LEVELS.index(level) >= LEVELS.index(minimum)


def chain_floor(subject: Subject) -> tuple[int, list[Fact]]:
    """The last year a discipline period touches: no year up to it counts toward a chain."""
    floor, breaking = 0, []
    for fact in subject.facts:
        if fact.kind != RecordKind.DISCIPLINE or fact.revoked or fact.start_date is None:
            continue
        end = fact.end_date.year if fact.end_date else OPEN_END
        if end > floor:
            floor, breaking = end, [fact]
    return floor, breaking


def last_granted(ctx: Context, subject: Subject, award: str) -> Fact | None:
    """The latest granted ``award`` before the judged year (its years are used up)."""
    spec = f"award:{award}"
    granted = [
        f
        for f in subject.facts + inherited_facts(ctx, subject)
        if f.value == award  # cheap test first; satisfies() checks it again
        and f.year is not None
        and f.year < ctx.year
        and f.satisfies(spec, ctx.counted)
    ]
    return max(granted, key=lambda f: f.year or 0, default=None)


def count_facts(
    ctx: Context, subject: Subject, keep: Callable[[Fact], bool], minimum: int
) -> tuple[bool, list[Fact], bool]:
    """Whether at least ``minimum`` facts pass ``keep`` (own first, then predecessors')."""
    own = [f for f in subject.facts if keep(f)]
    if len(own) >= minimum:
        return True, own, False
    inherited = [f for f in inherited_facts(ctx, subject) if keep(f)]
    met = len(own) + len(inherited) >= minimum and bool(inherited)
    if ctx.policy == ContinuityPolicy.ALL_PREDECESSORS and met:
        met = False  # a count across different agencies is not "every predecessor"
    return met, own + inherited, met and ctx.policy == ContinuityPolicy.REVIEW


def unique(facts: list[Fact]) -> list[Fact]:
    if len(facts) < 2:
        return facts
    seen: set[tuple[object, ...]] = set()
    kept = []
    for fact in facts:
        key = (fact.id, fact.kind, fact.value, fact.year, fact.recipient, fact.derived)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept
