"""The documents of a ballot session in the Decree 30/2020/NĐ-CP layout: the paper ballot
(phiếu bầu), the vote-count minutes (biên bản kiểm phiếu, type code BB), the minutes of the
meeting (biên bản họp, BB, ``meeting``) and the notice of the result (thông báo, TB).

Each document is built in two steps: a plain description read from the database
(``descriptions``: :class:`BallotPaper`, :class:`CountMinutes`, :class:`ResultNotice` — no
model in them, so a sample can be written by hand, see ``scripts/render_sample_documents.py``),
then one :class:`~thidua.documents.layout.AdministrativeDocument` (``render``) that
``render_pdf`` and ``render_docx`` lay out; ``words`` holds the wording shared by both. The
wording is legal document text and stays Vietnamese whatever the interface language (see
:mod:`thidua.documents.layout`).

Secrecy: the ballot paper carries neither a voter's name nor a serial number, and every copy is
the same page. The minutes (the count's and the meeting's) hold aggregates only (the published
result, or the organiser's count of a closed session) and the meeting's attendance; when the
result was published without the per-candidate counts (few voters,
``BallotSession.counts_disclosed`` false) the minutes give pass/fail only, like the results
page, the API and the CSV. The notice names who is elected, never a count.
"""

from thidua.voting.documents.descriptions import (
    BallotPaper,
    BallotQuestion,
    CandidateLine,
    CountMinutes,
    DocumentUnavailable,
    Issuer,
    NoticeQuestion,
    QuestionLines,
    ResultNotice,
    ballot_paper_of,
    count_minutes_of,
    issuer_of,
    result_notice_of,
)
from thidua.voting.documents.meeting import (
    MeetingMinutes,
    meeting_file_name,
    meeting_minutes_document,
    meeting_minutes_of,
)
from thidua.voting.documents.render import (
    DOCX,
    MAX_COPIES,
    ballot_paper_document,
    ballot_paper_pdf,
    count_minutes_document,
    file_name,
    result_notice_document,
)
from thidua.voting.documents.words import (
    fraction_words,
    header_lines,
    percent,
    quorum_words,
    threshold_words,
)

__all__ = [
    "DOCX",
    "MAX_COPIES",
    "BallotPaper",
    "BallotQuestion",
    "CandidateLine",
    "CountMinutes",
    "DocumentUnavailable",
    "Issuer",
    "MeetingMinutes",
    "NoticeQuestion",
    "QuestionLines",
    "ResultNotice",
    "ballot_paper_document",
    "ballot_paper_of",
    "ballot_paper_pdf",
    "count_minutes_document",
    "count_minutes_of",
    "file_name",
    "fraction_words",
    "header_lines",
    "issuer_of",
    "meeting_file_name",
    "meeting_minutes_document",
    "meeting_minutes_of",
    "percent",
    "quorum_words",
    "result_notice_document",
    "result_notice_of",
    "threshold_words",
]
