"""Writes of self-assessments (tự chấm điểm): scores with explanations, evidence, submission
before the deadline, and the cluster leader's audited reopening."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core import files
from thidua.core.errors import DomainError, EditConflict, IllegalTransition
from thidua.organizations.models import Agency
from thidua.scoring.choices import AssessmentStatus, CriterionKind, TableStatus
from thidua.scoring.models import Criterion, Evidence, ScoringTable, SelfAssessment, SelfScore
from thidua.scoring.selectors import scorable_criteria


def _points_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_points(criterion: Criterion, points: Decimal | None, *, field: str = "points") -> None:
    """A score lies between 0 and the criterion's maximum (a penalty: the most it deducts)."""
    if points is None:
        return
    if points < 0:
        raise DomainError(_("Điểm không được âm."), field=field)
    if points > criterion.max_points:
        raise DomainError(
            _("Điểm %(points)s vượt điểm tối đa %(max)s của tiêu chí %(code)s.")
            % {
                "points": _points_text(points),
                "max": _points_text(criterion.max_points),
                "code": criterion.code,
            },
            field=field,
        )
    if points != points.quantize(Decimal("0.01")):
        raise DomainError(_("Điểm chỉ lấy tới hai chữ số thập phân."), field=field)


def check_scorable(table: ScoringTable, criterion: Criterion) -> None:
    """Points are given to the leaves of the tree; a group's points are the sum of its own."""
    if criterion.table_id != table.pk:
        raise DomainError(_("Tiêu chí không thuộc bảng chấm điểm này."), field="criterion")
    if criterion.children.exists():
        raise DomainError(
            _("%(code)s là nhóm; điểm được chấm ở các tiêu chí con.") % {"code": criterion.code},
            field="criterion",
        )


def check_version(current: Any, version: int | None, code: str) -> None:
    """Optimistic locking of an edited cell (a self, review or final score): ``version`` is
    the version the editor loaded (``None`` or 0 for a cell never saved). A save over a newer
    one raises :class:`EditConflict` carrying the saved row, and writes nothing."""
    if current is not None and version != current.version:
        raise EditConflict(
            _("Điểm của tiêu chí %(code)s vừa được người khác lưu; đây là giá trị đã lưu.")
            % {"code": code},
            current=current,
        )
    if current is None and version not in (None, 0):
        raise EditConflict(
            _("Điểm của tiêu chí %(code)s vừa bị thay đổi; hãy tải lại.") % {"code": code},
            current=None,
        )


def _check_draft(assessment: SelfAssessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise IllegalTransition(
            _("Bản tự chấm điểm đã nộp; chỉ xem được. Cụm trưởng có thể mở lại nếu cần sửa.")
        )


@transaction.atomic
def self_assessment_open(*, actor: Any, table: ScoringTable, agency: Agency) -> SelfAssessment:
    """The unit's self-assessment against ``table``, created empty the first time."""
    if table.status != TableStatus.ACTIVE:
        raise IllegalTransition(_("Bảng chấm điểm chưa được áp dụng."))
    if not table.group_year.members.filter(agency=agency).exists():
        raise DomainError(_("Đơn vị không phải thành viên của khối, cụm năm này."))
    assessment, created = SelfAssessment.objects.get_or_create(table=table, agency=agency)
    if created:
        audit_record(
            actor=actor,
            action="scoring.self_assessment.opened",
            target=assessment,
            agency=agency,
        )
    return assessment


@transaction.atomic
def self_score_save(
    *,
    actor: Any,
    assessment: SelfAssessment,
    criterion: Criterion,
    points: Decimal | None,
    explanation: str,
    version: int | None,
) -> SelfScore:
    """Save the unit's points and explanation for one criterion (a draft, saved as it goes).

    ``version`` is the version the editor loaded (``None`` for a cell never saved); if someone
    saved since, nothing is written and :class:`EditConflict` carries what is there now.
    """
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    check_scorable(assessment.table, criterion)
    check_points(criterion, points)
    current = SelfScore.objects.filter(assessment=assessment, criterion=criterion).first()
    check_version(current, version, criterion.code)
    explanation = explanation.strip()
    if current is None:
        score = SelfScore.objects.create(
            assessment=assessment,
            criterion=criterion,
            points=points,
            explanation=explanation,
            updated_by=actor,
        )
    else:
        score = current
        score.points = points
        score.explanation = explanation
        score.version = current.version + 1
        score.updated_by = actor
        score.save()
    audit_record(
        actor=actor,
        action="scoring.self_score.saved",
        target=assessment,
        agency=assessment.agency,
        payload={
            "criterion": criterion.code,
            "points": None if points is None else str(points),
            "version": score.version,
        },
    )
    return score


@transaction.atomic
def evidence_attach(
    *, actor: Any, assessment: SelfAssessment, criterion: Criterion, upload: UploadedFile[bytes]
) -> Evidence:
    """Attach an evidence file to a criterion: PDF, PNG/JPEG, Word or Excel, judged by its
    content (a file whose content does not match its name is refused), at most
    ``THIDUA_EVIDENCE_MAX_MB`` megabytes."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    check_scorable(assessment.table, criterion)
    name, content_type, sha256 = files.checked_upload(upload)
    evidence = Evidence(
        assessment=assessment,
        criterion=criterion,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="scoring.evidence.attached",
        target=assessment,
        agency=assessment.agency,
        payload={"criterion": criterion.code, "name": name, "sha256": evidence.sha256},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    """Remove an evidence file from a draft; the stored file is deleted after the commit."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=evidence.assessment_id)
    _check_draft(assessment)
    stored = evidence.file.name or ""
    storage = evidence.file.storage
    audit_record(
        actor=actor,
        action="scoring.evidence.removed",
        target=assessment,
        agency=assessment.agency,
        payload={"criterion": evidence.criterion.code, "name": evidence.name},
    )
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def submission_problems(assessment: SelfAssessment) -> list[str]:
    """What keeps the self-assessment from being submitted: criteria without a score, and
    criteria that require evidence and have none."""
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    with_evidence = set(assessment.evidence.values_list("criterion_id", flat=True))
    problems: list[str] = []
    for criterion in scorable_criteria(assessment.table):
        score = scores.get(criterion.pk)
        scored_kind = criterion.kind == CriterionKind.CRITERION
        if scored_kind and (score is None or score.points is None):
            problems.append(_("Tiêu chí %(code)s chưa có điểm.") % {"code": criterion.code})
            continue
        given = score is not None and score.points is not None and score.points > 0
        if criterion.evidence_required and given and criterion.pk not in with_evidence:
            problems.append(
                _("Tiêu chí %(code)s bắt buộc có minh chứng nhưng chưa có tệp nào.")
                % {"code": criterion.code}
            )
    return problems


@transaction.atomic
def self_assessment_submit(
    *, actor: Any, assessment: SelfAssessment, now: dt.datetime | None = None
) -> SelfAssessment:
    """The unit's leader submits the self-assessment before the table's deadline (or, after a
    reopening, at any time); afterwards it is read-only."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    now = now or timezone.now()
    deadline = assessment.table.self_assessment_deadline
    if deadline is not None and now > deadline and assessment.reopened_at is None:
        raise DomainError(
            _("Đã quá hạn nộp (%(deadline)s). Liên hệ cụm trưởng nếu cần nộp bổ sung.")
            % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
        )
    problems = submission_problems(assessment)
    if problems:
        raise DomainError(" ".join(problems))
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = now
    assessment.submitted_by = actor
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.self_assessment.submitted",
        target=assessment,
        agency=assessment.agency,
    )
    return assessment


@transaction.atomic
def self_assessment_reopen(
    *, actor: Any, assessment: SelfAssessment, reason: str, now: dt.datetime | None = None
) -> SelfAssessment:
    """The cluster leader reopens a submitted self-assessment for correction, with a reason."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise IllegalTransition(_("Chỉ mở lại được bản đã nộp."))
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do mở lại."), field="reason")
    assessment.status = AssessmentStatus.DRAFT
    assessment.reopened_at = now or timezone.now()
    assessment.save(update_fields=["status", "reopened_at", "updated_at"])
    audit_record(
        actor=actor,
        action="scoring.self_assessment.reopened",
        target=assessment,
        agency=assessment.agency,
        payload={"reason": reason.strip()},
    )
    return assessment
