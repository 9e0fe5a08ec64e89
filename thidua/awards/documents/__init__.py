"""The documents of the commendation workflow in the Decree 30/2020/NĐ-CP layout: the proposal
(tờ trình đề nghị khen thưởng, type code TTr) with its list of nominees annexed, and the
decision (quyết định khen thưởng, QĐ) with its list of awardees annexed. The minutes of the
cluster's meeting are a document of the ballot session (``thidua.voting.documents.meeting``).

As in :mod:`thidua.voting.documents`, each document is built in two steps: a plain description
read from the database (``descriptions``: :class:`Submission`, :class:`DecisionPaper` — no
model in them, so a sample can be written by hand, see ``scripts/render_sample_documents.py``),
then one :class:`~thidua.documents.layout.AdministrativeDocument` (``render``) that
``render_pdf`` and ``render_docx`` lay out; ``words`` holds the shared wording. The wording is
legal document text and stays Vietnamese whatever the interface language.

Nothing is invented: the legal bases come from the rule set in force, the catalogue and the
group year's decision (the proposal) or from the decision's stored bases; the money article
names no amount, since the project holds no table of base salaries and multipliers yet.
"""

from thidua.awards.documents.descriptions import (
    AwardeeLine,
    DecisionPaper,
    NomineeLine,
    Submission,
    VoteSummary,
    decision_paper_of,
    submission_of,
)
from thidua.awards.documents.render import (
    DRAFT_MARK,
    REVOKED_MARK,
    decision_document,
    submission_document,
)

__all__ = [
    "DRAFT_MARK",
    "REVOKED_MARK",
    "AwardeeLine",
    "DecisionPaper",
    "NomineeLine",
    "Submission",
    "VoteSummary",
    "decision_document",
    "decision_paper_of",
    "submission_document",
    "submission_of",
]
