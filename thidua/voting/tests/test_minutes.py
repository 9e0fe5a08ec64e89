"""The minutes of the meeting (biên bản họp) of a session, as PDF and .docx: time and place,
the chair and the secretary, who was present and absent (by name, never how anyone voted), the
agenda, the result per question as published (pass/fail only when published without the
counts), the conclusions and the two signatures; who may download them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from thidua.documents.docx import render_docx
from thidua.voting import services
from thidua.voting.documents import DOCX, meeting_minutes_document, meeting_minutes_of
from thidua.voting.models import BallotSession
from thidua.voting.tests.builders import (
    FLAG,
    World,
    check_in,
    cluster_session,
    vote,
)
from thidua.voting.tests.test_views import PERSONAS, READERS, expected

ClientAs = Callable[[Any], Client]
LEADERS = {"system_admin", "lead_officer"}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _published(world: World, *, disclose: bool) -> BallotSession:
    """Four of five units check in (the leading unit is absent) and vote on the flag: three for
    the personas' own unit, one (the own unit's) for Cần Thơ; published with or without the
    counts."""
    session = cluster_session(world, merit=False)
    present = world.units[1:]
    choices = [world.units[2], world.own, world.own, world.own]
    for unit, choice in zip(present, choices, strict=True):
        vote(session, check_in(world, session, unit), {FLAG: [choice]})
    services.ballot_session_close(actor=world.lead_officer, session=session)
    services.ballot_session_publish(
        actor=world.lead_officer, session=session, disclose_counts=disclose
    )
    session.refresh_from_db()
    return session


def _docx_texts(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_the_minutes_docx_has_the_header_attendance_agenda_results_and_signatures(
    world: World, client_as: ClientAs
) -> None:
    session = _published(world, disclose=True)
    response = client_as(world.personas.member_officer).get(
        reverse("voting:meeting_minutes_docx", args=[session.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "bien-ban-hop" in response["Content-Disposition"]
    texts, tables = _docx_texts(response.content)
    issuer, nation = (cell for cell in tables[0][0])
    assert "CỤM THI ĐUA BÌNH XÉT" in issuer
    assert "SỞ CÔNG THƯƠNG\nTỈNH ĐỒNG THÁP" in issuer
    assert "Số:      /BB" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation
    assert "Ngày 18 tháng 12 năm 2026" in nation
    assert "BIÊN BẢN" in texts
    assert "Cuộc họp bình xét khen thưởng năm 2026" in texts
    joined = "\n".join(texts)
    assert "ngày 18 tháng 12 năm 2026" in joined
    assert "- Tổng số đơn vị thành viên: 5; có mặt: 4:" in texts
    for unit in world.units[1:]:
        assert any(t.startswith(f"+ {unit.name}") for t in texts)
    assert "- Vắng mặt: 1:" in texts
    assert f"+ {world.lead.name}." in texts  # the one absent unit
    assert "I. THỜI GIAN, ĐỊA ĐIỂM" in texts
    assert "III. NỘI DUNG CUỘC HỌP" in texts
    assert "2. Bỏ phiếu kín: Bình xét khen thưởng năm 2026, gồm các nội dung:" in texts
    # the result as published, with the counts
    result = next(t for t in tables if t[0][0] == "STT")
    assert result[0] == ["STT", "Ứng viên", "Số phiếu\nđồng ý", "Tỉ lệ (%)", "Kết quả"]
    own_row = next(row for row in result if row[1] == world.own.name)
    assert own_row[2:] == ["3", "60,00", "Trúng cử"]
    assert any("cuộc họp thống nhất đề nghị " + world.own.name in t for t in texts)
    assert any("Giao Sở Công Thương tỉnh Đồng Tháp (đơn vị Cụm trưởng)" in t for t in texts)
    signatures = "\n".join(cell for table in tables[1:] for row in table for cell in row)
    assert "THƯ KÝ" in signatures
    assert "CHỦ TRÌ CUỘC HỌP" in signatures


def test_published_without_the_counts_the_minutes_give_pass_or_fail_only(
    world: World, client_as: ClientAs
) -> None:
    session = _published(world, disclose=False)
    response = client_as(world.personas.agency_leader).get(
        reverse("voting:meeting_minutes_pdf", args=[session.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "BIÊN BẢN" in text
    assert f"{world.own.name} Có Trúng cử" in text
    assert "chỉ ghi ứng viên đạt hay không đạt tỉ lệ" in text
    assert "60,00" not in text
    assert "Số phiếu đồng ý" not in text


def test_the_minutes_never_read_a_ballot_nor_say_who_voted_how(world: World) -> None:
    session = _published(world, disclose=True)
    with CaptureQueriesContext(connection) as queries:
        minutes = meeting_minutes_of(session)
    tables = " ".join(q["sql"].lower() for q in queries.captured_queries)
    for table in ("voting_ballot", "voting_ballotmark", "voting_ballottoken"):
        assert f'"{table}"' not in tables
        assert f"`{table}`" not in tables
    document = meeting_minutes_document(minutes)
    texts = [
        getattr(block, "text", "")
        for block in document.body
        if isinstance(getattr(block, "text", None), str)
    ]
    # a unit's name is on a line of its own (attendance), or a candidate's line of the result
    # and the conclusions — never beside a choice
    for unit in world.units:
        lines = [t for t in texts if unit.name in t]
        assert all(
            t.rstrip(";.") == unit.name
            or t.startswith(("Trúng cử:", "Chủ trì:", "Giao "))
            or "cuộc họp thống nhất đề nghị" in t
            for t in lines
        ), lines
    content = render_docx(document).decode("latin-1")
    assert "bỏ phiếu cho" not in content


def test_a_closed_session_has_minutes_for_the_organiser_only(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, merit=False)
    vote(session, check_in(world, session, world.units[2]), {FLAG: [world.lead]})
    services.ballot_session_close(actor=world.lead_officer, session=session)
    ok = client_as(world.lead_officer).get(reverse("voting:meeting_minutes_pdf", args=[session.pk]))
    assert ok.status_code == 200
    assert "có giá trị sau khi chủ trì cuộc họp công bố" in _text(ok.content)
    member = client_as(world.personas.member_officer)
    assert member.get(reverse("voting:meeting_minutes_pdf", args=[session.pk])).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_published_minutes_answer_whoever_sees_the_session(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = _published(world, disclose=True)
    for name in ("voting:meeting_minutes_pdf", "voting:meeting_minutes_docx"):
        response = client_as(world.user(persona)).get(reverse(name, args=[session.pk]))
        assert response.status_code == expected(persona, allowed=READERS)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("open_it", [False, True])
def test_a_draft_or_open_session_has_no_minutes(
    world: World, client_as: ClientAs, open_it: bool
) -> None:
    session = cluster_session(world, open_it=open_it)
    client = client_as(world.lead_officer)
    for name in ("voting:meeting_minutes_pdf", "voting:meeting_minutes_docx"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404


def test_the_session_page_links_to_the_minutes(world: World, client_as: ClientAs) -> None:
    session = _published(world, disclose=True)
    page = client_as(world.personas.member_officer).get(
        reverse("voting:session", args=[session.pk])
    )
    content = page.content.decode()
    assert reverse("voting:meeting_minutes_pdf", args=[session.pk]) in content
    assert reverse("voting:meeting_minutes_docx", args=[session.pk]) in content
