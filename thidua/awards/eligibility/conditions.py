"""The one place where a condition is read (DOMAIN.md §5 "How to read the conditions").

Each :class:`~thidua.awards.choices.ConditionTest` has one function here taking the evaluation
context, the candidate (:class:`~.history.Subject`) and the condition's ``params``; it answers
whether the condition is met, with the records that met or broke it and a note in words.

The readings, in short:
- a record counts once its decision is dated on or before the evaluation date (done when the
  history is loaded), and not if it is revoked by then;
- "X in year N" is a granted, unrevoked record of X for N; in the judged year only,
  ``lao_dong_tien_tien`` also follows from a ``httnv``/``htxsnv`` rating when no record of it
  exists for that year (marked ``derived``);
- only the award types of the rule set (regular merit) count toward another title;
- several years form a chain: every year needed, none after a gap; no year up to and including
  the year a discipline period ends counts; years already used by a granted title of the same
  chain (``reuse_after``) are not used again;
- a title already granted (unrevoked) for the judged year is not granted again;
- a collective's year may be met through its predecessors, under the rule set's continuity
  policy; under ``review`` such a condition is flagged for review;
- members of a collective in year N are the people whose position in the agency itself covers
  31 December of N; a member with no rating counts in the denominator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from thidua.awards.choices import (
    ConditionTest,
    ContinuityPolicy,
    DisciplineLevel,
    RecipientType,
    RecordKind,
)
from thidua.awards.eligibility.facts import ConditionResult, Fact
from thidua.awards.eligibility.history import Subject

DERIVED_TITLE = "lao_dong_tien_tien"
DERIVED_FROM = ("rating:httnv", "rating:htxsnv")
_LEVELS = list(DisciplineLevel.values)
_PERIODS = {RecordKind.DISCIPLINE, RecordKind.BLOCKER}
OPEN_END = 9999


@dataclass(frozen=True)
class Context:
    """What every condition of one evaluation shares."""

    award: str
    year: int
    as_of: dt.date
    policy: str
    counted: frozenset[str]


@dataclass
class Reading:
    """A condition's answer before it becomes a line of the verdict."""

    met: bool
    records: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    through_predecessors: bool = False


@dataclass
class YearMatch:
    met: bool
    facts: list[Fact]
    revoked: list[Fact]
    through_predecessors: bool


def _spec_parts(spec: str) -> tuple[str, str]:
    kind, _sep, value = spec.partition(":")
    return kind, value


def _match(
    ctx: Context, facts: list[Fact], year: int, specs: list[str]
) -> tuple[list[Fact], list[Fact]]:
    """The facts of ``year`` that are one of ``specs``, and revoked ones that would have been."""
    hits: list[Fact] = []
    revoked: list[Fact] = []
    wanted = {_spec_parts(spec) for spec in specs}
    for fact in facts:
        if fact.year != year or (fact.kind, fact.value) not in wanted:
            continue
        if fact.revoked:
            revoked.append(fact)
        elif any(fact.satisfies(spec, ctx.counted) for spec in specs):
            hits.append(fact)
    if not hits and year == ctx.year and ("award", DERIVED_TITLE) in wanted:
        derived = _derived_title(facts, year)
        if derived is not None:
            hits.append(derived)
    return hits, revoked


def _derived_title(facts: list[Fact], year: int) -> Fact | None:
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
    hits, revoked = _match(ctx, subject.facts, year, specs)
    if hits or subject.type != RecipientType.COLLECTIVE or ctx.policy == ContinuityPolicy.NONE:
        return YearMatch(bool(hits), hits, revoked, False)
    relevant = [a for a in subject.ancestors if a.active_at_end_of(year)]
    having = 0
    for ancestor in relevant:
        found, lost = _match(ctx, ancestor.facts, year, specs)
        hits.extend(found)
        revoked.extend(lost)
        having += bool(found)
    if ctx.policy == ContinuityPolicy.ALL_PREDECESSORS:
        met = bool(relevant) and having == len(relevant)
    else:
        met = having > 0
    return YearMatch(met, hits, revoked, met and ctx.policy == ContinuityPolicy.REVIEW)


def _inherited(ctx: Context, subject: Subject) -> list[Fact]:
    """The predecessors' records the policy lets a collective read."""
    if subject.type != RecipientType.COLLECTIVE or ctx.policy == ContinuityPolicy.NONE:
        return []
    return [fact for ancestor in subject.ancestors for fact in ancestor.facts]


def _level_at_least(level: str, minimum: str) -> bool:
    return level in _LEVELS and _LEVELS.index(level) >= _LEVELS.index(minimum)


# --- the readings ---------------------------------------------------------------------------


def no_open_blocker(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    open_own = [
        f for f in subject.facts if f.kind in _PERIODS and not f.revoked and f.open_on(ctx.as_of)
    ]
    if open_own:
        return Reading(
            False,
            open_own,
            [_("Đang trong thời gian bị xem xét hoặc kỷ luật tại ngày xét.")],
        )
    open_before = [
        f
        for ancestor in subject.ancestors
        for f in ancestor.facts
        if f.kind in _PERIODS and not f.revoked and f.open_on(ctx.as_of)
    ]
    if open_before:
        return Reading(
            True,
            open_before,
            [_("Đơn vị trước đang bị xem xét tại ngày xét: cần xem xét thêm.")],
            through_predecessors=True,
        )
    return Reading(True)


def no_discipline_in_year(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    minimum = str(params.get("min_level", DisciplineLevel.CANH_CAO))
    found = [
        f
        for f in subject.facts
        if f.kind == RecordKind.DISCIPLINE
        and not f.revoked
        and _level_at_least(f.value, minimum)
        and f.overlaps_year(ctx.year)
    ]
    if found:
        return Reading(False, found, [_("Bị kỷ luật trong năm %(year)d.") % {"year": ctx.year}])
    return Reading(True)


def not_already_granted(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    granted = [
        f
        for f in subject.facts
        if f.kind == RecordKind.AWARD
        and f.value == ctx.award
        and f.year == ctx.year
        and not f.revoked
    ]
    if granted:
        return Reading(False, granted, [_("Đã được tặng cho năm %(year)d.") % {"year": ctx.year}])
    return Reading(True)


def _chain_floor(subject: Subject) -> tuple[int, list[Fact]]:
    """The last year a discipline period touches: no year up to it counts toward a chain."""
    floor, breaking = 0, []
    for fact in subject.facts:
        if fact.kind != RecordKind.DISCIPLINE or fact.revoked or fact.start_date is None:
            continue
        end = fact.end_date.year if fact.end_date else OPEN_END
        if end > floor:
            floor, breaking = end, [fact]
    return floor, breaking


def _last_granted(ctx: Context, subject: Subject, award: str) -> Fact | None:
    """The latest granted ``award`` before the judged year (its years are used up)."""
    spec = f"award:{award}"
    granted = [
        f
        for f in subject.facts + _inherited(ctx, subject)
        if f.year is not None and f.year < ctx.year and f.satisfies(spec, ctx.counted)
    ]
    return max(granted, key=lambda f: f.year or 0, default=None)


def facts_in_years(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    specs = [str(s) for s in params["facts"]]
    years = sorted(ctx.year + int(o) for o in params["offsets"])
    reading = Reading(True)
    floor, breaking = _chain_floor(subject) if len(years) > 1 else (0, [])
    used = _last_granted(ctx, subject, params["reuse_after"]) if params.get("reuse_after") else None
    used_to = used.year if used is not None and used.year is not None else 0
    for year in years:
        match = year_match(ctx, subject, year, specs)
        reading.records.extend(match.facts + match.revoked)
        reading.through_predecessors |= match.through_predecessors
        if not match.met:
            reading.met = False
            if match.revoked:
                reading.notes.append(
                    _("Năm %(year)d: hồ sơ đã bị thu hồi, coi như chưa được tặng.") % {"year": year}
                )
            else:
                reading.notes.append(_("Năm %(year)d: không có.") % {"year": year})
        elif year <= floor:
            reading.met = False
            reading.notes.append(
                _("Năm %(year)d không được tính: kỷ luật kết thúc năm %(end)s cắt chuỗi.")
                % {"year": year, "end": floor if floor != OPEN_END else _("(chưa kết thúc)")}
            )
        elif year <= used_to:
            reading.met = False
            reading.notes.append(
                _("Năm %(year)d đã được dùng để xét khen năm %(used)d.")
                % {"year": year, "used": used_to}
            )
    if floor >= years[0]:
        reading.records.extend(breaking)
    if used is not None and used_to >= years[0]:
        reading.records.append(used)
    if not reading.met:
        reading.through_predecessors = False
    return reading


def _count(
    ctx: Context, subject: Subject, keep: Callable[[Fact], bool], minimum: int
) -> tuple[bool, list[Fact], bool]:
    """Whether at least ``minimum`` facts pass ``keep`` (own first, then predecessors')."""
    own = [f for f in subject.facts if keep(f)]
    if len(own) >= minimum:
        return True, own, False
    inherited = [f for f in _inherited(ctx, subject) if keep(f)]
    met = len(own) + len(inherited) >= minimum and bool(inherited)
    if ctx.policy == ContinuityPolicy.ALL_PREDECESSORS and met:
        met = False  # a count across different agencies is not "every predecessor"
    return met, own + inherited, met and ctx.policy == ContinuityPolicy.REVIEW


def initiatives(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    scopes = set(params["scopes"])
    years = {ctx.year + int(o) for o in params["offsets"]}
    minimum = int(params["min_count"])

    def keep(f: Fact) -> bool:
        return (
            f.kind == RecordKind.INITIATIVE
            and not f.revoked
            and f.value in scopes
            and f.year in years
        )

    met, facts, through = _count(ctx, subject, keep, minimum)
    notes = (
        []
        if met
        else [_("Có %(count)d, cần %(minimum)d.") % {"count": len(facts), "minimum": minimum}]
    )
    return Reading(met, facts, notes, through)


def award_before(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    spec = f"award:{params['award']}"
    last_year = ctx.year + int(params["max_offset"])

    def keep(f: Fact) -> bool:
        return f.year is not None and f.year <= last_year and f.satisfies(spec, ctx.counted)

    met, facts, through = _count(ctx, subject, keep, 1)
    notes = [] if met else [_("Không có trước năm %(year)d.") % {"year": last_year + 1}]
    return Reading(met, facts, notes, through)


def awards_count(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    years = {ctx.year + int(o) for o in params["offsets"]}
    records: list[Fact] = []
    for option in params["options"]:
        spec = f"award:{option['award']}"

        def keep(f: Fact, spec: str = spec) -> bool:
            return f.year in years and f.satisfies(spec, ctx.counted)

        met, facts, through = _count(ctx, subject, keep, int(option["min_count"]))
        if met:
            return Reading(True, facts, [], through)
        records.extend(facts)
    return Reading(False, records, [_("Chưa đủ số lần được khen trong thời gian xét.")])


def any_of(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    records: list[Fact] = []
    notes: list[str] = []
    for option in params["options"]:
        parts = [
            READINGS[part["test"]](ctx, subject, part.get("params", {})) for part in option["all"]
        ]
        facts = [f for part in parts for f in part.records]
        if all(part.met for part in parts):
            return Reading(
                True,
                facts,
                [_("Đạt: %(option)s.") % {"option": option.get("label", "")}],
                any(part.through_predecessors for part in parts),
            )
        records.extend(facts)
        notes.append(
            _("Không đạt: %(option)s (%(why)s)")
            % {
                "option": option.get("label", ""),
                "why": " ".join(note for part in parts for note in part.notes),
            }
        )
    return Reading(False, records, notes)


def _members_with(ctx: Context, subject: Subject, specs: list[str]) -> tuple[int, list[Fact]]:
    count, records = 0, []
    for member in subject.members:
        hits, _revoked = _match(ctx, member.facts, ctx.year, specs)
        if hits:
            count += 1
            records.append(hits[0])
    return count, records


def member_share(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    total = len(subject.members)
    count, records = _members_with(ctx, subject, [str(s) for s in params["facts"]])
    minimum = int(params["min_percent"])
    met = total > 0 and count * 100 >= minimum * total
    note = _("%(count)d/%(total)d thành viên đạt (cần từ %(minimum)d %%).") % {
        "count": count,
        "total": total,
        "minimum": minimum,
    }
    return Reading(met, records, [note])


def member_count(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    count, records = _members_with(ctx, subject, [str(s) for s in params["facts"]])
    minimum = int(params["min_count"])
    note = _("%(count)d thành viên đạt (cần ít nhất %(minimum)d).") % {
        "count": count,
        "minimum": minimum,
    }
    return Reading(count >= minimum, records, [note])


def members_no_discipline(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    minimum = str(params.get("min_level", DisciplineLevel.CANH_CAO))
    found = [
        f
        for member in subject.members
        for f in member.facts
        if f.kind == RecordKind.DISCIPLINE
        and not f.revoked
        and _level_at_least(f.value, minimum)
        and f.overlaps_year(ctx.year)
    ]
    if found:
        return Reading(
            False, found, [_("Có thành viên bị kỷ luật trong năm %(year)d.") % {"year": ctx.year}]
        )
    return Reading(True)


def leading_unit(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    own = [f for f in subject.leading if f.inherited_from is None]
    if own:
        return Reading(True, own)
    inherited = [f for f in subject.leading if f.inherited_from is not None]
    if inherited and ctx.policy != ContinuityPolicy.NONE:
        return Reading(True, inherited, [], ctx.policy == ContinuityPolicy.REVIEW)
    return Reading(
        False,
        [],
        [
            _("Không xếp thứ nhất trong kết quả xếp hạng nào đã công bố của năm %(year)d.")
            % {"year": ctx.year}
        ],
    )


def attested(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    return Reading(True)


READINGS: dict[str, Callable[[Context, Subject, dict[str, Any]], Reading]] = {
    ConditionTest.NO_OPEN_BLOCKER: no_open_blocker,
    ConditionTest.NO_DISCIPLINE_IN_YEAR: no_discipline_in_year,
    ConditionTest.NOT_ALREADY_GRANTED: not_already_granted,
    ConditionTest.FACTS_IN_YEARS: facts_in_years,
    ConditionTest.INITIATIVES: initiatives,
    ConditionTest.AWARD_BEFORE: award_before,
    ConditionTest.AWARDS_COUNT: awards_count,
    ConditionTest.ANY_OF: any_of,
    ConditionTest.MEMBER_SHARE: member_share,
    ConditionTest.MEMBER_COUNT: member_count,
    ConditionTest.MEMBERS_NO_DISCIPLINE: members_no_discipline,
    ConditionTest.LEADING_UNIT: leading_unit,
    ConditionTest.ATTESTED: attested,
}


def read(
    ctx: Context,
    subject: Subject,
    *,
    rule: str,
    label: str,
    kind: str,
    test: str,
    params: dict[str, Any],
    basis: str,
) -> ConditionResult:
    """One line of the verdict: the condition read for ``subject``."""
    if test == ConditionTest.ATTESTED:
        return ConditionResult(rule, label, kind, None, basis, [], _("Do người đề nghị xác nhận."))
    reading = READINGS[test](ctx, subject, params)
    return ConditionResult(
        rule=rule,
        label=label,
        kind=kind,
        met=reading.met,
        basis=basis,
        records=_unique(reading.records),
        note=" ".join(reading.notes),
        through_predecessors=reading.through_predecessors,
    )


def _unique(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for fact in facts:
        key = (fact.id, fact.kind, fact.value, fact.year, fact.recipient, fact.derived)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept
