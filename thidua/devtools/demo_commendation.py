"""The demo's 2023 commendation path: cluster XI votes, proposes, the ministry decides.

After the published 2023 ranking (``demo_scoring``: Sở Công Thương thành phố Cần Thơ first),
the cluster's year-end meeting in Cần Thơ votes by secret ballot, electronically: Cần Thơ for
the ministry's emulation flag (Cờ thi đua của Bộ Công Thương) and four staff of the member
departments for the minister's certificate of merit (Bằng khen của Bộ trưởng), three to be
chosen. Three pass (more than half of the six units); the fourth does not. Cần Thơ, the cluster
leader, prepares the proposal from that result, attaches the meeting and count minutes, and
sends it; the ministry's emulation office returns it once (a report to complete) and accepts it
when sent again; the ministry's council votes on the flag (six of its seven members present and
approving by secret ballot, the seventh approving in writing; the threshold is 80 % of all
seven); the minister's decision of 22/03/2024 is
issued and writes the four commendation records into the history.

Everything goes through the services, as the pages would; the actors are the demo's ministry
officer and council members (the cluster's 2023 departments have no demo users, so their steps
are recorded without one). Dates are those of the story; the audit timestamps are seeding time.
Everything is made up and says so. Running the seed again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.awards import services
from thidua.awards.models import AwardTitle, CommendationDecision, Proposal
from thidua.devtools.demo import DEMO_NOTE, DEMO_PASSWORD
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency, Person
from thidua.scoring.models import Ranking
from thidua.voting import services as voting
from thidua.voting.models import BallotCandidate, BallotSession, Question

YEAR = 2023
MEETING = dt.date(2024, 1, 12)
PROPOSAL_NUMBER = "25/TTr-SCT"
PROPOSAL_DATE = dt.date(2024, 1, 19)
RESENT_ON = dt.date(2024, 2, 2)
COUNCIL_MEETING = dt.date(2024, 3, 8)
DECISION_NUMBER = "686/QĐ-BCT"
DECISION_DATE = dt.date(2024, 3, 22)
SESSION_TITLE = "Bình xét thi đua, khen thưởng năm 2023 của Cụm thi đua XI"

FLAG, MERIT = "co_thi_dua_bo", "bang_khen_bo"
NOMINEES = ["CN-0010", "CN-0002", "CN-0021", "CN-0024"]
"""Staff proposed for the certificate of merit: Cần Thơ, An Giang, Bạc Liêu, Cà Mau."""
MERIT_VOTES = {
    "SCT-AG": ["CN-0010", "CN-0021", "CN-0024"],
    "SCT-KG": ["CN-0010", "CN-0002", "CN-0021"],
    "SCT-CT": ["CN-0002", "CN-0021", "CN-0024"],
    "SCT-HG": ["CN-0010", "CN-0002", "CN-0021"],
    "SCT-BL": ["CN-0010", "CN-0002", "CN-0024"],
    "SCT-CM": ["CN-0010", "CN-0002", "CN-0021"],
}
"""Each unit's three choices: CN-0010, CN-0002 and CN-0021 get five votes of six, CN-0024 three
(not more than half)."""

REPORTS = {
    "CN-0010": "Chuyên viên chính Phòng Quản lý thương mại, Sở Công Thương thành phố Cần Thơ. "
    "Chủ trì xây dựng kế hoạch phát triển chợ truyền thống văn minh năm 2023; hai năm liên tục "
    "2022–2023 đạt danh hiệu Chiến sĩ thi đua cơ sở.",
    "CN-0002": "Chuyên viên Phòng Quản lý công nghiệp, Sở Công Thương tỉnh An Giang. Tham mưu "
    "chương trình khuyến công năm 2023 vượt 15 % kế hoạch; hai năm liên tục 2022–2023 đạt danh "
    "hiệu Chiến sĩ thi đua cơ sở.",
    "CN-0021": "Trưởng phòng Quản lý năng lượng, Sở Công Thương tỉnh Bạc Liêu. Tham mưu thẩm "
    "định các dự án điện gió; hai năm liên tục 2022–2023 đạt danh hiệu Chiến sĩ thi đua cơ sở.",
    "CN-0024": "Phó Trưởng phòng Kinh tế đối ngoại, Sở Công Thương tỉnh Cà Mau. Tổ chức các hội "
    "chợ xúc tiến thương mại năm 2023; hai năm liên tục 2022–2023 đạt danh hiệu Chiến sĩ thi "
    "đua cơ sở.",
}

COUNCIL = [
    ("hoidong.chutich", "Chủ tịch Hội đồng TĐKT Bộ Công Thương (mẫu)"),
    ("hoidong.2", "Phó Chủ tịch Hội đồng TĐKT (mẫu)"),
    ("hoidong.3", "Ủy viên Hội đồng TĐKT (mẫu) 3"),
    ("hoidong.4", "Ủy viên Hội đồng TĐKT (mẫu) 4"),
    ("hoidong.5", "Ủy viên Hội đồng TĐKT (mẫu) 5"),
    ("hoidong.6", "Ủy viên Hội đồng TĐKT (mẫu) 6"),
]
"""With the demo's ``hoidong`` user, a council of seven; ``hoidong.6`` misses the meeting and
sends a written vote."""
ABSENT = "hoidong.6"

LEGAL_BASES = "\n".join(
    [
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Nghị định số 96/2022/NĐ-CP ngày 29 tháng 11 năm 2022 của Chính phủ quy định chức năng, "
        "nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Công Thương;",
    ]
)


def _council(ministry: Agency) -> list[User]:
    members = [User.objects.get(username="hoidong")]
    for username, full_name in COUNCIL:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None, username=username, password=DEMO_PASSWORD, full_name=full_name
            )
            membership_grant(actor=None, user=user, role=Role.COUNCIL_MEMBER, agency=ministry)
        members.append(user)
    return members


def _cluster_vote(group_year: GroupYear) -> BallotSession:
    session = voting.ballot_session_create(
        actor=None,
        group_year=group_year,
        title=SESSION_TITLE,
        meeting_date=MEETING,
        mode="electronic",
        place="Thành phố Cần Thơ",
    )
    award = AwardTitle.objects.get
    flag = voting.question_add(actor=None, session=session, award=award(code=FLAG), max_choices=1)
    voting.candidates_from_ranking(actor=None, question=flag, top=1)
    merit = voting.question_add(actor=None, session=session, award=award(code=MERIT), max_choices=3)
    for code in NOMINEES:
        voting.candidate_add(
            actor=None,
            question=merit,
            person=Person.objects.get(code=code),
            reason="Hai năm liên tục 2022–2023 đạt Chiến sĩ thi đua cơ sở; đơn vị giới thiệu "
            + DEMO_NOTE,
        )
    voting.ballot_session_open(actor=None, session=session)
    [flag_candidate] = flag.candidates.all()
    merit_candidates = {
        c.person.code: c.pk for c in merit.candidates.select_related("person") if c.person
    }
    for voter in session.voters.select_related("agency").order_by("order"):
        assert voter.agency is not None  # a cluster's voters are its member units
        token = voting.voter_check_in(actor=None, voter=voter)
        assert token is not None
        own = voter.agency_id == flag_candidate.agency_id
        voting.ballot_cast(
            session=session,
            token=token,
            choices={
                flag.pk: [] if own else [flag_candidate.pk],
                merit.pk: [merit_candidates[code] for code in MERIT_VOTES[voter.agency.code]],
            },
        )
    voting.ballot_session_close(actor=None, session=session)
    return voting.ballot_session_publish(actor=None, session=session, disclose_counts=True)


def _proposal(group_year: GroupYear, session: BallotSession, officer: Any) -> Proposal:
    proposal = services.proposal_prepare(
        actor=None,
        group_year=group_year,
        ballot_session=session,
        number=PROPOSAL_NUMBER,
        date=PROPOSAL_DATE,
    )
    for nomination in proposal.nominations.filter(person__isnull=False).select_related("person"):
        assert nomination.person is not None
        services.nomination_report_save(
            actor=None,
            nomination=nomination,
            report_text=REPORTS[nomination.person.code] + " " + DEMO_NOTE,
            justification="",
        )
    services.dossier_minutes_attach(actor=None, proposal=proposal)  # both, generated
    proposal = services.proposal_send(actor=None, proposal=proposal, as_of=PROPOSAL_DATE)
    proposal = services.proposal_return(
        actor=officer,
        proposal=proposal,
        reason="Đề nghị bổ sung trong báo cáo thành tích của Sở Công Thương thành phố Cần Thơ "
        "các chỉ tiêu giao ước đã vượt và mô hình được nhân rộng năm 2023. " + DEMO_NOTE,
    )
    flag = proposal.nominations.get(award__code=FLAG)
    services.nomination_report_save(
        actor=None,
        nomination=flag,
        report_text=flag.report_text
        + "\n\nCác chỉ tiêu vượt: xuất khẩu, bán lẻ hàng hóa và dịch vụ tiêu dùng; mô hình "
        "“chợ truyền thống văn minh” được các sở trong Cụm nhân rộng. " + DEMO_NOTE,
        justification=flag.justification,
    )
    proposal = services.proposal_send(actor=None, proposal=proposal, as_of=RESENT_ON)
    return services.proposal_accept(actor=officer, proposal=proposal)


def _council_vote(proposal: Proposal, ministry: Agency, officer: Any) -> None:
    council = _council(ministry)
    session = services.proposal_council_session_create(
        actor=officer,
        proposal=proposal,
        council=ministry,
        meeting_date=COUNCIL_MEETING,
        mode="electronic",
    )
    session.place = "Hà Nội"
    session.save(update_fields=["place"])
    voting.ballot_session_open(actor=officer, session=session)
    question: Question = session.questions.get()
    candidate: BallotCandidate = question.candidates.get()
    for member in council:
        if member.username == ABSENT:  # away on the day: approves in writing (in the minutes)
            voting.written_vote_record(
                actor=officer,
                voter=session.voters.get(user=member),
                choices={question.pk: [candidate.pk]},
                note="Ý kiến bằng văn bản gửi Thường trực Hội đồng ngày 06/03/2024. " + DEMO_NOTE,
            )
            continue
        token = voting.voter_check_in(actor=member, voter=session.voters.get(user=member))
        assert token is not None
        voting.ballot_cast(session=session, token=token, choices={question.pk: [candidate.pk]})
    voting.ballot_session_close(actor=officer, session=session)
    voting.ballot_session_publish(actor=officer, session=session, disclose_counts=True)


def _decision(proposal: Proposal, officer: Any) -> CommendationDecision:
    decision = services.decision_draft(
        actor=officer,
        proposal=Proposal.objects.get(pk=proposal.pk),
        number=DECISION_NUMBER,
        date=DECISION_DATE,
        signer_name="Nguyễn Văn Mẫu",
        signer_title="Bộ trưởng",
        legal_bases=LEGAL_BASES,
        summary="Về việc tặng Cờ thi đua và Bằng khen của Bộ trưởng Bộ Công Thương cho các tập "
        "thể, cá nhân thuộc Cụm thi đua XI đã có thành tích xuất sắc năm 2023",
    )
    return services.decision_issue(actor=officer, decision=decision)


def seed_demo_commendation() -> CommendationDecision | None:
    """Carry cluster XI's 2023 vote, proposal and decision through (once); the issued
    decision, or ``None`` when the 2023 ranking is not published or someone has already
    started a session of that year (then it is theirs to finish).

    Not one transaction: checking a voter in and casting a ballot commit on their own
    (secrecy, ``voting.services.casting``)."""
    group_year = GroupYear.objects.get(group__code="CUM-XI", year=YEAR)
    found = CommendationDecision.objects.filter(proposal__group_year=group_year).first()
    if found is not None:
        return found
    if not Ranking.objects.filter(table__group_year=group_year).exists():
        return None
    if BallotSession.objects.filter(group_year=group_year).exists():
        return None
    ministry = group_year.group.organiser
    officer = User.objects.get(username="bocongthuong")
    session = _cluster_vote(group_year)
    proposal = _proposal(group_year, session, officer)
    _council_vote(proposal, ministry, officer)
    return _decision(proposal, officer)
