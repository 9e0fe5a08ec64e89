"""A scoring table as a spreadsheet, in the layout that :mod:`thidua.scoring.imports` reads.

Exporting a table and importing the file into a draft gives the same tree back.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.scoring.imports import COLUMNS, DISQUALIFIER
from thidua.scoring.models import ScoringTable
from thidua.scoring.selectors import flat_tree

WIDTHS = {
    "code": 10,
    "parent_code": 12,
    "kind": 14,
    "title": 70,
    "max_points": 11,
    "evidence_required": 18,
    "guidance": 40,
}


def _number(value: Decimal) -> int | float:
    """A whole number as an integer cell, otherwise as a decimal one (at most two places)."""
    return int(value) if value == value.to_integral_value() else float(value)


def scoring_table_xlsx(table: ScoringTable) -> bytes:
    """The table's criteria (depth first) then its disqualifiers, one row each, as .xlsx."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Bảng chấm điểm")[:31]
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    codes = dict(table.criteria.values_list("pk", "code"))
    top = Alignment(vertical="top", wrap_text=True)
    for node in flat_tree(table):
        criterion = node.criterion
        sheet.append(
            [
                criterion.code,
                codes[criterion.parent_id] if criterion.parent_id else None,
                criterion.kind,
                criterion.title,
                _number(criterion.max_points),
                _("có") if criterion.evidence_required else _("không"),
                criterion.guidance or None,
            ]
        )
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = top
        sheet.cell(row, COLUMNS.index("title") + 1).alignment = Alignment(
            vertical="top", wrap_text=True, indent=node.depth
        )
        if node.depth == 0:
            for cell in sheet[row]:
                cell.font = Font(bold=True)
    for disqualifier in table.disqualifiers.all():
        sheet.append(
            [
                None,
                None,
                DISQUALIFIER,
                disqualifier.description,
                None,
                None,
                disqualifier.conduct_fact or None,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = top
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
