"""The ministry's review of a proposal (accept or return, every round kept) and the council's
ballot session on the titles it votes on (DOMAIN.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards import notifications
from thidua.awards.models import Nomination, Proposal, ProposalState, RoundAction
from thidua.awards.services.proposals import _locked, _round, transition
from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting import services as voting_services
from thidua.voting.choices import Body, Outcome, SessionState
from thidua.voting.models import BallotSession
from thidua.voting.selectors import rule_in_force


@transaction.atomic
def proposal_return(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    """Return the proposal to the cluster with a reason, for correction and resending."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do trả lại tờ trình."), field="reason")
    proposal = _locked(proposal)
    transition(proposal, ProposalState.RETURNED)
    proposal.save(update_fields=["state", "updated_at"])
    returned = _round(proposal, RoundAction.RETURNED, actor, reason)
    audit_record(
        actor=actor,
        action="awards.proposal.returned",
        target=proposal,
        agency=proposal.proposer,
        payload={"round": returned.number, "reason": reason},
    )
    pk = proposal.pk
    transaction.on_commit(lambda: notifications.proposal_returned(pk))
    return proposal


@transaction.atomic
def proposal_accept(*, actor: Any, proposal: Proposal) -> Proposal:
    """Accept the proposal's dossier as complete."""
    proposal = _locked(proposal)
    transition(proposal, ProposalState.ACCEPTED)
    proposal.save(update_fields=["state", "updated_at"])
    accepted = _round(proposal, RoundAction.ACCEPTED, actor)
    audit_record(
        actor=actor,
        action="awards.proposal.accepted",
        target=proposal,
        agency=proposal.proposer,
        payload={"round": accepted.number},
    )
    pk = proposal.pk
    transaction.on_commit(lambda: notifications.proposal_accepted(pk))
    return proposal


def needs_council(nomination: Nomination, day: dt.date) -> bool:
    """Whether the title goes to the council's vote: the council has a voting rule for it in
    force on ``day`` (DOMAIN.md §6: flags and emulation fighters do; certificates do not)."""
    return rule_in_force(Body.COUNCIL, nomination.award.code, day) is not None


@transaction.atomic
def proposal_council_session_create(
    *,
    actor: Any,
    proposal: Proposal,
    council: Any,
    meeting_date: dt.date,
    mode: str,
    title: str = "",
) -> BallotSession:
    """The council's ballot session for an accepted proposal (in draft, through the voting
    services): one question per title that the council votes on, its nominees as candidates."""
    proposal = _locked(proposal)
    if proposal.state != ProposalState.ACCEPTED:
        raise IllegalTransition(_("Chỉ tổ chức bỏ phiếu của Hội đồng cho tờ trình đã tiếp nhận."))
    if proposal.council_session_id is not None:
        raise DomainError(_("Tờ trình đã có phiên bỏ phiếu của Hội đồng."))
    nominations = [
        n
        for n in proposal.nominations.select_related("award", "agency", "person")
        if needs_council(n, meeting_date)
    ]
    if not nominations:
        raise DomainError(_("Không có danh hiệu nào trong tờ trình cần Hội đồng bỏ phiếu."))
    session = voting_services.ballot_session_create(
        actor=actor,
        council=council,
        title=title.strip() or _("Hội đồng xét tờ trình %(number)s") % {"number": proposal.number},
        meeting_date=meeting_date,
        mode=mode,
    )
    by_award: dict[int, list[Nomination]] = {}
    for nomination in nominations:
        by_award.setdefault(nomination.award_id, []).append(nomination)
    for group in by_award.values():
        question = voting_services.question_add(
            actor=actor, session=session, award=group[0].award, max_choices=len(group)
        )
        for nomination in group:
            voting_services.candidate_add(
                actor=actor,
                question=question,
                agency=nomination.agency,
                person=nomination.person,
                reason=_("Theo tờ trình %(number)s") % {"number": proposal.number},
            )
    proposal.council_session = session
    proposal.save(update_fields=["council_session", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.proposal.council_session_created",
        target=proposal,
        agency=proposal.recipient,
        payload={"session": session.pk, "nominations": len(nominations)},
    )
    return session


def council_outcomes(proposal: Proposal) -> dict[int, bool | None]:
    """For each nomination: ``True``/``False`` as the council voted (``None`` while its vote is
    not published); titles the council does not vote on count as passed."""
    session = proposal.council_session
    day = session.meeting_date if session is not None else timezone.localdate()
    published = session is not None and session.state == SessionState.PUBLISHED
    elected: set[tuple[str, str | None, str | None]] = set()
    asked: set[str] = set()
    if session is not None and published:
        for question in session.result.get("questions", []):
            asked.add(question["award"])
            for c in question["candidates"]:
                if c["outcome"] == Outcome.ELECTED:
                    elected.add((question["award"], c["agency"], c["person"]))
    outcomes: dict[int, bool | None] = {}
    for nomination in proposal.nominations.select_related("award", "agency", "person"):
        if not needs_council(nomination, day) and nomination.award.code not in asked:
            outcomes[nomination.pk] = True
        elif not published:
            outcomes[nomination.pk] = None
        else:
            key = (
                nomination.award.code,
                nomination.agency.code if nomination.agency else None,
                nomination.person.code if nomination.person else None,
            )
            outcomes[nomination.pk] = key in elected
    return outcomes
