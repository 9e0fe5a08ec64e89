"""The documents of a session (Decree 30 layout): the paper ballot (no name, no number, one
identical copy per voter) and the vote-count minutes (biên bản kiểm phiếu) as PDF and .docx —
the header, the title, the counts and shares, ties, the tellers' and the chair's signatures;
pass/fail only when the counts were not published; who may download them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from thidua.voting import services
from thidua.voting.documents import (
    DOCX,
    CountMinutes,
    count_minutes_document,
    count_minutes_of,
    header_lines,
    percent,
)
from thidua.voting.models import BallotSession, VotingRule
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    World,
    candidate,
    check_in,
    cluster_session,
    question,
    vote,
    voter,
)
from thidua.voting.tests.test_views import PERSONAS, READERS, expected

ClientAs = Callable[[Any], Client]
LEADERS = {"system_admin", "lead_officer"}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _paper(world: World, *, flag: tuple[int, ...], merit: tuple[int, ...]) -> BallotSession:
    """A paper session where all five units were present, closed and counted by two tellers
    who agree: five ballots, ``flag`` and ``merit`` approvals unit by unit."""
    session = cluster_session(world, mode="paper")
    for unit in world.units:
        services.voter_check_in(actor=world.lead_officer, voter=voter(session, unit))
    services.ballot_session_close(actor=world.lead_officer, session=session)
    approvals = {candidate(session, FLAG, u).pk: n for u, n in zip(world.units, flag, strict=True)}
    approvals |= {
        candidate(session, MERIT, u).pk: n for u, n in zip(world.units[2:], merit, strict=True)
    }
    for slot, teller in ((1, world.lead_officer), (2, world.rep(world.units[2]))):
        services.teller_count_enter(
            actor=teller, session=session, slot=slot, ballots=5, invalid=0, approvals=approvals
        )
    services.paper_counts_reconcile(actor=world.lead_officer, session=session)
    session.refresh_from_db()
    return session


@pytest.fixture
def counted(world: World) -> BallotSession:
    """Closed and counted: the leader gets four flag votes; merit has no tie."""
    return _paper(world, flag=(4, 1, 0, 0, 0), merit=(5, 3, 2))


def _electronic_published(world: World, *, disclose: bool) -> BallotSession:
    """Four of five units vote on the flag only; published with or without the counts (a
    candidate with no vote among four ballots is a disclosure warning)."""
    session = cluster_session(world, merit=False)
    for unit in world.units[1:]:
        vote(session, check_in(world, session, unit), {FLAG: [world.lead]})
    services.ballot_session_close(actor=world.lead_officer, session=session)
    services.ballot_session_publish(
        actor=world.lead_officer, session=session, disclose_counts=disclose
    )
    session.refresh_from_db()
    return session


# --- The minutes as .docx and PDF ------------------------------------------------------------


def test_the_minutes_docx_has_the_header_the_title_the_counts_and_the_signatures(
    world: World, counted: BallotSession, client_as: ClientAs
) -> None:
    response = client_as(world.lead_officer).get(reverse("voting:minutes_docx", args=[counted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    header = document.tables[0]
    issuer, nation = (cell.text for cell in header.rows[0].cells)
    assert "CỤM THI ĐUA BÌNH XÉT" in issuer
    assert "SỞ CÔNG THƯƠNG\nTỈNH ĐỒNG THÁP" in issuer  # balanced lines
    assert "Số:      /BB" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation
    assert "Độc lập - Tự do - Hạnh phúc" in nation
    assert "Ngày 18 tháng 12 năm 2026" in nation  # the test agencies have no province
    texts = [p.text for p in document.paragraphs]
    assert "BIÊN BẢN KIỂM PHIẾU" in texts
    assert "Bình xét khen thưởng năm 2026" in texts
    for line in (
        "- Số cử tri trong danh sách: 5; số cử tri có mặt (đã điểm danh): 5;",
        "- Số phiếu phát ra: 5; số phiếu thu về: 5;",
        "- Số phiếu hợp lệ: 5; số phiếu không hợp lệ: 0.",
    ):
        assert line in texts
    assert any("hơn một phần hai (1/2) tổng số thành viên" in t and "ít nhất 3" in t for t in texts)
    flag = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in flag.rows]
    assert rows[0] == ["STT", "Ứng viên", "Số phiếu\nđồng ý", "Tỉ lệ (%)", "Kết quả"]
    assert rows[1] == ["1", world.lead.name, "4", "80,00", "Trúng cử"]
    assert rows[2] == ["2", world.own.name, "1", "20,00", "Không trúng cử"]
    assert f"Trúng cử: {world.lead.name}." in texts
    merit_winners = f"Trúng cử: {world.units[2].name}; {world.units[3].name}."
    assert merit_winners in texts
    signatures = [
        cell.text for table in document.tables[1:] for row in table.rows for cell in row.cells
    ]
    joined = "\n".join(signatures)
    assert joined.count("KIỂM PHIẾU VIÊN") == 2
    assert "CHỦ TRÌ CUỘC HỌP" in joined
    assert str(world.lead_officer) in joined
    assert str(world.rep(world.units[2])) in joined
    assert any(
        f"Tổ kiểm phiếu gồm ông (bà) {world.lead_officer} và ông (bà) {world.rep(world.units[2])}"
        in t
        for t in texts
    )
    assert "- Lưu: VT." in texts  # the recipients, below the signatures


def test_the_minutes_pdf_has_the_counts_and_the_shares(
    world: World, counted: BallotSession, client_as: ClientAs
) -> None:
    response = client_as(world.lead_officer).get(reverse("voting:minutes_pdf", args=[counted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN KIỂM PHIẾU",
        "Số cử tri trong danh sách: 5; số cử tri có mặt (đã điểm danh): 5",
        "Số phiếu hợp lệ: 5; số phiếu không hợp lệ: 0",
        f"{world.lead.name} 4 80,00 Trúng cử",
        f"{world.units[4].name} 2 40,00 Không trúng cử",
        "KIỂM PHIẾU VIÊN",
        "CHỦ TRÌ CUỘC HỌP",
    ):
        assert words in text, words


def test_a_tie_and_its_runoff_are_in_the_minutes(world: World) -> None:
    session = _paper(world, flag=(4, 1, 0, 0, 0), merit=(3, 3, 3))
    services.tie_resolve(actor=world.lead_officer, question=question(session, MERIT))
    services.ballot_session_publish(actor=world.lead_officer, session=session, disclose_counts=True)
    session.refresh_from_db()
    minutes = count_minutes_of(session)
    merit = minutes.questions[1]
    names = "; ".join(u.name for u in world.units[2:])
    assert merit.tie == (
        f"Các ứng viên {names} bằng phiếu cùng 3 phiếu ở suất cuối (2 suất còn lại). "
        "Bỏ phiếu lại giữa các ứng viên bằng phiếu (phiên “Bỏ phiếu lại: Bình xét khen "
        "thưởng năm 2026”)."
    )
    assert [c.outcome for c in merit.candidates] == ["runoff"] * 3
    text = _minutes_text(minutes)
    assert "Bằng phiếu, bỏ phiếu lại" in text
    assert "Không có ứng viên trúng cử." in text


def test_the_chairs_decision_is_in_the_minutes(world: World) -> None:
    VotingRule.objects.filter(code="cum-thi-dua").update(tie_policy="chair")
    session = _paper(world, flag=(4, 1, 0, 0, 0), merit=(3, 3, 3))
    services.tie_resolve(
        actor=world.lead_officer,
        question=question(session, MERIT),
        chosen=[
            candidate(session, MERIT, world.units[2]),
            candidate(session, MERIT, world.units[4]),
        ],
        note="Ưu tiên đơn vị có sáng kiến",
    )
    tie = count_minutes_of(session).questions[1].tie
    assert tie.endswith(
        f"Chủ trì cuộc họp quyết định chọn: {world.units[2].name}; {world.units[4].name}. "
        "Ý kiến của chủ trì: Ưu tiên đơn vị có sáng kiến"
    )


def _minutes_text(minutes: CountMinutes) -> str:
    from thidua.documents.pdf import render_pdf

    return _text(render_pdf(count_minutes_document(minutes)))


def test_published_without_the_counts_the_minutes_give_pass_or_fail_only(
    world: World, client_as: ClientAs
) -> None:
    session = _electronic_published(world, disclose=False)
    assert not session.counts_disclosed
    response = client_as(world.personas.member_officer).get(
        reverse("voting:minutes_docx", args=[session.pk])
    )
    document = Document(io.BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Ứng viên", "Đạt tỉ lệ", "Kết quả"]
    assert rows[1] == ["1", world.lead.name, "Có", "Trúng cử"]
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "chỉ ghi ứng viên đạt hay không đạt" in texts
    assert "80,00" not in texts
    # electronic: tokens issued to the four who checked in; no tellers, the chair signs alone
    assert "- Số phiếu phát ra: 4; số phiếu thu về: 4;" in texts
    assert "KIỂM PHIẾU VIÊN" not in "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    pdf = client_as(world.personas.member_officer).get(
        reverse("voting:minutes_pdf", args=[session.pk])
    )
    text = _text(pdf.content)
    assert f"{world.lead.name} Có Trúng cử" in text
    assert "Số phiếu đồng ý" not in text


def test_published_with_the_counts_the_minutes_show_them(world: World, client_as: ClientAs) -> None:
    session = _electronic_published(world, disclose=True)
    response = client_as(world.personas.agency_leader).get(
        reverse("voting:minutes_pdf", args=[session.pk])
    )
    text = _text(response.content)
    # four ballots for the leader, measured on all five units
    assert f"{world.lead.name} 4 80,00 Trúng cử" in text
    assert "Số phiếu hợp lệ: 4; số phiếu không hợp lệ: 0" in text


def test_percent_is_exact_and_uses_the_decimal_comma() -> None:
    assert percent(2, 3) == "66,67"
    assert percent(1, 8) == "12,50"
    assert percent(0, 0) == "0,00"


# --- Who may download them ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_published_minutes_answer_whoever_sees_the_session(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = _electronic_published(world, disclose=True)
    for name in ("voting:minutes_pdf", "voting:minutes_docx"):
        response = client_as(world.user(persona)).get(reverse(name, args=[session.pk]))
        assert response.status_code == expected(persona, allowed=READERS)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_before_publication_only_the_organiser_gets_the_minutes(
    world: World, counted: BallotSession, client_as: ClientAs, persona: str
) -> None:
    response = client_as(world.user(persona)).get(reverse("voting:minutes_pdf", args=[counted.pk]))
    assert response.status_code == expected(persona, allowed=LEADERS)


@pytest.mark.parametrize("open_it", [False, True])
def test_a_draft_or_open_session_has_no_minutes(
    world: World, client_as: ClientAs, open_it: bool
) -> None:
    session = cluster_session(world, open_it=open_it)
    client = client_as(world.lead_officer)
    for name in ("voting:minutes_pdf", "voting:minutes_docx"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404


def test_a_closed_paper_session_without_an_accepted_count_has_no_minutes(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, mode="paper")
    services.ballot_session_close(actor=world.lead_officer, session=session)
    response = client_as(world.lead_officer).get(reverse("voting:minutes_pdf", args=[session.pk]))
    assert response.status_code == 404


# --- The notice of the result -----------------------------------------------------------------


def test_the_notice_names_who_is_elected_and_is_signed_for_the_cluster(
    world: World, client_as: ClientAs
) -> None:
    session = _paper(world, flag=(4, 1, 0, 0, 0), merit=(3, 3, 3))
    services.tie_resolve(actor=world.lead_officer, question=question(session, MERIT))
    services.ballot_session_publish(actor=world.lead_officer, session=session, disclose_counts=True)
    response = client_as(world.personas.member_officer).get(
        reverse("voting:notice_docx", args=[session.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    document = Document(io.BytesIO(response.content))
    issuer, nation = (cell.text for cell in document.tables[0].rows[0].cells)
    assert "Số:      /TB" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation
    texts = [p.text for p in document.paragraphs]
    assert "THÔNG BÁO" in texts
    assert "Kết quả bình xét khen thưởng năm 2026" in texts
    assert f"- {world.lead.name}." in texts
    names = "; ".join(u.name for u in world.units[2:])
    assert f"Bỏ phiếu lại giữa các ứng viên bằng phiếu: {names}." in texts
    signature = "\n".join(c.text for r in document.tables[-1].rows for c in r.cells)
    assert "TM. CỤM THI ĐUA\nCỤM TRƯỞNG" in signature
    assert "Nơi nhận:" in signature
    pdf = client_as(world.personas.member_officer).get(
        reverse("voting:notice_pdf", args=[session.pk])
    )
    text = _text(pdf.content)
    assert "THÔNG BÁO" in text
    assert world.lead.name in text
    assert " 4 " not in text  # no counts in the notice


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_notice_answers_whoever_sees_a_published_session(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = _electronic_published(world, disclose=False)
    response = client_as(world.user(persona)).get(reverse("voting:notice_pdf", args=[session.pk]))
    assert response.status_code == expected(persona, allowed=READERS)


def test_there_is_no_notice_before_publication(
    world: World, counted: BallotSession, client_as: ClientAs
) -> None:
    client = client_as(world.lead_officer)
    for name in ("voting:notice_pdf", "voting:notice_docx"):
        assert client.get(reverse(name, args=[counted.pk])).status_code == 404


def test_a_header_name_is_broken_into_balanced_lines() -> None:
    assert header_lines("Sở Công Thương tỉnh An Giang") == "Sở Công Thương\ntỉnh An Giang"
    assert header_lines("Cụm thi đua các tỉnh đồng bằng sông Cửu Long 2 (Cụm XI)") == (
        "Cụm thi đua các tỉnh\nđồng bằng sông Cửu Long 2\n(Cụm XI)"
    )
    assert header_lines("Bộ Công Thương") == "Bộ Công Thương"
    assert header_lines("Hội đồng\nThi đua - Khen thưởng") == "Hội đồng\nThi đua - Khen thưởng"


# --- The paper ballot -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_organiser_prints_the_ballot(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world, mode="paper", open_it=False)
    url = reverse("voting:paper_ballot_pdf", args=[session.pk])
    response = client_as(world.user(persona)).get(url + "?so-ban=1")
    assert response.status_code == expected(persona, allowed=LEADERS)


def test_the_ballot_has_no_name_and_no_number_and_one_copy_per_voter(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, mode="paper", open_it=False)
    response = client_as(world.lead_officer).get(
        reverse("voting:paper_ballot_pdf", args=[session.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 5  # one per voter on the list
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert len(set(pages)) == 1  # every copy is the same
    text = pages[0]
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHIẾU BẦU",
        "Bình xét khen thưởng năm 2026",
        "ngày 18 tháng 12 năm 2026",
        "chọn tối đa 1",
        "chọn tối đa 2",
        world.lead.name,
        world.units[4].name,
        "Đồng ý",
        "Không đánh dấu cho chính đơn vị mình.",
    ):
        assert words in text, words
    assert "Số:" not in text
    for unit in world.units:
        assert text.count(unit.name) == (2 if unit in world.units[2:] else 1)
    two = client_as(world.lead_officer).get(
        reverse("voting:paper_ballot_pdf", args=[session.pk]) + "?so-ban=2"
    )
    assert len(PdfReader(io.BytesIO(two.content)).pages) == 2


def test_an_electronic_session_has_no_paper_ballot(world: World, client_as: ClientAs) -> None:
    session = cluster_session(world, open_it=False)
    response = client_as(world.lead_officer).get(
        reverse("voting:paper_ballot_pdf", args=[session.pk])
    )
    assert response.status_code == 404


def test_the_pages_link_to_the_documents(
    world: World, counted: BallotSession, client_as: ClientAs
) -> None:
    client = client_as(world.lead_officer)
    detail = client.get(reverse("voting:session", args=[counted.pk])).content.decode()
    assert reverse("voting:paper_ballot_pdf", args=[counted.pk]) in detail
    assert reverse("voting:minutes_pdf", args=[counted.pk]) in detail
    results = client.get(reverse("voting:results", args=[counted.pk])).content.decode()
    assert reverse("voting:minutes_docx", args=[counted.pk]) in results
