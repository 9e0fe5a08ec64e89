"""Biên bản họp — the minutes of the meeting that held a session's vote (a cluster's year-end
meeting, or a council's sitting), in the Decree 30/2020/NĐ-CP layout (type code BB).

What it says: when and where, who chaired (the head of the leading member, when the position
records know them) and who took the minutes (left blank for the pen: no record holds it), the
members present and absent by name (attendance is public, as on the voter list), the agenda,
the result of each question as the vote-count minutes give it (the frozen published result,
or the organiser's count of a closed session; pass/fail only when the session was published
without the counts) and the conclusions; signed by the secretary and the chair.

Secrecy: it is built from the voter list's attendance and from aggregates only
(:func:`~thidua.voting.documents.descriptions.count_minutes_of`); it never reads a ballot or
a mark, and no line links a member to a choice. Legal document text: Vietnamese literals, not
translated (see :mod:`thidua.documents.layout`).
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Heading,
    ListItem,
    Paragraph,
    SignatureBlock,
)
from thidua.voting.choices import Outcome, SessionState
from thidua.voting.documents.descriptions import CountMinutes, count_minutes_of
from thidua.voting.documents.render import result_blocks
from thidua.voting.documents.words import day_words, header_lines, join_names
from thidua.voting.models import BallotSession
from thidua.voting.selectors import voter_lines

# Left for the pen: the hour, the secretary's name, a missing place.
PEN = "……"


@dataclass(frozen=True)
class MeetingMinutes:
    """Biên bản họp — the meeting as the minutes tell it (no model in it, so a sample can be
    written by hand). ``count`` carries the issuer, the date, the ballots and the results."""

    count: CountMinutes
    cluster: bool
    members: tuple[str, ...]
    present: tuple[str, ...]
    published: bool
    organiser: str = ""
    secretary: str = ""

    @property
    def absent(self) -> tuple[str, ...]:
        present = set(self.present)
        return tuple(name for name in self.members if name not in present)


def meeting_minutes_of(session: BallotSession) -> MeetingMinutes:
    """The minutes of a closed or published session (``DocumentUnavailable`` before, as for
    the vote-count minutes)."""
    count = count_minutes_of(session)
    lines = voter_lines(session)
    organiser = ""
    if session.group_year is not None:
        organiser = session.group_year.group.organiser.name
    return MeetingMinutes(
        count=count,
        cluster=session.group_year is not None,
        members=tuple(line.voter.name for line in lines),
        present=tuple(line.voter.name for line in lines if line.checked_in),
        published=session.state == SessionState.PUBLISHED,
        organiser=organiser,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _names(names: tuple[str, ...]) -> list[Block]:
    last = len(names) - 1
    return [
        ListItem(f"{name}{'.' if i == last else ';'}", label="+") for i, name in enumerate(names)
    ]


def _attendance(minutes: MeetingMinutes) -> list[Block]:
    count = minutes.count
    issuer = count.issuer
    who = " ".join(issuer.issuing_body.split())
    chair = issuer.chair or PEN
    role = f"đại diện {who}, đơn vị Cụm trưởng" if minutes.cluster else "Chủ tịch Hội đồng"
    unit = "đơn vị thành viên" if minutes.cluster else "thành viên"
    blocks: list[Block] = [
        Heading("II. THÀNH PHẦN THAM DỰ"),
        ListItem(f"Chủ trì: ông (bà) {chair}, {role};"),
        ListItem(f"Thư ký: ông (bà) {minutes.secretary or PEN};"),
        ListItem(f"Tổng số {unit}: {len(minutes.members)}; có mặt: {len(minutes.present)}:"),
    ]
    blocks += _names(minutes.present) if minutes.present else [Paragraph("Không có.")]
    absent = minutes.absent
    blocks.append(ListItem(f"Vắng mặt: {len(absent)}" + (":" if absent else ".")))
    written = set(count.written)
    blocks += _names(
        tuple(f"{name} (có ý kiến bằng văn bản)" if name in written else name for name in absent)
    )
    return blocks


def _agenda(minutes: MeetingMinutes) -> list[Block]:
    count = minutes.count
    blocks: list[Block] = [
        Heading("III. NỘI DUNG CUỘC HỌP"),
        ListItem("Thông qua chương trình, quy tắc bỏ phiếu và tỉ lệ trúng cử;", label="1."),
        ListItem(f"Bỏ phiếu kín: {count.title}, gồm các nội dung:", label="2."),
    ]
    blocks += [
        ListItem(f"{question.text} (chọn tối đa {question.seats});", label=f"{chr(97 + i)})")
        for i, question in enumerate(count.questions)
    ]
    blocks.append(ListItem("Công bố kết quả kiểm phiếu; kết luận; thông qua biên bản.", label="3."))
    return blocks


def _results(minutes: MeetingMinutes) -> list[Block]:
    count = minutes.count
    how = (
        "bằng phiếu giấy, do Tổ kiểm phiếu kiểm đếm"
        if count.paper
        else "điện tử, mỗi thành viên có mặt nhận một mã phiếu dùng một lần"
    )
    blocks: list[Block] = [
        Heading("IV. KẾT QUẢ BỎ PHIẾU"),
        Paragraph(
            f"Cuộc họp bỏ phiếu kín {how}. Số phiếu phát ra: {count.issued}; số phiếu thu về: "
            f"{count.cast}; số phiếu hợp lệ: {count.valid}; số phiếu không hợp lệ: "
            f"{count.invalid}. Kết quả cụ thể (biên bản kiểm phiếu kèm theo):"
        ),
    ]
    blocks += result_blocks(count.questions, counts_shown=count.counts_shown, who="thành viên")
    return blocks


def _conclusions(minutes: MeetingMinutes) -> list[Block]:
    count = minutes.count
    who = " ".join(count.issuer.issuing_body.split())
    blocks: list[Block] = [Heading("V. KẾT LUẬN")]
    if not minutes.published:
        blocks.append(
            Paragraph(
                "Kết quả trên là kết quả kiểm phiếu, có giá trị sau khi chủ trì cuộc họp công bố.",
                italic=True,
            )
        )
    for question in count.questions:
        elected = [c.name for c in question.candidates if c.outcome == Outcome.ELECTED]
        runoff = [c.name for c in question.candidates if c.outcome == Outcome.RUNOFF]
        if elected:
            text = f"{question.text}: cuộc họp thống nhất đề nghị {join_names(elected)}."
        else:
            text = f"{question.text}: không có ứng viên đạt tỉ lệ trúng cử."
        if runoff:
            text += f" Bỏ phiếu lại giữa các ứng viên bằng phiếu: {join_names(runoff)}."
        blocks.append(ListItem(text))
    if minutes.cluster:
        to = f" trình {minutes.organiser}" if minutes.organiser else ""
        blocks.append(
            Paragraph(
                f"Giao {who} (đơn vị Cụm trưởng) tổng hợp, hoàn thiện hồ sơ{to} xem xét, "
                "khen thưởng theo quy định."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Kết quả bỏ phiếu là căn cứ để cơ quan thường trực Hội đồng trình cấp có thẩm "
                "quyền xem xét, quyết định khen thưởng."
            )
        )
    blocks.append(
        Paragraph(
            f"Cuộc họp kết thúc lúc {PEN} giờ {PEN} cùng ngày. Biên bản đã được đọc lại tại cuộc "
            "họp, các thành viên có mặt nhất trí thông qua; biên bản được lập thành 02 bản./."
        )
    )
    return blocks


def meeting_minutes_document(minutes: MeetingMinutes) -> AdministrativeDocument:
    """Biên bản họp: time and place, attendance, agenda, the results per question, the
    conclusions; the secretary signs on the left, the chair on the right."""
    count = minutes.count
    issuer = count.issuer
    place = count.meeting_place or PEN
    body: list[Block] = [
        Paragraph(f"Cuộc họp của {issuer.assembly}: {count.title}."),
        Heading("I. THỜI GIAN, ĐỊA ĐIỂM"),
        ListItem(f"Thời gian: bắt đầu lúc {PEN} giờ {PEN}, {day_words(count.meeting_date)};"),
        ListItem(f"Địa điểm: {place}."),
        *_attendance(minutes),
        *_agenda(minutes),
        *_results(minutes),
        *_conclusions(minutes),
    ]
    return AdministrativeDocument(
        parent_body=header_lines(issuer.parent_body),
        issuing_body=header_lines(issuer.issuing_body),
        number="/BB",
        place=issuer.place,
        date=count.meeting_date,
        doc_type="BIÊN BẢN",
        summary=f"Cuộc họp {_lower_first(count.title)}",
        body=tuple(body),
        # A blank middle column puts the secretary on the left and the chair on the right.
        signatures=(
            SignatureBlock(title="Thư ký", name=minutes.secretary),
            SignatureBlock(title="", name=""),
            SignatureBlock(title="Chủ trì cuộc họp", name=issuer.chair),
        ),
        signature_layout="grid",
        recipients=issuer.recipients,
    )


def meeting_file_name(session: BallotSession, ext: str) -> str:
    return f"bien-ban-hop-{session.pk}.{ext}"
