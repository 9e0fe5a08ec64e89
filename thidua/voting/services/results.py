"""Settling ties and publishing the result of a closed session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting.choices import CandidateSource, Mode, SessionState, TiePolicy
from thidua.voting.models import (
    BallotCandidate,
    BallotSession,
    Question,
    TieResolution,
    Voter,
)
from thidua.voting.selectors import session_tally
from thidua.voting.services.sessions import _locked, organiser_agency, transition

# --- Ties -------------------------------------------------------------------------------------


@transaction.atomic
def tie_resolve(
    *,
    actor: Any,
    question: Question,
    chosen: list[BallotCandidate] | None = None,
    note: str = "",
) -> TieResolution:
    """Settle a tie at the last seat as the question's rule says: a run-off session among the
    tied candidates (for the seats left), or the chair's decision naming who is chosen."""
    session = _locked(question.session)
    if session.state != SessionState.CLOSED:
        raise IllegalTransition(_("Chỉ xử lý bằng phiếu sau khi kết thúc bỏ phiếu."))
    if TieResolution.objects.filter(question=question).exists():
        raise DomainError(_("Trường hợp bằng phiếu này đã được xử lý."))
    tally = session_tally(session)
    if tally is None:
        raise DomainError(_("Chưa có kết quả kiểm phiếu được chấp nhận."))
    result = next(q.result for q in tally.questions if q.question.pk == question.pk)
    if not result.tied:
        raise DomainError(_("Nội dung này không có trường hợp bằng phiếu."))
    rule = question.rule
    tied = list(question.candidates.filter(pk__in=result.tied).order_by("order"))
    if rule.tie_policy == TiePolicy.CHAIR:
        picked = list(chosen or [])
        if {c.pk for c in picked} - set(result.tied):
            raise DomainError(_("Chỉ chọn trong số các ứng viên bằng phiếu."), field="chosen")
        if len(picked) != result.seats_for_tied:
            raise DomainError(
                _("Cần chọn đúng %(n)d ứng viên.") % {"n": result.seats_for_tied},
                field="chosen",
            )
        if not note.strip():
            raise DomainError(_("Cần ghi ý kiến của chủ trì cuộc họp."), field="note")
        resolution = TieResolution.objects.create(
            question=question, method=TiePolicy.CHAIR, note=note.strip()
        )
        resolution.chosen.set(picked)
        payload: dict[str, Any] = {"question": question.pk, "chosen": [c.name for c in picked]}
    else:
        runoff = BallotSession.objects.create(
            body=session.body,
            group_year=session.group_year,
            council=session.council,
            title=_("Bỏ phiếu lại: %(title)s") % {"title": session.title},
            meeting_date=session.meeting_date,
            place=session.place,
            mode=session.mode,
        )
        Voter.objects.bulk_create(
            Voter(session=runoff, agency=v.agency, user=v.user, name=v.name, order=v.order)
            for v in session.voters.all()
        )
        runoff_question = Question.objects.create(
            session=runoff,
            award=question.award,
            rule=rule,
            text=question.text,
            max_choices=result.seats_for_tied,
            order=1,
        )
        BallotCandidate.objects.bulk_create(
            BallotCandidate(
                question=runoff_question,
                agency=c.agency,
                person=c.person,
                name=c.name,
                source=CandidateSource.RUNOFF,
                ranking_position=c.ranking_position,
                order=i,
            )
            for i, c in enumerate(tied, start=1)
        )
        resolution = TieResolution.objects.create(
            question=question, method=TiePolicy.RUNOFF, runoff_session=runoff, note=note.strip()
        )
        payload = {"question": question.pk, "runoff_session": runoff.pk}
    audit_record(
        actor=actor,
        action="voting.tie.resolved",
        target=session,
        agency=organiser_agency(session),
        payload={"method": rule.tie_policy, **payload, "tied": [c.name for c in tied]},
    )
    return resolution


# --- Publishing -----------------------------------------------------------------------------


@transaction.atomic
def ballot_session_publish(
    *,
    actor: Any,
    session: BallotSession,
    disclose_counts: bool = False,
    now: dt.datetime | None = None,
) -> BallotSession:
    """Publish the result and freeze it. Where the counts would reveal how everyone voted
    (``SessionTally.warnings``) only who passed is published, unless the chair agreed to show
    the counts (``disclose_counts``)."""
    session = _locked(session)
    transition(session, SessionState.PUBLISHED)
    if session.mode == Mode.PAPER and not session.paper_accepted:
        raise DomainError(
            _("Chưa có kết quả kiểm phiếu: hai lần nhập của tổ kiểm phiếu phải khớp nhau.")
        )
    tally = session_tally(session)
    assert tally is not None
    if tally.open_ties:
        raise DomainError(
            _("Còn trường hợp bằng phiếu chưa xử lý: %(names)s.")
            % {"names": "; ".join(str(q.question) for q in tally.open_ties)}
        )
    session.counts_disclosed = not tally.warnings or disclose_counts
    session.result = tally.as_json()
    session.published_at = now or timezone.now()
    session.published_by = actor if getattr(actor, "is_authenticated", False) else None
    session.save(
        update_fields=[
            "state",
            "counts_disclosed",
            "result",
            "published_at",
            "published_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="voting.session.published",
        target=session,
        agency=organiser_agency(session),
        payload={
            "counts_disclosed": session.counts_disclosed,
            "warnings": len(tally.warnings),
        },
    )
    return session
