"""Importing a scoring table from .csv and .xlsx, and exporting it back.

Every behaviour is checked with both formats: a good file replaces a draft table's criteria and
disqualifiers with one audit event; a file with any bad row, or whose tree does not add up, is
refused whole, naming each bad row in Vietnamese, and writes nothing; importing the same file
twice gives the same tree; an export imported again gives the same tree.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from thidua.audit.models import AuditEvent
from thidua.core.errors import IllegalTransition
from thidua.core.tabular import ImportRejected, RowError
from thidua.emulation.models import GroupYear
from thidua.scoring.choices import TableStatus
from thidua.scoring.exports import scoring_table_xlsx
from thidua.scoring.imports import COLUMNS, TableImportResult, scoring_table_import
from thidua.scoring.models import Criterion, Disqualifier, ScoringTable
from thidua.scoring.services import (
    scoring_table_activate,
    scoring_table_copy,
    scoring_table_create_default,
    table_errors,
)
from thidua.scoring.tests.test_services import conditions, make_years, tree

pytestmark = pytest.mark.django_db

D = Decimal
Line = list[str]

# A valid 100-point table: three levels, a capped bonus group, penalty items with a decimal
# comma, Vietnamese kind names and yes/no words, and two disqualifiers.
GOOD: list[Line] = [
    ["A", "", "group", "Nhiệm vụ chuyên môn", "60", "", "Theo báo cáo tổng kết"],
    ["A.1", "A", "criterion", "Hoàn thành chỉ tiêu kế hoạch", "40", "có", ""],
    ["A.2", "A", "criterion", "Mô hình mới", "20", "không", ""],
    ["A.2.a", "A.2", "criterion", "Mô hình được công nhận", "12", "yes", ""],
    ["A.2.b", "A.2", "criterion", "Mô hình được nhân rộng", "8", "0", ""],
    ["B", "", "Nhóm tiêu chí", "Thi đua, khen thưởng", "40", "", ""],
    ["B.1", "B", "Tiêu chí", "Báo cáo đúng hạn", "40", "1", ""],
    ["C", "", "bonus", "Điểm thưởng (tối đa)", "5", "", ""],
    ["C.1", "C", "bonus", "Khen thưởng cấp nhà nước", "3", "Có", ""],
    ["C.2", "C", "Điểm thưởng", "Đăng cai hoạt động của cụm", "3", "", ""],
    ["D", "", "penalty", "Điểm trừ", "4", "", ""],
    ["D.1", "D", "penalty", "Báo cáo chậm", "2,5", "", ""],
    ["D.2", "D", "Điểm trừ", "Vắng họp cụm", "1.5", "KHÔNG", ""],
    ["", "", "disqualifier", "Vi phạm Luật Giao thông đường bộ", "", "", "traffic_violations"],
    ["", "", "Điểm liệt", "Tập thể mất đoàn kết", "", "", ""],
]


@pytest.fixture(params=["csv", "xlsx"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def years() -> list[GroupYear]:
    return make_years()


@pytest.fixture
def table(years: list[GroupYear]) -> ScoringTable:
    return scoring_table_create_default(actor=None, group_year=years[0])


def _cell(value: str) -> str | int | float | None:
    """What a spreadsheet user would have typed: numbers with a dot as number cells."""
    if value == "":
        return None
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def build(fmt: str, lines: Sequence[Line], header: Line = COLUMNS) -> tuple[io.BytesIO, str]:
    """A file in ``fmt`` with ``header`` and ``lines`` (the first line is row 2)."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(lines)
        return io.BytesIO(text.getvalue().encode("utf-8")), "bang-diem.csv"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for line in lines:
        sheet.append([_cell(v) for v in line])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream, "bang-diem.xlsx"


def run(fmt: str, table: ScoringTable, lines: Sequence[Line]) -> TableImportResult:
    stream, filename = build(fmt, lines)
    return scoring_table_import(actor=None, table=table, stream=stream, filename=filename)


def rejected(call: Callable[[], object]) -> list[RowError]:
    with pytest.raises(ImportRejected) as refusal:
        call()
    assert "không có dữ liệu nào được ghi" in refusal.value.message
    return refusal.value.errors


def raw(table: ScoringTable) -> dict[str, list[Any]]:
    """Every stored value of the table, its criteria and disqualifiers, ids included."""
    table.refresh_from_db()
    return {
        "table": [table.title, table.total_points, table.status, table.updated_at],
        "criteria": list(Criterion.objects.filter(table=table).order_by("pk").values()),
        "disqualifiers": list(Disqualifier.objects.filter(table=table).order_by("pk").values()),
    }


def imported_events() -> int:
    return AuditEvent.objects.filter(action="scoring.table.imported").count()


def changed(line_index: int, column: str, value: str) -> list[Line]:
    """GOOD with one cell changed (``line_index`` 0 is row 2)."""
    lines = [list(line) for line in GOOD]
    lines[line_index][COLUMNS.index(column)] = value
    return lines


# --- Accepted files ----------------------------------------------------------------------------


def test_a_good_file_replaces_the_draft_tables_criteria_and_disqualifiers(
    fmt: str, table: ScoringTable
) -> None:
    result = run(fmt, table, GOOD)
    assert result == TableImportResult(
        created=13, updated=0, unchanged=0, deleted=24, disqualifiers=2
    )
    assert result.total == 13
    assert [(code, parent, kind, order) for code, parent, kind, order, *_ in tree(table)] == [
        ("A", "", "group", 1),
        ("A.1", "A", "criterion", 2),
        ("A.2", "A", "criterion", 3),
        ("A.2.a", "A.2", "criterion", 4),
        ("A.2.b", "A.2", "criterion", 5),
        ("B", "", "group", 6),
        ("B.1", "B", "criterion", 7),
        ("C", "", "bonus", 8),
        ("C.1", "C", "bonus", 9),
        ("C.2", "C", "bonus", 10),
        ("D", "", "penalty", 11),
        ("D.1", "D", "penalty", 12),
        ("D.2", "D", "penalty", 13),
    ]
    assert table_errors(table) == []
    assert conditions(table) == [
        (1, "Vi phạm Luật Giao thông đường bộ", "traffic_violations"),
        (2, "Tập thể mất đoàn kết", ""),
    ]


def test_points_evidence_and_guidance_are_read_as_written(fmt: str, table: ScoringTable) -> None:
    run(fmt, table, GOOD)
    stored = {c.code: c for c in table.criteria.all()}
    assert stored["D.1"].max_points == D("2.5")
    assert stored["D.2"].max_points == D("1.5")
    assert stored["A"].max_points == D("60")
    evidence = {code: c.evidence_required for code, c in stored.items()}
    assert [code for code, flag in evidence.items() if flag] == ["A.1", "A.2.a", "B.1", "C.1"]
    assert stored["A"].guidance == "Theo báo cáo tổng kết"
    assert stored["A.2.a"].title == "Mô hình được công nhận"


def test_an_accepted_import_records_one_event_with_its_counts(
    fmt: str, table: ScoringTable
) -> None:
    run(fmt, table, GOOD)
    assert imported_events() == 1
    event = AuditEvent.objects.get(action="scoring.table.imported")
    assert event.target_id == str(table.pk)
    assert event.agency is not None
    assert event.agency.code == "S-SCT-A"
    assert event.payload["file"] == f"bang-diem.{fmt}"
    assert event.payload["created"] == 13


def test_importing_the_same_file_twice_gives_the_same_tree(fmt: str, table: ScoringTable) -> None:
    run(fmt, table, GOOD)
    first = tree(table), conditions(table)
    ids = dict(table.criteria.values_list("code", "pk"))
    result = run(fmt, table, GOOD)
    assert (tree(table), conditions(table)) == first
    assert dict(table.criteria.values_list("code", "pk")) == ids
    assert result == TableImportResult(
        created=0, updated=0, unchanged=13, deleted=0, disqualifiers=2
    )
    assert imported_events() == 2


def test_a_code_already_in_the_table_keeps_its_criterion_and_takes_the_files_values(
    fmt: str, table: ScoringTable
) -> None:
    run(fmt, table, GOOD)
    kept = table.criteria.get(code="B.1").pk
    lines = changed(6, "title", "Báo cáo đầy đủ, đúng hạn")
    lines[6][COLUMNS.index("guidance")] = "Mỗi báo cáo chậm trừ 1 điểm"
    lines = [line for line in lines if line[0] != "C.2"]
    result = run(fmt, table, lines)
    assert result.updated == 4  # B.1, and D, D.1, D.2 moved up a place
    assert result.deleted == 1
    criterion = table.criteria.get(code="B.1")
    assert criterion.pk == kept
    assert criterion.title == "Báo cáo đầy đủ, đúng hạn"
    assert criterion.guidance == "Mỗi báo cáo chậm trừ 1 điểm"
    assert not table.criteria.filter(code="C.2").exists()


def test_a_semicolon_separated_csv_with_a_byte_order_mark_is_read(table: ScoringTable) -> None:
    text = "\ufeff" + "\n".join(";".join(line) for line in [COLUMNS, *GOOD]) + "\n"
    result = scoring_table_import(
        actor=None, table=table, stream=io.BytesIO(text.encode()), filename="BANG.CSV"
    )
    assert result.created == 13
    assert table.criteria.get(code="D.1").max_points == D("2.5")


# --- Refused files -----------------------------------------------------------------------------

BAD_CASES: list[tuple[str, int, str, str, str]] = [
    # (why, index into GOOD, column, value, words of the message)
    ("unknown kind", 1, "kind", "tiêu chí phụ", "Loại “tiêu chí phụ” không hợp lệ"),
    ("unknown parent", 2, "parent_code", "X9", "không có tiêu chí mã “X9” trong tệp"),
    ("duplicate code", 4, "code", "A.2.a", "Mã “A.2.a” lặp lại dòng 5"),
    ("missing code", 6, "code", "", "Thiếu mã tiêu chí"),
    ("code too long", 6, "code", "B.1.aaaaaaaaaaaaaaaaaa", "dài quá 20 ký tự"),
    ("missing title", 1, "title", "", "Thiếu nội dung"),
    ("not a number", 1, "max_points", "bốn mươi", "không phải là số hợp lệ"),
    ("three decimals", 11, "max_points", "2.555", "không phải là số hợp lệ"),
    ("two separators", 1, "max_points", "1.000,5", "không phải là số hợp lệ"),
    ("missing points", 1, "max_points", "", "Thiếu điểm tối đa"),
    ("negative points", 11, "max_points", "-2", "Điểm tối đa “-2” không được âm"),
    ("bad evidence", 1, "evidence_required", "có lẽ", "Cột evidence_required"),
    ("bonus under a group", 8, "parent_code", "B", "không được nằm trong nhóm, tiêu chí"),
    ("penalty under a criterion", 11, "parent_code", "A.1", "không được nằm trong nhóm"),
    ("criterion under a bonus group", 6, "parent_code", "C", "phải cùng loại với C"),
    ("penalty under a bonus group", 12, "parent_code", "C", "phải cùng loại với C"),
    ("disqualifier with points", 13, "max_points", "5", "Điểm liệt không ghi"),
    ("disqualifier with a parent", 14, "parent_code", "A", "Điểm liệt không ghi"),
    ("disqualifier with prose as its fact", 13, "guidance", "Vi phạm giao thông", "mã căn cứ"),
]


@pytest.mark.parametrize(
    ("index", "column", "value", "words"),
    [case[1:] for case in BAD_CASES],
    ids=[case[0] for case in BAD_CASES],
)
def test_a_bad_row_is_named_with_its_number_and_nothing_is_written(
    fmt: str, table: ScoringTable, index: int, column: str, value: str, words: str
) -> None:
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, changed(index, column, value)))
    assert [e.row for e in errors] == [index + 2], errors
    assert words in errors[0].message
    assert raw(table) == before
    assert imported_events() == 0


def test_a_parent_cycle_names_every_row_in_it(fmt: str, table: ScoringTable) -> None:
    lines = changed(2, "parent_code", "A.2.b")  # A.2 → A.2.b → A.2: a loop
    lines[1][COLUMNS.index("parent_code")] = "A.2.a"  # A.1 hangs under the loop, not in it
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, lines))
    assert [e.row for e in errors] == [4, 6]
    assert all("vòng lặp" in e.message for e in errors)
    assert raw(table) == before


def test_a_criterion_that_is_its_own_parent_is_a_cycle(fmt: str, table: ScoringTable) -> None:
    errors = rejected(lambda: run(fmt, table, changed(6, "parent_code", "B.1")))
    assert [e.row for e in errors] == [8]
    assert "vòng lặp" in errors[0].message


def test_every_bad_row_is_named_at_once(fmt: str, table: ScoringTable) -> None:
    lines = changed(1, "kind", "khác")
    lines[4][COLUMNS.index("max_points")] = "-1"
    lines[9][COLUMNS.index("parent_code")] = "Z"
    lines[9][COLUMNS.index("evidence_required")] = "?"
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, lines))
    assert [e.row for e in errors] == [3, 6, 11, 11]
    assert raw(table) == before


def test_a_row_under_a_row_with_an_unknown_kind_is_not_blamed_too(
    fmt: str, table: ScoringTable
) -> None:
    errors = rejected(lambda: run(fmt, table, changed(0, "kind", "khối")))
    assert [e.row for e in errors] == [2]


Change = tuple[int, str, str]
TREE_CASES: list[tuple[str, list[Change], str]] = [
    (
        "groups not adding to the total",
        [(5, "max_points", "35"), (6, "max_points", "35")],
        "Các nhóm tiêu chí cộng lại 95 điểm, khác tổng điểm 100 của bảng.",
    ),
    (
        "children not adding to the parent",
        [(4, "max_points", "9")],
        "Các tiêu chí con của A.2 cộng lại 21, khác 20 điểm.",
    ),
    (
        "penalty items over the maximum",
        [(12, "max_points", "2")],
        "Các mục điểm trừ của D vượt mức trừ tối đa 4.",
    ),
    (
        "a group without criteria",
        [(6, "parent_code", ""), (5, "max_points", "0")],  # B.1 (40) at the top: still 100
        "Nhóm B chưa có tiêu chí nào.",
    ),
]


@pytest.mark.parametrize(
    ("changes", "message"),
    [case[1:] for case in TREE_CASES],
    ids=[case[0] for case in TREE_CASES],
)
def test_a_tree_that_does_not_add_up_is_refused_as_a_whole_and_nothing_is_written(
    fmt: str, table: ScoringTable, changes: list[Change], message: str
) -> None:
    lines = [list(line) for line in GOOD]
    for index, column, value in changes:
        lines[index][COLUMNS.index(column)] = value
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, lines))
    assert errors == [RowError(0, message)]
    assert raw(table) == before
    assert imported_events() == 0


def test_a_parent_code_naming_a_disqualifier_names_no_criterion(
    fmt: str, table: ScoringTable
) -> None:
    lines = changed(13, "code", "L1")
    lines[6][COLUMNS.index("parent_code")] = "L1"
    errors = rejected(lambda: run(fmt, table, lines))
    assert [e.row for e in errors] == [8]
    assert "không có tiêu chí mã “L1”" in errors[0].message


def test_a_file_for_another_total_is_refused_by_the_tables_total(
    fmt: str, table: ScoringTable
) -> None:
    lines = [line for line in GOOD if line[0] not in ("B", "B.1")]
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, lines))
    assert [e.message for e in errors] == [
        "Các nhóm tiêu chí cộng lại 60 điểm, khác tổng điểm 100 của bảng."
    ]
    assert raw(table) == before


def test_a_file_without_criteria_is_refused(fmt: str, table: ScoringTable) -> None:
    before = raw(table)
    errors = rejected(lambda: run(fmt, table, []))
    assert errors == [RowError(1, "Tệp không có dòng tiêu chí nào.")]
    assert raw(table) == before


def test_a_file_missing_a_column_is_refused(fmt: str, table: ScoringTable) -> None:
    stream, filename = build(fmt, [line[:-1] for line in GOOD], header=COLUMNS[:-1])
    errors = rejected(
        lambda: scoring_table_import(actor=None, table=table, stream=stream, filename=filename)
    )
    assert errors == [RowError(1, "Thiếu cột: guidance.")]


def test_a_file_of_another_type_is_refused(table: ScoringTable) -> None:
    errors = rejected(
        lambda: scoring_table_import(
            actor=None, table=table, stream=io.BytesIO(b"x"), filename="bang.ods"
        )
    )
    assert [e.row for e in errors] == [0]


def test_importing_into_an_active_table_is_an_illegal_transition(
    fmt: str, table: ScoringTable
) -> None:
    scoring_table_activate(actor=None, table=table)
    before = raw(table)
    with pytest.raises(IllegalTransition, match="đã được áp dụng"):
        run(fmt, table, GOOD)
    assert raw(table) == before
    assert raw(table)["table"][2] == TableStatus.ACTIVE
    assert imported_events() == 0


# --- Export ------------------------------------------------------------------------------------


def test_the_export_is_one_sheet_in_the_import_layout(table: ScoringTable) -> None:
    workbook = load_workbook(io.BytesIO(scoring_table_xlsx(table)))
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    assert sheet.title == "Bảng chấm điểm"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert rows[1] == (
        "I",
        None,
        "group",
        "Thực hiện nhiệm vụ chính trị, chuyên môn được giao",
        50,
        "không",
        None,
    )
    assert rows[2][:3] == ("I.1", "I", "criterion")
    assert rows[2][5] == "có"
    assert len(rows) == 1 + 24 + 5
    assert [r[2] for r in rows[-5:]] == ["disqualifier"] * 5
    assert rows[-5][3:] == (
        "Có công chức, viên chức, người lao động vi phạm Luật Giao thông đường bộ",
        None,
        None,
        "traffic_violations",
    )
    assert sheet.column_dimensions["D"].width == 70
    assert sheet.freeze_panes == "A2"


def test_an_exported_table_imported_into_another_draft_gives_the_same_tree(
    fmt: str, years: list[GroupYear]
) -> None:
    source = scoring_table_create_default(actor=None, group_year=years[0])
    run(fmt, source, GOOD)  # decimals, three levels and guidance
    target = scoring_table_create_default(actor=None, group_year=years[1])
    scoring_table_import(
        actor=None,
        table=target,
        stream=io.BytesIO(scoring_table_xlsx(source)),
        filename="xuat.xlsx",
    )
    assert tree(target) == tree(source)
    assert conditions(target) == conditions(source)


def test_the_default_table_exported_and_imported_back_is_unchanged(table: ScoringTable) -> None:
    before = tree(table), conditions(table)
    result = scoring_table_import(
        actor=None, table=table, stream=io.BytesIO(scoring_table_xlsx(table)), filename="x.xlsx"
    )
    assert result == TableImportResult(
        created=0, updated=0, unchanged=24, deleted=0, disqualifiers=5
    )
    assert (tree(table), conditions(table)) == before


def test_a_table_imported_from_a_file_listing_children_first_can_be_copied(
    fmt: str, years: list[GroupYear]
) -> None:
    table = scoring_table_create_default(actor=None, group_year=years[0])
    run(fmt, table, list(reversed(GOOD)))
    copy = scoring_table_copy(actor=None, source=table, group_year=years[1])
    assert tree(copy) == tree(table)
    assert [code for code, *_ in tree(table)][:3] == ["D", "D.2", "D.1"]
