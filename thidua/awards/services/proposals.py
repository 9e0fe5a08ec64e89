"""The cluster's proposal to the ministry (tờ trình): preparing it from the published ballot
result, its nominees and their achievement reports, the checks before sending, and sending.
The dossier's documents are in :mod:`.dossier`; the ministry's review and the council's
ballot session in :mod:`.review`.

``transition`` is the one place that moves a proposal between states
(``models.PROPOSAL_TRANSITIONS``). Mail goes out after the commit
(:mod:`thidua.awards.notifications`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards import notifications
from thidua.awards.choices import Verdict
from thidua.awards.eligibility import evaluate_one
from thidua.awards.models import (
    EDITABLE_STATES,
    PROPOSAL_TRANSITIONS,
    DocumentKind,
    Nomination,
    Proposal,
    ProposalRound,
    ProposalState,
    RoundAction,
)
from thidua.awards.services.checks import eligibility_check_save
from thidua.awards.services.reports import draft_report
from thidua.core.errors import DomainError, IllegalTransition
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import group_role
from thidua.voting.choices import Body, Outcome, SessionState
from thidua.voting.models import BallotCandidate, BallotSession

# --- States --------------------------------------------------------------------------------


def transition(proposal: Proposal, to: ProposalState) -> None:
    """Move ``proposal`` to ``to`` if ``PROPOSAL_TRANSITIONS`` allows it (not saved here)."""
    if to not in PROPOSAL_TRANSITIONS[proposal.state]:
        raise IllegalTransition(
            _("Tờ trình đang ở trạng thái “%(state)s”, không chuyển sang “%(to)s” được.")
            % {"state": ProposalState(proposal.state).label, "to": ProposalState(to).label}
        )
    proposal.state = to


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _editable(proposal: Proposal) -> None:
    if proposal.state not in EDITABLE_STATES:
        raise IllegalTransition(
            _(
                "Tờ trình đang ở trạng thái “%(state)s”; chỉ sửa được khi đang chuẩn bị "
                "hoặc bị trả lại."
            )
            % {"state": ProposalState(proposal.state).label}
        )


def _round(proposal: Proposal, action: RoundAction, actor: Any, reason: str = "") -> ProposalRound:
    sent = proposal.rounds.filter(action=RoundAction.SENT).count()
    number = sent + 1 if action == RoundAction.SENT else max(sent, 1)
    return ProposalRound.objects.create(
        proposal=proposal,
        number=number,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        reason=reason,
    )


# --- The published ballot result -----------------------------------------------------------


@dataclass(frozen=True)
class VoteLine:
    """A candidate's line of a published result: whether elected, and the approvals shown."""

    elected: bool
    approvals: int | None


def published_lines(session: BallotSession) -> dict[int, VoteLine]:
    """The published result of ``session`` by candidate id (empty while unpublished)."""
    if session.state != SessionState.PUBLISHED:
        return {}
    return {
        candidate["id"]: VoteLine(
            candidate["outcome"] == Outcome.ELECTED,
            candidate["approvals"] if session.counts_disclosed else None,
        )
        for question in session.result.get("questions", [])
        for candidate in question["candidates"]
    }


# --- Preparing -----------------------------------------------------------------------------


def _nomination_from(
    proposal: Proposal, candidate: BallotCandidate, lines: dict[int, VoteLine], order: int
) -> Nomination:
    line = lines.get(candidate.pk)
    return Nomination(
        proposal=proposal,
        award=candidate.question.award,
        agency=candidate.agency,
        person=candidate.person,
        name=candidate.name,
        year=proposal.group_year.year,
        candidate=candidate,
        passed_vote=bool(line and line.elected),
        approvals=line.approvals if line else None,
        report_text=draft_report(proposal.group_year, candidate),
        order=order,
    )


@transaction.atomic
def proposal_prepare(
    *,
    actor: Any,
    group_year: GroupYear,
    ballot_session: BallotSession,
    number: str = "",
    date: dt.date | None = None,
    summary: str = "",
) -> Proposal:
    """A draft proposal from the published result of the cluster's ballot session: one
    nominee per elected candidate, each with an achievement report drafted from the ranking."""
    if ballot_session.group_year_id != group_year.pk or ballot_session.body != Body.CLUSTER:
        raise DomainError(
            _("Phiên bình xét không thuộc khối, cụm năm này."), field="ballot_session"
        )
    if ballot_session.state != SessionState.PUBLISHED:
        raise DomainError(
            _("Phiên bình xét chưa công bố kết quả; chỉ lập tờ trình từ kết quả đã công bố."),
            field="ballot_session",
        )
    if Proposal.objects.filter(group_year=group_year).exists():
        raise DomainError(_("Khối, cụm đã có tờ trình đề nghị khen thưởng năm này."))
    leader = group_role(group_year, MemberRole.LEADER)
    if leader is None:
        raise DomainError(_("Khối, cụm năm này chưa có đơn vị trưởng khối, cụm."))
    proposal = Proposal.objects.create(
        group_year=group_year,
        proposer=leader,
        recipient=group_year.group.organiser,
        ballot_session=ballot_session,
        number=number.strip(),
        date=date,
        summary=summary.strip()
        or _("Đề nghị khen thưởng năm %(year)d của %(group)s")
        % {"year": group_year.year, "group": group_year.group.name},
    )
    lines = published_lines(ballot_session)
    candidates = (
        BallotCandidate.objects.filter(question__session=ballot_session)
        .select_related("question__award", "agency", "person")
        .order_by("question__order", "order", "id")
    )
    nominations = [
        _nomination_from(proposal, candidate, lines, i)
        for i, candidate in enumerate((c for c in candidates if lines[c.pk].elected), start=1)
    ]
    Nomination.objects.bulk_create(nominations)
    audit_record(
        actor=actor,
        action="awards.proposal.prepared",
        target=proposal,
        agency=leader,
        payload={"ballot_session": ballot_session.pk, "nominations": len(nominations)},
    )
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: Any, proposal: Proposal, number: str, date: dt.date | None, summary: str
) -> Proposal:
    """Change the proposal's number, date and summary while it is being prepared or corrected."""
    proposal = _locked(proposal)
    _editable(proposal)
    proposal.number = number.strip()
    proposal.date = date
    proposal.summary = summary.strip()
    proposal.save(update_fields=["number", "date", "summary", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.proposal.changed",
        target=proposal,
        agency=proposal.proposer,
        payload={"number": proposal.number, "date": str(date or "")},
    )
    return proposal


@transaction.atomic
def nomination_add(*, actor: Any, proposal: Proposal, candidate: BallotCandidate) -> Nomination:
    """Add a candidate of the proposal's ballot session as a nominee (whether it passed is read
    from the published result, and checked when the proposal is sent)."""
    proposal = _locked(proposal)
    _editable(proposal)
    if candidate.question.session_id != proposal.ballot_session_id:
        raise DomainError(_("Ứng viên không thuộc phiên bình xét của tờ trình."), field="candidate")
    recipient = (
        {"agency": candidate.agency} if candidate.agency_id else {"person": candidate.person}
    )
    if proposal.nominations.filter(award=candidate.question.award, **recipient).exists():
        raise DomainError(_("Đối tượng đã được đề nghị danh hiệu này trong tờ trình."))
    order = int(proposal.nominations.aggregate(m=Max("order"))["m"] or 0) + 1
    nomination = _nomination_from(
        proposal, candidate, published_lines(proposal.ballot_session), order
    )
    nomination.save()
    audit_record(
        actor=actor,
        action="awards.nomination.added",
        target=proposal,
        agency=proposal.proposer,
        payload={"nominee": nomination.name, "award": nomination.award.code},
    )
    return nomination


@transaction.atomic
def nomination_remove(*, actor: Any, nomination: Nomination) -> None:
    proposal = _locked(nomination.proposal)
    _editable(proposal)
    audit_record(
        actor=actor,
        action="awards.nomination.removed",
        target=proposal,
        agency=proposal.proposer,
        payload={"nominee": nomination.name, "award": nomination.award.code},
    )
    nomination.delete()


@transaction.atomic
def nomination_report_save(
    *, actor: Any, nomination: Nomination, report_text: str, justification: str
) -> Nomination:
    """Save a nominee's achievement report and the justification a ``needs_review`` verdict
    requires."""
    proposal = _locked(nomination.proposal)
    _editable(proposal)
    nomination.report_text = report_text.strip()
    nomination.justification = justification.strip()
    nomination.save(update_fields=["report_text", "justification"])
    audit_record(
        actor=actor,
        action="awards.nomination.report_saved",
        target=proposal,
        agency=proposal.proposer,
        payload={"nominee": nomination.name, "award": nomination.award.code},
    )
    return nomination


# --- Checks and sending --------------------------------------------------------------------


def send_problems(proposal: Proposal) -> list[str]:
    """What keeps the proposal from being sent, apart from eligibility: its number, the two
    minutes, a nominee without an achievement report, a nominee that did not pass the vote."""
    problems: list[str] = []
    if not proposal.number:
        problems.append(_("Tờ trình chưa có số, ký hiệu."))
    kinds = set(proposal.documents.values_list("kind", flat=True))
    if DocumentKind.MEETING_MINUTES not in kinds:
        problems.append(_("Thiếu biên bản họp."))
    if DocumentKind.COUNT_MINUTES not in kinds:
        problems.append(_("Thiếu biên bản kiểm phiếu."))
    nominations = list(proposal.nominations.select_related("award").prefetch_related("documents"))
    if not nominations:
        problems.append(_("Tờ trình chưa có đối tượng đề nghị nào."))
    for nomination in nominations:
        has_file = any(
            d.kind == DocumentKind.ACHIEVEMENT_REPORT for d in nomination.documents.all()
        )
        if not nomination.report_text and not has_file:
            problems.append(_("Thiếu báo cáo thành tích của %(name)s.") % {"name": nomination.name})
        if not nomination.passed_vote:
            problems.append(
                _("%(name)s không đạt khi bình xét “%(award)s”.")
                % {"name": nomination.name, "award": nomination.award.name}
            )
    return problems


def eligibility_problems(proposal: Proposal, as_of: dt.date) -> list[str]:
    """Nominees the engine judges not eligible on ``as_of``, and ``needs_review`` verdicts
    without a written justification."""
    problems: list[str] = []
    for nomination in proposal.nominations.select_related("award", "agency", "person"):
        result = evaluate_one(
            award=nomination.award,
            year=nomination.year,
            recipient=nomination.recipient,
            as_of=as_of,
        )
        if result.verdict == Verdict.NOT_ELIGIBLE:
            problems.append(
                _("%(name)s không đủ điều kiện “%(award)s” năm %(year)d.")
                % {"name": nomination.name, "award": nomination.award.name, "year": nomination.year}
            )
        elif result.verdict == Verdict.NEEDS_REVIEW and not nomination.justification:
            problems.append(
                _("%(name)s cần xem xét điều kiện “%(award)s”: phải ghi giải trình.")
                % {"name": nomination.name, "award": nomination.award.name}
            )
    return problems


@transaction.atomic
def proposal_send(*, actor: Any, proposal: Proposal, as_of: dt.date | None = None) -> Proposal:
    """Send (or resend) the proposal to the ministry after every check; the eligibility verdict
    of each nominee is kept (``eligibility_check_save``)."""
    proposal = _locked(proposal)
    transition(proposal, ProposalState.SENT)
    day = as_of or timezone.localdate()
    problems = send_problems(proposal) or eligibility_problems(proposal, day)
    if problems:
        raise DomainError(
            _("Chưa gửi được tờ trình: %(problems)s") % {"problems": " ".join(problems)}
        )
    for nomination in proposal.nominations.select_related("award", "agency", "person"):
        check = eligibility_check_save(
            actor=actor,
            recipient=nomination.recipient,
            award=nomination.award,
            year=nomination.year,
            as_of=day,
        )
        nomination.eligibility_check = check
        nomination.save(update_fields=["eligibility_check"])
    proposal.save(update_fields=["state", "updated_at"])
    sent = _round(proposal, RoundAction.SENT, actor)
    audit_record(
        actor=actor,
        action="awards.proposal.sent",
        target=proposal,
        agency=proposal.proposer,
        payload={"number": proposal.number, "round": sent.number},
    )
    pk = proposal.pk
    transaction.on_commit(lambda: notifications.proposal_sent(pk))
    return proposal
