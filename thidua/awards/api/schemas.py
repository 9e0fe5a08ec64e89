"""Schemas of the commendation history and rule catalogue API (``thidua.awards.api.history``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class HistoryRecordOut(Schema):
    """Hồ sơ khen thưởng, kỷ luật — one record of a history, revoked ones included.

    ``value`` is the record's code (award code, rating, initiative scope or discipline level;
    blank for a blocker) and ``value_label`` its Vietnamese name. ``year`` is blank for a
    discipline or a blocker, which have a period (``start_date``–``end_date``; no end: open).
    A revoked record keeps its decision and carries the revoking one.
    """

    id: int
    record_kind: str = Field(description="award, rating, initiative, discipline or blocker")
    value: str
    value_label: str
    award_type: str = Field(description="Award type (Law Art. 8); blank unless an award")
    year: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    revoked: bool
    revoked_by_decision: str
    revoked_on: dt.date | None
    note: str
    recipient_type: str = Field(description="person or collective")
    recipient_code: str


class AgencyHistoryRecordOut(HistoryRecordOut):
    """A record of an agency's history with where it comes from.

    ``relation`` is ``own`` (the agency's), ``identity`` (an earlier code of the same agency,
    linked by a rename or transfer: still its own) or ``predecessor`` (a merged or split
    predecessor's, inherited: ``inherited`` is true). ``source_code`` names the agency the
    record was written for; ``via_kind``/``via_date`` the lineage event that links it.
    """

    relation: str
    inherited: bool
    source_code: str
    source_name: str
    via_kind: str
    via_date: dt.date | None


class RuleSetOut(Schema):
    """Bộ tiêu chuẩn — one dated version of the eligibility rules."""

    code: str
    name: str
    legal_basis: str
    valid_from: dt.date
    valid_to: dt.date | None
    in_force: bool = Field(description="Whether this version is in force today")
    continuity_policy: str = Field(description="none, any_predecessor, all_predecessors or review")
    continuity_policy_label: str
    continuity_policy_text: str
    counted_award_types: list[str]


class RuleConditionOut(Schema):
    """Điều kiện — one condition of one title for one recipient type.

    ``kind`` is ``checked`` (answered from the history) or ``attested`` (left to the proposal);
    ``test`` names the engine's reading and ``params`` its numbers (``offsets`` are years
    relative to the judged year Y); ``params_text`` says the same in words.
    """

    award: str
    award_name: str
    recipient_type: str
    position: int
    rule_id: str
    label: str
    kind: str
    test: str
    params: dict[str, Any]
    params_text: list[str]
    legal_basis: str


class RuleSetDetailOut(RuleSetOut):
    conditions: list[RuleConditionOut]
