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

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_noop

from thidua.awards.choices import (
    ConditionTest,
    ContinuityPolicy,
    DisciplineLevel,
    RecordKind,
)
from thidua.awards.eligibility.facts import ConditionResult, Fact, Joined, Note
from thidua.awards.eligibility.history import Subject
from thidua.awards.eligibility.matching import (
    OPEN_END,
    PERIODS,
    Reading,
    chain_floor,
    count_facts,
    last_granted,
    level_at_least,
    match,
    unique,
    year_match,
)
from thidua.awards.eligibility.matching import (
    Context as Context,
)

OPEN_NOTE = Note(gettext_noop("(chưa kết thúc)"))
ATTESTED_NOTE = Note(gettext_noop("Do người đề nghị xác nhận."))


# --- the readings ---------------------------------------------------------------------------


def no_open_blocker(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    open_own = [
        f for f in subject.facts if f.kind in PERIODS and not f.revoked and f.open_on(ctx.as_of)
    ]
    if open_own:
        return Reading(
            False,
            open_own,
            [Note(gettext_noop("Đang trong thời gian bị xem xét hoặc kỷ luật tại ngày xét."))],
        )
    open_before = [
        f
        for ancestor in subject.ancestors
        for f in ancestor.facts
        if f.kind in PERIODS and not f.revoked and f.open_on(ctx.as_of)
    ]
    if open_before:
        return Reading(
            True,
            open_before,
            [Note(gettext_noop("Đơn vị trước đang bị xem xét tại ngày xét: cần xem xét thêm."))],
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
        and level_at_least(f.value, minimum)
        and f.overlaps_year(ctx.year)
    ]
    if found:
        return Reading(
            False, found, [Note(gettext_noop("Bị kỷ luật trong năm %(year)d."), {"year": ctx.year})]
        )
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
        return Reading(
            False,
            granted,
            [Note(gettext_noop("Đã được tặng cho năm %(year)d."), {"year": ctx.year})],
        )
    return Reading(True)


def facts_in_years(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    specs = [str(s) for s in params["facts"]]
    years = sorted(ctx.year + int(o) for o in params["offsets"])
    reading = Reading(True)
    floor, breaking = chain_floor(subject) if len(years) > 1 else (0, [])
    used = last_granted(ctx, subject, params["reuse_after"]) if params.get("reuse_after") else None
    used_to = used.year if used is not None and used.year is not None else 0
    for year in years:
        match = year_match(ctx, subject, year, specs)
        reading.records.extend(match.facts + match.revoked)
        reading.through_predecessors |= match.through_predecessors
        if not match.met:
            reading.met = False
            if match.revoked:
                reading.notes.append(
                    Note(
                        gettext_noop("Năm %(year)d: hồ sơ đã bị thu hồi, coi như chưa được tặng."),
                        {"year": year},
                    )
                )
            else:
                reading.notes.append(Note(gettext_noop("Năm %(year)d: không có."), {"year": year}))
        elif year <= floor:
            reading.met = False
            reading.notes.append(
                Note(
                    gettext_noop(
                        "Năm %(year)d không được tính: kỷ luật kết thúc năm %(end)s cắt chuỗi."
                    ),
                    {"year": year, "end": floor if floor != OPEN_END else OPEN_NOTE},
                )
            )
        elif year <= used_to:
            reading.met = False
            reading.notes.append(
                Note(
                    gettext_noop("Năm %(year)d đã được dùng để xét khen năm %(used)d."),
                    {"year": year, "used": used_to},
                )
            )
    if floor >= years[0]:
        reading.records.extend(breaking)
    if used is not None and used_to >= years[0]:
        reading.records.append(used)
    if not reading.met:
        reading.through_predecessors = False
    return reading


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

    met, facts, through = count_facts(ctx, subject, keep, minimum)
    notes = (
        []
        if met
        else [
            Note(
                gettext_noop("Có %(count)d, cần %(minimum)d."),
                {"count": len(facts), "minimum": minimum},
            )
        ]
    )
    return Reading(met, facts, notes, through)


def award_before(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    spec = f"award:{params['award']}"
    last_year = ctx.year + int(params["max_offset"])

    def keep(f: Fact) -> bool:
        return f.year is not None and f.year <= last_year and f.satisfies(spec, ctx.counted)

    met, facts, through = count_facts(ctx, subject, keep, 1)
    notes = (
        [] if met else [Note(gettext_noop("Không có trước năm %(year)d."), {"year": last_year + 1})]
    )
    return Reading(met, facts, notes, through)


def awards_count(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    years = {ctx.year + int(o) for o in params["offsets"]}
    records: list[Fact] = []
    for option in params["options"]:
        spec = f"award:{option['award']}"

        def keep(f: Fact, spec: str = spec) -> bool:
            return f.year in years and f.satisfies(spec, ctx.counted)

        met, facts, through = count_facts(ctx, subject, keep, int(option["min_count"]))
        if met:
            return Reading(True, facts, [], through)
        records.extend(facts)
    return Reading(
        False, records, [Note(gettext_noop("Chưa đủ số lần được khen trong thời gian xét."))]
    )


def any_of(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    records: list[Fact] = []
    notes: list[Note] = []
    for option in params["options"]:
        parts = [
            READINGS[part["test"]](ctx, subject, part.get("params", {})) for part in option["all"]
        ]
        facts = [f for part in parts for f in part.records]
        if all(part.met for part in parts):
            return Reading(
                True,
                facts,
                [Note(gettext_noop("Đạt: %(option)s."), {"option": option.get("label", "")})],
                any(part.through_predecessors for part in parts),
            )
        records.extend(facts)
        notes.append(
            Note(
                gettext_noop("Không đạt: %(option)s (%(why)s)"),
                {
                    "option": option.get("label", ""),
                    "why": Joined(note for part in parts for note in part.notes),
                },
            )
        )
    return Reading(False, records, notes)


def _members_with(ctx: Context, subject: Subject, specs: list[str]) -> tuple[int, list[Fact]]:
    count, records = 0, []
    for member in subject.members:
        hits, _revoked = match(ctx, member.facts, ctx.year, specs)
        if hits:
            count += 1
            records.append(hits[0])
    return count, records


def member_share(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    total = len(subject.members)
    count, records = _members_with(ctx, subject, [str(s) for s in params["facts"]])
    minimum = int(params["min_percent"])
    met = total > 0 and count * 100 >= minimum * total
    note = Note(
        gettext_noop("%(count)d/%(total)d thành viên đạt (cần từ %(minimum)d %%)."),
        {"count": count, "total": total, "minimum": minimum},
    )
    return Reading(met, records, [note])


def member_count(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    count, records = _members_with(ctx, subject, [str(s) for s in params["facts"]])
    minimum = int(params["min_count"])
    note = Note(
        gettext_noop("%(count)d thành viên đạt (cần ít nhất %(minimum)d)."),
        {"count": count, "minimum": minimum},
    )
    return Reading(count >= minimum, records, [note])


def members_no_discipline(ctx: Context, subject: Subject, params: dict[str, Any]) -> Reading:
    minimum = str(params.get("min_level", DisciplineLevel.CANH_CAO))
    found = [
        f
        for member in subject.members
        for f in member.facts
        if f.kind == RecordKind.DISCIPLINE
        and not f.revoked
        and level_at_least(f.value, minimum)
        and f.overlaps_year(ctx.year)
    ]
    if found:
        return Reading(
            False,
            found,
            [
                Note(
                    gettext_noop("Có thành viên bị kỷ luật trong năm %(year)d."), {"year": ctx.year}
                )
            ],
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
            Note(
                gettext_noop(
                    "Không xếp thứ nhất trong kết quả xếp hạng nào đã công bố của năm %(year)d."
                ),
                {"year": ctx.year},
            )
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
        return ConditionResult(rule, label, kind, None, basis, [], [ATTESTED_NOTE])
    reading = READINGS[test](ctx, subject, params)
    return ConditionResult(
        rule=rule,
        label=label,
        kind=kind,
        met=reading.met,
        basis=basis,
        records=unique(reading.records),
        notes=reading.notes,
        through_predecessors=reading.through_predecessors,
    )
