"""Self-assessments (tự chấm điểm) through their services: scores saved with optimistic locking,
evidence judged by its content, submission before the deadline, reopening with a reason
(DESIGN.md §4.1–§4.3, §4.8).

The builders at the top (``build``, ``fill``, the sample files) are shared with the page tests
in ``test_assessment_views.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError, EditConflict, IllegalTransition
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring.choices import AssessmentStatus, CriterionKind
from thidua.scoring.models import Criterion, Evidence, ScoringTable, SelfAssessment, SelfScore
from thidua.scoring.selectors import scorable_criteria
from thidua.scoring.services import (
    evidence_attach,
    evidence_remove,
    scoring_table_activate,
    scoring_table_create_default,
    scoring_table_schedule,
    self_assessment_open,
    self_assessment_reopen,
    self_assessment_submit,
    self_score_save,
)

YEAR = 2026
D = Decimal

# --- Sample files (real magic bytes) -----------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def docx_bytes(text: str = "Báo cáo tổng kết năm") -> bytes:
    """A real Word document, made with python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- The cluster ---------------------------------------------------------------------------------


def make_agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


@dataclass
class Setup:
    """Cluster CUM-TN of ``YEAR`` with the default table in use: Đồng Tháp (``lead``) leads,
    ``own`` and Cần Thơ (``third``) are members; ``other`` (the outsider's agency) is not.
    ``lead_officer`` is an officer of the leading member (the cluster leader)."""

    personas: Personas
    lead: Agency
    third: Agency
    lead_officer: User
    group_year: GroupYear
    table: ScoringTable

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    def criterion(self, code: str) -> Criterion:
        return self.table.criteria.get(code=code)

    def open(self, agency: Agency | None = None) -> SelfAssessment:
        return self_assessment_open(
            actor=self.personas.member_officer, table=self.table, agency=agency or self.personas.own
        )


def build(personas: Personas) -> Setup:
    lead = make_agency("P-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = make_agency("P-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    lead_officer = user_create(
        actor=None, username="lead_officer", password=PASSWORD, full_name="lead_officer"
    )
    membership_grant(actor=None, user=lead_officer, role=Role.AGENCY_OFFICER, agency=lead)
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-TN",
        name="Cụm thi đua các Sở Công Thương Tây Nam Bộ",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=[lead, personas.own, third], leader=lead),
    )
    table = scoring_table_activate(
        actor=None, table=scoring_table_create_default(actor=None, group_year=group_year)
    )
    return Setup(personas, lead, third, lead_officer, group_year, table)


def fill(assessment: SelfAssessment, actor: Any, *, evidence: bool = True) -> None:
    """Score every criterion at its maximum (bonus and penalty items left blank) and attach a
    PDF wherever evidence is required: a self-assessment ready to submit."""
    for criterion in scorable_criteria(assessment.table):
        if criterion.kind != CriterionKind.CRITERION:
            continue
        self_score_save(
            actor=actor,
            assessment=assessment,
            criterion=criterion,
            points=criterion.max_points,
            explanation="",
            version=None,
        )
        if evidence and criterion.evidence_required:
            evidence_attach(
                actor=actor,
                assessment=assessment,
                criterion=criterion,
                upload=upload(f"minh-chung-{criterion.code}.pdf"),
            )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@contextmanager
def one_event(action: str) -> Iterator[None]:
    """The block records exactly one audit event, and it is ``action``."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    yield
    assert list(AuditEvent.objects.filter(id__gt=before).values_list("action", flat=True)) == [
        action
    ]


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def setup(personas: Personas) -> Setup:
    return build(personas)


@pytest.fixture
def assessment(setup: Setup) -> SelfAssessment:
    return setup.open()


@pytest.fixture
def officer(personas: Personas) -> Any:
    return personas.member_officer


def _save(
    assessment: SelfAssessment,
    criterion: Criterion,
    points: str | None,
    *,
    version: int | None = None,
    explanation: str = "",
    actor: Any = None,
) -> SelfScore:
    return self_score_save(
        actor=actor,
        assessment=assessment,
        criterion=criterion,
        points=None if points is None else D(points),
        explanation=explanation,
        version=version,
    )


# --- Opening -------------------------------------------------------------------------------------


def test_opening_creates_the_units_assessment_once_with_one_audit_event(setup: Setup) -> None:
    with one_event("scoring.self_assessment.opened"):
        assessment = setup.open()
    assert (assessment.table, assessment.agency) == (setup.table, setup.personas.own)
    assert assessment.status == AssessmentStatus.DRAFT
    events = actions()
    assert setup.open().pk == assessment.pk  # opening again returns the same one
    assert actions() == events
    assert SelfAssessment.objects.count() == 1


def test_an_agency_outside_the_cluster_cannot_open_one(setup: Setup) -> None:
    events = actions()
    with pytest.raises(DomainError):
        setup.open(setup.personas.other)
    assert not SelfAssessment.objects.exists()
    assert actions() == events


def test_a_table_not_yet_in_use_cannot_be_self_assessed(personas: Personas) -> None:
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-NHAP",
        name="Cụm có bảng dự thảo",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=[personas.own], leader=personas.own),
    )
    draft = scoring_table_create_default(actor=None, group_year=group_year)
    events = actions()
    with pytest.raises(IllegalTransition):
        self_assessment_open(actor=None, table=draft, agency=personas.own)
    assert not SelfAssessment.objects.exists()
    assert actions() == events


# --- Scores --------------------------------------------------------------------------------------


def test_a_first_save_creates_version_one_and_each_save_adds_one_audit_event(
    setup: Setup, assessment: SelfAssessment, officer: Any
) -> None:
    criterion = setup.criterion("I.1")
    with one_event("scoring.self_score.saved"):
        score = _save(assessment, criterion, "30.5", explanation="  Báo cáo số 1  ", actor=officer)
    assert (score.points, score.explanation, score.version) == (D("30.5"), "Báo cáo số 1", 1)
    assert score.updated_by == officer
    with one_event("scoring.self_score.saved"):
        again = _save(assessment, criterion, "35", version=1, actor=officer)
    assert (again.pk, again.points, again.version) == (score.pk, D("35"), 2)
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert event.payload == {
        "criterion": "I.1",
        "points": "35",
        "version": 2,
    }


def test_a_score_may_be_cleared_and_may_be_the_maximum_or_zero(
    setup: Setup, assessment: SelfAssessment
) -> None:
    criterion = setup.criterion("I.1")
    assert _save(assessment, criterion, "35").points == D("35")
    assert _save(assessment, criterion, "0", version=1).points == D("0")
    assert _save(assessment, criterion, None, version=2).points is None


@pytest.mark.parametrize(
    ("code", "points", "field", "message"),
    [
        ("I.1", "35.01", "points", "Điểm 35.01 vượt điểm tối đa 35 của tiêu chí I.1."),
        ("I.1", "-1", "points", "Điểm không được âm."),
        ("I.1", "12.345", "points", "Điểm chỉ lấy tới hai chữ số thập phân."),
        ("I", "10", "criterion", "I là nhóm; điểm được chấm ở các tiêu chí con."),
        ("VI", "1", "criterion", "VI là nhóm; điểm được chấm ở các tiêu chí con."),
    ],
    ids=["above the maximum", "negative", "three decimals", "a group", "the bonus group"],
)
def test_a_bad_score_is_refused_on_its_field_and_nothing_is_written(
    setup: Setup, assessment: SelfAssessment, code: str, points: str, field: str, message: str
) -> None:
    events = actions()
    with pytest.raises(DomainError) as refused:
        _save(assessment, setup.criterion(code), points)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not SelfScore.objects.exists()
    assert actions() == events


def test_a_criterion_of_another_table_is_refused(
    setup: Setup, assessment: SelfAssessment, personas: Personas
) -> None:
    other_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-KHAC",
        name="Cụm khác",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=[personas.other], leader=personas.other),
    )
    foreign = scoring_table_create_default(actor=None, group_year=other_year).criteria.get(
        code="I.1"
    )
    events = actions()
    with pytest.raises(DomainError) as refused:
        _save(assessment, foreign, "10")
    assert refused.value.field == "criterion"
    assert refused.value.message == "Tiêu chí không thuộc bảng chấm điểm này."
    assert not SelfScore.objects.exists()
    assert actions() == events


def test_a_save_from_an_outdated_version_is_a_conflict_carrying_the_saved_value(
    setup: Setup, assessment: SelfAssessment, officer: Any, personas: Personas
) -> None:
    criterion = setup.criterion("I.1")
    _save(assessment, criterion, "20", explanation="Theo báo cáo quý", actor=officer)
    saved = _save(
        assessment,
        criterion,
        "25",
        version=1,
        explanation="Đối chiếu báo cáo năm",
        actor=personas.agency_leader,
    )
    events = actions()
    # The officer still has version 1 on screen.
    with pytest.raises(EditConflict) as conflict:
        _save(assessment, criterion, "30", version=1, explanation="Của tôi", actor=officer)
    current = conflict.value.current
    assert isinstance(current, SelfScore)
    assert (current.pk, current.points, current.version) == (saved.pk, D("25"), 2)
    assert current.updated_by == personas.agency_leader
    assert conflict.value.message == (
        "Điểm của tiêu chí I.1 vừa được người khác lưu; đây là giá trị đã lưu."
    )
    score = SelfScore.objects.get()
    assert (score.points, score.explanation, score.version) == (
        D("25"),
        "Đối chiếu báo cáo năm",
        2,
    )
    assert actions() == events


def test_a_first_save_racing_another_first_save_is_a_conflict(
    setup: Setup, assessment: SelfAssessment
) -> None:
    criterion = setup.criterion("I.2")
    _save(assessment, criterion, "10")  # someone else saved the empty cell first
    events = actions()
    with pytest.raises(EditConflict):
        _save(assessment, criterion, "12", version=None)
    assert SelfScore.objects.get().points == D("10")
    assert actions() == events


# --- Evidence ------------------------------------------------------------------------------------


def test_a_pdf_is_attached_stored_under_a_generated_name_with_one_audit_event(
    setup: Setup, assessment: SelfAssessment, officer: Any, media_root: Path
) -> None:
    with one_event("scoring.evidence.attached"):
        evidence = evidence_attach(
            actor=officer,
            assessment=assessment,
            criterion=setup.criterion("I.1"),
            upload=upload("Báo cáo tổng kết.pdf"),
        )
    assert evidence.name == "Báo cáo tổng kết.pdf"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF))
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.uploaded_by == officer
    assert evidence.file.name == (
        f"evidence/{setup.table.pk}/{setup.personas.own.pk}/{evidence.sha256[:16]}.pdf"
    )
    assert stored_files(media_root) == [media_root / evidence.file.name]
    assert (media_root / evidence.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("bao-cao.docx", docx_bytes(), "wordprocessingml"),
        ("anh-chup.PNG", PNG, "image/png"),
    ],
    ids=["a real Word document", "a PNG image"],
)
def test_word_documents_and_images_are_accepted_by_their_content(
    setup: Setup, assessment: SelfAssessment, name: str, content: bytes, media_type: str
) -> None:
    evidence = evidence_attach(
        actor=None,
        assessment=assessment,
        criterion=setup.criterion("I.2"),
        upload=upload(name, content),
    )
    assert media_type in evidence.content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "Nội dung tệp report.pdf không đúng với đuôi .pdf của nó."),
        ("bao-cao.docx", PDF, "Nội dung tệp bao-cao.docx không đúng với đuôi .docx của nó."),
        ("anh.jpg", PNG, "Nội dung tệp anh.jpg không đúng với đuôi .jpg của nó."),
        ("setup.exe", EXE, "Chỉ nhận tệp PDF, ảnh (PNG, JPEG), Word hoặc Excel"),
        ("ghi-chu.txt", PDF, "Chỉ nhận tệp PDF, ảnh (PNG, JPEG), Word hoặc Excel"),
        ("khong-duoi", PDF, "Chỉ nhận tệp PDF, ảnh (PNG, JPEG), Word hoặc Excel"),
        ("rong.pdf", b"", "Tệp rỗng."),
    ],
    ids=[
        "a program named .pdf",
        "a PDF named .docx",
        "a PNG named .jpg",
        "a program",
        "a text file",
        "no extension",
        "an empty file",
    ],
)
def test_a_bad_file_is_refused_on_the_file_field_and_nothing_is_written(
    setup: Setup,
    assessment: SelfAssessment,
    media_root: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    events = actions()
    with pytest.raises(DomainError) as refused:
        evidence_attach(
            actor=None,
            assessment=assessment,
            criterion=setup.criterion("I.1"),
            upload=upload(name, content),
        )
    assert refused.value.field == "file"
    assert message in refused.value.message
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []
    assert actions() == events


def test_a_file_above_the_size_limit_is_refused_and_nothing_is_written(
    setup: Setup, assessment: SelfAssessment, media_root: Path, settings: Any
) -> None:
    settings.THIDUA_EVIDENCE_MAX_MB = 1
    events = actions()
    too_big = PDF + b"0" * (1024 * 1024 - len(PDF) + 1)
    with pytest.raises(DomainError) as refused:
        evidence_attach(
            actor=None,
            assessment=assessment,
            criterion=setup.criterion("I.1"),
            upload=upload("lon.pdf", too_big),
        )
    assert refused.value.message == "Tệp lon.pdf lớn hơn 1 MB cho phép."
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []
    assert actions() == events
    # exactly at the limit is allowed
    evidence_attach(
        actor=None,
        assessment=assessment,
        criterion=setup.criterion("I.1"),
        upload=upload("vua.pdf", too_big[:-1]),
    )


def test_evidence_goes_to_leaves_only(setup: Setup, assessment: SelfAssessment) -> None:
    with pytest.raises(DomainError) as refused:
        evidence_attach(
            actor=None,
            assessment=assessment,
            criterion=setup.criterion("I"),
            upload=upload("a.pdf"),
        )
    assert refused.value.field == "criterion"
    assert not Evidence.objects.exists()


def test_removing_evidence_deletes_the_row_and_after_the_commit_the_file(
    setup: Setup,
    assessment: SelfAssessment,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    evidence = evidence_attach(
        actor=None, assessment=assessment, criterion=setup.criterion("I.1"), upload=upload("a.pdf")
    )
    with django_capture_on_commit_callbacks(execute=True), one_event("scoring.evidence.removed"):
        evidence_remove(actor=None, evidence=evidence)
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


# --- Submission ----------------------------------------------------------------------------------


def test_a_complete_assessment_is_submitted_by_the_leader_with_one_audit_event(
    assessment: SelfAssessment, personas: Personas
) -> None:
    fill(assessment, personas.member_officer)
    now = timezone.now()
    with one_event("scoring.self_assessment.submitted"):
        submitted = self_assessment_submit(
            actor=personas.agency_leader, assessment=assessment, now=now
        )
    assert submitted.status == AssessmentStatus.SUBMITTED
    assert (submitted.submitted_at, submitted.submitted_by) == (now, personas.agency_leader)


def test_criteria_without_a_score_block_submission_and_are_all_named(
    setup: Setup, assessment: SelfAssessment
) -> None:
    _save(assessment, setup.criterion("I.1"), "30")
    evidence_attach(
        actor=None, assessment=assessment, criterion=setup.criterion("I.1"), upload=upload("a.pdf")
    )
    events = actions()
    with pytest.raises(DomainError) as refused:
        self_assessment_submit(actor=None, assessment=assessment)
    message = refused.value.message
    assert "Tiêu chí I.1" not in message
    for code in ("I.2", "II.1", "III.1", "III.2", "IV.1", "V.1", "V.6"):
        assert f"Tiêu chí {code} chưa có điểm." in message
    # bonus and penalty items may stay blank
    assert "VI.1" not in message
    assert "VII.1" not in message
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert actions() == events


def test_missing_required_evidence_blocks_submission(
    setup: Setup, assessment: SelfAssessment
) -> None:
    fill(assessment, None, evidence=False)
    events = actions()
    with pytest.raises(DomainError) as refused:
        self_assessment_submit(actor=None, assessment=assessment)
    assert "Tiêu chí I.1 bắt buộc có minh chứng nhưng chưa có tệp nào." in refused.value.message
    assert "Tiêu chí V.1 " not in refused.value.message  # V.1 needs no evidence
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert actions() == events


def test_a_zero_score_needs_no_evidence(setup: Setup, assessment: SelfAssessment) -> None:
    fill(assessment, None)
    criterion = setup.criterion("I.2")
    for evidence in assessment.evidence.filter(criterion=criterion):
        evidence_remove(actor=None, evidence=evidence)
    _save(assessment, criterion, "0", version=1)
    assert self_assessment_submit(actor=None, assessment=assessment).status == "submitted"


def test_submission_after_the_deadline_is_refused_and_allowed_after_a_reopening(
    setup: Setup, assessment: SelfAssessment, personas: Personas
) -> None:
    deadline = timezone.make_aware(dt.datetime(YEAR, 12, 15, 17, 0))
    scoring_table_schedule(actor=None, table=setup.table, deadline=deadline)
    fill(assessment, personas.member_officer)
    late = deadline + dt.timedelta(minutes=1)
    events = actions()
    with pytest.raises(DomainError) as refused:
        self_assessment_submit(actor=personas.agency_leader, assessment=assessment, now=late)
    assert refused.value.message == (
        "Đã quá hạn nộp (17:00 15/12/2026). Liên hệ cụm trưởng nếu cần nộp bổ sung."
    )
    assert actions() == events
    on_time = self_assessment_submit(
        actor=personas.agency_leader, assessment=assessment, now=deadline
    )
    assert on_time.status == AssessmentStatus.SUBMITTED
    self_assessment_reopen(actor=setup.lead_officer, assessment=assessment, reason="Sửa I.1")
    resubmitted = self_assessment_submit(
        actor=personas.agency_leader, assessment=assessment, now=late + dt.timedelta(days=3)
    )
    assert resubmitted.status == AssessmentStatus.SUBMITTED


def test_a_submitted_assessment_is_read_only(
    setup: Setup, assessment: SelfAssessment, media_root: Path
) -> None:
    fill(assessment, None)
    self_assessment_submit(actor=None, assessment=assessment)
    evidence = assessment.evidence.first()
    assert evidence is not None
    scores = list(SelfScore.objects.values_list("criterion_id", "points", "version"))
    files, events = stored_files(media_root), actions()
    attempts: list[Callable[[], object]] = [
        lambda: _save(assessment, setup.criterion("I.1"), "1", version=1),
        lambda: evidence_attach(
            actor=None,
            assessment=assessment,
            criterion=setup.criterion("I.1"),
            upload=upload("them.pdf"),
        ),
        lambda: evidence_remove(actor=None, evidence=evidence),
        lambda: self_assessment_submit(actor=None, assessment=assessment),
    ]
    for attempt in attempts:
        with pytest.raises(IllegalTransition) as refused:
            attempt()
        assert "đã nộp" in refused.value.message
    assert list(SelfScore.objects.values_list("criterion_id", "points", "version")) == scores
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored_files(media_root) == files
    assert actions() == events


# --- Reopening -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(setup: Setup, assessment: SelfAssessment, reason: str) -> None:
    fill(assessment, None)
    self_assessment_submit(actor=None, assessment=assessment)
    events = actions()
    with pytest.raises(DomainError) as refused:
        self_assessment_reopen(actor=setup.lead_officer, assessment=assessment, reason=reason)
    assert (refused.value.field, refused.value.message) == ("reason", "Cần ghi lý do mở lại.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.reopened_at is None
    assert actions() == events


def test_only_a_submitted_assessment_can_be_reopened(
    setup: Setup, assessment: SelfAssessment
) -> None:
    events = actions()
    with pytest.raises(IllegalTransition):
        self_assessment_reopen(actor=setup.lead_officer, assessment=assessment, reason="Sửa")
    assert actions() == events


def test_reopening_makes_it_a_draft_again_with_one_audit_event_naming_the_reason(
    setup: Setup, assessment: SelfAssessment
) -> None:
    fill(assessment, None)
    self_assessment_submit(actor=None, assessment=assessment)
    with one_event("scoring.self_assessment.reopened"):
        reopened = self_assessment_reopen(
            actor=setup.lead_officer, assessment=assessment, reason="  Bổ sung minh chứng I.2  "
        )
    assert reopened.status == AssessmentStatus.DRAFT
    assert reopened.reopened_at is not None
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.actor, event.payload) == (
        setup.lead_officer,
        {"reason": "Bổ sung minh chứng I.2"},
    )
    # and it can be edited again
    _save(assessment, setup.criterion("I.1"), "30", version=1)
