"""The demo's 2023 path from the cluster's vote to the minister's decision and the history."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from thidua.audit.models import AuditEvent
from thidua.awards.models import CommendationDecision, CommendationRecord, Proposal
from thidua.devtools.demo_commendation import DECISION_NUMBER, MERIT_VOTES, NOMINEES
from thidua.voting.choices import Body, SessionState
from thidua.voting.models import Ballot, BallotSession

pytestmark = pytest.mark.django_db


def test_cluster_xi_votes_proposes_and_the_ministry_decides_once(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())

    cluster = BallotSession.objects.get(body=Body.CLUSTER, group_year__year=2023)
    assert cluster.state == SessionState.PUBLISHED
    assert Ballot.objects.filter(session=cluster).count() == len(MERIT_VOTES) == 6
    approvals = {
        c["agency"] or c["person"]: (c["approvals"], c["outcome"])
        for q in cluster.result["questions"]
        for c in q["candidates"]
    }
    assert approvals == {  # more than half of the six units: four votes
        "SCT-CT": (5, "elected"),  # nobody votes for its own unit
        "CN-0010": (5, "elected"),
        "CN-0002": (5, "elected"),
        "CN-0021": (5, "elected"),
        "CN-0024": (3, "not_elected"),
    }

    proposal = Proposal.objects.get(group_year__group__code="CUM-XI", group_year__year=2023)
    assert proposal.state == "decided"
    assert [r.action for r in proposal.rounds.order_by("pk")] == [
        "sent",
        "returned",
        "sent",
        "accepted",
    ]
    assert proposal.documents.filter(kind="count_minutes").exists()
    assert proposal.documents.filter(kind="meeting_minutes").exists()
    nominated = set(proposal.nominations.values_list("person__code", flat=True)) - {None}
    assert nominated == set(NOMINEES) - {"CN-0024"}  # three votes of six: not more than half
    council = proposal.council_session
    assert council is not None
    assert council.state == SessionState.PUBLISHED
    assert council.voters.count() == 7
    assert Ballot.objects.filter(session=council).count() == 6  # and one written vote
    [flag] = council.result["questions"][0]["candidates"]
    assert (flag["approvals"], flag["outcome"]) == (7, "elected")  # six ballots, one letter
    assert council.result["written"] == 1

    decision = CommendationDecision.objects.get(proposal=proposal)
    assert (decision.number, decision.state) == (DECISION_NUMBER, "issued")
    records = CommendationRecord.objects.filter(decision_number=DECISION_NUMBER)
    rows = records.values_list("award__code", "agency__code", "person__code", "year")
    assert sorted((award, agency or person, year) for award, agency, person, year in rows) == [
        ("bang_khen_bo", "CN-0002", 2023),
        ("bang_khen_bo", "CN-0010", 2023),
        ("bang_khen_bo", "CN-0021", 2023),
        ("co_thi_dua_bo", "SCT-CT", 2023),
    ]
    assert all(r.decision_line.decision_id == decision.pk for r in records)

    events = AuditEvent.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert CommendationDecision.objects.count() == 1
    assert BallotSession.objects.count() == 2
    assert AuditEvent.objects.count() == events
