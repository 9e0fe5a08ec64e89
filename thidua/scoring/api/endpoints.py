"""API of the year-end scoring (/api/v1/scoring/): the table, the members' self-assessments
and their evidence files, the cross-review, the leader's consolidated scores and the published
ranking — the same predicates and services as the pages.

A block or cluster year the caller may not see is a 404 (``permissions.can_view_table`` /
``can_view_assessment``), and so is everything under it; whoever may see the year sees the
self-assessments, the reviews and the results (the cluster works in the open). A member's
officers and leader draft its self-assessment (``can_edit_assessment``), only its leader
submits it (``can_submit_assessment``); a reviewer agency's officers and leader propose scores
on the units assigned to it (``can_review``) and the reviewed unit answers (``can_respond``);
the cluster leader reopens, chooses the review mode, consolidates and publishes or corrects the
ranking (``can_lead_scoring``). Anything else the caller may not do is a 403; a rule of the
workflow that refuses (``DomainError``) is a 400 with its Vietnamese message and field; a save
over someone else's newer save (``EditConflict``) is a 409 carrying the saved value.

Points: accepted as JSON numbers or strings (``12.5`` or ``"12.5"``, at most two decimals);
always returned as strings with two decimals (``"12.50"``), so no value goes through a float.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile as NinjaUploadedFile

from thidua.core.errors import DomainError, EditConflict, IllegalTransition
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.scoring import permissions, selectors, services
from thidua.scoring.api.schemas import (
    AssessmentDetailOut,
    AssessmentOut,
    AssignmentOut,
    CriterionOut,
    DisqualifierOut,
    EvidenceOut,
    FinalConflictOut,
    FinalOut,
    FinalScoreIn,
    FindingIn,
    FindingOut,
    RankingEntryOut,
    RankingOut,
    ReasonIn,
    ResponseIn,
    ReviewConflictOut,
    ReviewRoundIn,
    ReviewScoreIn,
    ReviewScoreOut,
    ReviewsOut,
    ScoreLineOut,
    SelfScoreConflictOut,
    SelfScoreIn,
    SelfScoreOut,
    TableOut,
)
from thidua.scoring.models import (
    Criterion,
    DisqualifierFinding,
    Evidence,
    FinalScore,
    Ranking,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.results import UnitResult, compute_results

router = Router(tags=["scoring"])

FORBIDDEN = "Bạn không có quyền thực hiện thao tác này"  # the 403 page's message (catalogued)
CENT = Decimal("0.01")


def _forbidden() -> HttpError:
    return HttpError(403, _(FORBIDDEN))


def _two(value: Decimal) -> str:
    """Points as a string with two decimals."""
    return str(value.quantize(CENT))


def _two_or_none(value: Decimal | None) -> str | None:
    return None if value is None else _two(value)


# --- lookups --------------------------------------------------------------------------------


def _group_year_or_404(request: HttpRequest, code: str, year: int) -> GroupYear:
    group_year = permissions.visible_group_year(request.user, code, year)
    if group_year is None:
        raise Http404
    return group_year


def _table_or_404(request: HttpRequest, code: str, year: int) -> ScoringTable:
    group_year = _group_year_or_404(request, code, year)
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if table is None:
        raise HttpError(
            404,
            _("Chưa có bảng chấm điểm năm %(year)s của %(code)s.") % {"year": year, "code": code},
        )
    table.group_year = group_year
    return table


def _member_or_404(table: ScoringTable, agency_code: str) -> Agency:
    member = (
        table.group_year.members.select_related("agency").filter(agency__code=agency_code).first()
    )
    if member is None:
        raise HttpError(404, _("%(agency)s không phải là thành viên.") % {"agency": agency_code})
    return member.agency


def _assessment_or_404(
    request: HttpRequest, code: str, year: int, agency_code: str
) -> SelfAssessment:
    """The member's self-assessment; unsaved (no ``pk``) while the member has not opened it."""
    table = _table_or_404(request, code, year)
    agency = _member_or_404(table, agency_code)
    assessment = SelfAssessment.objects.filter(table=table, agency=agency).first()
    if assessment is None:
        assessment = SelfAssessment(table=table, agency=agency)
    assessment.table = table
    assessment.agency = agency
    if not permissions.can_view_assessment(request.user, assessment):
        raise Http404
    return assessment


def _opened(assessment: SelfAssessment) -> SelfAssessment:
    if assessment.pk is None:
        raise IllegalTransition(_("Đơn vị chưa mở bản tự chấm điểm."))
    return assessment


def _criterion_or_404(table: ScoringTable, criterion_code: str) -> Criterion:
    criterion = table.criteria.filter(code=criterion_code).first()
    if criterion is None:
        raise HttpError(
            404, _("Bảng chấm điểm không có tiêu chí %(code)s.") % {"code": criterion_code}
        )
    return criterion


def _lead(request: HttpRequest, table: ScoringTable) -> None:
    if not permissions.can_lead_scoring(request.user, table.group_year):
        raise _forbidden()


def _assignment_or_404(
    table: ScoringTable, reviewer_code: str, agency_code: str
) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_related("reviewer", "assessment__agency")
        .filter(
            assessment__table=table,
            reviewer__code=reviewer_code,
            assessment__agency__code=agency_code,
        )
        .first()
    )
    if assignment is None:
        raise HttpError(
            404,
            _("%(reviewer)s không được phân công chấm %(agency)s.")
            % {"reviewer": reviewer_code, "agency": agency_code},
        )
    return assignment


# --- serialising ----------------------------------------------------------------------------


def _table_out(table: ScoringTable) -> TableOut:
    codes = {c.pk: c.code for c in table.criteria.all()}
    return TableOut(
        cluster=table.group_year.group.code,
        year=table.group_year.year,
        title=table.title,
        status=table.status,
        total_points=_two(table.total_points),
        self_assessment_deadline=table.self_assessment_deadline,
        review_mode=table.review_mode,
        criteria=[
            CriterionOut(
                code=node.criterion.code,
                parent_code=codes.get(node.criterion.parent_id or 0),
                depth=node.depth,
                kind=node.criterion.kind,
                title=node.criterion.title,
                max_points=_two(node.criterion.max_points),
                evidence_required=node.criterion.evidence_required,
                guidance=node.criterion.guidance,
            )
            for node in selectors.flat_tree(table)
        ],
        disqualifiers=[
            DisqualifierOut(order=d.order, description=d.description, conduct_fact=d.conduct_fact)
            for d in table.disqualifiers.order_by("order")
        ],
    )


def _results(table: ScoringTable) -> dict[int, UnitResult]:
    return {u.agency_id: u for u in compute_results([table]).get(table.pk, [])}


def _assessment_out(
    agency: Agency, assessment: SelfAssessment | None, result: UnitResult | None
) -> AssessmentOut:
    return AssessmentOut(
        agency_code=agency.code,
        agency_name=agency.name,
        status=assessment.status if assessment else None,
        submitted_at=assessment.submitted_at if assessment else None,
        reopened_at=assessment.reopened_at if assessment else None,
        self_total=_two(result.self_total) if result else None,
    )


def _final_out(score: FinalScore, code: str) -> FinalOut:
    return FinalOut(
        criterion_code=code, points=_two(score.points), note=score.note, version=score.version
    )


def _self_score_out(score: SelfScore, code: str) -> SelfScoreOut:
    return SelfScoreOut(
        criterion_code=code,
        points=_two_or_none(score.points),
        explanation=score.explanation,
        version=score.version,
    )


def _review_score_out(score: ReviewScore, code: str) -> ReviewScoreOut:
    return ReviewScoreOut(
        criterion_code=code,
        points=_two(score.points),
        reason=score.reason,
        response=score.response,
        version=score.version,
    )


def _assessment_detail(assessment: SelfAssessment) -> AssessmentDetailOut:
    table = assessment.table
    opened = assessment.pk is not None
    result = _results(table).get(assessment.agency_id) if opened else None
    summary = _assessment_out(assessment.agency, assessment if opened else None, result)
    own = {s.criterion_id: s for s in assessment.scores.all()} if opened else {}
    final = {s.criterion_id: s for s in assessment.final_scores.all()} if opened else {}
    lines = []
    for criterion in selectors.scorable_criteria(table):
        score, consolidated = own.get(criterion.pk), final.get(criterion.pk)
        lines.append(
            ScoreLineOut(
                criterion_code=criterion.code,
                points=_two_or_none(score.points) if score else None,
                explanation=score.explanation if score else "",
                version=score.version if score else None,
                final=_final_out(consolidated, criterion.code) if consolidated else None,
            )
        )
    evidence: list[Evidence] = (
        list(assessment.evidence.select_related("criterion")) if opened else []
    )
    return AssessmentDetailOut(
        **summary.model_dump(),
        scores=lines,
        evidence=[
            EvidenceOut(
                id=e.pk,
                criterion_code=e.criterion.code,
                name=e.name,
                size=e.size,
                content_type=e.content_type,
                sha256=e.sha256,
                uploaded_at=e.uploaded_at,
            )
            for e in evidence
        ],
    )


def _reviews_out(table: ScoringTable) -> ReviewsOut:
    assignments = list(
        ReviewAssignment.objects.filter(assessment__table=table)
        .select_related("reviewer", "assessment__agency")
        .order_by("assessment__agency__code", "reviewer__code")
    )
    scores: dict[int, list[ReviewScore]] = {a.pk: [] for a in assignments}
    for score in (
        ReviewScore.objects.filter(assignment__in=assignments)
        .select_related("criterion")
        .order_by("criterion__order")
    ):
        scores[score.assignment_id].append(score)
    return ReviewsOut(
        mode=table.review_mode,
        assignments=[
            AssignmentOut(
                reviewer_code=a.reviewer.code,
                reviewer_name=a.reviewer.name,
                agency_code=a.assessment.agency.code,
                agency_name=a.assessment.agency.name,
                scores=[_review_score_out(s, s.criterion.code) for s in scores[a.pk]],
            )
            for a in assignments
        ],
    )


def _ranking_out(table: ScoringTable, ranking: Ranking) -> RankingOut:
    corrected = ranking.corrects
    return RankingOut(
        cluster=table.group_year.group.code,
        year=table.group_year.year,
        version=ranking.version,
        published_at=ranking.published_at,
        rule=ranking.rule.name,
        corrects_version=corrected.version if corrected else None,
        correction_reason=ranking.correction_reason,
        entries=[
            RankingEntryOut(
                rank=e.rank,
                position=e.position,
                agency_code=e.agency_code,
                agency_name=e.agency_name,
                total=_two(e.total),
                self_total=_two(e.self_total),
                bonus=_two(e.bonus),
                penalty=_two(e.penalty),
                group_points={k: _two(Decimal(str(v))) for k, v in e.group_points.items()},
                disqualified=e.disqualified,
                disqualifications=[str(d) for d in e.disqualifications],
                band=e.band,
            )
            for e in ranking.entries.order_by("position")
        ],
    )


def _rankings(table: ScoringTable) -> list[Ranking]:
    return list(table.rankings.select_related("rule", "corrects").order_by("-version"))


# --- the table and the self-assessments -------------------------------------------------------


@router.get("/tables/{code}/{year}", response=TableOut)
def table_detail(request: HttpRequest, code: str, year: int) -> TableOut:
    """The year's table: its criteria tree (depth first), disqualifiers, deadline, review mode
    and status."""
    return _table_out(_table_or_404(request, code, year))


@router.get("/tables/{code}/{year}/assessments", response=list[AssessmentOut])
def assessment_list(request: HttpRequest, code: str, year: int) -> list[AssessmentOut]:
    """Every member's self-assessment, in the members' rotation order."""
    table = _table_or_404(request, code, year)
    assessments = {a.agency_id: a for a in SelfAssessment.objects.filter(table=table)}
    results = _results(table)
    return [
        _assessment_out(m.agency, assessments.get(m.agency_id), results.get(m.agency_id))
        for m in emulation_selectors.group_members(table.group_year)
    ]


@router.get("/tables/{code}/{year}/assessments/{agency_code}", response=AssessmentDetailOut)
def assessment_detail(
    request: HttpRequest, code: str, year: int, agency_code: str
) -> AssessmentDetailOut:
    """A member's self-assessment: every scorable criterion with the unit's points,
    explanation and version (and the leader's consolidated score), and the evidence files."""
    return _assessment_detail(_assessment_or_404(request, code, year, agency_code))


@router.put(
    "/tables/{code}/{year}/assessments/{agency_code}/scores/{criterion_code}",
    response={200: SelfScoreOut, 409: SelfScoreConflictOut},
)
def self_score_save(
    request: HttpRequest,
    code: str,
    year: int,
    agency_code: str,
    criterion_code: str,
    payload: SelfScoreIn,
) -> Status[SelfScoreOut] | Status[SelfScoreConflictOut]:
    """Save the unit's points and explanation for one criterion (opening the self-assessment
    the first time). A save over someone else's newer save is a 409 with the saved value."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise _forbidden()
    criterion = _criterion_or_404(assessment.table, criterion_code)
    try:
        with transaction.atomic():  # opening and the first save stand or fall together
            if assessment.pk is None:
                assessment = services.self_assessment_open(
                    actor=request.user, table=assessment.table, agency=assessment.agency
                )
            score = services.self_score_save(
                actor=request.user,
                assessment=assessment,
                criterion=criterion,
                points=payload.points,
                explanation=payload.explanation,
                version=payload.version,
            )
    except EditConflict as conflict:
        if not isinstance(conflict.current, SelfScore):
            raise DomainError(conflict.message, field="version") from conflict
        current = _self_score_out(conflict.current, criterion.code)
        return Status(409, SelfScoreConflictOut(detail=conflict.message, current=current))
    return Status(200, _self_score_out(score, criterion.code))


@router.post(
    "/tables/{code}/{year}/assessments/{agency_code}/criteria/{criterion_code}/evidence",
    response={201: EvidenceOut},
)
def evidence_attach(
    request: HttpRequest,
    code: str,
    year: int,
    agency_code: str,
    criterion_code: str,
    file: File[NinjaUploadedFile],
) -> Status[EvidenceOut]:
    """Attach an evidence file (multipart field ``file``: PDF, PNG/JPEG, Word or Excel, judged
    by its content) to a criterion of an opened self-assessment."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise _forbidden()
    criterion = _criterion_or_404(assessment.table, criterion_code)
    evidence = services.evidence_attach(
        actor=request.user, assessment=_opened(assessment), criterion=criterion, upload=file
    )
    return Status(
        201,
        EvidenceOut(
            id=evidence.pk,
            criterion_code=criterion.code,
            name=evidence.name,
            size=evidence.size,
            content_type=evidence.content_type,
            sha256=evidence.sha256,
            uploaded_at=evidence.uploaded_at,
        ),
    )


@router.delete(
    "/tables/{code}/{year}/assessments/{agency_code}/evidence/{evidence_id}",
    response={204: None},
)
def evidence_remove(
    request: HttpRequest, code: str, year: int, agency_code: str, evidence_id: int
) -> Status[None]:
    """Remove an evidence file from a draft self-assessment."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    if not permissions.can_edit_assessment(request.user, assessment):
        raise _forbidden()
    evidence = Evidence.objects.filter(pk=evidence_id, assessment_id=assessment.pk).first()
    if evidence is None:
        raise Http404
    services.evidence_remove(actor=request.user, evidence=evidence)
    return Status(204, None)


@router.post("/tables/{code}/{year}/assessments/{agency_code}/submit", response=AssessmentDetailOut)
def self_assessment_submit(
    request: HttpRequest, code: str, year: int, agency_code: str
) -> AssessmentDetailOut:
    """The unit's leader submits the self-assessment; it is read-only afterwards."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    if not permissions.can_submit_assessment(request.user, assessment):
        raise _forbidden()
    services.self_assessment_submit(actor=request.user, assessment=_opened(assessment))
    return _assessment_detail(_assessment_or_404(request, code, year, agency_code))


@router.post("/tables/{code}/{year}/assessments/{agency_code}/reopen", response=AssessmentDetailOut)
def self_assessment_reopen(
    request: HttpRequest, code: str, year: int, agency_code: str, payload: ReasonIn
) -> AssessmentDetailOut:
    """The cluster leader reopens a submitted self-assessment for correction, with a reason."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    _lead(request, assessment.table)
    services.self_assessment_reopen(
        actor=request.user, assessment=_opened(assessment), reason=payload.reason
    )
    return _assessment_detail(_assessment_or_404(request, code, year, agency_code))


# --- the cross-review and the consolidated scores ---------------------------------------------


@router.get("/tables/{code}/{year}/reviews", response=ReviewsOut)
def review_list(request: HttpRequest, code: str, year: int) -> ReviewsOut:
    """Who reviews whom, and every proposal with its reason and the reviewed unit's response."""
    return _reviews_out(_table_or_404(request, code, year))


@router.post("/tables/{code}/{year}/reviews/round", response=ReviewsOut)
def review_round_set(
    request: HttpRequest, code: str, year: int, payload: ReviewRoundIn
) -> ReviewsOut:
    """The cluster leader chooses the review mode; the assignments are made from it."""
    table = _table_or_404(request, code, year)
    _lead(request, table)
    members = {m.agency.code: m.agency for m in table.group_year.members.select_related("agency")}
    team = []
    for agency_code in payload.team:
        agency = members.get(agency_code)
        if agency is None:
            raise DomainError(
                _("%(agency)s không phải là thành viên.") % {"agency": agency_code}, field="team"
            )
        team.append(agency)
    services.review_round_set(
        actor=request.user, table=table, mode=payload.mode, team=team, per_unit=payload.per_unit
    )
    table.refresh_from_db(fields=["review_mode"])
    return _reviews_out(table)


@router.put(
    "/tables/{code}/{year}/reviews/{reviewer_code}/{agency_code}/{criterion_code}",
    response={200: ReviewScoreOut, 409: ReviewConflictOut},
)
def review_score_save(
    request: HttpRequest,
    code: str,
    year: int,
    reviewer_code: str,
    agency_code: str,
    criterion_code: str,
    payload: ReviewScoreIn,
) -> Status[ReviewScoreOut] | Status[ReviewConflictOut]:
    """The reviewer proposes points for one criterion of the unit it reviews, with a reason.
    A save over someone else's newer save is a 409 with the saved value."""
    table = _table_or_404(request, code, year)
    assignment = _assignment_or_404(table, reviewer_code, agency_code)
    if not permissions.can_review(request.user, assignment):
        raise _forbidden()
    criterion = _criterion_or_404(table, criterion_code)
    try:
        score = services.review_score_save(
            actor=request.user,
            assignment=assignment,
            criterion=criterion,
            points=payload.points,
            reason=payload.reason,
            version=payload.version,
        )
    except EditConflict as conflict:
        saved = conflict.current
        current = (
            _review_score_out(saved, criterion.code) if isinstance(saved, ReviewScore) else None
        )
        return Status(409, ReviewConflictOut(detail=conflict.message, current=current))
    return Status(200, _review_score_out(score, criterion.code))


@router.put(
    "/tables/{code}/{year}/reviews/{reviewer_code}/{agency_code}/{criterion_code}/response",
    response=ReviewScoreOut,
)
def review_response_save(
    request: HttpRequest,
    code: str,
    year: int,
    reviewer_code: str,
    agency_code: str,
    criterion_code: str,
    payload: ResponseIn,
) -> ReviewScoreOut:
    """The reviewed unit answers a reviewer's proposal."""
    table = _table_or_404(request, code, year)
    assignment = _assignment_or_404(table, reviewer_code, agency_code)
    criterion = _criterion_or_404(table, criterion_code)
    score = (
        ReviewScore.objects.select_related("assignment__assessment")
        .filter(assignment=assignment, criterion=criterion)
        .first()
    )
    if score is None:
        raise HttpError(
            404, _("Chưa có điểm đề xuất cho tiêu chí %(code)s.") % {"code": criterion_code}
        )
    if not permissions.can_respond(request.user, score):
        raise _forbidden()
    score = services.review_response_save(
        actor=request.user, score=score, response=payload.response
    )
    return _review_score_out(score, criterion.code)


@router.put(
    "/tables/{code}/{year}/final/{agency_code}/{criterion_code}",
    response={200: FinalOut, 409: FinalConflictOut},
)
def final_score_save(
    request: HttpRequest,
    code: str,
    year: int,
    agency_code: str,
    criterion_code: str,
    payload: FinalScoreIn,
) -> Status[FinalOut] | Status[FinalConflictOut]:
    """The cluster leader sets the consolidated points of one unit's criterion. A save over
    someone else's newer save is a 409 with the saved value."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    _lead(request, assessment.table)
    criterion = _criterion_or_404(assessment.table, criterion_code)
    try:
        score = services.final_score_save(
            actor=request.user,
            assessment=_opened(assessment),
            criterion=criterion,
            points=payload.points,
            note=payload.note,
            version=payload.version,
        )
    except EditConflict as conflict:
        saved = conflict.current
        current = _final_out(saved, criterion.code) if isinstance(saved, FinalScore) else None
        return Status(409, FinalConflictOut(detail=conflict.message, current=current))
    return Status(200, _final_out(score, criterion.code))


def _finding_out(finding: DisqualifierFinding) -> FindingOut:
    return FindingOut(
        id=finding.pk,
        agency_code=finding.assessment.agency.code,
        disqualifier=finding.disqualifier.order,
        description=finding.disqualifier.description,
        reason=finding.reason,
        decided_at=finding.decided_at,
    )


@router.get("/tables/{code}/{year}/findings", response=list[FindingOut])
def finding_list(request: HttpRequest, code: str, year: int) -> list[FindingOut]:
    """The cluster's findings on disqualifiers decided by hand (those with an automatic basis
    come from the conduct records and show in the results)."""
    table = _table_or_404(request, code, year)
    findings = DisqualifierFinding.objects.filter(assessment__table=table).select_related(
        "assessment__agency", "disqualifier"
    )
    return [
        _finding_out(f)
        for f in findings.order_by("assessment__agency__code", "disqualifier__order")
    ]


@router.post("/tables/{code}/{year}/findings/{agency_code}", response={201: FindingOut})
def finding_set(
    request: HttpRequest, code: str, year: int, agency_code: str, payload: FindingIn
) -> Status[FindingOut]:
    """The cluster leader finds that a disqualifier decided by hand applies to a unit."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    _lead(request, assessment.table)
    disqualifier = assessment.table.disqualifiers.filter(order=payload.disqualifier).first()
    if disqualifier is None:
        raise HttpError(404, _("Bảng chấm điểm không có điểm liệt này."))
    finding = services.disqualifier_finding_set(
        actor=request.user,
        assessment=_opened(assessment),
        disqualifier=disqualifier,
        reason=payload.reason,
    )
    return Status(201, _finding_out(finding))


@router.delete("/tables/{code}/{year}/findings/{agency_code}/{finding_id}", response={204: None})
def finding_remove(
    request: HttpRequest,
    code: str,
    year: int,
    agency_code: str,
    finding_id: int,
    payload: ReasonIn,
) -> Status[None]:
    """Withdraw a finding, with a reason (a JSON body ``{"reason": …}``)."""
    assessment = _assessment_or_404(request, code, year, agency_code)
    _lead(request, assessment.table)
    finding = DisqualifierFinding.objects.filter(pk=finding_id, assessment_id=assessment.pk).first()
    if finding is None:
        raise Http404
    services.disqualifier_finding_remove(actor=request.user, finding=finding, reason=payload.reason)
    return Status(204, None)


# --- the ranking ------------------------------------------------------------------------------


@router.get("/tables/{code}/{year}/ranking", response=RankingOut)
def ranking_detail(
    request: HttpRequest, code: str, year: int, version: int | None = None
) -> RankingOut:
    """The ranking in force (the latest published version), or ``?version=N``."""
    table = _table_or_404(request, code, year)
    rankings = _rankings(table)
    if not rankings:
        raise HttpError(404, _("Chưa công bố kết quả xếp hạng."))
    if version is None:
        return _ranking_out(table, rankings[0])
    for ranking in rankings:
        if ranking.version == version:
            return _ranking_out(table, ranking)
    raise HttpError(404, _("Không có lần công bố thứ %(version)s.") % {"version": version})


@router.post("/tables/{code}/{year}/ranking/publish", response={201: RankingOut})
def ranking_publish(request: HttpRequest, code: str, year: int) -> Status[RankingOut]:
    """Publish the ranking once every member has submitted; the results are frozen."""
    table = _table_or_404(request, code, year)
    _lead(request, table)
    ranking = services.ranking_publish(actor=request.user, table=table)
    return Status(201, _ranking_out(table, ranking))


@router.post("/tables/{code}/{year}/ranking/correct", response={201: RankingOut})
def ranking_correct(
    request: HttpRequest, code: str, year: int, payload: ReasonIn
) -> Status[RankingOut]:
    """Publish a correction of the latest ranking from the scores as they are now."""
    table = _table_or_404(request, code, year)
    _lead(request, table)
    rankings = _rankings(table)
    if not rankings:
        raise IllegalTransition(_("Chưa công bố kết quả xếp hạng."))
    correction = services.ranking_correct(
        actor=request.user, ranking=rankings[0], reason=payload.reason
    )
    return Status(201, _ranking_out(table, correction))
