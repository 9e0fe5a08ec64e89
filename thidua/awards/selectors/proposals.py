"""Reads of a proposal for its pages."""

from __future__ import annotations

from collections.abc import Mapping

from thidua.awards.models import DecisionAward, DecisionState, Nomination, Proposal
from thidua.voting.models import BallotCandidate


def nomination_choices(proposal: Proposal) -> list[BallotCandidate]:
    """Candidates of the proposal's ballot session not yet on its list (units and persons)."""
    taken = {
        (n.award_id, n.agency_id, n.person_id)
        for n in proposal.nominations.only("award_id", "agency_id", "person_id")
    }
    return [
        c
        for c in BallotCandidate.objects.filter(question__session=proposal.ballot_session_id)
        .select_related("question__award")
        .order_by("question__order", "order", "id")
        if (c.question.award_id, c.agency_id, c.person_id) not in taken
    ]


def undecided_nominations(
    proposal: Proposal, nominations: list[Nomination], outcomes: Mapping[int, bool | None]
) -> list[Nomination]:
    """Nominees that passed the cluster's vote, were not refused by the council (``outcomes``:
    ``council_outcomes``, empty before the council is set up) and are in no decision in force:
    what a new draft decision could still list."""
    decided = set(
        DecisionAward.objects.filter(decision__proposal=proposal)
        .exclude(decision__state=DecisionState.REVOKED)
        .values_list("nomination_id", flat=True)
    )
    return [
        n
        for n in nominations
        if n.passed_vote and outcomes.get(n.pk) is not False and n.pk not in decided
    ]
