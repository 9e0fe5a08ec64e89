"""Read-only status of proposals (tờ trình) and their decisions, mounted at
``/api/v1/awards/proposals``.

``GET /`` lists the proposals the caller may see (sector managers: all; a cluster's members:
their cluster's); ``GET /{id}`` gives one's status, its rounds, its nominees and its decisions.
Eligibility verdicts are shown only to those who see the dossier (the leading member and
sector managers). A proposal the caller may not see is a 404; an anonymous caller gets a 401.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.awards import permissions
from thidua.awards.models import Proposal

router = Router(tags=["proposals"])


class ProposalOut(Schema):
    id: int
    number: str
    date: dt.date | None
    state: str
    state_label: str
    cluster: str
    year: int
    proposer: str
    recipient: str


class RoundOut(Schema):
    number: int
    action: str
    at: dt.datetime
    reason: str


class NominationOut(Schema):
    name: str
    award: str
    recipient_type: str
    recipient_code: str
    passed_vote: bool
    verdict: str | None


class DecisionOut(Schema):
    id: int
    number: str
    date: dt.date | None
    state: str
    revoked_by_number: str


class ProposalDetailOut(ProposalOut):
    rounds: list[RoundOut]
    nominations: list[NominationOut]
    decisions: list[DecisionOut]


def _summary(proposal: Proposal) -> dict[str, object]:
    return {
        "id": proposal.pk,
        "number": proposal.number,
        "date": proposal.date,
        "state": proposal.state,
        "state_label": str(proposal.get_state_display()),
        "cluster": proposal.group_year.group.code,
        "year": proposal.group_year.year,
        "proposer": proposal.proposer.code,
        "recipient": proposal.recipient.code,
    }


@router.get("", response=list[ProposalOut])
def proposal_list(request: HttpRequest) -> list[ProposalOut]:
    """The proposals the caller may see, with their status."""
    return [
        ProposalOut(**_summary(p))  # type: ignore[arg-type]
        for p in permissions.proposals_visible_to(request.user)
    ]


@router.get("/{pk}", response=ProposalDetailOut)
def proposal_detail(request: HttpRequest, pk: int) -> ProposalDetailOut:
    """One proposal's status, rounds, nominees and decisions (404 if the caller may not see it)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("group_year__group", "proposer", "recipient"), pk=pk
    )
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    dossier = permissions.can_view_dossier(request.user, proposal)
    nominations = proposal.nominations.select_related(
        "award", "agency", "person", "eligibility_check"
    )
    return ProposalDetailOut(
        **_summary(proposal),  # type: ignore[arg-type]
        rounds=[
            RoundOut(number=r.number, action=r.action, at=r.at, reason=r.reason)
            for r in proposal.rounds.all()
        ],
        nominations=[
            NominationOut(
                name=n.name,
                award=n.award.code,
                recipient_type="collective" if n.agency_id else "person",
                recipient_code=n.recipient.code,
                passed_vote=n.passed_vote,
                verdict=n.eligibility_check.verdict
                if dossier and n.eligibility_check is not None
                else None,
            )
            for n in nominations
        ],
        decisions=[
            DecisionOut(
                id=d.pk,
                number=d.number,
                date=d.date,
                state=d.state,
                revoked_by_number=d.revoked_by_number,
            )
            for d in proposal.decisions.all()
        ],
    )
