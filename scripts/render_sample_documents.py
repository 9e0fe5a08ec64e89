"""Render the sample documents to docs/screenshots/documents/ (not part of the test run).

Writes, for the cluster XI covenant and the sample tờ trình (``thidua.documents.samples``), for
a demo-like ballot session of cluster XI (``voting_samples`` below: the paper ballot, the
vote-count minutes of a paper vote with the tellers, the minutes of an electronic vote
published with pass/fail only, and the notice of the result) and for the commendation workflow
that followed (``award_samples``: the minutes of the meeting, the cluster's tờ trình with its
annexed list, the minister's decision with its list), a PNG of every page of the PDF
(through poppler's ``pdftoppm``), so that a reviewer can look at the Decree 30 layout without
opening anything; ``--with-sources`` also writes the .docx and the PDF beside them. Run from
the repository root:

    .venv/bin/python scripts/render_sample_documents.py [--dpi 80] [--with-sources]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.documents.layout import AdministrativeDocument

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "documents"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80, help="resolution of the PNGs")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    parser.add_argument(
        "--with-sources", action="store_true", help="also write the .docx and the PDF"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from thidua.documents import samples
    from thidua.documents.docx import render_docx
    from thidua.documents.pdf import render_pdf

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, document in (
        ("covenant-cluster-xi-2023", samples.covenant_2023()),
        ("submission-to-trinh", samples.submission()),
        *voting_samples(),
        *award_samples(),
    ):
        docx = render_docx(document)
        pdf = render_pdf(document)
        if args.with_sources:
            (out / f"{name}.docx").write_bytes(docx)
            (out / f"{name}.pdf").write_bytes(pdf)
        for old in out.glob(f"{name}-page-*.png"):
            old.unlink()
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / "document.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                [pdftoppm, "-png", "-r", str(args.dpi), source, out / f"{name}-page"],
                check=True,
            )
        pages = sorted(out.glob(f"{name}-page-*.png"))
        print(f"{name}: {len(pages)} page(s) → {out}")
    return 0


def voting_samples() -> list[tuple[str, AdministrativeDocument]]:
    """Cluster XI's year-end vote of 2024 (six members, An Giang leading after Cần Thơ): the
    paper ballot, its count minutes and the notice of the result; the electronic vote of 2025
    (three members after the mergers) published with pass/fail only. Names of people and the
    counts are made up."""
    from thidua.voting.documents import (
        ballot_paper_document,
        count_minutes_document,
        result_notice_document,
    )

    paper, minutes, public, notice = _voting_descriptions()
    return [
        ("voting-ballot-paper", ballot_paper_document(paper)),
        ("voting-count-minutes-paper", count_minutes_document(minutes)),
        ("voting-count-minutes-public", count_minutes_document(public)),
        ("voting-result-notice", result_notice_document(notice)),
    ]


def _voting_descriptions() -> tuple[Any, Any, Any, Any]:
    """The descriptions behind ``voting_samples``: the ballot paper, the paper vote's count
    minutes, the public count minutes of 2025 and the notice."""
    import datetime as dt

    from thidua.voting.choices import Outcome, PassBase, TiePolicy
    from thidua.voting.documents import (
        BallotPaper,
        BallotQuestion,
        CandidateLine,
        CountMinutes,
        Issuer,
        NoticeQuestion,
        QuestionLines,
        ResultNotice,
        quorum_words,
        threshold_words,
    )
    from thidua.voting.tally import RuleNumbers, minimum

    cluster = "Cụm thi đua các tỉnh đồng bằng sông Cửu Long 2 (Cụm XI)"
    rule = RuleNumbers(2, 3, 1, 2, PassBase.ALL_VOTERS, True, TiePolicy.RUNOFF)
    rule_name = "Bình xét trong khối, cụm thi đua"
    basis = "Quy chế hoạt động của Cụm thi đua (thực tiễn các cụm; cụm có quy chế khác bổ sung)."
    issuer = Issuer(
        parent_body=cluster.replace(" (", "\n("),
        issuing_body="Sở Công Thương tỉnh An Giang",
        place="An Giang",
        assembly=f"{cluster} năm 2024",
        chair="Nguyễn Minh Hùng",
        recipients=(
            "- Các đơn vị thành viên Cụm;",
            "- Bộ Công Thương (để báo cáo);",
            "- Lưu: VT.",
        ),
    )
    units = [
        "Sở Công Thương tỉnh An Giang",
        "Sở Công Thương thành phố Cần Thơ",
        "Sở Công Thương tỉnh Hậu Giang",
        "Sở Công Thương tỉnh Bạc Liêu",
        "Sở Công Thương tỉnh Cà Mau",
        "Sở Công Thương tỉnh Kiên Giang",
    ]
    flag = "Cờ thi đua của Bộ Công Thương"
    merit = "Bằng khen của Bộ trưởng Bộ Công Thương"
    meeting = dt.date(2024, 12, 20)
    place = "Hội trường Sở Công Thương tỉnh An Giang"
    title = "Bình xét, suy tôn thi đua năm 2024"
    paper = BallotPaper(
        issuer=issuer,
        title=title,
        meeting_date=meeting,
        meeting_place=place,
        questions=(
            BallotQuestion(flag, 1, tuple(units), self_vote_allowed=False),
            BallotQuestion(merit, 2, tuple(units[1:]), self_vote_allowed=False),
        ),
    )

    def lines(
        text: str, seats: int, counts: list[tuple[str, int]], *, total: int, shown: bool = True
    ) -> QuestionLines:
        required = minimum(total, rule.pass_num, rule.pass_den, strict=True)
        passing = sorted((c for c in counts if c[1] >= required), key=lambda c: -c[1])[:seats]
        return QuestionLines(
            text=text,
            seats=seats,
            rule_name=rule_name,
            legal_basis=basis,
            quorum=quorum_words(
                rule,
                present=total,
                total=total,
                required=minimum(total, 2, 3, strict=False),
                met=True,
            ),
            threshold=threshold_words(rule, base=total, required=required),
            base=total,
            candidates=tuple(
                CandidateLine(
                    name=name,
                    approvals=n if shown else None,
                    meets_threshold=n >= required,
                    outcome=Outcome.ELECTED if (name, n) in passing else Outcome.NOT_ELECTED,
                )
                for name, n in counts
            ),
        )

    minutes = CountMinutes(
        issuer=issuer,
        title=title,
        meeting_date=meeting,
        meeting_place=place,
        paper=True,
        total_voters=6,
        present=6,
        issued=6,
        cast=6,
        valid=6,
        invalid=0,
        questions=(
            lines(flag, 1, list(zip(units, [4, 2, 0, 0, 0, 0], strict=True)), total=6),
            lines(merit, 2, list(zip(units[1:], [5, 1, 0, 4, 3], strict=True)), total=6),
        ),
        tellers=("Lê Thị Thanh Trúc", "Huỳnh Văn Phúc"),
    )
    merged = units[:1] + units[1:2] + units[4:5]
    public = CountMinutes(
        issuer=Issuer(
            parent_body=issuer.parent_body,
            issuing_body="Sở Công Thương thành phố Cần Thơ",
            place="Cần Thơ",
            assembly=f"{cluster} năm 2025",
            chair="",
            recipients=issuer.recipients,
        ),
        title="Bình xét, suy tôn thi đua năm 2025",
        meeting_date=dt.date(2025, 12, 19),
        meeting_place="Sở Công Thương thành phố Cần Thơ",
        paper=False,
        total_voters=3,
        present=3,
        issued=3,
        cast=3,
        valid=3,
        invalid=0,
        questions=(
            lines(flag, 1, list(zip(merged, [2, 1, 0], strict=True)), total=3, shown=False),
        ),
        counts_shown=False,
    )
    notice = ResultNotice(
        issuer=issuer,
        title=title,
        meeting_date=meeting,
        published_on=dt.date(2024, 12, 23),
        questions=(
            NoticeQuestion(flag, 1, (units[0],)),
            NoticeQuestion(merit, 2, (units[1], units[4])),
        ),
    )
    return paper, minutes, public, notice


def award_samples() -> list[tuple[str, AdministrativeDocument]]:
    """The same 2024 vote of cluster XI carried on: the minutes of the meeting (all six
    members present, the paper count), An Giang's tờ trình to the minister and the minister's
    decision (signed by a deputy). Names of people, numbers and dates are made up."""
    import datetime as dt

    from thidua.awards.documents import (
        AwardeeLine,
        DecisionPaper,
        NomineeLine,
        Submission,
        VoteSummary,
        decision_document,
        submission_document,
    )
    from thidua.voting.documents import Issuer, MeetingMinutes, meeting_minutes_document

    _paper, minutes, _public, _notice = _voting_descriptions()
    units = [line.name for line in minutes.questions[0].candidates]
    flag = "Cờ thi đua của Bộ Công Thương"
    merit = "Bằng khen của Bộ trưởng Bộ Công Thương"
    group = "Cụm thi đua các tỉnh đồng bằng sông Cửu Long 2 (Cụm XI)"
    meeting = MeetingMinutes(
        count=minutes,
        cluster=True,
        members=tuple(units),
        present=tuple(units),
        published=True,
        organiser="Bộ Công Thương",
    )
    submission = Submission(
        issuer=Issuer(
            parent_body=minutes.issuer.parent_body,
            issuing_body=minutes.issuer.issuing_body,
            place=minutes.issuer.place,
            assembly=minutes.issuer.assembly,
            chair=minutes.issuer.chair,
            recipients=("- Như trên;", f"- Các đơn vị thành viên {group};", "- Lưu: VT."),
        ),
        number="15/TTr-SCT",
        date=dt.date(2025, 1, 8),
        year=2024,
        summary="Về việc đề nghị tặng Cờ thi đua và Bằng khen của Bộ Công Thương năm 2024",
        addressee="Bộ trưởng Bộ Công Thương",
        proposer="Sở Công Thương tỉnh An Giang",
        group=group,
        bases=(
            "Luật Thi đua, khen thưởng số 06/2022/QH15",
            "Nghị định số 98/2023/NĐ-CP",
            "Quyết định số 309/QĐ-BCT ngày 17 tháng 02 năm 2024 của Bộ trưởng Bộ Công Thương "
            "về việc phân chia Khối, Cụm thi đua của ngành Công Thương năm 2024",
        ),
        vote=VoteSummary(
            title=minutes.title,
            meeting_date=minutes.meeting_date,
            meeting_place=minutes.meeting_place,
            total_voters=6,
            present=6,
            valid=6,
            counts_shown=True,
        ),
        nominees=(
            NomineeLine(units[0], True, flag, True, 4),
            NomineeLine(units[1], True, merit, True, 5),
            NomineeLine(units[4], True, merit, True, 4),
        ),
        dossier=(
            f"Biên bản họp bình xét của {group}",
            f"Biên bản kiểm phiếu của {group}",
            f"Báo cáo thành tích của {units[0]}",
            f"Báo cáo thành tích của {units[1]}",
            f"Báo cáo thành tích của {units[4]}",
        ),
    )
    decision = DecisionPaper(
        parent_body="",
        issuer="Bộ Công Thương",
        place="Hà Nội",
        number="512/QĐ-BCT",
        date=dt.date(2025, 3, 4),
        year=2025,
        summary=f"Về việc tặng {flag} và {merit} năm 2024",
        decider="Bộ trưởng Bộ Công Thương",
        head="Bộ trưởng",
        bases=(
            "Luật Thi đua, khen thưởng số 06/2022/QH15",
            "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
            "tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        ),
        request=(
            f"Xét đề nghị của Sở Công Thương tỉnh An Giang, đơn vị Cụm trưởng {group} năm "
            "2024, tại Tờ trình số 15/TTr-SCT ngày 08 tháng 01 năm 2025."
        ),
        awardees=(
            AwardeeLine(units[0], True, flag, 2024),
            AwardeeLine(units[1], True, merit, 2024),
            AwardeeLine(units[4], True, merit, 2024),
        ),
        signer_name="Trần Thị Mẫu",
        signer_title="Thứ trưởng",
        state="issued",
    )
    return [
        ("meeting-minutes", meeting_minutes_document(meeting)),
        ("proposal-to-trinh", submission_document(submission)),
        ("decision-quyet-dinh", decision_document(decision)),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
