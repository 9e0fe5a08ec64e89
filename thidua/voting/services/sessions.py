"""Preparing a ballot session (questions, candidates, voters) and opening it, and the one place
that moves a session between states (``transition``). Casting and closing are in
``casting``; paper counts in ``paper``; ties and publication in ``results``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from thidua.accounts.choices import Role
from thidua.accounts.models import Membership, User
from thidua.audit.services import audit_record
from thidua.awards.models import AwardTitle
from thidua.core.errors import DomainError, IllegalTransition
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import group_members, group_role
from thidua.organizations.models import Agency, Person
from thidua.scoring.selectors import latest_ranking, ranking_entries
from thidua.voting.choices import (
    TRANSITIONS,
    Body,
    CandidateSource,
    Mode,
    SessionState,
)
from thidua.voting.models import (
    BallotCandidate,
    BallotSession,
    Question,
    Voter,
)
from thidua.voting.selectors import candidate_people, rule_in_force


def transition(session: BallotSession, to: SessionState) -> None:
    """Move ``session`` to ``to`` if ``choices.TRANSITIONS`` allows it (not saved here)."""
    if to not in TRANSITIONS[session.state]:
        raise IllegalTransition(
            _("Phiên đang ở trạng thái “%(state)s”, không chuyển sang “%(to)s” được.")
            % {"state": SessionState(session.state).label, "to": SessionState(to).label}
        )
    session.state = to


def organiser_agency(session: BallotSession) -> Agency | None:
    """The agency an audit event of the session is filed under: the cluster's leader or the
    council's agency."""
    if session.group_year is not None:
        return group_role(session.group_year, MemberRole.LEADER)
    return session.council


def _locked(session: BallotSession) -> BallotSession:
    return BallotSession.objects.select_for_update().get(pk=session.pk)


def _in_draft(session: BallotSession) -> None:
    if session.state != SessionState.DRAFT:
        raise IllegalTransition(
            _("Phiên đã mở bỏ phiếu; nội dung, ứng viên và cử tri không thay đổi được nữa.")
        )


def _next_order(rows: Any) -> int:
    return int(rows.aggregate(m=Max("order"))["m"] or 0) + 1


# --- Creating a session --------------------------------------------------------------------


@transaction.atomic
def ballot_session_create(
    *,
    actor: Any,
    title: str,
    meeting_date: dt.date,
    mode: str,
    group_year: GroupYear | None = None,
    council: Agency | None = None,
    place: str = "",
) -> BallotSession:
    """A new session in draft, for a cluster's year (one voter per member unit) or a council
    (its members as voters: the users holding the council-member role at ``council``)."""
    if (group_year is None) == (council is None):
        raise DomainError(_("Phiên thuộc một khối, cụm hoặc một Hội đồng."))
    if not title.strip():
        raise DomainError(_("Cần nhập tên phiên."), field="title")
    if mode not in Mode.values:
        raise DomainError(_("Hình thức bỏ phiếu không hợp lệ."), field="mode")
    if group_year is not None and meeting_date.year not in (group_year.year, group_year.year + 1):
        raise DomainError(
            _("Ngày họp phải thuộc năm %(year)d hoặc năm sau.") % {"year": group_year.year},
            field="meeting_date",
        )
    session = BallotSession.objects.create(
        body=Body.CLUSTER if group_year is not None else Body.COUNCIL,
        group_year=group_year,
        council=council,
        title=title.strip(),
        meeting_date=meeting_date,
        place=place.strip(),
        mode=mode,
    )
    if group_year is not None:
        voters = [
            Voter(session=session, agency=m.agency, name=m.agency.name, order=i)
            for i, m in enumerate(group_members(group_year), start=1)
        ]
    else:
        members = (
            Membership.objects.filter(role=Role.COUNCIL_MEMBER, agency=council, is_active=True)
            .select_related("user")
            .order_by("user__full_name", "user__username")
        )
        voters = [
            Voter(session=session, user=m.user, name=str(m.user), order=i)
            for i, m in enumerate(members, start=1)
        ]
    Voter.objects.bulk_create(voters)
    audit_record(
        actor=actor,
        action="voting.session.created",
        target=session,
        agency=organiser_agency(session),
        payload={"voters": len(voters), "mode": mode},
    )
    return session


# --- Questions, candidates, voters ---------------------------------------------------------


@transaction.atomic
def question_add(
    *,
    actor: Any,
    session: BallotSession,
    award: AwardTitle,
    max_choices: int,
    text: str = "",
) -> Question:
    """Put an award title to the vote under the rule in force on the meeting date."""
    session = _locked(session)
    _in_draft(session)
    day = session.meeting_date
    if award.valid_from > day or (award.valid_to is not None and award.valid_to < day):
        raise DomainError(
            _("“%(award)s” không áp dụng vào ngày họp %(day)s.")
            % {"award": award.name, "day": f"{day:%d/%m/%Y}"},
            field="award",
        )
    if session.questions.filter(award=award).exists():
        raise DomainError(_("Phiên đã có nội dung bỏ phiếu cho danh hiệu này."), field="award")
    if max_choices < 1:
        raise DomainError(_("Số được chọn tối đa phải từ 1 trở lên."), field="max_choices")
    rule = rule_in_force(session.body, award.code, day)
    if rule is None:
        raise DomainError(
            _(
                "Chưa có quy tắc bỏ phiếu của %(body)s cho “%(award)s” có hiệu lực ngày "
                "%(day)s; quản trị hệ thống cần bổ sung quy tắc."
            )
            % {"body": Body(session.body).label, "award": award.name, "day": f"{day:%d/%m/%Y}"},
            field="award",
        )
    question = Question.objects.create(
        session=session,
        award=award,
        rule=rule,
        text=text.strip() or award.name,
        max_choices=max_choices,
        order=_next_order(session.questions),
    )
    audit_record(
        actor=actor,
        action="voting.question.added",
        target=session,
        agency=organiser_agency(session),
        payload={"award": award.code, "rule": rule.code, "max_choices": max_choices},
    )
    return question


def _check_candidate(
    question: Question, agency: Agency | None, person: Person | None
) -> tuple[Agency | None, Person | None]:
    if (agency is None) == (person is None):
        raise DomainError(_("Ứng viên là một đơn vị hoặc một cá nhân."))
    kind = "collective" if agency is not None else "person"
    if not question.award.allows(kind):
        raise DomainError(
            _("“%(award)s” không tặng cho %(kind)s.")
            % {"award": question.award.name, "kind": _("tập thể") if agency else _("cá nhân")}
        )
    session = question.session
    if (
        agency is not None
        and session.group_year is not None
        and not session.group_year.members.filter(agency=agency).exists()
    ):
        raise DomainError(
            _("%(name)s không phải thành viên của khối, cụm năm %(year)d.")
            % {"name": agency.name, "year": session.group_year.year},
            field="agency",
        )
    if (
        person is not None
        and session.group_year is not None
        and not candidate_people(session).filter(pk=person.pk).exists()
    ):
        raise DomainError(
            _("%(name)s không giữ chức vụ tại đơn vị thành viên nào của khối, cụm năm %(year)d.")
            % {"name": person.full_name, "year": session.group_year.year},
            field="person",
        )
    duplicate = (
        question.candidates.filter(agency=agency)
        if agency is not None
        else question.candidates.filter(person=person)
    )
    if duplicate.exists():
        raise DomainError(_("Ứng viên đã có trong danh sách."))
    return agency, person


@transaction.atomic
def candidate_add(
    *,
    actor: Any,
    question: Question,
    reason: str,
    agency: Agency | None = None,
    person: Person | None = None,
) -> BallotCandidate:
    """Add a candidate not taken from the ranking; the reason is required."""
    session = _locked(question.session)
    _in_draft(session)
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do bổ sung ứng viên."), field="reason")
    agency, person = _check_candidate(question, agency, person)
    candidate = BallotCandidate.objects.create(
        question=question,
        agency=agency,
        person=person,
        name=agency.name if agency is not None else str(person),
        source=CandidateSource.ADDED,
        reason=reason.strip(),
        order=_next_order(question.candidates),
    )
    audit_record(
        actor=actor,
        action="voting.candidate.added",
        target=session,
        agency=organiser_agency(session),
        payload={"question": question.pk, "candidate": candidate.name, "reason": candidate.reason},
    )
    return candidate


@transaction.atomic
def candidates_from_ranking(*, actor: Any, question: Question, top: int) -> list[BallotCandidate]:
    """The first ``top`` units of the cluster's published ranking (in force) that no
    disqualifier bars, in ranking order; units already on the list are kept once."""
    session = _locked(question.session)
    _in_draft(session)
    if session.group_year is None:
        raise DomainError(_("Chỉ phiên của khối, cụm lấy ứng viên theo kết quả xếp hạng."))
    if top < 1:
        raise DomainError(_("Số đơn vị đứng đầu phải từ 1 trở lên."), field="top")
    ranking = latest_ranking(session.group_year)
    if ranking is None:
        raise DomainError(_("Khối, cụm chưa công bố kết quả xếp hạng năm này."))
    if not question.award.allows("collective"):
        raise DomainError(_("“%(award)s” không tặng cho tập thể.") % {"award": question.award.name})
    entries = [e for e in ranking_entries(ranking) if not e.disqualified][:top]
    present = set(question.candidates.values_list("agency_id", flat=True))
    order = _next_order(question.candidates)
    added = []
    for entry in entries:
        if entry.agency_id in present:
            continue
        added.append(
            BallotCandidate(
                question=question,
                agency_id=entry.agency_id,
                name=entry.agency_name,
                source=CandidateSource.RANKING,
                ranking_position=entry.position,
                order=order,
            )
        )
        order += 1
    BallotCandidate.objects.bulk_create(added)
    audit_record(
        actor=actor,
        action="voting.candidates.added",
        target=session,
        agency=organiser_agency(session),
        payload={
            "question": question.pk,
            "top": top,
            "ranking_version": ranking.version,
            "added": [c.name for c in added],
        },
    )
    return added


@transaction.atomic
def candidate_remove(*, actor: Any, candidate: BallotCandidate) -> None:
    session = _locked(candidate.question.session)
    _in_draft(session)
    name = candidate.name
    candidate.delete()
    audit_record(
        actor=actor,
        action="voting.candidate.removed",
        target=session,
        agency=organiser_agency(session),
        payload={"candidate": name},
    )


@transaction.atomic
def voter_add(
    *,
    actor: Any,
    session: BallotSession,
    agency: Agency | None = None,
    user: User | None = None,
) -> Voter:
    """Add an entry to the voter list (a unit, a named user, or a user for a unit)."""
    session = _locked(session)
    _in_draft(session)
    if agency is None and user is None:
        raise DomainError(_("Cử tri phải là một đơn vị hoặc một người dùng."))
    if agency is not None and session.voters.filter(agency=agency).exists():
        raise DomainError(_("Đơn vị đã có trong danh sách cử tri."), field="agency")
    if user is not None and session.voters.filter(user=user).exists():
        raise DomainError(_("Người này đã có trong danh sách cử tri."), field="user")
    voter = Voter.objects.create(
        session=session,
        agency=agency,
        user=user,
        name=agency.name if agency is not None else str(user),
        order=_next_order(session.voters),
    )
    audit_record(
        actor=actor,
        action="voting.voter.added",
        target=session,
        agency=organiser_agency(session),
        payload={"voter": voter.name},
    )
    return voter


@transaction.atomic
def voter_remove(*, actor: Any, voter: Voter) -> None:
    session = _locked(voter.session)
    _in_draft(session)
    name = voter.name
    voter.delete()
    audit_record(
        actor=actor,
        action="voting.voter.removed",
        target=session,
        agency=organiser_agency(session),
        payload={"voter": name},
    )


# --- Opening ------------------------------------------------------------------------------


@transaction.atomic
def ballot_session_open(*, actor: Any, session: BallotSession) -> BallotSession:
    """Open the vote: the questions, candidates and voter list are fixed from now on."""
    session = _locked(session)
    transition(session, SessionState.OPEN)
    questions = list(session.questions.all())
    if not questions:
        raise DomainError(_("Phiên chưa có nội dung bỏ phiếu."))
    empty = [str(q) for q in questions if not q.candidates.exists()]
    if empty:
        raise DomainError(_("Nội dung chưa có ứng viên: %(names)s.") % {"names": "; ".join(empty)})
    if not session.voters.exists():
        raise DomainError(_("Danh sách cử tri đang trống."))
    session.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="voting.session.opened",
        target=session,
        agency=organiser_agency(session),
        payload={"voters": session.voters.count(), "questions": len(questions)},
    )
    return session
