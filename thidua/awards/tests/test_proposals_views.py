"""The proposal and decision pages for every persona: the leading member prepares and sends,
the ministry reviews and decides, other members see their proposal's status (not its files),
and the outsider (and the viewer) get a 404; bad input shows the message and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import DocumentKind, Proposal, ProposalState
from thidua.awards.tests.test_proposals_world import (
    World,
    build,
    council_voted,
    pdf,
    prepared,
    sent,
)
from thidua.core.testing import Personas

ClientAs = Callable[[Any], Client]


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _url(name: str, *args: Any) -> str:
    return reverse(f"awards:{name}", args=args)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("viewer", 404),
        ("outsider", 404),
        ("member_officer", 200),
        ("agency_leader", 200),
        ("ministry_officer", 200),
        ("system_admin", 200),
    ],
)
def test_who_sees_the_proposal(
    world: World, client_as: ClientAs, persona: str, status: int
) -> None:
    proposal = prepared(world)
    user = getattr(world.personas, persona)
    response = client_as(user).get(_url("proposal", proposal.pk))
    assert response.status_code == status


def test_a_member_sees_the_status_but_not_the_dossier(world: World, client_as: ClientAs) -> None:
    proposal = sent(world)
    document = proposal.documents.first()
    assert document is not None
    member = client_as(world.personas.member_officer)
    page = member.get(_url("proposal", proposal.pk)).content.decode()
    assert "Đã gửi Bộ" in page
    assert "Hồ sơ kèm theo" not in page
    assert member.get(_url("proposal_document", proposal.pk, document.pk)).status_code == 404
    assert (
        client_as(world.personas.outsider)
        .get(_url("proposal_document", proposal.pk, document.pk))
        .status_code
        == 404
    )
    download = client_as(world.lead_officer).get(
        _url("proposal_document", proposal.pk, document.pk)
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_the_leader_prepares_the_proposal_from_the_published_vote(
    world: World, client_as: ClientAs
) -> None:
    url = _url("proposal_of_year", "CUM-DX", 2025)
    assert client_as(world.personas.outsider).get(url).status_code == 404
    member = client_as(world.personas.member_officer)
    assert member.get(url).status_code == 200
    assert member.post(url, {"session": world.session.pk}).status_code == 403
    response = client_as(world.lead_officer).post(url, {"session": world.session.pk})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("proposal", proposal.pk)
    assert proposal.nominations.count() == 3


def test_sending_with_a_missing_document_shows_the_message_and_changes_nothing(
    world: World, client_as: ClientAs
) -> None:
    proposal = prepared(world)
    proposal.documents.get(kind=DocumentKind.MEETING_MINUTES).delete()
    client = client_as(world.lead_officer)
    response = client.post(_url("proposal_send", proposal.pk))
    assert response.status_code == 400
    assert "Thiếu biên bản họp." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT
    assert not proposal.rounds.exists()


def test_the_leader_uploads_a_document_and_sends(world: World, client_as: ClientAs) -> None:
    proposal = prepared(world)
    proposal.documents.get(kind=DocumentKind.MEETING_MINUTES).delete()
    client = client_as(world.lead_officer)
    response = client.post(
        _url("proposal_document_attach", proposal.pk),
        {"kind": DocumentKind.MEETING_MINUTES, "nomination": "", "file": pdf()},
    )
    assert response.status_code == 302
    assert (
        client_as(world.personas.member_officer)
        .post(_url("proposal_send", proposal.pk))
        .status_code
        == 403
    )
    assert client.post(_url("proposal_send", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SENT


def test_the_ministry_returns_with_a_reason_and_the_leader_cannot(
    world: World, client_as: ClientAs
) -> None:
    proposal = sent(world)
    url = _url("proposal_return", proposal.pk)
    assert client_as(world.lead_officer).post(url, {"reason": "x"}).status_code == 403
    assert client_as(world.personas.outsider).post(url, {"reason": "x"}).status_code == 404
    officer = client_as(world.personas.ministry_officer)
    assert officer.post(url, {"reason": ""}).status_code == 400
    assert officer.post(url, {"reason": "Thiếu chữ ký."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    page = client_as(world.personas.member_officer).get(_url("proposal", proposal.pk))
    assert "Thiếu chữ ký." in page.content.decode()


def test_the_ministry_accepts_and_lists_what_waits(world: World, client_as: ClientAs) -> None:
    proposal = sent(world)
    officer = client_as(world.personas.ministry_officer)
    assert "Chờ tiếp nhận" in officer.get(_url("proposals")).content.decode()
    assert (
        "12/TTr-SCT"
        in client_as(world.personas.member_officer).get(_url("proposals")).content.decode()
    )
    assert (
        "12/TTr-SCT"
        not in client_as(world.personas.outsider).get(_url("proposals")).content.decode()
    )
    assert officer.post(_url("proposal_accept", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED


def test_a_decision_number_already_used_shows_the_message(
    world: World, client_as: ClientAs
) -> None:
    proposal = council_voted(world)
    flag = proposal.nominations.get(award__code="co_thi_dua_bo")
    first = services.decision_draft(
        actor=world.officer,
        proposal=proposal,
        number="123/QĐ-BCT",
        date=dt.date(2026, 1, 25),
        signer_name="Nguyễn Văn A",
        signer_title="Thứ trưởng",
        legal_bases="Luật Thi đua, khen thưởng",
        nominations=[flag],
    )
    officer = client_as(world.personas.ministry_officer)
    assert officer.post(_url("decision_issue", first.pk)).status_code == 302
    assert "Dự thảo quyết định" in officer.get(_url("proposal", proposal.pk)).content.decode()
    assert officer.post(_url("decision_draft", proposal.pk)).status_code == 302
    second = proposal.decisions.exclude(pk=first.pk).get()
    page = officer.get(_url("proposal", proposal.pk)).content.decode()
    assert "Dự thảo quyết định" not in page  # every nominee is in one of the two
    assert "Mọi đối tượng đạt đã có trong quyết định." in page
    data = {
        "number": "123/QĐ-BCT",
        "date": "2026-01-25",
        "signer_name": "Nguyễn Văn A",
        "signer_title": "Thứ trưởng",
        "legal_bases": "Luật Thi đua, khen thưởng",
        "summary": "",
    }
    response = officer.post(_url("decision_edit", second.pk), data)
    assert response.status_code == 400
    assert "đã có quyết định số 123/QĐ-BCT trong năm 2026" in response.content.decode()
    second.refresh_from_db()
    assert second.number == ""
    assert (
        client_as(world.lead_officer).post(_url("decision_edit", second.pk), data).status_code
        == 403
    )
    assert client_as(world.personas.outsider).get(_url("decision", second.pk)).status_code == 404
    assert (
        client_as(world.personas.member_officer).get(_url("decision", first.pk)).status_code == 200
    )
    data["number"] = "124/QĐ-BCT"
    assert officer.post(_url("decision_edit", second.pk), data).status_code == 302
    assert officer.post(_url("decision_issue", second.pk)).status_code == 302
    revoke = {"revoking_number": "130/QĐ-BCT", "revoking_date": "2026-06-01", "reason": ""}
    assert officer.post(_url("decision_revoke", second.pk), revoke).status_code == 302
    second.refresh_from_db()
    assert second.state == "revoked"
    # revoked: its nominees may go into a new decision again
    assert "Dự thảo quyết định" in officer.get(_url("proposal", proposal.pk)).content.decode()


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("viewer", 404),
        ("outsider", 404),
        ("member_officer", 200),
        ("ministry_officer", 200),
    ],
)
def test_the_api_gives_the_status_to_those_who_see_it(
    world: World, client_as: ClientAs, persona: str, status: int
) -> None:
    proposal = sent(world)
    response = client_as(getattr(world.personas, persona)).get(
        f"/api/v1/awards/proposals/{proposal.pk}"
    )
    assert response.status_code == status
    if status == 200:
        data = response.json()
        assert data["state"] == "sent"
        assert data["number"] == "12/TTr-SCT"
        assert [r["action"] for r in data["rounds"]] == ["sent"]
        assert len(data["nominations"]) == 3
        verdicts = {n["verdict"] for n in data["nominations"]}
        assert verdicts == ({None} if persona == "member_officer" else {"eligible", "needs_review"})


def test_the_api_lists_only_the_callers_proposals(world: World, client_as: ClientAs) -> None:
    sent(world)
    assert client_as(world.personas.outsider).get("/api/v1/awards/proposals").json() == []
    [listed] = client_as(world.personas.member_officer).get("/api/v1/awards/proposals").json()
    assert (listed["cluster"], listed["year"], listed["state"]) == ("CUM-DX", 2025, "sent")
