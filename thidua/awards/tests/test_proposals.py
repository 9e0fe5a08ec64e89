"""The cluster's proposal (tờ trình): prepared from the published vote, its dossier, the checks
before sending (each refusal a clear message that changes nothing), the ministry's review with
every round kept, and the council's ballot session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEvent
from thidua.awards import services
from thidua.awards.choices import Verdict
from thidua.awards.models import (
    DocumentKind,
    DossierDocument,
    EligibilityCheck,
    Nomination,
    Proposal,
    ProposalRound,
    ProposalState,
    RoundAction,
)
from thidua.awards.tests.history_builder import COLLECTIVE, History
from thidua.awards.tests.test_proposals_world import (
    FLAG,
    MERIT,
    SENT_ON,
    World,
    accepted,
    build,
    pdf,
    prepared,
    sent,
)
from thidua.core.errors import DomainError, IllegalTransition
from thidua.core.testing import Personas
from thidua.voting.choices import Body, SessionState


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _snapshot() -> dict[str, object]:
    return {
        "events": AuditEvent.objects.count(),
        "rounds": ProposalRound.objects.count(),
        "checks": EligibilityCheck.objects.count(),
        "documents": DossierDocument.objects.count(),
        "nominations": list(
            Nomination.objects.order_by("id").values_list(
                "id", "report_text", "justification", "eligibility_check_id"
            )
        ),
        "states": list(Proposal.objects.order_by("id").values_list("id", "state")),
    }


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = _snapshot()
    yield
    assert _snapshot() == before


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- Preparing ------------------------------------------------------------------------------


def test_it_prepares_a_proposal_from_the_published_vote(world: World) -> None:
    proposal = services.proposal_prepare(
        actor=world.lead_officer, group_year=world.group_year, ballot_session=world.session
    )
    assert proposal.state == ProposalState.DRAFT
    assert proposal.proposer == world.lead
    assert proposal.recipient == world.ministry
    nominees = {(n.award.code, n.agency) for n in proposal.nominations.all()}
    assert nominees == {(FLAG, world.lead), (MERIT, world.third), (MERIT, world.fourth)}
    assert all(n.passed_vote and n.year == 2025 for n in proposal.nominations.all())
    flag = proposal.nominations.get(award__code=FLAG)
    assert flag.candidate == world.candidate(FLAG, world.lead)
    assert "xếp thứ 1/5" in flag.report_text
    assert _events("awards.proposal.prepared") == 1
    assert "Tờ trình (dự thảo)" in str(proposal)


def test_it_refuses_a_second_proposal_for_the_same_year(world: World) -> None:
    prepared(world)
    with nothing_changes(), pytest.raises(DomainError, match="đã có tờ trình"):
        services.proposal_prepare(
            actor=world.lead_officer, group_year=world.group_year, ballot_session=world.session
        )


def test_the_database_keeps_one_proposal_per_group_year(world: World) -> None:
    proposal = prepared(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            group_year=world.group_year,
            proposer=world.lead,
            recipient=world.ministry,
            ballot_session=world.session,
        )
    assert Proposal.objects.get() == proposal


def test_it_refuses_a_file_whose_content_does_not_match_its_name(world: World) -> None:
    proposal = prepared(world)
    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all", content_type="application/pdf")
    with nothing_changes(), pytest.raises(DomainError, match="không đúng với đuôi"):
        services.dossier_document_attach(
            actor=world.lead_officer,
            proposal=proposal,
            kind=DocumentKind.OTHER,
            upload=fake,
        )


# --- Checks before sending ------------------------------------------------------------------


def test_sending_without_the_count_minutes_is_refused_and_changes_nothing(world: World) -> None:
    proposal = prepared(world)
    proposal.documents.get(kind=DocumentKind.COUNT_MINUTES).delete()
    with nothing_changes(), pytest.raises(DomainError, match="Thiếu biên bản kiểm phiếu"):
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)


def test_sending_without_the_meeting_minutes_is_refused(world: World) -> None:
    proposal = prepared(world)
    document = proposal.documents.get(kind=DocumentKind.MEETING_MINUTES)
    services.dossier_document_remove(actor=world.lead_officer, document=document)
    with nothing_changes(), pytest.raises(DomainError, match="Thiếu biên bản họp"):
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)


def test_a_nominee_without_an_achievement_report_is_named(world: World) -> None:
    proposal = prepared(world)
    third = proposal.nominations.get(agency=world.third)
    services.nomination_report_save(
        actor=world.lead_officer, nomination=third, report_text="", justification=""
    )
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)
    assert f"Thiếu báo cáo thành tích của {world.third.name}" in refused.value.message
    services.dossier_document_attach(
        actor=world.lead_officer,
        proposal=proposal,
        kind=DocumentKind.ACHIEVEMENT_REPORT,
        nomination=third,
        upload=pdf("bao-cao.pdf"),
    )
    sent_proposal = services.proposal_send(
        actor=world.lead_officer, proposal=proposal, as_of=SENT_ON
    )
    assert sent_proposal.state == ProposalState.SENT


def test_a_nominee_that_did_not_pass_the_vote_is_refused(world: World) -> None:
    proposal = prepared(world)
    fifth = services.nomination_add(
        actor=world.lead_officer, proposal=proposal, candidate=world.candidate(MERIT, world.fifth)
    )
    assert not fifth.passed_vote
    with nothing_changes(), pytest.raises(DomainError, match="không đạt khi bình xét"):
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)


def test_a_nominee_judged_not_eligible_is_refused(world: World) -> None:
    history = History()
    history.blocker(world.third.code, dt.date(2025, 12, 1), recipient_type=COLLECTIVE)
    history.save()
    proposal = prepared(world)
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)
    assert f"{world.third.name} không đủ điều kiện" in refused.value.message


def test_a_verdict_that_needs_review_needs_a_justification(world: World) -> None:
    proposal = prepared(world)
    merged = proposal.nominations.get(agency=world.fourth)
    services.nomination_report_save(
        actor=world.lead_officer, nomination=merged, report_text="Báo cáo.", justification=""
    )
    with nothing_changes(), pytest.raises(DomainError, match="phải ghi giải trình"):
        services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)


def test_sending_keeps_each_verdict_and_the_round(world: World) -> None:
    proposal = sent(world)
    assert proposal.state == ProposalState.SENT
    verdicts = {
        n.award.code + n.agency.code: n.eligibility_check.verdict
        for n in proposal.nominations.select_related("eligibility_check", "agency", "award")
        if n.eligibility_check and n.agency
    }
    assert verdicts == {
        FLAG + world.lead.code: Verdict.ELIGIBLE,
        MERIT + world.third.code: Verdict.ELIGIBLE,
        MERIT + world.fourth.code: Verdict.NEEDS_REVIEW,
    }
    [round_] = proposal.rounds.all()
    assert (round_.number, round_.action, round_.actor) == (1, RoundAction.SENT, world.lead_officer)
    assert _events("awards.proposal.sent") == 1


def test_a_sent_proposal_is_no_longer_edited(world: World) -> None:
    proposal = sent(world)
    nomination = proposal.nominations.first()
    assert nomination is not None
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.nomination_report_save(
            actor=world.lead_officer, nomination=nomination, report_text="x", justification=""
        )


# --- Review by the ministry -----------------------------------------------------------------


def test_returning_needs_a_reason(world: World) -> None:
    proposal = sent(world)
    with nothing_changes(), pytest.raises(DomainError, match="lý do"):
        services.proposal_return(actor=world.officer, proposal=proposal, reason="  ")


def test_every_round_is_kept_when_the_proposal_is_returned_and_resent(world: World) -> None:
    proposal = sent(world)
    services.proposal_return(
        actor=world.officer, proposal=proposal, reason="Thiếu chữ ký trên biên bản họp."
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    services.proposal_update(
        actor=world.lead_officer,
        proposal=proposal,
        number="12/TTr-SCT",
        date=dt.date(2026, 1, 8),
        summary="Đề nghị khen thưởng (bổ sung)",
    )
    services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)
    services.proposal_accept(actor=world.officer, proposal=proposal)
    rounds = [(r.number, r.action, r.reason) for r in proposal.rounds.all()]
    assert rounds == [
        (1, RoundAction.SENT, ""),
        (1, RoundAction.RETURNED, "Thiếu chữ ký trên biên bản họp."),
        (2, RoundAction.SENT, ""),
        (2, RoundAction.ACCEPTED, ""),
    ]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert _events("awards.proposal.returned") == 1
    assert _events("awards.proposal.accepted") == 1


def test_a_draft_cannot_be_accepted(world: World) -> None:
    proposal = prepared(world)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.proposal_accept(actor=world.officer, proposal=proposal)


def test_the_council_votes_only_on_the_titles_it_decides(world: World) -> None:
    proposal = accepted(world)
    session = services.proposal_council_session_create(
        actor=world.officer,
        proposal=proposal,
        council=world.ministry,
        meeting_date=dt.date(2026, 1, 20),
        mode="electronic",
    )
    assert session.body == Body.COUNCIL
    assert session.state == SessionState.DRAFT
    assert [q.award.code for q in session.questions.all()] == [FLAG]
    assert [c.agency for c in session.questions.get().candidates.all()] == [world.lead]
    assert session.voters.count() == 3
    proposal.refresh_from_db()
    assert proposal.council_session == session
    assert services.council_outcomes(proposal) == {
        n.pk: None if n.award.code == FLAG else True for n in proposal.nominations.all()
    }
    with pytest.raises(DomainError, match="đã có phiên"):
        services.proposal_council_session_create(
            actor=world.officer,
            proposal=proposal,
            council=world.ministry,
            meeting_date=dt.date(2026, 1, 20),
            mode="electronic",
        )
