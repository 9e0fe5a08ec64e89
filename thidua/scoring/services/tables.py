"""Writes of scoring tables: the default table, copying last year's, activation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import group_role
from thidua.organizations.models import Agency
from thidua.scoring.choices import CriterionKind, PartyRating, TableStatus
from thidua.scoring.defaults import (
    DEFAULT_DISQUALIFIERS,
    DEFAULT_TITLE,
    DEFAULT_TOTAL,
    DEFAULT_TREE,
    DefaultNode,
)
from thidua.scoring.models import (
    ConductRecord,
    Criterion,
    Disqualifier,
    RankingRule,
    ScoringTable,
)

SCORED_KINDS = {CriterionKind.GROUP, CriterionKind.CRITERION}


def table_errors(table: ScoringTable) -> list[str]:
    """Every way the table does not add up (empty when it is valid).

    The top-level groups and criteria add up to the declared total; the children of every node
    add up to its maximum (a bonus group's maximum is the cap: its items may add up to more);
    bonus and penalty items sit under a bonus or penalty group, never among scored criteria.
    """
    criteria = list(table.criteria.all())
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        children[criterion.parent_id].append(criterion)
    errors: list[str] = []
    top_scored = sum((c.max_points for c in children[None] if c.kind in SCORED_KINDS), Decimal("0"))
    if top_scored != table.total_points:
        errors.append(
            _("Các nhóm tiêu chí cộng lại %(sum)s điểm, khác tổng điểm %(total)s của bảng.")
            % {"sum": _points(top_scored), "total": _points(table.total_points)}
        )
    for node in criteria:
        kids = children[node.pk]
        if not kids:
            if node.kind == CriterionKind.GROUP:
                errors.append(_("Nhóm %(code)s chưa có tiêu chí nào.") % {"code": node.code})
            continue
        if node.kind in SCORED_KINDS:
            wrong = [k.code for k in kids if k.kind not in SCORED_KINDS]
            if wrong:
                errors.append(
                    _("%(codes)s là điểm thưởng hoặc điểm trừ nhưng nằm trong tiêu chí %(code)s.")
                    % {"codes": ", ".join(wrong), "code": node.code}
                )
            total = sum((k.max_points for k in kids), Decimal("0"))
            if total != node.max_points:
                errors.append(
                    _("Các tiêu chí con của %(code)s cộng lại %(sum)s, khác %(max)s điểm.")
                    % {"code": node.code, "sum": _points(total), "max": _points(node.max_points)}
                )
        else:
            wrong = [k.code for k in kids if k.kind != node.kind]
            if wrong:
                errors.append(
                    _("%(codes)s phải cùng loại với %(code)s.")
                    % {"codes": ", ".join(wrong), "code": node.code}
                )
            if node.kind == CriterionKind.PENALTY:
                total = sum((k.max_points for k in kids), Decimal("0"))
                if total > node.max_points:
                    errors.append(
                        _("Các mục điểm trừ của %(code)s vượt mức trừ tối đa %(max)s.")
                        % {"code": node.code, "max": _points(node.max_points)}
                    )
    return errors


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def leader_agency(group_year: GroupYear) -> Agency:
    """The agency a scoring event is recorded in: the cluster's leader, else the organiser."""
    return group_role(group_year, MemberRole.LEADER) or group_year.group.organiser


def _write_tree(
    table: ScoringTable,
    nodes: tuple[DefaultNode, ...],
    parent: Criterion | None,
    counter: list[int],
) -> None:
    for code, kind, title, points, evidence, kids in nodes:
        counter[0] += 1
        node = Criterion.objects.create(
            table=table,
            parent=parent,
            code=code,
            kind=kind,
            order=counter[0],
            title=title,
            max_points=points,
            evidence_required=evidence,
        )
        _write_tree(table, kids, node, counter)


@transaction.atomic
def scoring_table_create_default(*, actor: Any, group_year: GroupYear) -> ScoringTable:
    """The default table (DOMAIN.md §3 groups, the seed's targets as criteria)."""
    if ScoringTable.objects.filter(group_year=group_year).exists():
        raise DomainError(_("Khối, cụm đã có bảng chấm điểm cho năm này."))
    table = ScoringTable.objects.create(
        group_year=group_year,
        title=f"{DEFAULT_TITLE} năm {group_year.year}",
        total_points=DEFAULT_TOTAL,
    )
    _write_tree(table, DEFAULT_TREE, None, [0])
    Disqualifier.objects.bulk_create(
        Disqualifier(table=table, order=index, description=text, conduct_fact=fact)
        for index, (text, fact) in enumerate(DEFAULT_DISQUALIFIERS, start=1)
    )
    audit_record(
        actor=actor,
        action="scoring.table.created",
        target=table,
        agency=leader_agency(group_year),
        payload={"source": "default"},
    )
    return table


@transaction.atomic
def scoring_table_copy(*, actor: Any, source: ScoringTable, group_year: GroupYear) -> ScoringTable:
    """Copy ``source`` (e.g. last year's) to ``group_year`` as a draft."""
    if ScoringTable.objects.filter(group_year=group_year).exists():
        raise DomainError(_("Khối, cụm đã có bảng chấm điểm cho năm này."))
    table = ScoringTable.objects.create(
        group_year=group_year,
        title=source.title.replace(str(source.group_year.year), str(group_year.year)),
        total_points=source.total_points,
        copied_from=source,
    )
    mapping: dict[int, Criterion] = {}
    for old in source.criteria.order_by("order"):
        mapping[old.pk] = Criterion.objects.create(
            table=table,
            parent=mapping[old.parent_id] if old.parent_id else None,
            code=old.code,
            kind=old.kind,
            order=old.order,
            title=old.title,
            max_points=old.max_points,
            guidance=old.guidance,
            evidence_required=old.evidence_required,
        )
    Disqualifier.objects.bulk_create(
        Disqualifier(
            table=table, order=d.order, description=d.description, conduct_fact=d.conduct_fact
        )
        for d in source.disqualifiers.all()
    )
    audit_record(
        actor=actor,
        action="scoring.table.copied",
        target=table,
        agency=leader_agency(group_year),
        payload={"from": source.pk},
    )
    return table


@transaction.atomic
def scoring_table_activate(*, actor: Any, table: ScoringTable) -> ScoringTable:
    """Put a valid table into use; an active table is no longer edited."""
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    if table.status != TableStatus.DRAFT:
        raise IllegalTransition(_("Bảng chấm điểm đã được áp dụng."))
    errors = table_errors(table)
    if errors:
        raise DomainError(" ".join(errors))
    table.status = TableStatus.ACTIVE
    table.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.table.activated",
        target=table,
        agency=leader_agency(table.group_year),
    )
    return table


@dataclass(frozen=True)
class ConductValues:
    """What a unit reports about its conduct in a year."""

    disciplined_staff: int = 0
    disciplined_party_members: int = 0
    traffic_violations: int = 0
    alcohol_violations: int = 0
    party_rating: str = ""
    security_standard: bool | None = None
    cultural_agency: bool | None = None
    reference: str = ""


@transaction.atomic
def conduct_record_save(
    *, actor: Any, agency: Agency, year: int, values: ConductValues
) -> ConductRecord:
    """Record (or correct) a unit's conduct facts for a year; the reference is required."""
    counts = {
        "disciplined_staff": values.disciplined_staff,
        "disciplined_party_members": values.disciplined_party_members,
        "traffic_violations": values.traffic_violations,
        "alcohol_violations": values.alcohol_violations,
    }
    for name, count in counts.items():
        if count < 0:
            raise DomainError(_("Số liệu không được âm."), field=name)
    if values.party_rating and values.party_rating not in PartyRating.values:
        raise DomainError(_("Xếp loại tổ chức cơ sở đảng không hợp lệ."), field="party_rating")
    if not values.reference.strip():
        raise DomainError(
            _("Cần ghi căn cứ (văn bản, báo cáo) của các số liệu."), field="reference"
        )
    record, created = ConductRecord.objects.update_or_create(
        agency=agency,
        year=year,
        defaults={
            **counts,
            "party_rating": values.party_rating,
            "security_standard": values.security_standard,
            "cultural_agency": values.cultural_agency,
            "reference": values.reference.strip(),
        },
    )
    audit_record(
        actor=actor,
        action="scoring.conduct_record.saved",
        target=record,
        agency=agency,
        payload={**counts, "party_rating": values.party_rating, "created": created},
    )
    return record


@transaction.atomic
def scoring_table_schedule(
    *,
    actor: Any,
    table: ScoringTable,
    deadline: dt.datetime | None,
    ranking_rule: RankingRule | Literal["unchanged"] | None = "unchanged",
) -> ScoringTable:
    """Set the self-assessment deadline and, when given, the ranking rule the cluster uses
    (``None``: the rule in force; left out: unchanged)."""
    if table.rankings.exists():
        raise IllegalTransition(_("Kết quả đã công bố; không đổi hạn nộp được nữa."))
    table.self_assessment_deadline = deadline
    if ranking_rule != "unchanged":
        table.ranking_rule = ranking_rule
    table.save(update_fields=["self_assessment_deadline", "ranking_rule", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.table.scheduled",
        target=table,
        agency=leader_agency(table.group_year),
        payload={
            "deadline": deadline.isoformat() if deadline else None,
            "ranking_rule": table.ranking_rule_id,
        },
    )
    return table
