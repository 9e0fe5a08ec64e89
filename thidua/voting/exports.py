"""The published result as a spreadsheet-friendly CSV (UTF-8 with BOM, for Excel).

It holds what the results page holds: aggregates and outcomes, the per-candidate counts only
when they were published (``counts_disclosed``). No ballot, token or voter choice is in it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.voting.choices import Outcome
from thidua.voting.models import BallotSession


def shown_result(session: BallotSession) -> dict[str, Any]:
    """The frozen result as it may be shown: without per-candidate counts unless published."""
    result: dict[str, Any] = dict(session.result)
    if session.counts_disclosed:
        return result
    result["questions"] = [
        {**q, "candidates": [{**c, "approvals": None} for c in q["candidates"]]}
        for q in result.get("questions", [])
    ]
    return result


def result_csv(session: BallotSession) -> bytes:
    result = shown_result(session)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Phiên bỏ phiếu"), session.title])
    writer.writerow([_("Ngày họp"), f"{session.meeting_date:%d/%m/%Y}"])
    writer.writerow([_("Tổng số cử tri"), result.get("total_voters")])
    writer.writerow([_("Số cử tri có mặt"), result.get("present")])
    writer.writerow([_("Số phiếu hợp lệ"), result.get("ballots")])
    if result.get("written"):
        writer.writerow([_("Ý kiến bằng văn bản"), result.get("written")])
    writer.writerow([])
    writer.writerow(
        [
            _("Nội dung"),
            _("Ứng viên"),
            _("Mã"),
            _("Số phiếu đồng ý"),
            _("Đạt tỉ lệ"),
            _("Kết quả"),
        ]
    )
    for question in result.get("questions", []):
        for c in question["candidates"]:
            writer.writerow(
                [
                    question["text"],
                    c["name"],
                    c["agency"] or c["person"] or "",
                    "" if c["approvals"] is None else c["approvals"],
                    pgettext("trả lời có, không", "Có")
                    if c["meets_threshold"]
                    else pgettext("trả lời có, không", "Không"),
                    Outcome(c["outcome"]).label,
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
