"""Commendation decisions: drafted from an accepted proposal once the council has voted,
issued into the commendation history (one record per awardee, linked back), numbered once per
issuer and year, and revoked by another decision with the records keeping both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction

from thidua.audit.models import AuditEvent
from thidua.awards import services
from thidua.awards.choices import RecordKind
from thidua.awards.models import (
    CommendationDecision,
    CommendationRecord,
    DecisionAward,
    DecisionState,
    Proposal,
    ProposalState,
)
from thidua.awards.tests.test_proposals_world import (
    FLAG,
    MERIT,
    World,
    accepted,
    build,
    council_voted,
)
from thidua.core.errors import DomainError, IllegalTransition
from thidua.core.testing import Personas

DECIDED_ON = dt.date(2026, 1, 25)


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _snapshot() -> dict[str, object]:
    return {
        "events": AuditEvent.objects.count(),
        "decisions": list(
            CommendationDecision.objects.order_by("id").values_list("id", "state", "number")
        ),
        "lines": DecisionAward.objects.count(),
        "records": list(
            CommendationRecord.objects.order_by("id").values_list("id", "revoked_by_decision")
        ),
        "proposals": list(Proposal.objects.values_list("id", "state")),
    }


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = _snapshot()
    yield
    assert _snapshot() == before


def _draft(
    world: World, proposal: Proposal, number: str = "123/QĐ-BCT", **kw: object
) -> CommendationDecision:
    return services.decision_draft(
        actor=world.officer,
        proposal=proposal,
        number=number,
        date=DECIDED_ON,
        signer_name="Nguyễn Văn A",
        signer_title="Thứ trưởng",
        legal_bases="Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP",
        **kw,  # type: ignore[arg-type]
    )


def test_a_decision_waits_for_the_councils_published_vote(world: World) -> None:
    proposal = accepted(world)
    with nothing_changes(), pytest.raises(DomainError, match="Hội đồng chưa công bố"):
        _draft(world, proposal)


def test_a_decision_needs_an_accepted_proposal(world: World) -> None:
    from thidua.awards.tests.test_proposals_world import sent

    proposal = sent(world)
    with nothing_changes(), pytest.raises(IllegalTransition):
        _draft(world, proposal)


def test_the_draft_lists_the_nominees_that_passed_both_votes(world: World) -> None:
    proposal = council_voted(world)
    decision = _draft(world, proposal)
    assert decision.state == DecisionState.DRAFT
    assert decision.issuer == world.ministry
    assert decision.year == 2026
    assert [(line.award.code, line.agency) for line in decision.lines.all()] == [
        (FLAG, world.lead),
        (MERIT, world.third),
        (MERIT, world.fourth),
    ]
    assert str(decision) == "123/QĐ-BCT ngày 25/01/2026"
    assert AuditEvent.objects.filter(action="awards.decision.drafted").count() == 1


def test_a_nominee_the_council_rejected_is_left_out(world: World) -> None:
    proposal = council_voted(world, approve=False)
    decision = _draft(world, proposal)
    assert [line.agency for line in decision.lines.all()] == [world.third, world.fourth]


def test_issuing_writes_one_history_record_per_awardee(world: World) -> None:
    proposal = council_voted(world)
    decision = services.decision_issue(actor=world.officer, decision=_draft(world, proposal))
    assert decision.state == DecisionState.ISSUED
    records = CommendationRecord.objects.filter(decision_number="123/QĐ-BCT").order_by("id")
    assert [(r.record_kind, r.value, r.agency, r.year) for r in records] == [
        (RecordKind.AWARD, FLAG, world.lead, 2025),
        (RecordKind.AWARD, MERIT, world.third, 2025),
        (RecordKind.AWARD, MERIT, world.fourth, 2025),
    ]
    first = records[0]
    assert first.decision_date == DECIDED_ON
    assert first.issuer == world.ministry.name
    # The record leads back to the line, the nomination, the ballot and the proposal.
    line = DecisionAward.objects.get(record=first)
    assert line.decision == decision
    assert line.nomination is not None
    assert line.nomination.candidate == world.candidate(FLAG, world.lead)
    assert line.nomination.proposal == proposal
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECIDED
    assert AuditEvent.objects.filter(action="awards.decision.issued").count() == 1


def test_issuing_needs_the_number_date_and_signer(world: World) -> None:
    proposal = council_voted(world)
    decision = services.decision_draft(actor=world.officer, proposal=proposal)
    assert str(decision) == "Quyết định khen thưởng (dự thảo)"
    with nothing_changes(), pytest.raises(DomainError, match="thiếu số, ký hiệu, ngày ban hành"):
        services.decision_issue(actor=world.officer, decision=decision)


def test_a_number_already_used_by_the_issuer_that_year_is_refused(world: World) -> None:
    proposal = council_voted(world)
    flag = proposal.nominations.get(award__code=FLAG)
    services.decision_issue(
        actor=world.officer, decision=_draft(world, proposal, nominations=[flag])
    )
    merit = list(proposal.nominations.filter(award__code=MERIT))
    with nothing_changes(), pytest.raises(DomainError) as refused:
        _draft(world, proposal, nominations=merit)
    assert refused.value.message == (
        f"{world.ministry.name} đã có quyết định số 123/QĐ-BCT trong năm 2026."
    )
    assert refused.value.field == "number"
    second = _draft(world, proposal, number="124/QĐ-BCT", nominations=merit)
    with nothing_changes(), pytest.raises(DomainError, match="đã có quyết định số 123/QĐ-BCT"):
        services.decision_update(
            actor=world.officer,
            decision=second,
            number="123/QĐ-BCT",
            date=dt.date(2026, 3, 1),
            signer_name="Nguyễn Văn A",
            signer_title="Thứ trưởng",
            legal_bases="Luật Thi đua, khen thưởng",
            summary="",
        )
    # The same number next year is another decision.
    services.decision_update(
        actor=world.officer,
        decision=second,
        number="123/QĐ-BCT",
        date=dt.date(2027, 1, 5),
        signer_name="Nguyễn Văn A",
        signer_title="Thứ trưởng",
        legal_bases="Luật Thi đua, khen thưởng",
        summary="",
    )


def test_the_database_refuses_a_number_used_twice_by_one_issuer_in_a_year(world: World) -> None:
    CommendationDecision.objects.create(
        issuer=world.ministry, number="7/QĐ-BCT", date=DECIDED_ON, year=2026
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CommendationDecision.objects.create(
            issuer=world.ministry, number="7/QĐ-BCT", date=DECIDED_ON, year=2026
        )


def test_a_nominee_already_decided_is_not_decided_again(world: World) -> None:
    proposal = council_voted(world)
    flag = proposal.nominations.get(award__code=FLAG)
    _draft(world, proposal, nominations=[flag])
    with nothing_changes(), pytest.raises(DomainError, match="chưa có trong quyết định khác"):
        _draft(world, proposal, number="125/QĐ-BCT", nominations=[flag])


def test_revoking_marks_every_record_and_keeps_both_decisions(world: World) -> None:
    proposal = council_voted(world)
    decision = services.decision_issue(actor=world.officer, decision=_draft(world, proposal))
    revoked = services.decision_revoke(
        actor=world.officer,
        decision=decision,
        revoking_number="130/QĐ-BCT",
        revoking_date=dt.date(2026, 6, 1),
        reason="Phát hiện vi phạm sau khi khen thưởng.",
    )
    assert revoked.state == DecisionState.REVOKED
    assert (revoked.revoked_by_number, revoked.revoked_on) == ("130/QĐ-BCT", dt.date(2026, 6, 1))
    records = CommendationRecord.objects.filter(decision_number="123/QĐ-BCT")
    assert records.count() == 3
    assert {(r.revoked_by_decision, r.revoked_on) for r in records} == {
        ("130/QĐ-BCT", dt.date(2026, 6, 1))
    }
    assert AuditEvent.objects.filter(action="awards.decision.revoked").count() == 1
    assert AuditEvent.objects.filter(action="awards.record.revoked").count() == 3


def test_revocation_needs_another_decision_and_an_issued_one(world: World) -> None:
    proposal = council_voted(world)
    draft = _draft(world, proposal)
    with nothing_changes(), pytest.raises(IllegalTransition):
        services.decision_revoke(
            actor=world.officer,
            decision=draft,
            revoking_number="130/QĐ-BCT",
            revoking_date=dt.date(2026, 6, 1),
        )
    issued = services.decision_issue(actor=world.officer, decision=draft)
    with nothing_changes(), pytest.raises(DomainError, match="một quyết định khác"):
        services.decision_revoke(
            actor=world.officer,
            decision=issued,
            revoking_number="123/QĐ-BCT",
            revoking_date=dt.date(2026, 6, 1),
        )
    with nothing_changes(), pytest.raises(DomainError, match="không được trước"):
        services.decision_revoke(
            actor=world.officer,
            decision=issued,
            revoking_number="130/QĐ-BCT",
            revoking_date=dt.date(2026, 1, 1),
        )
