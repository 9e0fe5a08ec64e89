"""Writes of the cross-review (chấm chéo): the leader's choice of mode and the balanced
assignment it makes, reviewers' proposals with reasons, the reviewed unit's responses, the
leader's consolidated scores and findings on disqualifiers decided by hand.

A published ranking is a frozen snapshot: scores changed after it (say, after a complaint)
reach the results only through a correction, a new version of the ranking with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.organizations.models import Agency
from thidua.scoring.choices import AssessmentStatus, ReviewMode
from thidua.scoring.models import (
    Criterion,
    Disqualifier,
    DisqualifierFinding,
    FinalScore,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
)
from thidua.scoring.services.assessments import check_points, check_scorable, check_version
from thidua.scoring.services.tables import leader_agency


def _check_not_published(table: ScoringTable) -> None:
    if table.rankings.exists():
        raise IllegalTransition(
            _("Kết quả đã công bố; muốn sửa điểm phải lập bản đính chính kết quả.")
        )


def balanced_pairs(
    units: Sequence[int], *, mode: str, team: Sequence[int] = (), per_unit: int = 2
) -> list[tuple[int, int]]:
    """(reviewer, reviewed) pairs for a mode; never a unit with itself.

    ``all``: every unit reviews every other. ``assigned``: in the members' order, unit *i* is
    reviewed by the next ``per_unit`` units (wrapping round), so every unit reviews exactly
    ``per_unit`` others and is reviewed by ``per_unit``. ``team``: each team member reviews
    every unit but its own (which the rest of the team reviews).
    """
    n = len(units)
    if n < 2:
        raise DomainError(_("Cần ít nhất hai đơn vị thành viên để chấm chéo."))
    if mode == ReviewMode.ALL:
        return [(a, b) for a in units for b in units if a != b]
    if mode == ReviewMode.ASSIGNED:
        if not 1 <= per_unit <= n - 1:
            raise DomainError(
                _("Mỗi đơn vị chấm từ 1 đến %(max)s đơn vị khác.") % {"max": n - 1},
                field="per_unit",
            )
        return [(units[(i + k) % n], units[i]) for i in range(n) for k in range(1, per_unit + 1)]
    if mode == ReviewMode.TEAM:
        if len(set(team)) < 2:
            raise DomainError(
                _("Tổ thẩm định cần ít nhất hai đơn vị để không đơn vị nào tự chấm mình."),
                field="team",
            )
        outside = set(team) - set(units)
        if outside:
            raise DomainError(_("Tổ thẩm định chỉ gồm các đơn vị thành viên."), field="team")
        return [(a, b) for a in dict.fromkeys(team) for b in units if a != b]
    raise DomainError(_("Hình thức chấm chéo không hợp lệ."), field="mode")


@transaction.atomic
def review_round_set(
    *,
    actor: Any,
    table: ScoringTable,
    mode: str,
    team: Sequence[Agency] = (),
    per_unit: int = 2,
) -> list[ReviewAssignment]:
    """The leader chooses how the cluster cross-checks and the assignments are made.

    Every member must have submitted; the choice can be changed until a reviewer has
    proposed a score.
    """
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    _check_not_published(table)
    members = list(
        table.group_year.members.order_by("rotation_order", "agency__name").values_list(
            "agency_id", flat=True
        )
    )
    assessments = {
        a.agency_id: a
        for a in SelfAssessment.objects.filter(table=table, agency_id__in=members).select_related(
            "agency"
        )
    }
    waiting = [
        agency_id
        for agency_id in members
        if agency_id not in assessments
        or assessments[agency_id].status != AssessmentStatus.SUBMITTED
    ]
    if waiting:
        names = ", ".join(Agency.objects.filter(pk__in=waiting).values_list("name", flat=True))
        raise DomainError(_("Các đơn vị chưa nộp bản tự chấm điểm: %(names)s.") % {"names": names})
    if ReviewScore.objects.filter(assignment__assessment__table=table).exists():
        raise IllegalTransition(_("Đã có điểm chấm chéo; không đổi phân công được nữa."))
    pairs = balanced_pairs(members, mode=mode, team=[a.pk for a in team], per_unit=per_unit)
    ReviewAssignment.objects.filter(assessment__table=table).delete()
    created = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(assessment=assessments[reviewed], reviewer_id=reviewer)
        for reviewer, reviewed in pairs
    )
    table.review_mode = mode
    table.save(update_fields=["review_mode", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.review_round.set",
        target=table,
        agency=leader_agency(table.group_year),
        payload={"mode": mode, "assignments": len(created), "team": [a.code for a in team]},
    )
    return created


@transaction.atomic
def review_score_save(
    *,
    actor: Any,
    assignment: ReviewAssignment,
    criterion: Criterion,
    points: Decimal,
    reason: str,
    version: int | None,
) -> ReviewScore:
    """A reviewer proposes points for one criterion of the unit it reviews, with a reason.

    ``version`` is what the reviewer loaded; a save over someone else's newer save is refused
    with :class:`EditConflict` carrying the saved value.
    """
    assessment = SelfAssessment.objects.select_for_update().get(pk=assignment.assessment_id)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise IllegalTransition(_("Bản tự chấm điểm đang được đơn vị sửa; chưa chấm chéo được."))
    check_scorable(assessment.table, criterion)
    check_points(criterion, points)
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do của điểm đề xuất."), field="reason")
    current = ReviewScore.objects.filter(assignment=assignment, criterion=criterion).first()
    check_version(current, version, criterion.code)
    if current is None:
        score = ReviewScore.objects.create(
            assignment=assignment,
            criterion=criterion,
            points=points,
            reason=reason.strip(),
            updated_by=actor,
        )
    else:
        score = current
        score.points = points
        score.reason = reason.strip()
        score.version += 1
        score.updated_by = actor
        score.save()
    audit_record(
        actor=actor,
        action="scoring.review_score.saved",
        target=assessment,
        agency=assignment.reviewer,
        payload={
            "criterion": criterion.code,
            "reviewer": assignment.reviewer.code,
            "points": str(points),
            "version": score.version,
        },
    )
    return score


@transaction.atomic
def review_response_save(*, actor: Any, score: ReviewScore, response: str) -> ReviewScore:
    """The reviewed unit answers a reviewer's proposal (agrees, or explains why not)."""
    score = ReviewScore.objects.select_for_update().get(pk=score.pk)
    assessment = score.assignment.assessment
    if not response.strip():
        raise DomainError(_("Nội dung ý kiến không được để trống."), field="response")
    score.response = response.strip()
    score.save(update_fields=["response", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.review_response.saved",
        target=assessment,
        agency=assessment.agency,
        payload={"criterion": score.criterion.code, "reviewer": score.assignment.reviewer.code},
    )
    return score


@transaction.atomic
def final_score_save(
    *,
    actor: Any,
    assessment: SelfAssessment,
    criterion: Criterion,
    points: Decimal,
    note: str,
    version: int | None,
) -> FinalScore:
    """The cluster leader sets the consolidated points of one unit's criterion."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise IllegalTransition(_("Bản tự chấm điểm chưa nộp; chưa thống nhất điểm được."))
    check_scorable(assessment.table, criterion)
    check_points(criterion, points)
    current = FinalScore.objects.filter(assessment=assessment, criterion=criterion).first()
    check_version(current, version, criterion.code)
    if current is None:
        score = FinalScore.objects.create(
            assessment=assessment,
            criterion=criterion,
            points=points,
            note=note.strip(),
            updated_by=actor,
        )
    else:
        score = current
        score.points = points
        score.note = note.strip()
        score.version += 1
        score.updated_by = actor
        score.save()
    audit_record(
        actor=actor,
        action="scoring.final_score.saved",
        target=assessment,
        agency=leader_agency(assessment.table.group_year),
        payload={"criterion": criterion.code, "points": str(points), "version": score.version},
    )
    return score


@transaction.atomic
def disqualifier_finding_set(
    *, actor: Any, assessment: SelfAssessment, disqualifier: Disqualifier, reason: str
) -> DisqualifierFinding:
    """The cluster finds that a disqualifier decided by hand applies to a unit."""
    if disqualifier.table_id != assessment.table_id:
        raise DomainError(_("Điểm liệt không thuộc bảng chấm điểm này."), field="disqualifier")
    if disqualifier.conduct_fact:
        raise DomainError(
            _("Điểm liệt này được xác định tự động từ hồ sơ chấp hành."), field="disqualifier"
        )
    if not reason.strip():
        raise DomainError(_("Cần ghi căn cứ, lý do."), field="reason")
    finding, _created = DisqualifierFinding.objects.update_or_create(
        assessment=assessment,
        disqualifier=disqualifier,
        defaults={"reason": reason.strip(), "decided_by": actor},
    )
    audit_record(
        actor=actor,
        action="scoring.disqualifier_finding.set",
        target=assessment,
        agency=leader_agency(assessment.table.group_year),
        payload={"disqualifier": disqualifier.order, "reason": reason.strip()},
    )
    return finding


@transaction.atomic
def disqualifier_finding_remove(*, actor: Any, finding: DisqualifierFinding, reason: str) -> None:
    """Withdraw a finding (e.g. entered by mistake), with a reason."""
    assessment = finding.assessment
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do."), field="reason")
    audit_record(
        actor=actor,
        action="scoring.disqualifier_finding.removed",
        target=assessment,
        agency=leader_agency(assessment.table.group_year),
        payload={"disqualifier": finding.disqualifier.order, "reason": reason.strip()},
    )
    finding.delete()
