"""E-mail at each hand-over, received by a real SMTP server on a local port (``smtp_server``):
sent → the ministry's officers; returned and accepted → the leading member's officers and
leader; a decision issued → the officers and leaders of every awardee's agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from thidua.awards import notifications, services
from thidua.awards.tests.test_proposals_world import (
    World,
    build,
    council_voted,
    prepared,
    sent,
)
from thidua.core.testing import Personas


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _to(message: Any) -> set[str]:
    return {a.strip() for a in str(message["To"]).split(",")}


def test_sending_mails_the_ministrys_officers(
    world: World, smtp_server: list[Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    proposal = prepared(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_send(
            actor=world.lead_officer, proposal=proposal, as_of=dt.date(2026, 1, 5)
        )
    [message] = smtp_server
    # The persona ministry officer has no address; the clerk has one.
    assert _to(message) == {"ministry_clerk@example.vn"}
    assert message["Subject"] == "[thidua] Tờ trình đề nghị khen thưởng 12/TTr-SCT đã được gửi"
    body = message.get_content()
    assert "Tờ trình số 12/TTr-SCT của Sở Công Thương tỉnh Đồng Tháp" in body
    assert "Sở Công Thương thành phố Cần Thơ (Bằng khen" in body


def test_returning_and_accepting_mail_the_leading_member(
    world: World, smtp_server: list[Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    proposal = sent(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_return(actor=world.officer, proposal=proposal, reason="Thiếu chữ ký.")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_send(
            actor=world.lead_officer, proposal=proposal, as_of=dt.date(2026, 1, 6)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_accept(actor=world.officer, proposal=proposal)
    returned, resent, accepted = smtp_server
    leading = {"lead_officer@example.vn", "rep_D-SCT-DT@example.vn"}
    assert _to(returned) == leading
    assert returned["Subject"] == "[thidua] Tờ trình 12/TTr-SCT bị trả lại"
    assert "Lý do: Thiếu chữ ký." in returned.get_content()
    assert _to(resent) == {"ministry_clerk@example.vn"}
    assert _to(accepted) == leading
    assert accepted["Subject"] == "[thidua] Tờ trình 12/TTr-SCT đã được tiếp nhận"


def test_issuing_a_decision_mails_every_awardees_agency(
    world: World, smtp_server: list[Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    proposal = council_voted(world)
    decision = services.decision_draft(
        actor=world.officer,
        proposal=proposal,
        number="123/QĐ-BCT",
        date=dt.date(2026, 1, 25),
        signer_name="Nguyễn Văn A",
        signer_title="Thứ trưởng",
        legal_bases="Luật Thi đua, khen thưởng số 06/2022/QH15",
    )
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_issue(actor=world.officer, decision=decision)
    [message] = smtp_server
    assert _to(message) == {
        "lead_officer@example.vn",
        "rep_D-SCT-DT@example.vn",
        "rep_D-SCT-CT@example.vn",
        "rep_D-SCT-VL@example.vn",
    }
    assert message["Subject"] == "[thidua] Quyết định khen thưởng 123/QĐ-BCT đã ban hành"
    body = message.get_content()
    assert "Theo tờ trình số 12/TTr-SCT." in body
    assert "- Sở Công Thương tỉnh Đồng Tháp: Cờ thi đua" in body


def test_nothing_is_sent_to_nobody(smtp_server: list[Any], personas: Personas) -> None:
    assert notifications.addresses([personas.own.pk], notifications.OFFICER_ROLES) == []
    assert smtp_server == []


def test_a_mail_server_that_is_down_does_not_undo_the_hand_over(
    world: World, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    proposal = prepared(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_send(
            actor=world.lead_officer, proposal=proposal, as_of=dt.date(2026, 1, 5)
        )
    proposal.refresh_from_db()
    assert proposal.state == "sent"
