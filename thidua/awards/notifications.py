"""E-mail at each hand-over of a proposal and of its decision.

The services call these after the commit (``transaction.on_commit``) with the object's id:
a proposal sent → the ministry's emulation officers; returned or accepted → the officers and
leader of the cluster's leading member; a decision issued → the officers and leader of every
awardee's agency (a person's: the agencies where they hold a position). Accounts without an
e-mail address are skipped; nothing is sent when nobody is left. Mail is always Vietnamese,
like the documents it is about.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage

from thidua.accounts.choices import Role
from thidua.accounts.models import Membership
from thidua.awards.models import CommendationDecision, Proposal

log = logging.getLogger(__name__)

OFFICER_ROLES = [Role.AGENCY_OFFICER, Role.AGENCY_LEADER]


def addresses(agency_ids: Iterable[int], roles: Iterable[str]) -> list[str]:
    """The e-mail addresses of the active users holding one of ``roles`` at those agencies."""
    emails = (
        Membership.objects.filter(
            agency_id__in=list(agency_ids),
            role__in=list(roles),
            is_active=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def _send(to: list[str], subject: str, body: str) -> int:
    if not to:
        return 0
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    try:
        return message.send()
    except OSError:
        # The hand-over is recorded; a mail server that is down must not undo it.
        log.exception("Could not send %r to %s", subject, to)
        return 0


def _proposal(pk: int) -> Proposal:
    return Proposal.objects.select_related("group_year__group", "proposer", "recipient").get(pk=pk)


def _describe(proposal: Proposal) -> str:
    names = ", ".join(
        f"{n.name} ({n.award.name})" for n in proposal.nominations.select_related("award")
    )
    return (
        f"Tờ trình số {proposal.number or '(chưa có số)'} của {proposal.proposer.name}\n"
        f"Khối, cụm: {proposal.group_year.group.name}, năm {proposal.group_year.year}\n"
        f"Trích yếu: {proposal.summary}\n"
        f"Đối tượng đề nghị: {names or '(không có)'}\n"
    )


def proposal_sent(pk: int) -> int:
    proposal = _proposal(pk)
    return _send(
        addresses([proposal.recipient_id], [Role.MINISTRY_OFFICER]),
        f"[thidua] Tờ trình đề nghị khen thưởng {proposal.number} đã được gửi",
        f"{proposal.proposer.name} đã gửi tờ trình đề nghị khen thưởng đến "
        f"{proposal.recipient.name}.\n\n{_describe(proposal)}",
    )


def proposal_returned(pk: int) -> int:
    proposal = _proposal(pk)
    last = proposal.rounds.order_by("-at", "-id").first()
    reason = last.reason if last is not None else ""
    return _send(
        addresses([proposal.proposer_id], OFFICER_ROLES),
        f"[thidua] Tờ trình {proposal.number} bị trả lại",
        f"{proposal.recipient.name} đã trả lại tờ trình để bổ sung, sửa.\n"
        f"Lý do: {reason}\n\n{_describe(proposal)}",
    )


def proposal_accepted(pk: int) -> int:
    proposal = _proposal(pk)
    return _send(
        addresses([proposal.proposer_id], OFFICER_ROLES),
        f"[thidua] Tờ trình {proposal.number} đã được tiếp nhận",
        f"{proposal.recipient.name} đã tiếp nhận hồ sơ đề nghị khen thưởng.\n\n"
        f"{_describe(proposal)}",
    )


def decision_issued(pk: int) -> int:
    decision = CommendationDecision.objects.select_related("issuer", "proposal").get(pk=pk)
    lines = list(decision.lines.select_related("award", "person"))
    agency_ids: set[int] = {line.agency_id for line in lines if line.agency_id}
    for line in lines:
        if line.person is not None:
            agency_ids.update(line.person.positions.values_list("agency_id", flat=True))
    awardees = "\n".join(f"- {line.name}: {line.award.name}" for line in lines)
    proposal = (
        f"Theo tờ trình số {decision.proposal.number}.\n" if decision.proposal is not None else ""
    )
    return _send(
        addresses(agency_ids, OFFICER_ROLES),
        f"[thidua] Quyết định khen thưởng {decision.number} đã ban hành",
        f"{decision.issuer.name} đã ban hành quyết định số {decision.number} "
        f"ngày {decision.date:%d/%m/%Y} về việc khen thưởng.\n{proposal}\n"
        f"Danh sách được khen thưởng:\n{awardees}\n",
    )
