"""The proposal (tờ trình) and the decision (quyết định) as Decree 30 documents, PDF and .docx:
the header, the number, the legal bases, the vote and the nominees, the annexed lists, the mark
of a draft; who may download them; and the generated minutes put into the dossier."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from thidua.audit.models import AuditEvent
from thidua.awards import services
from thidua.awards.models import CommendationDecision, DocumentKind, Proposal
from thidua.awards.tests.test_proposals_world import (
    World,
    build,
    council_voted,
    prepared,
    sent,
)
from thidua.core.errors import DomainError
from thidua.core.testing import Personas
from thidua.voting.documents import DOCX

ClientAs = Callable[[Any], Client]
DECIDED_ON = dt.date(2026, 1, 25)
BASES = "Luật Thi đua, khen thưởng số 06/2022/QH15\nNghị định số 152/2025/NĐ-CP"
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",
]


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def _user(world: World, persona: str) -> Any:
    return world.lead_officer if persona == "lead_officer" else getattr(world.personas, persona)


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _docx(content: bytes) -> tuple[Any, list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return document, paragraphs, tables


def _decision(world: World, *, issue: bool = False) -> CommendationDecision:
    decision = services.decision_draft(
        actor=world.officer,
        proposal=council_voted(world),
        number="123/QĐ-BCT" if issue else "",
        date=DECIDED_ON if issue else None,
        signer_name="Nguyễn Văn A",
        signer_title="Thứ trưởng",
        legal_bases=BASES,
    )
    if issue:
        decision = services.decision_issue(actor=world.officer, decision=decision)
    return decision


# --- The proposal ----------------------------------------------------------------------------


def test_the_proposal_docx_has_the_header_bases_vote_nominees_and_dossier(
    world: World, client_as: ClientAs
) -> None:
    proposal = prepared(world)
    response = client_as(world.lead_officer).get(
        reverse("awards:proposal_file", args=[proposal.pk, "docx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "to-trinh" in response["Content-Disposition"]
    _document, texts, tables = _docx(response.content)
    issuer, nation = tables[0][0]
    assert "SỞ CÔNG THƯƠNG\nTỈNH ĐỒNG THÁP" in issuer
    assert "Số: 12/TTr-SCT" in issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nation
    assert "ngày 04 tháng 01 năm 2026" in nation.lower()
    assert "TỜ TRÌNH" in texts
    assert any(t.startswith("Về việc đề nghị khen thưởng năm 2025") for t in texts)
    assert "Kính gửi: Bộ trưởng Bộ Công Thương." in texts
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;" in texts
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP;" in texts
    assert any(t.startswith("Căn cứ kết quả bình xét, bỏ phiếu kín") for t in texts)
    # the vote per nominee: published without the counts, so pass or fail only
    flag = "Cờ thi đua của Bộ Công Thương"
    assert f"- {world.lead.name} ({flag}): đạt tỉ lệ trúng cử;" in texts
    assert not any("phiếu đồng ý" in t for t in texts)
    merit = "Bằng khen của Bộ trưởng Bộ Công Thương"
    assert f"- {world.fourth.name} ({merit}): đạt tỉ lệ trúng cử." in texts
    assert f"- {flag}: 01 tập thể;" in texts
    assert f"- {merit}: 02 tập thể." in texts
    group = world.group_year.group.name
    assert f"- Biên bản họp bình xét của {group};" in texts
    assert f"- Biên bản kiểm phiếu của {group};" in texts
    assert f"- Báo cáo thành tích của {world.lead.name};" in texts
    # the annex: a new page, the reference to the proposal, one row per nominee
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in texts
    assert any(
        t.startswith("(Kèm theo Tờ trình số 12/TTr-SCT ngày 04 tháng 01 năm 2026") for t in texts
    )
    annex = tables[-1]
    assert annex[0] == ["STT", "Tên tập thể, cá nhân", "Danh hiệu, hình thức\nđề nghị", "Bình xét"]
    assert [row[1:3] for row in annex[1:]] == [
        [world.lead.name, "Cờ thi đua của Bộ Công Thương"],
        [world.third.name, merit],
        [world.fourth.name, merit],
    ]
    signature = "\n".join(cell for row in tables[1] for cell in row)
    assert "TM. CỤM THI ĐUA" in signature
    assert "CỤM TRƯỞNG" in signature


def test_the_proposal_pdf_has_the_number_and_the_annexed_list(
    world: World, client_as: ClientAs
) -> None:
    proposal = prepared(world)
    response = client_as(world.officer).get(
        reverse("awards:proposal_file", args=[proposal.pk, "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    last = " ".join((reader.pages[-1].extract_text() or "").split())
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in last
    assert world.fourth.name in last
    text = _pdf_text(response.content)
    assert "Số: 12/TTr-SCT" in text
    assert "TỜ TRÌNH" in text


def test_an_unknown_format_is_a_404(world: World, client_as: ClientAs) -> None:
    proposal = prepared(world)
    client = client_as(world.lead_officer)
    assert client.get(reverse("awards:proposal_file", args=[proposal.pk, "odt"])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_proposal_file_goes_to_those_who_see_the_dossier(
    world: World, client_as: ClientAs, persona: str
) -> None:
    proposal = prepared(world)
    response = client_as(_user(world, persona)).get(
        reverse("awards:proposal_file", args=[proposal.pk, "pdf"])
    )
    allowed = {"ministry_officer", "system_admin", "lead_officer"}
    expected = 302 if persona == "anonymous" else 200 if persona in allowed else 404
    assert response.status_code == expected


# --- The decision ----------------------------------------------------------------------------


def test_a_draft_decision_carries_the_draft_mark(world: World, client_as: ClientAs) -> None:
    decision = _decision(world)
    client = client_as(world.officer)
    response = client.get(reverse("awards:decision_file", args=[decision.pk, "docx"]))
    assert response.status_code == 200
    document, _texts, tables = _docx(response.content)
    header = document.sections[0].first_page_header.paragraphs[0].text
    assert header == "DỰ THẢO"
    assert "Số:      /QĐ" in tables[0][0][0]
    assert "Ngày    tháng    năm 2026" in tables[0][0][1]
    pdf = client.get(reverse("awards:decision_file", args=[decision.pk, "pdf"]))
    assert "DỰ THẢO" in _pdf_text(pdf.content)


def test_the_issued_decision_has_the_bases_articles_signer_and_list(
    world: World, client_as: ClientAs
) -> None:
    decision = _decision(world, issue=True)
    response = client_as(world.personas.member_officer).get(
        reverse("awards:decision_file", args=[decision.pk, "docx"])
    )
    assert response.status_code == 200
    document, texts, tables = _docx(response.content)
    assert document.sections[0].first_page_header.paragraphs[0].text == ""
    issuer, nation = tables[0][0]
    assert "BỘ CÔNG THƯƠNG" in issuer
    assert "Số: 123/QĐ-BCT" in issuer
    assert "ngày 25 tháng 01 năm 2026" in nation.lower()
    assert "QUYẾT ĐỊNH" in texts
    assert any(
        t.startswith("Về việc tặng Cờ thi đua của Bộ Công Thương và Bằng khen") for t in texts
    )
    assert "BỘ TRƯỞNG BỘ CÔNG THƯƠNG" in texts
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;" in texts
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP;" in texts
    assert any(
        t.startswith(f"Xét đề nghị của {world.lead.name}") and "Tờ trình số 12/TTr-SCT" in t
        for t in texts
    )
    assert "QUYẾT ĐỊNH:" in texts
    assert any(t.startswith("Điều 1. Tặng thưởng 03 tập thể") for t in texts)
    assert "- Cờ thi đua của Bộ Công Thương: 01 tập thể;" in texts
    assert "- Bằng khen của Bộ trưởng Bộ Công Thương: 02 tập thể." in texts
    assert any(t.startswith("Điều 2.") and "tiền thưởng" in t for t in texts)
    article_2 = next(t for t in texts if t.startswith("Điều 2."))
    assert "đồng" not in article_2  # no amount: the project holds no base salary table
    assert [c for c in article_2 if c.isdigit()] == ["2", "1"]  # "Điều 2", "tại Điều 1"
    assert any(t.startswith("Điều 3.") for t in texts)
    signature = "\n".join(cell for row in tables[1] for cell in row)
    assert "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" in signature
    assert "Nguyễn Văn A" in signature
    assert "- Như Điều 3;" in signature
    assert "DANH SÁCH ĐƯỢC KHEN THƯỞNG" in texts
    assert any(t.startswith("(Kèm theo Quyết định số 123/QĐ-BCT ngày 25 tháng 01") for t in texts)
    lists = [t for t in tables[2:] if t[0][0] == "STT"]
    assert [row[1] for t in lists for row in t[1:]] == [
        world.lead.name,
        world.third.name,
        world.fourth.name,
    ]


def test_a_revoked_decision_is_still_rendered_with_its_mark(
    world: World, client_as: ClientAs
) -> None:
    decision = services.decision_revoke(
        actor=world.officer,
        decision=_decision(world, issue=True),
        revoking_number="130/QĐ-BCT",
        revoking_date=dt.date(2026, 2, 10),
        reason="Hồ sơ không đúng",
    )
    response = client_as(world.officer).get(
        reverse("awards:decision_file", args=[decision.pk, "pdf"])
    )
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "ĐÃ THU HỒI, HỦY BỎ" in text
    assert "123/QĐ-BCT" in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_decision_file_goes_to_those_who_see_the_decision(
    world: World, client_as: ClientAs, persona: str
) -> None:
    decision = _decision(world, issue=True)
    response = client_as(_user(world, persona)).get(
        reverse("awards:decision_file", args=[decision.pk, "docx"])
    )
    expected = 302 if persona == "anonymous" else 404 if persona in ("viewer", "outsider") else 200
    assert response.status_code == expected


def test_the_pages_link_to_the_documents(world: World, client_as: ClientAs) -> None:
    decision = _decision(world, issue=True)
    proposal = decision.proposal
    assert proposal is not None
    client = client_as(world.officer)
    page = client.get(reverse("awards:proposal", args=[proposal.pk])).content.decode()
    assert reverse("awards:proposal_file", args=[proposal.pk, "pdf"]) in page
    assert reverse("awards:proposal_file", args=[proposal.pk, "docx"]) in page
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert reverse("awards:decision_file", args=[decision.pk, "pdf"]) in page


# --- The generated minutes in the dossier ----------------------------------------------------


def _bare(world: World) -> Proposal:
    return services.proposal_prepare(
        actor=world.lead_officer,
        group_year=world.group_year,
        ballot_session=world.session,
        number="12/TTr-SCT",
    )


def test_the_generated_minutes_complete_the_dossier_once(world: World) -> None:
    proposal = _bare(world)
    before = AuditEvent.objects.filter(action="awards.dossier_document.attached").count()
    attached = services.dossier_minutes_attach(actor=world.lead_officer, proposal=proposal)
    assert [d.kind for d in attached] == [DocumentKind.MEETING_MINUTES, DocumentKind.COUNT_MINUTES]
    assert attached[0].name == f"bien-ban-hop-{world.session.pk}.pdf"
    assert all(d.content_type == "application/pdf" for d in attached)
    with attached[0].file.open("rb") as handle:
        text = _pdf_text(handle.read())
    assert "BIÊN BẢN" in text
    assert world.lead.name in text
    after = AuditEvent.objects.filter(action="awards.dossier_document.attached").count()
    assert after - before == 2
    assert services.dossier_minutes_attach(actor=world.lead_officer, proposal=proposal) == []
    assert proposal.documents.count() == 2


def test_a_sent_proposal_gets_no_generated_minutes(world: World) -> None:
    proposal = sent(world)
    proposal.documents.all().delete()
    count = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        services.dossier_minutes_attach(actor=world.lead_officer, proposal=proposal)
    assert proposal.documents.count() == 0
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("outsider", 404),
        ("member_officer", 404),
        ("ministry_officer", 403),
        ("lead_officer", 302),
    ],
)
def test_only_the_leading_member_generates_the_minutes(
    world: World, client_as: ClientAs, persona: str, status: int
) -> None:
    proposal = _bare(world)
    response = client_as(_user(world, persona)).post(
        reverse("awards:proposal_minutes_generate", args=[proposal.pk])
    )
    assert response.status_code == status
    assert proposal.documents.count() == (2 if status == 302 else 0)
