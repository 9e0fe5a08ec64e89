"""Schemas of the scoring API (``thidua.scoring.api``). Points go out as strings with two
decimals and come in as JSON numbers or strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

POINTS_OUT = 'Points as a string with two decimals, e.g. "12.50".'
POINTS_IN = 'Points as a JSON number or a string (12.5 or "12.5"), at most two decimals.'


# --- schemas: the table -----------------------------------------------------------------------


class CriterionOut(Schema):
    """Tiêu chí — a node of the table's tree, depth first; ``parent_code`` is null at the top.
    ``max_points`` is a string with two decimals."""

    code: str
    parent_code: str | None
    depth: int
    kind: str
    title: str
    max_points: str = Field(description=POINTS_OUT)
    evidence_required: bool
    guidance: str


class DisqualifierOut(Schema):
    """Điểm liệt — ``conduct_fact`` names the conduct-record fact that triggers it
    automatically; blank means the cluster decides it."""

    order: int
    description: str
    conduct_fact: str


class TableOut(Schema):
    """Bảng chấm điểm — the table of a block or cluster's year. ``total_points`` and each
    criterion's ``max_points`` are strings with two decimals; ``review_mode`` is blank until the
    leader chooses it."""

    cluster: str
    year: int
    title: str
    status: str
    total_points: str = Field(description=POINTS_OUT)
    self_assessment_deadline: dt.datetime | None
    review_mode: str
    criteria: list[CriterionOut]
    disqualifiers: list[DisqualifierOut]


# --- schemas: self-assessments --------------------------------------------------------------


class AssessmentOut(Schema):
    """A member's self-assessment. ``status`` is null while the member has not opened it yet
    (then ``self_total`` is null too); ``self_total`` is a string with two decimals."""

    agency_code: str
    agency_name: str
    status: str | None
    submitted_at: dt.datetime | None
    reopened_at: dt.datetime | None
    self_total: str | None = Field(description=POINTS_OUT)


class FinalOut(Schema):
    """Điểm thống nhất — the leader's consolidated points (a string with two decimals)."""

    criterion_code: str
    points: str = Field(description=POINTS_OUT)
    note: str
    version: int


class ScoreLineOut(Schema):
    """One scorable criterion of a self-assessment: the unit's points (a string with two
    decimals, null when not given), explanation and ``version`` (null for a cell never saved:
    send null or 0 to save it the first time), and the leader's consolidated score if any."""

    criterion_code: str
    points: str | None = Field(description=POINTS_OUT)
    explanation: str
    version: int | None
    final: FinalOut | None


class EvidenceOut(Schema):
    """Minh chứng — an evidence file's description (the file itself is not served here)."""

    id: int
    criterion_code: str
    name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: dt.datetime


class AssessmentDetailOut(AssessmentOut):
    scores: list[ScoreLineOut]
    evidence: list[EvidenceOut]


class SelfScoreOut(Schema):
    """Điểm tự chấm — a saved cell: ``points`` is a string with two decimals (or null)."""

    criterion_code: str
    points: str | None = Field(description=POINTS_OUT)
    explanation: str
    version: int


class SelfScoreIn(Schema):
    """``points``: a JSON number or a string (``12.5`` or ``"12.5"``), at most two decimals,
    null to clear it; ``version``: the version loaded (null or 0 for a cell never saved)."""

    points: Decimal | None = Field(description=POINTS_IN)
    explanation: str = ""
    version: int | None = None


class SelfScoreConflictOut(Schema):
    """409: someone saved the cell since it was loaded; ``current`` is what is saved now."""

    detail: str
    current: SelfScoreOut


class ReasonIn(Schema):
    reason: str


# --- schemas: cross-review ------------------------------------------------------------------


class ReviewScoreOut(Schema):
    """Điểm chấm chéo — a reviewer's proposal (``points``: a string with two decimals), its
    reason, the reviewed unit's response and the ``version`` to send back when changing it."""

    criterion_code: str
    points: str = Field(description=POINTS_OUT)
    reason: str
    response: str
    version: int


class AssignmentOut(Schema):
    """Phân công chấm chéo — ``reviewer_code`` reviews ``agency_code``."""

    reviewer_code: str
    reviewer_name: str
    agency_code: str
    agency_name: str
    scores: list[ReviewScoreOut]


class ReviewsOut(Schema):
    """The cross-review of a table: the mode (blank until chosen) and every assignment."""

    mode: str
    assignments: list[AssignmentOut]


class ReviewRoundIn(Schema):
    """``mode``: ``team``, ``assigned`` or ``all``; ``per_unit``: how many units each unit
    reviews (``assigned``); ``team``: the agency codes of the review team (``team``)."""

    mode: str
    per_unit: int = 2
    team: list[str] = []


class ReviewScoreIn(Schema):
    """``points``: a JSON number or a string, at most two decimals; ``reason`` is required;
    ``version``: the version loaded (null or 0 for a proposal never saved)."""

    points: Decimal = Field(description=POINTS_IN)
    reason: str
    version: int | None = None


class ReviewConflictOut(Schema):
    """409: ``current`` is the saved proposal (null if it can no longer be found)."""

    detail: str
    current: ReviewScoreOut | None


class ResponseIn(Schema):
    response: str


class FinalScoreIn(Schema):
    """``points``: a JSON number or a string, at most two decimals; ``version``: the version
    loaded (null or 0 for a cell never consolidated)."""

    points: Decimal = Field(description=POINTS_IN)
    note: str = ""
    version: int | None = None


class FinalConflictOut(Schema):
    """409: ``current`` is the saved consolidated score (null if it can no longer be found)."""

    detail: str
    current: FinalOut | None


class FindingOut(Schema):
    """Kết luận điểm liệt — the cluster's finding that a disqualifier decided by hand applies
    to a unit (``disqualifier``: its order in the table)."""

    id: int
    agency_code: str
    disqualifier: int
    description: str
    reason: str
    decided_at: dt.datetime


class FindingIn(Schema):
    """``disqualifier``: the order of a disqualifier without an automatic basis; ``reason``:
    its basis (required)."""

    disqualifier: int
    reason: str


# --- schemas: ranking -----------------------------------------------------------------------


class RankingEntryOut(Schema):
    """A unit's line: ``total``, ``self_total``, ``bonus``, ``penalty`` and each value of
    ``group_points`` (by top-level group code) are strings with two decimals. Units with equal
    results share a rank (1, 1, 3); disqualified units come after every qualified one."""

    rank: int
    position: int
    agency_code: str
    agency_name: str
    total: str = Field(description=POINTS_OUT)
    self_total: str = Field(description=POINTS_OUT)
    bonus: str = Field(description=POINTS_OUT)
    penalty: str = Field(description=POINTS_OUT)
    group_points: dict[str, str]
    disqualified: bool
    disqualifications: list[str]
    band: str


class RankingOut(Schema):
    """Kết quả xếp hạng — a published version, frozen; a correction names the version it
    corrects and its reason."""

    cluster: str
    year: int
    version: int
    published_at: dt.datetime
    rule: str
    corrects_version: int | None
    correction_reason: str
    entries: list[RankingEntryOut]
