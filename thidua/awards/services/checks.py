"""Stored verdicts: saving one, revoking a record, and re-evaluating what depended on it.

A verdict kept to support a proposal (:class:`~thidua.awards.models.EligibilityCheck`) names the
records that met or broke its conditions. When one of them is revoked — by the revocation
service or by an import row carrying ``revoked_by_decision`` — every kept verdict that used it
is evaluated again as of the day of the revocation's processing and flagged, saying which
record was revoked by which decision and what the verdict is now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards.choices import RecipientType, Verdict
from thidua.awards.eligibility import evaluate, evaluate_one
from thidua.awards.eligibility.engine import Candidate, candidate_of
from thidua.awards.eligibility.facts import Result
from thidua.awards.models import (
    AwardTitle,
    CommendationRecord,
    EligibilityCheck,
    EligibilityCondition,
    EligibilityRuleSet,
)
from thidua.core.errors import DomainError
from thidua.organizations.models import Agency, Person


def explanation_of(result: Result) -> dict[str, Any]:
    """The stored form of a verdict: the API object plus each line's note."""
    data = result.as_json()
    data["rule_set"] = result.rule_set
    for line, stored in zip(result.conditions, data["conditions"], strict=True):  # type: ignore[call-overload]
        stored["note"] = line.note
        stored["through_predecessors"] = line.through_predecessors
    return data


@transaction.atomic
def eligibility_check_save(
    *, actor: Any, recipient: Agency | Person, award: AwardTitle, year: int, as_of: dt.date
) -> EligibilityCheck:
    """Evaluate ``recipient`` for ``award`` in ``year`` on ``as_of`` and keep the verdict."""
    result = evaluate_one(award=award, year=year, recipient=recipient, as_of=as_of)
    check = EligibilityCheck.objects.create(
        person=recipient if isinstance(recipient, Person) else None,
        agency=recipient if isinstance(recipient, Agency) else None,
        award=award,
        year=year,
        as_of=as_of,
        rule_set=EligibilityRuleSet.objects.get(code=result.rule_set),
        verdict=result.verdict,
        explanation=explanation_of(result),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    check.records.set(result.record_ids)
    audit_record(
        actor=actor,
        action="awards.eligibility_check.saved",
        target=check,
        agency=recipient if isinstance(recipient, Agency) else None,
        payload={
            "recipient": recipient.code,
            "award": award.code,
            "year": year,
            "as_of": as_of.isoformat(),
            "verdict": result.verdict,
        },
    )
    return check


def checks_reevaluate(*, actor: Any, records: Iterable[CommendationRecord]) -> int:
    """Evaluate again every kept verdict that used one of ``records`` and flag it.

    Call it inside the transaction that revoked the records. Returns how many were flagged.
    """
    revoked = {record.pk: record for record in records}
    if not revoked:
        return 0
    checks = list(
        EligibilityCheck.objects.filter(records__in=list(revoked))
        .distinct()
        .select_related("award", "person", "agency")
        .prefetch_related("records")
    )
    if not checks:
        return 0
    today = timezone.localdate()
    groups: dict[tuple[int, int, str], list[EligibilityCheck]] = defaultdict(list)
    for check in checks:
        recipient_type: str = RecipientType.PERSON if check.person_id else RecipientType.COLLECTIVE
        groups[(check.award_id, check.year, recipient_type)].append(check)
    now = timezone.now()
    for (_award_id, year, recipient_type), group in groups.items():
        award = group[0].award
        candidates: dict[int, Candidate] = {}
        for check in group:
            recipient = check.person if check.person_id else check.agency
            assert recipient is not None
            candidate = candidate_of(recipient)
            candidates[candidate.id] = candidate
        results = {
            result.recipient_id: result
            for result in evaluate(
                award=award,
                year=year,
                recipient_type=recipient_type,
                candidates=list(candidates.values()),
                as_of=today,
            )
        }
        for check in group:
            result = results[check.person_id or check.agency_id or 0]
            used = [r for r in check.records.all() if r.pk in revoked]
            check.current_verdict = result.verdict
            check.flagged_at = now
            check.flag_reason = _flag_reason(used, check.verdict, result.verdict, today)
    EligibilityCheck.objects.bulk_update(checks, ["current_verdict", "flagged_at", "flag_reason"])
    audit_record(
        actor=actor,
        action="awards.eligibility_checks.reevaluated",
        payload={"records": sorted(revoked), "checks": sorted(check.pk for check in checks)},
    )
    return len(checks)


def _flag_reason(used: list[CommendationRecord], before: str, after: str, day: dt.date) -> str:
    parts = [
        _("%(record)s bị thu hồi theo quyết định %(decision)s%(on)s.")
        % {
            "record": str(record),
            "decision": record.revoked_by_decision,
            "on": _(" ngày %(day)s") % {"day": f"{record.revoked_on:%d/%m/%Y}"}
            if record.revoked_on
            else "",
        }
        for record in used
    ]
    if before != after:
        parts.append(
            _("Xét lại ngày %(day)s: %(after)s (trước đây: %(before)s).")
            % {
                "day": f"{day:%d/%m/%Y}",
                "after": Verdict(after).label,
                "before": Verdict(before).label,
            }
        )
    else:
        parts.append(
            _("Xét lại ngày %(day)s: kết quả không đổi (%(after)s).")
            % {"day": f"{day:%d/%m/%Y}", "after": Verdict(after).label}
        )
    return " ".join(parts)


@transaction.atomic
def record_revoke(
    *,
    actor: Any,
    record: CommendationRecord,
    decision_number: str,
    revoked_on: dt.date | None,
) -> CommendationRecord:
    """Mark ``record`` revoked by ``decision_number`` (the record stays, with both decisions)."""
    decision_number = decision_number.strip()
    if not decision_number:
        raise DomainError(_("Cần số quyết định thu hồi, hủy bỏ."), field="decision_number")
    if revoked_on and record.decision_date and revoked_on < record.decision_date:
        raise DomainError(
            _("Ngày thu hồi không được trước ngày quyết định khen thưởng."), field="revoked_on"
        )
    if record.revoked_by_decision == decision_number and record.revoked_on == revoked_on:
        return record
    record.revoked_by_decision = decision_number
    record.revoked_on = revoked_on
    record.save(update_fields=["revoked_by_decision", "revoked_on", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.record.revoked",
        target=record,
        agency=record.agency,
        payload={"decision": decision_number, "revoked_on": str(revoked_on or "")},
    )
    checks_reevaluate(actor=actor, records=[record])
    return record


@transaction.atomic
def rule_set_new_version(
    *,
    actor: Any,
    source: EligibilityRuleSet,
    code: str,
    name: str,
    legal_basis: str,
    valid_from: dt.date,
) -> EligibilityRuleSet:
    """A new dated version of the rules, starting as a copy of ``source``'s conditions.

    The version in force the day before ``valid_from`` is closed on that day; nothing else of
    an existing version changes (its conditions may have been used by kept verdicts). The new
    version's conditions are then edited in the administration while no verdict has used them.
    """
    code = code.strip()
    if not code or EligibilityRuleSet.objects.filter(code=code).exists():
        raise DomainError(_("Mã phiên bản trống hoặc đã có."), field="code")
    if EligibilityRuleSet.objects.filter(valid_from__gte=valid_from).exists():
        raise DomainError(
            _("Đã có phiên bản áp dụng từ ngày này hoặc muộn hơn."), field="valid_from"
        )
    previous = (
        EligibilityRuleSet.objects.filter(valid_from__lt=valid_from, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if previous is not None:
        previous.valid_to = valid_from - dt.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    version = EligibilityRuleSet.objects.create(
        code=code,
        name=name,
        legal_basis=legal_basis,
        valid_from=valid_from,
        continuity_policy=source.continuity_policy,
        counted_award_types=source.counted_award_types,
    )
    conditions = list(source.conditions.all())
    for condition in conditions:
        condition.pk = None
        condition.rule_set = version
    EligibilityCondition.objects.bulk_create(conditions)
    audit_record(
        actor=actor,
        action="awards.rule_set.created",
        target=version,
        payload={"source": source.code, "valid_from": valid_from.isoformat()},
    )
    return version
