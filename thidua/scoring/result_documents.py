"""A published ranking (kết quả xếp hạng) as files: CSV for other tools, a spreadsheet, and the
leading unit's report as a Decree 30 document (PDF and .docx).

Only published rankings become files: each is a frozen version, so a file says which version
it is and a correction produces a new file, never a changed one. The report's wording is legal
document text and stays Vietnamese whatever the interface language (see
:mod:`thidua.documents.layout`); the spreadsheet's headings follow the interface language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.core.text import fold
from thidua.documents.docx import render_docx
from thidua.documents.layout import (
    AdministrativeDocument,
    Block,
    Paragraph,
    SignatureBlock,
    Table,
)
from thidua.documents.pdf import render_pdf
from thidua.emulation.choices import MemberRole
from thidua.organizations.models import Agency
from thidua.organizations.selectors import agency_positions
from thidua.scoring.choices import CriterionKind
from thidua.scoring.models import Ranking, RankingEntry
from thidua.scoring.selectors import ranking_entries, top_criteria

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_HEADER = ("rank", "agency_code", "agency_name", "total", "disqualified")

# The head of the leading unit signs for the cluster; these (folded) titles name a head.
HEAD_TITLES = ("giam doc", "tong giam doc", "chu tich", "cuc truong", "vu truong", "truong ban")


# --- Reads ----------------------------------------------------------------------------------


# --- CSV --------------------------------------------------------------------------------------


def ranking_csv(entries: Iterable[RankingEntry]) -> str:
    """``rank,agency_code,agency_name,total,disqualified``, one line per unit in the published
    order; totals with two decimals and a dot, ``true``/``false``, "\\n" line endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow(
            [
                entry.rank,
                entry.agency_code,
                entry.agency_name,
                f"{entry.total:.2f}",
                "true" if entry.disqualified else "false",
            ]
        )
    return out.getvalue()


# --- Spreadsheet ------------------------------------------------------------------------------


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0")


def _number(value: Decimal) -> int | float:
    """A whole number as an integer cell, otherwise as a decimal one (at most two places)."""
    return int(value) if value == value.to_integral_value() else float(value)


def results_xlsx(ranking: Ranking) -> bytes:
    """The ranking as one sheet: a header row, then one row per unit in the published order,
    points as numbers (two decimals shown), the groups' points in their own columns."""
    table = ranking.table
    groups = [
        c for c in top_criteria(table) if c.kind in (CriterionKind.GROUP, CriterionKind.CRITERION)
    ]
    header = [
        _("Thứ tự"),
        _("Xếp hạng"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Tổng điểm tự chấm"),
        *[f"{g.code} ({_number(g.max_points)})" for g in groups],
        _("Điểm thưởng"),
        _("Điểm trừ"),
        _("Tổng điểm"),
        _("Vướng điểm liệt"),
        _("Các điểm liệt"),
        _("Xếp loại"),
    ]
    widths = [8, 9, 14, 44, 12, *[10] * len(groups), 11, 10, 11, 10, 50, 14]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = (_("Xếp hạng năm %(year)d") % {"year": table.group_year.year})[:31]
    workbook.properties.title = _("Kết quả xếp hạng %(group)s năm %(year)d, lần công bố %(n)d") % {
        "group": table.group_year.group.name,
        "year": table.group_year.year,
        "n": ranking.version,
    }
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    points_columns = range(5, 5 + len(groups) + 4)
    for entry in ranking_entries(ranking):
        sheet.append(
            [
                entry.position,
                entry.rank,
                entry.agency_code,
                entry.agency_name,
                _number(entry.self_total),
                *[_number(_decimal(entry.group_points.get(g.code))) for g in groups],
                _number(entry.bonus),
                _number(entry.penalty),
                _number(entry.total),
                _("có") if entry.disqualified else _("không"),
                "; ".join(entry.disqualifications) or None,
                entry.band or None,
            ]
        )
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = top
        for column in points_columns:
            sheet.cell(row, column).number_format = "0.00"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = sheet.dimensions
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


# --- The report (Decree 30) -------------------------------------------------------------------


def _points_vi(value: Decimal) -> str:
    """``87,50``: two decimals with the Vietnamese decimal comma (document text)."""
    return f"{value:.2f}".replace(".", ",")


def _whole_or_vi(value: Decimal) -> str:
    """``100`` or ``99,5``: points without trailing zeros, with the decimal comma."""
    text = f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


def _place(agency: Agency | None) -> str:
    """The province's name as the place line writes it (``Cần Thơ``, not ``Thành phố Cần
    Thơ``)."""
    if agency is None or agency.province is None:
        return ""
    name = agency.province.name.strip()
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _signature(leader: Agency | None, ranking: Ranking) -> SignatureBlock:
    """TM. CỤM THI ĐUA — CỤM TRƯỞNG, then the head of the leading unit when the position
    records know them (else the name is left for the pen)."""
    name = subtitle = ""
    if leader is not None:
        on = timezone.localdate(ranking.published_at)
        for position in agency_positions(leader, on=on):
            if fold(position.title).startswith(HEAD_TITLES):
                name = position.person.full_name
                subtitle = f"{position.title} {leader.name}"
                break
        else:
            subtitle = leader.name
    return SignatureBlock(
        authority_prefix="TM.",
        on_behalf_of="Cụm thi đua",
        title="Cụm trưởng",
        subtitle=subtitle,
        name=name,
    )


def result_rows(entries: Sequence[RankingEntry]) -> tuple[tuple[str, ...], ...]:
    """The report's table rows: STT, unit, total, rank, band, and the disqualifiers as a note."""
    return tuple(
        (
            str(entry.position),
            entry.agency_name,
            _points_vi(entry.total),
            str(entry.rank),
            entry.band,
            ("Điểm liệt: " + "; ".join(entry.disqualifications)) if entry.disqualified else "",
        )
        for entry in entries
    )


def results_document(ranking: Ranking) -> AdministrativeDocument:
    """Báo cáo kết quả chấm điểm, xếp hạng thi đua — the leading unit's report of a published
    ranking, with the national header, the result table, place and date, and the signature."""
    table = ranking.table
    group_year = table.group_year
    group = group_year.group
    year = group_year.year
    leader_member = (
        group_year.members.filter(role=MemberRole.LEADER)
        .select_related("agency", "agency__province")
        .first()
    )
    leader = leader_member.agency if leader_member is not None else None
    entries = ranking_entries(ranking)
    body: list[Block] = []
    if ranking.corrects is not None:
        corrected = ranking.corrects
        body.append(
            Paragraph(
                f"(Đính chính kết quả công bố lần {corrected.version} ngày "
                f"{timezone.localdate(corrected.published_at):%d/%m/%Y})",
                bold=True,
                align="center",
                indent=False,
            )
        )
    issuer = f"{leader.name}, đơn vị Cụm trưởng," if leader is not None else "Cụm trưởng"
    body.append(
        Paragraph(
            f"Căn cứ {table.title} của {group.name} (tổng số {_whole_or_vi(table.total_points)} "
            "điểm) và kết quả tự chấm điểm, chấm chéo, thẩm định của các đơn vị thành viên, "
            f"{issuer} báo cáo kết quả chấm điểm, xếp hạng thi đua năm {year} của {group.name} "
            "như sau:"
        )
    )
    body.append(
        Table(
            header=("STT", "Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại", "Ghi chú"),
            rows=result_rows(entries),
            widths=(0.7, 3.4, 1.2, 1.1, 1.3, 2.6),
            aligns=("center", "left", "right", "center", "center", "left"),
        )
    )
    disqualified = sum(1 for entry in entries if entry.disqualified)
    summary = f"Tổng số {len(entries)} đơn vị được chấm điểm, xếp hạng"
    if disqualified:
        summary += (
            f"; {disqualified} đơn vị vướng điểm liệt, được xếp sau các đơn vị không vướng "
            "điểm liệt và không được xét danh hiệu cao nhất"
        )
    body.append(Paragraph(summary + "."))
    if ranking.corrects is not None and ranking.correction_reason:
        body.append(Paragraph(f"Lý do đính chính: {ranking.correction_reason}"))
    body.append(
        Paragraph(f"Trên đây là kết quả chấm điểm, xếp hạng thi đua năm {year} của {group.name}./.")
    )
    recipients = [
        "- Các đơn vị thành viên Cụm;",
        f"- {group.organiser.name} (để báo cáo);",
        "- Lưu: VT.",
    ]
    return AdministrativeDocument(
        parent_body=group.name.replace(" (", "\n("),
        issuing_body=leader.name if leader is not None else group.name,
        number="/BC",
        doc_type="BÁO CÁO",
        summary=f"Kết quả chấm điểm, xếp hạng thi đua năm {year}\ncủa {group.name}",
        place=_place(leader),
        date=timezone.localdate(ranking.published_at),
        year=year,
        body=tuple(body),
        signatures=(_signature(leader, ranking),),
        recipients=tuple(recipients),
    )


def results_pdf(ranking: Ranking) -> bytes:
    return render_pdf(results_document(ranking))


def results_docx(ranking: Ranking) -> bytes:
    return render_docx(results_document(ranking))
