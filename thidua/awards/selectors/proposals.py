"""Reads of a proposal for its pages."""

from __future__ import annotations

from thidua.awards.models import Proposal
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
