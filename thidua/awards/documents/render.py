"""The proposal and the decision as Decree 30 administrative documents (one
:class:`~thidua.documents.layout.AdministrativeDocument` each, its list annexed on a new page).
Legal document text: Vietnamese literals, never translated."""

from __future__ import annotations

from thidua.awards.documents.descriptions import (
    AwardeeLine,
    DecisionPaper,
    NomineeLine,
    Submission,
)
from thidua.awards.documents.words import date_words, is_deputy, recipients_words, two_digits
from thidua.awards.models import DecisionState
from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
    Table,
)
from thidua.voting.documents import header_lines, percent
from thidua.voting.documents.words import day_words

DRAFT_MARK = "DỰ THẢO"
REVOKED_MARK = "ĐÃ THU HỒI, HỦY BỎ"


def _centred(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph(text, bold=bold, italic=italic, align="center", indent=False)


def _by_award[T: (NomineeLine, AwardeeLine)](lines: tuple[T, ...]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = {}
    for line in lines:
        groups.setdefault(line.award, []).append(line)
    return groups


def _counts(lines: list[NomineeLine] | list[AwardeeLine]) -> str:
    collectives = sum(1 for line in lines if line.collective)
    return recipients_words(collectives, len(lines) - collectives)


def _items(texts: list[str]) -> list[Block]:
    """List items ending in ``;``, the last in ``.``."""
    last = len(texts) - 1
    return [ListItem(f"{text}{'.' if i == last else ';'}") for i, text in enumerate(texts)]


def _bases(bases: tuple[str, ...], *, italic: bool) -> list[Block]:
    return [Paragraph(f"Căn cứ {basis};", italic=italic) for basis in bases]


# --- The proposal (tờ trình) -----------------------------------------------------------------


def _vote_words(nominee: NomineeLine, submission: Submission) -> str:
    """``"đạt, 4/5 phiếu đồng ý (80,00 %)"`` — or without the count if it was not published."""
    verdict = "đạt tỉ lệ trúng cử" if nominee.passed else "không đạt tỉ lệ trúng cử"
    if nominee.approvals is None or not submission.vote.counts_shown:
        return verdict
    total = submission.vote.total_voters
    share = percent(nominee.approvals, total)
    return f"{verdict}, {nominee.approvals}/{total} phiếu đồng ý ({share} %)"


def _annex_reference(kind: str, number: str, date_text: str, issuer: str) -> str:
    number = number.strip()
    numbered = f" số {number}" if number and not number.startswith("/") else ""
    when = f" {date_text}" if date_text else ""
    return f"(Kèm theo {kind}{numbered}{when} của {issuer})"


def submission_document(submission: Submission) -> AdministrativeDocument:
    """Tờ trình: to the minister, the legal bases, the ballot that led to it, per nominee the
    title or form and the vote, the dossier; signed for the cluster by its leader; the list of
    nominees annexed."""
    vote = submission.vote
    issuer = submission.issuer
    nominees = submission.nominees
    where = f", tại {vote.meeting_place}" if vote.meeting_place else ""
    body: list[Block] = [
        _centred(f"Kính gửi: {submission.addressee}."),
        *_bases(submission.bases, italic=False),
        Paragraph(
            f"Căn cứ kết quả bình xét, bỏ phiếu kín tại cuộc họp {day_words(vote.meeting_date)}"
            f"{where} của {issuer.assembly} ({vote.title}),"
        ),
        Paragraph(
            f"{submission.proposer}, đơn vị Cụm trưởng {submission.group} năm {submission.year}, "
            f"kính trình {submission.addressee} xem xét, khen thưởng cho các tập thể, cá nhân "
            "của Cụm như sau:"
        ),
        Heading("1. Kết quả bình xét", level=2),
        Paragraph(
            f"Cuộc họp có {vote.present}/{vote.total_voters} đơn vị thành viên tham dự, "
            f"{vote.valid} phiếu hợp lệ. Kết quả bỏ phiếu đối với các đối tượng được đề nghị:"
        ),
    ]
    body += _items([f"{n.name} ({n.award}): {_vote_words(n, submission)}" for n in nominees])
    body.append(Heading("2. Đề nghị khen thưởng", level=2))
    groups = _by_award(nominees)
    body += _items([f"{award}: {_counts(lines)}" for award, lines in groups.items()]) or [
        Paragraph("Không có đối tượng đề nghị.")
    ]
    body.append(Paragraph("(Có danh sách kèm theo)", italic=True))
    body.append(Heading("3. Hồ sơ kèm theo", level=2))
    body += _items(list(submission.dossier)) or [Paragraph("Chưa có tài liệu kèm theo.")]
    body.append(
        Paragraph(f"{submission.proposer} kính trình {submission.addressee} xem xét, quyết định./.")
    )
    annex: list[Block] = [
        _centred("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", bold=True),
        _centred(
            _annex_reference(
                "Tờ trình", submission.number, date_words(submission.date), submission.proposer
            ),
            italic=True,
        ),
        Table(
            header=("STT", "Tên tập thể, cá nhân", "Danh hiệu, hình thức\nđề nghị", "Bình xét"),
            rows=tuple(
                (
                    str(i),
                    n.name,
                    n.award,
                    _vote_words(n, submission)
                    .replace(" tỉ lệ trúng cử", "")
                    .replace(" phiếu đồng ý", " phiếu")
                    .capitalize(),
                )
                for i, n in enumerate(submission.nominees, start=1)
            ),
            widths=(0.7, 4.0, 3.6, 2.2),
            aligns=("center", "left", "left", "left"),
        ),
    ]
    return AdministrativeDocument(
        parent_body=header_lines(issuer.parent_body),
        issuing_body=header_lines(issuer.issuing_body),
        number=submission.number,
        place=issuer.place,
        date=submission.date,
        year=vote.meeting_date.year,
        doc_type="TỜ TRÌNH",
        summary=submission.summary,
        body=tuple(body),
        signatures=(
            SignatureBlock(
                authority_prefix="TM.",
                on_behalf_of="Cụm thi đua",
                title="Cụm trưởng",
                name=issuer.chair,
            ),
        ),
        recipients=issuer.recipients,
        annex=tuple(annex),
    )


# --- The decision (quyết định) ---------------------------------------------------------------


def _signature(paper: DecisionPaper) -> SignatureBlock:
    title = paper.signer_title.strip() or paper.head
    if is_deputy(title):
        return SignatureBlock(
            authority_prefix="KT.", on_behalf_of=paper.head, title=title, name=paper.signer_name
        )
    return SignatureBlock(title=title, name=paper.signer_name)


def decision_document(paper: DecisionPaper) -> AdministrativeDocument:
    """Quyết định khen thưởng: the decider, the legal bases, the request, Điều 1 (the grant, by
    the annexed list), Điều 2 (the reward under the rules in force — the amounts are not held
    here), Điều 3 (execution); a draft carries the mark DỰ THẢO, a revoked decision the mark of
    its revocation."""
    groups = _by_award(paper.awardees)
    years = sorted({a.year for a in paper.awardees})
    year = f" năm {years[0]}" if len(years) == 1 else ""
    body: list[Block] = [
        _centred(paper.decider.upper(), bold=True),
        *_bases(paper.bases, italic=True),
    ]
    if paper.request:
        body.append(Paragraph(paper.request, italic=True))
    body.append(_centred("QUYẾT ĐỊNH:", bold=True))
    if len(groups) == 1:
        [(award, lines)] = groups.items()
        body.append(
            Paragraph(
                f"Điều 1. Tặng {award} cho {_counts(lines)} có tên trong danh sách kèm theo "
                f"Quyết định này, đã có thành tích xuất sắc trong phong trào thi đua{year}."
            )
        )
    else:
        body.append(
            Paragraph(
                f"Điều 1. Tặng thưởng {_counts(list(paper.awardees))} có tên trong danh sách kèm "
                f"theo Quyết định này, đã có thành tích xuất sắc trong phong trào thi đua{year}:"
            )
        )
        body += _items([f"{award}: {_counts(lines)}" for award, lines in groups.items()])
    body += [
        Paragraph(
            "Điều 2. Tập thể, cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo quy định "
            "hiện hành của pháp luật về thi đua, khen thưởng."
        ),
        Paragraph(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các "
            "cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này./."
        ),
    ]
    number = paper.number.strip()
    annex: list[Block] = [
        _centred("DANH SÁCH ĐƯỢC KHEN THƯỞNG", bold=True),
        _centred(
            _annex_reference("Quyết định", number, date_words(paper.date), paper.decider),
            italic=True,
        ),
    ]
    for index, (award, lines) in enumerate(groups.items(), start=1):
        annex.append(
            Paragraph(f"{_roman(index)}. {award.upper()}", bold=True, align="left", indent=False)
        )
        annex.append(
            Table(
                header=("STT", "Tên tập thể, cá nhân", "Năm\nthành tích"),
                rows=tuple(
                    (two_digits(i), line.name, str(line.year))
                    for i, line in enumerate(lines, start=1)
                ),
                widths=(0.8, 7.0, 1.6),
                aligns=("center", "left", "center"),
            )
        )
    mark = ""
    if paper.state == DecisionState.DRAFT:
        mark = DRAFT_MARK
    elif paper.state == DecisionState.REVOKED:
        mark = REVOKED_MARK
    return AdministrativeDocument(
        parent_body=header_lines(paper.parent_body),
        issuing_body=header_lines(paper.issuer),
        number=number or "/QĐ",
        place=paper.place,
        date=paper.date,
        year=paper.year,
        doc_type="QUYẾT ĐỊNH",
        summary=paper.summary,
        body=tuple(body),
        signatures=(_signature(paper),),
        recipients=("- Như Điều 3;", "- Lưu: VT, TĐKT."),
        annex=tuple(annex),
        mark=mark,
    )


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text
