"""Render the sample documents to docs/screenshots/documents/ (not part of the test run).

Writes, for the cluster XI covenant and the sample tờ trình (``thidua.documents.samples``) and
for a demo-like ballot session of cluster XI (``voting_samples`` below: the paper ballot, the
vote-count minutes of a paper vote with the tellers, the minutes of an electronic vote
published with pass/fail only, and the notice of the result), a PNG of every page of the PDF
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
from typing import TYPE_CHECKING

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
        ballot_paper_document,
        count_minutes_document,
        quorum_words,
        result_notice_document,
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
    return [
        ("voting-ballot-paper", ballot_paper_document(paper)),
        ("voting-count-minutes-paper", count_minutes_document(minutes)),
        ("voting-count-minutes-public", count_minutes_document(public)),
        ("voting-result-notice", result_notice_document(notice)),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
