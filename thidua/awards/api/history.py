"""The commendation history and rule catalogue API (mounted at ``/api/v1/awards``).

``GET people/{code}/records`` and ``GET agencies/{code}/records`` return a recipient's history
in timeline order (by year, then kind and start date), revoked records included; an agency's
carries its earlier codes' records (``relation: identity``) and its merge or split
predecessors' (``relation: predecessor``, ``inherited: true``). A person or agency whose
history the caller may not read is a 404, like one that does not exist. ``GET rule-sets`` and
``GET rule-sets/{code}`` are the read-only rule catalogue for every signed-in caller. An
anonymous caller gets a 401.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from thidua.awards import permissions, selectors
from thidua.awards.api.schemas import (
    AgencyHistoryRecordOut,
    HistoryRecordOut,
    RuleConditionOut,
    RuleSetDetailOut,
    RuleSetOut,
)
from thidua.awards.choices import ContinuityPolicy, RecipientType, RecordKind
from thidua.awards.models import CommendationRecord, EligibilityRuleSet
from thidua.organizations.models import Agency, Person

router = Router(tags=["awards"])


def _record_fields(record: CommendationRecord) -> dict[str, object]:
    is_person = record.person_id is not None
    recipient = record.person if is_person else record.agency
    return {
        "id": record.pk,
        "record_kind": record.record_kind,
        "value": record.value,
        "value_label": record.value_label,
        "award_type": record.award_type if record.record_kind == RecordKind.AWARD else "",
        "year": record.year,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "decision_number": record.decision_number,
        "decision_date": record.decision_date,
        "issuer": record.issuer,
        "revoked": record.is_revoked,
        "revoked_by_decision": record.revoked_by_decision,
        "revoked_on": record.revoked_on,
        "note": record.note,
        "recipient_type": RecipientType.PERSON if is_person else RecipientType.COLLECTIVE,
        "recipient_code": recipient.code if recipient is not None else "",
    }


@router.get("/people/{code}/records", response=list[HistoryRecordOut])
def person_records(request: HttpRequest, code: str) -> list[HistoryRecordOut]:
    """A person's records, all kinds, by year (404 if the caller may not read them)."""
    person = get_object_or_404(Person, code=code)
    if not permissions.can_view_person_history(request.user, person):
        raise Http404
    return [
        HistoryRecordOut(**_record_fields(record))  # type: ignore[arg-type]
        for record in selectors.person_records(person)
    ]


@router.get("/agencies/{code}/records", response=list[AgencyHistoryRecordOut])
def agency_records(request: HttpRequest, code: str) -> list[AgencyHistoryRecordOut]:
    """An agency's records with its lineage, each marked own, identity or inherited."""
    agency = get_object_or_404(Agency, code=code)
    if not permissions.can_view_agency_history(request.user, agency):
        raise Http404
    return [
        AgencyHistoryRecordOut(
            **_record_fields(row.record),  # type: ignore[arg-type]
            relation=str(row.relation),
            inherited=row.inherited,
            source_code=row.source.code if row.source is not None else agency.code,
            source_name=row.source.name if row.source is not None else agency.name,
            via_kind=row.event_kind,
            via_date=row.event_date,
        )
        for row in selectors.agency_history(agency).rows
    ]


def _rule_set_fields(
    rule_set: EligibilityRuleSet, in_force: EligibilityRuleSet | None
) -> dict[str, object]:
    return {
        "code": rule_set.code,
        "name": rule_set.name,
        "legal_basis": rule_set.legal_basis,
        "valid_from": rule_set.valid_from,
        "valid_to": rule_set.valid_to,
        "in_force": in_force is not None and in_force.pk == rule_set.pk,
        "continuity_policy": rule_set.continuity_policy,
        "continuity_policy_label": str(ContinuityPolicy(rule_set.continuity_policy).label)
        if rule_set.continuity_policy in ContinuityPolicy.values
        else rule_set.continuity_policy,
        "continuity_policy_text": selectors.describe_policy(rule_set.continuity_policy),
        "counted_award_types": list(rule_set.counted_award_types),
    }


@router.get("/rule-sets", response=list[RuleSetOut])
def rule_set_list(request: HttpRequest) -> list[RuleSetOut]:
    """Every version of the eligibility rules, newest first."""
    if not permissions.can_read_rules(request.user):
        raise Http404
    in_force = selectors.rule_set_in_force(dt.date.today())
    return [
        RuleSetOut(**_rule_set_fields(rule_set, in_force))  # type: ignore[arg-type]
        for rule_set in selectors.rule_sets()
    ]


@router.get("/rule-sets/{code}", response=RuleSetDetailOut)
def rule_set_detail(request: HttpRequest, code: str) -> RuleSetDetailOut:
    """One version with its conditions per title and recipient type."""
    if not permissions.can_read_rules(request.user):
        raise Http404
    rule_set = get_object_or_404(EligibilityRuleSet, code=code)
    conditions = [
        RuleConditionOut(
            award=group.award.code,
            award_name=group.award.name,
            recipient_type=group.recipient_type,
            position=line.condition.position,
            rule_id=line.condition.rule_id,
            label=line.condition.label,
            kind=line.condition.kind,
            test=line.condition.test,
            params=dict(line.condition.params or {}),
            params_text=line.params_text,
            legal_basis=line.condition.legal_basis,
        )
        for group in selectors.rule_set_conditions(rule_set)
        for line in group.lines
    ]
    return RuleSetDetailOut(
        **_rule_set_fields(rule_set, selectors.rule_set_in_force(dt.date.today())),  # type: ignore[arg-type]
        conditions=conditions,
    )
