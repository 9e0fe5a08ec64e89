"""The documents of a session as Decree 30 administrative documents (one
:class:`~thidua.documents.layout.AdministrativeDocument` each), and the paper ballot's PDF of
identical copies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
    SignatureLayout,
    Table,
)
from thidua.documents.pdf import render_html
from thidua.voting.choices import Outcome
from thidua.voting.documents.descriptions import (
    BallotPaper,
    CountMinutes,
    QuestionLines,
    ResultNotice,
)
from thidua.voting.documents.words import (
    OUTCOME_WORDS,
    day_words,
    header_lines,
    join_names,
    percent,
)
from thidua.voting.models import BallotSession

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The most copies of the ballot one PDF holds.
MAX_COPIES = 500


# --- The ballot paper ------------------------------------------------------------------------


def ballot_paper_document(paper: BallotPaper) -> AdministrativeDocument:
    """Phiếu bầu: the national header, the session, then per question its title, how many may
    be chosen and the candidates with a box to tick; the instructions last. No number line, no
    name, no signature: every copy is the same."""
    where = f", tại {paper.meeting_place}" if paper.meeting_place else ""
    body: list[Block] = [
        Paragraph(
            f"{paper.issuer.assembly}\nHọp {day_words(paper.meeting_date)}{where}",
            align="center",
            indent=False,
            italic=True,
        )
    ]
    for number, question in enumerate(paper.questions, start=1):
        body.append(
            Paragraph(
                f"{number}. {question.text} (chọn tối đa {question.seats})",
                bold=True,
                align="left",
                indent=False,
            )
        )
        body.append(
            Table(
                header=("STT", "Ứng viên", "Đồng ý\n(đánh dấu X)"),
                rows=tuple(
                    (str(i), name, "") for i, name in enumerate(question.candidates, start=1)
                ),
                widths=(0.9, 6.0, 1.9),
                aligns=("center", "left", "center"),
            )
        )
    body.append(Paragraph("Hướng dẫn:", bold=True, italic=True, align="left", indent=False))
    instructions = [
        "Đánh dấu X vào ô “Đồng ý” của ứng viên được chọn; để trống ô của ứng viên không chọn.",
        "Mỗi nội dung chọn không quá số được chọn tối đa; phiếu chọn quá số này là phiếu "
        "không hợp lệ.",
        "Phiếu không ghi tên người bỏ phiếu; không ký, không viết thêm vào phiếu.",
    ]
    if not all(q.self_vote_allowed for q in paper.questions):
        instructions.insert(2, "Không đánh dấu cho chính đơn vị mình.")
    body.extend(Paragraph(f"- {line}", italic=True) for line in instructions)
    return AdministrativeDocument(
        parent_body=header_lines(paper.issuer.parent_body),
        issuing_body=header_lines(paper.issuer.issuing_body),
        numbered=False,
        place=paper.issuer.place,
        date=paper.meeting_date,
        doc_type="PHIẾU BẦU",
        summary=paper.title,
        body=tuple(body),
    )


def ballot_paper_pdf(paper: BallotPaper, *, copies: int = 1) -> bytes:
    """The ballot as a PDF of ``copies`` identical copies (laid out once, pages repeated)."""
    import weasyprint  # type: ignore[import-untyped]  # lazily, as documents.pdf does

    from thidua.documents import pdf

    html = render_html(ballot_paper_document(paper))
    rendered = weasyprint.HTML(string=html, base_url=str(Path(pdf.__file__).parent)).render()
    copies = max(1, min(copies, MAX_COPIES))
    if copies > 1:
        rendered = rendered.copy(rendered.pages * copies)
    data: bytes = rendered.write_pdf()
    return data


# --- The vote-count minutes ------------------------------------------------------------------


def result_blocks(
    questions: Sequence[QuestionLines], *, counts_shown: bool, who: str
) -> list[Block]:
    """Every question's result (the count minutes, the meeting minutes); ``who`` names the
    voters in the note on hidden counts (``cử tri``, ``thành viên``)."""
    blocks: list[Block] = []
    if not counts_shown:
        blocks.append(
            Paragraph(
                f"Do số {who} ít, công bố số phiếu của từng ứng viên sẽ làm lộ phiếu bầu của mọi "
                "người; theo quyết định của chủ trì cuộc họp, biên bản chỉ ghi ứng viên đạt hay "
                "không đạt tỉ lệ.",
                italic=True,
            )
        )
    # Questions under one rule (a cluster's vote) state it once, above them.
    rules = {(q.rule_name, q.legal_basis, q.quorum, q.threshold) for q in questions}
    shared_rule = len(questions) > 1 and len(rules) == 1
    if shared_rule:
        blocks += _rule_blocks(questions[0])
    for number, question in enumerate(questions, start=1):
        blocks += _question_blocks(
            number, question, counts_shown=counts_shown, shared_rule=shared_rule
        )
    return blocks


def _rule_blocks(question: QuestionLines) -> list[Block]:
    return [
        Paragraph(f"Quy tắc: {question.rule_name}. Căn cứ: {question.legal_basis}", italic=True),
        Paragraph(question.quorum),
        Paragraph(question.threshold),
    ]


def _question_blocks(
    number: int, question: QuestionLines, *, counts_shown: bool, shared_rule: bool
) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"{number}. {question.text} (chọn tối đa {question.seats})", level=2),
    ]
    if not shared_rule:
        blocks += _rule_blocks(question)
    if counts_shown:
        blocks.append(
            Table(
                header=("STT", "Ứng viên", "Số phiếu\nđồng ý", "Tỉ lệ (%)", "Kết quả"),
                rows=tuple(
                    (
                        str(i),
                        c.name,
                        str(c.approvals if c.approvals is not None else ""),
                        percent(c.approvals or 0, question.base),
                        OUTCOME_WORDS[Outcome(c.outcome)],
                    )
                    for i, c in enumerate(question.candidates, start=1)
                ),
                widths=(0.7, 4.2, 1.3, 1.3, 2.2),
                aligns=("center", "left", "center", "center", "left"),
            )
        )
    else:
        blocks.append(
            Table(
                header=("STT", "Ứng viên", "Đạt tỉ lệ", "Kết quả"),
                rows=tuple(
                    (
                        str(i),
                        c.name,
                        "Có" if c.meets_threshold else "Không",
                        OUTCOME_WORDS[Outcome(c.outcome)],
                    )
                    for i, c in enumerate(question.candidates, start=1)
                ),
                widths=(0.7, 5.0, 1.3, 2.2),
                aligns=("center", "left", "center", "left"),
            )
        )
    if question.tie:
        blocks.append(Paragraph(question.tie))
    elected = [c.name for c in question.candidates if c.outcome == Outcome.ELECTED]
    blocks.append(
        Paragraph(
            f"Trúng cử: {join_names(elected)}." if elected else "Không có ứng viên trúng cử.",
            bold=True,
        )
    )
    return blocks


def count_minutes_document(minutes: CountMinutes) -> AdministrativeDocument:
    """Biên bản kiểm phiếu: who held the vote, when and where, the voters and the ballots, per
    question the rule, the threshold in words, every candidate's approvals and share (or
    pass/fail only), ties and how they were settled; signed by the tellers (paper) and the
    chair."""
    issuer = minutes.issuer
    where = f", tại {minutes.meeting_place}" if minutes.meeting_place else ""
    if minutes.paper:
        tellers = " và ".join(f"ông (bà) {name}" for name in minutes.tellers) or "hai thành viên"
        how = (
            f"Hình thức: bỏ phiếu kín bằng phiếu giấy. Tổ kiểm phiếu gồm {tellers}, kiểm đếm "
            "độc lập; hai kết quả khớp nhau."
        )
    else:
        how = (
            "Hình thức: bỏ phiếu kín điện tử; mỗi cử tri có mặt nhận một mã phiếu dùng một lần, "
            "phiếu không gắn với cử tri."
        )
    body: list[Block] = [
        Paragraph(
            f"Hôm nay, {day_words(minutes.meeting_date)}{where}, {issuer.assembly} tổ chức bỏ "
            f"phiếu kín: {minutes.title}."
        ),
        Paragraph(how),
        Heading("I. SỐ CỬ TRI VÀ SỐ PHIẾU"),
        ListItem(
            f"Số cử tri trong danh sách: {minutes.total_voters}; số cử tri có mặt (đã điểm "
            f"danh): {minutes.present};"
        ),
        ListItem(f"Số phiếu phát ra: {minutes.issued}; số phiếu thu về: {minutes.cast};"),
        ListItem(f"Số phiếu hợp lệ: {minutes.valid}; số phiếu không hợp lệ: {minutes.invalid}."),
    ]
    if minutes.written:
        body.append(
            ListItem(
                f"Thành viên vắng mặt có ý kiến bằng văn bản: {len(minutes.written)} "
                f"({join_names(list(minutes.written))}); số phiếu đồng ý dưới đây gồm cả các "
                "ý kiến này."
            )
        )
    body.append(Heading("II. KẾT QUẢ KIỂM PHIẾU"))
    body += result_blocks(minutes.questions, counts_shown=minutes.counts_shown, who="cử tri")
    body.append(
        Paragraph(
            "Biên bản được lập thành 02 bản, đã đọc lại tại cuộc họp; những người có tên dưới "
            "đây cùng ký./."
            if minutes.tellers
            else "Biên bản được lập thành 02 bản, đã đọc lại tại cuộc họp./."
        )
    )
    chair = SignatureBlock(title="Chủ trì cuộc họp", name=minutes.issuer.chair)
    layout: SignatureLayout
    if minutes.tellers:
        signers = (SignatureBlock(title="Kiểm phiếu viên", name=name) for name in minutes.tellers)
        signatures = (*signers, chair)
        layout = "grid"
    else:
        signatures, layout = (chair,), "single"
    return AdministrativeDocument(
        parent_body=header_lines(issuer.parent_body),
        issuing_body=header_lines(issuer.issuing_body),
        number="/BB",
        place=issuer.place,
        date=minutes.meeting_date,
        doc_type="BIÊN BẢN KIỂM PHIẾU",
        summary=minutes.title,
        body=tuple(body),
        signatures=signatures,
        signature_layout=layout,
        recipients=issuer.recipients,
    )


def result_notice_document(notice: ResultNotice) -> AdministrativeDocument:
    """Thông báo kết quả bình xét: per title who is elected (and who goes to a run-off), signed
    for the cluster by its leader (or for the council by its chair); no counts."""
    issuer = notice.issuer
    who = " ".join(issuer.issuing_body.split())
    body: list[Block] = [
        Paragraph(
            f"Căn cứ kết quả bỏ phiếu kín tại cuộc họp {day_words(notice.meeting_date)} của "
            f"{issuer.assembly} (biên bản kiểm phiếu kèm theo), {who} thông báo "
            f"kết quả {notice.title[:1].lower() + notice.title[1:]} như sau:"
        )
    ]
    for number, question in enumerate(notice.questions, start=1):
        body.append(Heading(f"{number}. {question.text} ({question.seats} suất)", level=2))
        if question.elected:
            last = len(question.elected) - 1
            body.extend(
                ListItem(f"{name}{'.' if i == last else ';'}")
                for i, name in enumerate(question.elected)
            )
        elif not question.runoff:
            body.append(Paragraph("Không có ứng viên trúng cử."))
        if question.runoff:
            body.append(
                Paragraph(
                    "Bỏ phiếu lại giữa các ứng viên bằng phiếu: "
                    f"{join_names(list(question.runoff))}."
                )
            )
    body.append(
        Paragraph(
            f"{who} thông báo để các đơn vị, cá nhân liên quan biết, hoàn thiện "
            "hồ sơ đề nghị khen thưởng theo quy định./."
        )
    )
    on_behalf_of, title = (
        ("Cụm thi đua", "Cụm trưởng") if notice.cluster else ("Hội đồng", "Chủ tịch")
    )
    signature = SignatureBlock(
        authority_prefix="TM.", on_behalf_of=on_behalf_of, title=title, name=issuer.chair
    )
    return AdministrativeDocument(
        parent_body=header_lines(issuer.parent_body),
        issuing_body=header_lines(issuer.issuing_body),
        number="/TB",
        place=issuer.place,
        date=notice.published_on,
        doc_type="THÔNG BÁO",
        summary=f"Kết quả {notice.title[:1].lower() + notice.title[1:]}",
        body=tuple(body),
        signatures=(signature,),
        recipients=issuer.recipients,
    )


def file_name(session: BallotSession, stem: str, ext: str) -> str:
    return f"{stem}-{session.pk}.{ext}"
