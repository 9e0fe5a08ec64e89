"""Verdicts for one candidate or a whole batch (DOMAIN.md §5 "Verdict precedence").

The batch reads in chunks of :data:`CHUNK` candidates, each chunk in a fixed number of queries
(:mod:`.history`), and judges each candidate in memory; the page, the API and the command line
all come through :func:`evaluate`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.awards.choices import ConditionTest, RecipientType, Verdict
from thidua.awards.eligibility.ahead import read_ahead
from thidua.awards.eligibility.conditions import Context, read
from thidua.awards.eligibility.facts import Result
from thidua.awards.eligibility.history import (
    LineageGraph,
    Subject,
    Window,
    load_agencies,
    load_people,
)
from thidua.awards.eligibility.rules import (
    Rules,
    earlier_awards,
    min_offset,
    record_kinds,
    rules_for,
)
from thidua.awards.models import AwardTitle
from thidua.core.errors import DomainError
from thidua.organizations.models import Agency, Person, Position

MIN_YEAR, MAX_YEAR = 1945, 2200
CHUNK = 2000
"""Candidates read together."""

MEMBER_TESTS = {
    ConditionTest.MEMBER_SHARE,
    ConditionTest.MEMBER_COUNT,
    ConditionTest.MEMBERS_NO_DISCIPLINE,
}


class EligibilityError(DomainError):
    """A request the engine cannot answer: an unknown code, an ambiguous one, a bad year."""


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    """Who is judged: an agency (``collective``) or a person, by id, code and name."""

    id: int
    code: str
    name: str
    type: str


def judge(rules: Rules, ctx: Context, subject: Subject) -> Result:
    """The verdict for one loaded candidate."""
    lines = [
        read(
            ctx,
            subject,
            rule=condition.rule_id,
            label=condition.label,
            kind=condition.kind,
            test=condition.test,
            params=condition.params,
            basis=condition.legal_basis,
        )
        for condition in rules.conditions
    ]
    # An open blocker and any other unmet checked condition both make it "not eligible";
    # attested lines (met is None) never change the verdict.
    verdict = Verdict.ELIGIBLE
    for line in lines:
        if line.met is False:
            verdict = Verdict.NOT_ELIGIBLE
            break
        if line.met is not None and line.through_predecessors:
            verdict = Verdict.NEEDS_REVIEW
    return Result(
        recipient=subject.code,
        recipient_type=subject.type,
        recipient_id=subject.id,
        recipient_name=subject.name,
        award=rules.award_code,
        year=ctx.year,
        as_of=ctx.as_of,
        rule_set=rules.rule_set.code,
        verdict=verdict,
        conditions=lines,
    )


def evaluate(
    *,
    award: AwardTitle,
    year: int,
    recipient_type: str,
    candidates: Iterable[Candidate],
    as_of: dt.date,
) -> Iterator[Result]:
    """Verdicts for ``candidates`` (all of ``recipient_type``), in their order."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise EligibilityError(_("Năm xét không hợp lệ: %(year)s.") % {"year": year}, field="year")
    if not award.allows(recipient_type):
        raise EligibilityError(
            _("%(award)s không xét cho đối tượng này.") % {"award": award.name},
            field="recipient_type",
        )
    rules = rules_for(award, recipient_type, as_of)
    if not rules.conditions:
        raise EligibilityError(
            _("Bộ tiêu chuẩn %(rules)s không có điều kiện cho %(award)s.")
            % {"rules": rules.rule_set.code, "award": award.name}
        )
    ctx = Context(
        award=award.code,
        year=year,
        as_of=as_of,
        policy=rules.policy,
        counted=rules.counted_award_types,
    )
    tests = {condition.test for condition in rules.conditions}
    window = Window(
        first=year + min_offset(rules.conditions),
        last=year,
        earlier_awards=earlier_awards(rules.conditions),
        kinds=record_kinds(rules.conditions),
    )
    graph = LineageGraph() if recipient_type == RecipientType.COLLECTIVE else None

    def load(rows: list[tuple[int, str, str]]) -> list[Subject]:
        if graph is None:
            return load_people(rows, as_of, window)
        return load_agencies(
            rows,
            as_of,
            window,
            graph=graph,
            with_members=bool(tests & MEMBER_TESTS),
            with_rankings=ConditionTest.LEADING_UNIT in tests,
        )

    iterator = iter(candidates)
    chunks = (
        [(c.id, c.code, c.name) for c in chunk]
        for chunk in iter(lambda: list(itertools.islice(iterator, CHUNK)), [])
    )
    for subjects in read_ahead(chunks, load):
        for subject in subjects:
            yield judge(rules, ctx, subject)


def evaluate_one(
    *, award: AwardTitle, year: int, recipient: Agency | Person, as_of: dt.date
) -> Result:
    """The verdict for one candidate (the same path as a batch of one)."""
    candidate = candidate_of(recipient)
    return next(
        evaluate(
            award=award,
            year=year,
            recipient_type=candidate.type,
            candidates=[candidate],
            as_of=as_of,
        )
    )


def candidate_of(recipient: Agency | Person) -> Candidate:
    if isinstance(recipient, Person):
        return Candidate(recipient.pk, recipient.code, recipient.full_name, RecipientType.PERSON)
    return Candidate(recipient.pk, recipient.code, recipient.name, RecipientType.COLLECTIVE)


# --- finding candidates ---------------------------------------------------------------------


def award_by_code(code: str) -> AwardTitle:
    award = AwardTitle.objects.filter(code=code).first()
    if award is None:
        raise EligibilityError(
            _("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": code}, field="award"
        )
    return award


def allowed_types(award: AwardTitle) -> list[str]:
    return [t for t in (RecipientType.PERSON, RecipientType.COLLECTIVE) if award.allows(t)]


def find_recipient(
    award: AwardTitle, code: str, recipient_type: str | None = None
) -> Agency | Person:
    """The recipient ``code`` among the kinds ``award`` allows; ambiguity is an error."""
    types = allowed_types(award)
    if recipient_type:
        if recipient_type not in types:
            raise EligibilityError(
                _("%(award)s không xét cho loại đối tượng “%(type)s”.")
                % {"award": award.name, "type": recipient_type},
                field="recipient_type",
            )
        types = [recipient_type]
    found: list[Agency | Person] = []
    if RecipientType.PERSON in types:
        found.extend(Person.objects.filter(code=code))
    if RecipientType.COLLECTIVE in types:
        found.extend(Agency.objects.filter(code=code))
    if not found:
        raise EligibilityError(
            _("Không có đối tượng mã “%(code)s” được xét %(award)s.")
            % {"code": code, "award": award.name},
            field="recipient",
        )
    if len(found) > 1:
        raise EligibilityError(
            _(
                "Mã “%(code)s” vừa là cá nhân vừa là tập thể; "
                "hãy chỉ rõ --recipient-type person|collective."
            )
            % {"code": code},
            field="recipient_type",
        )
    return found[0]


def agency_with_descendants(code: str) -> set[int]:
    root = Agency.objects.filter(code=code).values_list("pk", flat=True).first()
    if root is None:
        raise EligibilityError(_("Không có đơn vị mã “%(code)s”.") % {"code": code}, field="under")
    children: dict[int, list[int]] = {}
    for pk, parent in Agency.objects.exclude(parent__isnull=True).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def all_candidates(recipient_type: str, year: int, under: set[int] | None) -> Iterator[Candidate]:
    """Every recipient of ``recipient_type``; with ``under``, those of these agencies in ``year``.

    Agencies are those that exist on 31 December of the judged year (one that merged away
    during it can no longer receive that year's title); people under an agency are those with
    a position there overlapping the judged year.
    """
    if recipient_type == RecipientType.COLLECTIVE:
        year_end = dt.date(year, 12, 31)
        agencies = Agency.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=year_end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=year_end),
        )
        if under is not None:
            agencies = agencies.filter(pk__in=under)
        for pk, code, name in (
            agencies.order_by("code").values_list("pk", "code", "name").iterator(chunk_size=CHUNK)
        ):
            yield Candidate(pk, code, name, RecipientType.COLLECTIVE)
        return
    people = Person.objects.all()
    if under is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        people = people.filter(
            pk__in=Position.objects.filter(agency_id__in=under, from_date__lte=end)
            .filter(Q(to_date__isnull=True) | Q(to_date__gte=start))
            .values("person_id")
        )
    for pk, code, name in (
        people.order_by("code").values_list("pk", "code", "full_name").iterator(chunk_size=CHUNK)
    ):
        yield Candidate(pk, code, name, RecipientType.PERSON)
