"""Imports of agencies, lineage and people from .csv and .xlsx files.

Every behaviour is checked with both formats: a good file is written in one transaction with one
audit event; a file with any bad row is refused whole, naming each bad row in Vietnamese, and
writes nothing; importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from thidua.audit.models import AuditEvent
from thidua.core.tabular import ImportRejected, RowError
from thidua.organizations.imports import (
    AGENCY_COLUMNS,
    LINEAGE_COLUMNS,
    PEOPLE_COLUMNS,
    ImportResult,
    agencies_import,
    lineage_import,
    people_import,
)
from thidua.organizations.models import Agency, LineageEvent, Person, Position
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

Cell = str | int | dt.date | None
Importer = Callable[..., ImportResult]

JULY_1 = dt.date(2025, 7, 1)


@pytest.fixture(params=["csv", "xlsx"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def build(
    fmt: str, columns: list[str], rows: Sequence[Mapping[str, Cell]]
) -> tuple[io.BytesIO, str]:
    """A file in ``fmt`` with a header of ``columns`` and one line per row (missing cells blank).

    In a CSV a date cell is written as dd/mm/yyyy; in a spreadsheet as a real date cell.
    """
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            cells = [row.get(c) for c in columns]
            writer.writerow(
                [
                    f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v)
                    for v in cells
                ]
            )
        return io.BytesIO(text.getvalue().encode("utf-8")), "du-lieu.csv"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream, "du-lieu.xlsx"


def run(
    importer: Importer,
    fmt: str,
    columns: list[str],
    rows: Sequence[Mapping[str, Cell]],
    actor: Any = None,
) -> ImportResult:
    stream, filename = build(fmt, columns, rows)
    return importer(actor=actor, stream=stream, filename=filename)


def import_agencies(
    fmt: str, rows: Sequence[Mapping[str, Cell]], actor: Any = None
) -> ImportResult:
    return run(agencies_import, fmt, AGENCY_COLUMNS, rows, actor)


def import_lineage(fmt: str, rows: Sequence[Mapping[str, Cell]], actor: Any = None) -> ImportResult:
    return run(lineage_import, fmt, LINEAGE_COLUMNS, rows, actor)


def import_people(fmt: str, rows: Sequence[Mapping[str, Cell]], actor: Any = None) -> ImportResult:
    return run(people_import, fmt, PEOPLE_COLUMNS, rows, actor)


def rejected(call: Callable[[], object]) -> list[RowError]:
    """The row errors of an import that must be refused."""
    with pytest.raises(ImportRejected) as refusal:
        call()
    assert "không có dữ liệu nào được ghi" in refusal.value.message
    return refusal.value.errors


def rows_of(errors: list[RowError]) -> list[int]:
    return [e.row for e in errors]


def snapshot() -> dict[str, list[Any]]:
    """Everything the imports can write, including last-change times."""
    return {
        "agencies": list(
            Agency.objects.order_by("code").values_list(
                "code",
                "name",
                "short_name",
                "kind",
                "province_id",
                "parent__code",
                "valid_from",
                "valid_to",
                "note",
                "search_key",
                "updated_at",
            )
        ),
        "events": [
            (
                e.identity,
                e.kind,
                e.date,
                e.decision_number,
                e.note,
                e.updated_at,
                sorted(a.code for a in e.predecessors.all()),
                sorted(a.code for a in e.successors.all()),
            )
            for e in LineageEvent.objects.order_by("identity")
        ],
        "people": list(
            Person.objects.order_by("code").values_list(
                "code", "full_name", "gender", "birth_year", "note", "search_key", "updated_at"
            )
        ),
        "positions": list(
            Position.objects.order_by("person__code", "agency__code", "from_date").values_list(
                "person__code", "agency__code", "title", "from_date", "to_date"
            )
        ),
        "audit": list(AuditEvent.objects.order_by("id").values_list("id", "action")),
    }


def make(code: str, **changes: Any) -> Agency:
    fields: dict[str, Any] = {
        "code": code,
        "name": f"Đơn vị {code}",
        "short_name": "",
        "kind": "provincial_department",
        "province": None,
        "parent": None,
        "valid_from": None,
        "valid_to": None,
    }
    fields.update(changes)
    return agency_create(actor=None, values=AgencyValues(**fields))


def agency_row(code: str, **cells: Cell) -> dict[str, Cell]:
    return {"code": code, "name": f"Đơn vị {code}", "kind": "provincial_department", **cells}


# Reading files


def test_it_rejects_a_file_that_is_neither_csv_nor_xlsx() -> None:
    errors = rejected(
        lambda: agencies_import(actor=None, stream=io.BytesIO(b"code"), filename="du-lieu.txt")
    )

    assert errors[0].message == "Chỉ nhận tệp .csv hoặc .xlsx."


def test_it_rejects_a_csv_that_is_not_utf8() -> None:
    data = "code,name\nA,Sở Nội vụ\n".encode("utf-16")

    errors = rejected(
        lambda: agencies_import(actor=None, stream=io.BytesIO(data), filename="du-lieu.csv")
    )

    assert "UTF-8" in errors[0].message


def test_it_rejects_a_damaged_spreadsheet() -> None:
    errors = rejected(
        lambda: agencies_import(
            actor=None, stream=io.BytesIO(b"not a zip file"), filename="du-lieu.xlsx"
        )
    )

    assert errors[0].message == "Không đọc được tệp Excel (.xlsx)."


def test_it_rejects_an_empty_file(fmt: str) -> None:
    if fmt == "csv":
        stream, filename = io.BytesIO(b""), "du-lieu.csv"
    else:
        stream, filename = build("xlsx", [], [])
    errors = rejected(lambda: agencies_import(actor=None, stream=stream, filename=filename))

    assert errors == [RowError(1, "Tệp trống: thiếu dòng tiêu đề.")]


def test_it_rejects_a_file_missing_a_column_naming_the_column(fmt: str) -> None:
    stream, filename = build(fmt, ["code", "name", "kind"], [agency_row("A")])

    errors = rejected(lambda: agencies_import(actor=None, stream=stream, filename=filename))

    assert errors == [
        RowError(1, "Thiếu cột: short_name, province_code, parent_code, valid_from, valid_to.")
    ]
    assert Agency.objects.count() == 0


def test_it_reads_a_semicolon_separated_csv_with_a_byte_order_mark() -> None:
    data = (
        "\ufeffcode;name;short_name;kind;province_code;parent_code;valid_from;valid_to\n"
        "A;Sở Nội vụ, tỉnh An Giang;;provincial_department;91;;01/07/2025;\n"
    ).encode()

    agencies_import(actor=None, stream=io.BytesIO(data), filename="DU-LIEU.CSV")

    assert Agency.objects.get(code="A").name == "Sở Nội vụ, tỉnh An Giang"


def test_it_skips_blank_lines_and_numbers_rows_as_the_file_shows_them() -> None:
    data = (
        "code,name,short_name,kind,province_code,parent_code,valid_from,valid_to\n"
        "A,Đơn vị A,,provincial_department,,,,\n"
        ",,,,,,,\n"
        "\n"
        "B,Đơn vị B,,bogus,,,,\n"
    ).encode()

    errors = rejected(
        lambda: agencies_import(actor=None, stream=io.BytesIO(data), filename="du-lieu.csv")
    )

    assert rows_of(errors) == [5]


def test_it_ignores_extra_columns_and_column_order(fmt: str) -> None:
    columns = ["ghi chú", *reversed(AGENCY_COLUMNS)]
    stream, filename = build(fmt, columns, [{**agency_row("A"), "ghi chú": "bỏ qua"}])

    result = agencies_import(actor=None, stream=stream, filename=filename)

    assert result.created == 1
    assert Agency.objects.get(code="A").name == "Đơn vị A"


# agencies_import


def test_it_imports_a_good_agency_file(fmt: str, personas: Any) -> None:
    agencies_before = Agency.objects.count()
    audit_before = AuditEvent.objects.count()

    result = import_agencies(
        fmt,
        [
            agency_row("BNV", name="Bộ Nội vụ", short_name="BNV", kind="ministry"),
            agency_row(
                "SNV-KG",
                name="Sở Nội vụ tỉnh Kiên Giang",
                province_code="91",
                parent_code="UBND-KG",
                valid_from=dt.date(2008, 1, 1),
                valid_to=dt.date(2025, 6, 30),
            ),
            agency_row(
                "UBND-KG",
                name="Ủy ban nhân dân tỉnh Kiên Giang",
                kind="provincial_committee",
                province_code="91",
                valid_from="2008-01-01",
                valid_to="2025-06-30",
            ),
            agency_row(
                "SNV-AG",
                name="Sở Nội vụ tỉnh An Giang",
                province_code="91",
                valid_from="01/07/2025",
            ),
        ],
        actor=personas.ministry_officer,
    )

    assert result == ImportResult(created=4, updated=0, unchanged=0)
    assert Agency.objects.count() == agencies_before + 4
    ministry = Agency.objects.get(code="BNV")
    assert (ministry.name, ministry.short_name, ministry.kind) == ("Bộ Nội vụ", "BNV", "ministry")
    assert ministry.province is None
    assert ministry.parent is None
    assert ministry.search_key == "bo noi vu bnv bnv"
    old = Agency.objects.get(code="SNV-KG")
    assert old.parent == Agency.objects.get(code="UBND-KG")
    assert (old.valid_from, old.valid_to) == (dt.date(2008, 1, 1), dt.date(2025, 6, 30))
    assert old.province is not None
    assert old.province.name == "Kiên Giang"
    new = Agency.objects.get(code="SNV-AG")
    assert new.province is not None
    assert new.province.name == "An Giang"
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.get(action="organizations.agencies.imported")
    assert event.actor == personas.ministry_officer
    assert event.payload == {
        "file": f"du-lieu.{fmt}",
        "created": 4,
        "updated": 0,
        "unchanged": 0,
    }


def test_a_parent_code_may_name_a_row_later_in_the_same_file(fmt: str) -> None:
    import_agencies(
        fmt,
        [
            agency_row("CHILD", parent_code="MIDDLE"),
            agency_row("MIDDLE", parent_code="TOP"),
            agency_row("TOP", kind="ministry"),
        ],
    )

    child = Agency.objects.get(code="CHILD")
    assert child.parent is not None
    assert child.parent.code == "MIDDLE"
    assert child.parent.parent is not None
    assert child.parent.parent.code == "TOP"


def test_a_parent_code_may_name_a_stored_agency(fmt: str) -> None:
    top = make("TOP", kind="ministry")

    import_agencies(fmt, [agency_row("CHILD", parent_code="TOP")])

    assert Agency.objects.get(code="CHILD").parent == top


def test_it_rejects_a_file_with_bad_rows_naming_every_one_and_writes_nothing(fmt: str) -> None:
    make("STORED", name="Tên cũ")
    before = snapshot()

    errors = rejected(
        lambda: import_agencies(
            fmt,
            [
                agency_row("STORED", name="Tên mới"),
                agency_row("NEW"),
                agency_row("BAD-KIND", kind="bo"),
                agency_row("BAD-DATE", valid_from="31/02/2025"),
                agency_row("BACKWARDS", valid_from="01/07/2025", valid_to="30/06/2025"),
                agency_row("NO-NAME", name=""),
                agency_row("NO-PROVINCE", province_code="89", valid_from="01/07/2025"),
                agency_row("NO-PARENT", parent_code="NOWHERE"),
            ],
        )
    )

    assert rows_of(errors) == [4, 5, 6, 7, 8, 9]
    messages = {e.row: e.message for e in errors}
    assert messages[4].startswith("Loại đơn vị “bo” không hợp lệ; dùng một trong: ministry,")
    assert messages[5] == "Cột valid_from: ngày “31/02/2025” không đúng dạng dd/mm/yyyy."
    assert messages[6] == "Ngày kết thúc không được trước ngày bắt đầu."
    assert messages[7] == "Tên chính thức là bắt buộc."
    assert messages[8] == "Không có tỉnh mã “89” vào ngày đó."
    assert messages[9] == "Không tìm thấy cơ quan cấp trên “NOWHERE”."
    assert snapshot() == before


def test_it_rejects_a_code_repeated_within_one_file(fmt: str) -> None:
    errors = rejected(
        lambda: import_agencies(
            fmt, [agency_row("A"), agency_row("B"), agency_row("A", name="Lần hai")]
        )
    )

    assert errors == [RowError(4, "Mã “A” lặp lại dòng 2.")]
    assert Agency.objects.count() == 0


def test_it_rejects_a_row_without_a_code(fmt: str) -> None:
    errors = rejected(lambda: import_agencies(fmt, [agency_row("", name="Không mã")]))

    assert errors == [RowError(2, "Mã đơn vị là bắt buộc.")]


@pytest.mark.parametrize("value", ["2025/07/01", "1/7/25", "ngày 1 tháng 7", "32/01/2025"])
def test_it_rejects_a_date_in_another_form(fmt: str, value: str) -> None:
    errors = rejected(lambda: import_agencies(fmt, [agency_row("A", valid_to=value)]))

    assert errors == [
        RowError(2, f"Cột valid_to: ngày “{value}” không đúng dạng dd/mm/yyyy."),
    ]


@pytest.mark.parametrize("value", ["01/07/2025", "1/7/2025", "2025-07-01", JULY_1])
def test_it_accepts_dates_as_dd_mm_yyyy_or_iso(fmt: str, value: Cell) -> None:
    import_agencies(fmt, [agency_row("A", valid_from=value)])

    assert Agency.objects.get(code="A").valid_from == JULY_1


def test_it_updates_a_stored_code_to_the_files_values(fmt: str) -> None:
    kien_giang = make("SCT", name="Sở Công Thương tỉnh Kiên Giang", short_name="SCT KG")
    kien_giang_id = kien_giang.pk
    parent = make("UBND")

    result = import_agencies(
        fmt,
        [
            agency_row(
                "SCT",
                name="Sở Công Thương tỉnh An Giang",
                province_code="91",
                parent_code="UBND",
                valid_from="01/07/2025",
            ),
        ],
    )

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    agency = Agency.objects.get(code="SCT")
    assert agency.pk == kien_giang_id
    assert agency.name == "Sở Công Thương tỉnh An Giang"
    assert agency.short_name == ""
    assert agency.parent == parent
    assert agency.valid_from == JULY_1
    assert agency.province is not None
    assert agency.province.name == "An Giang"
    assert agency.search_key == "so cong thuong tinh an giang sct"


def test_an_import_keeps_an_agencys_note(fmt: str) -> None:
    make("A", note="Ghi chú của quản trị viên")

    import_agencies(fmt, [agency_row("A", name="Tên mới")])

    assert Agency.objects.get(code="A").note == "Ghi chú của quản trị viên"


def test_importing_the_same_agency_file_twice_changes_nothing(fmt: str) -> None:
    make("STORED")
    rows = [
        agency_row("CHILD", parent_code="TOP", province_code="91", valid_from=dt.date(2020, 1, 1)),
        agency_row("TOP", kind="ministry"),
        agency_row("STORED", name="Tên từ tệp", valid_to="31/12/2030"),
    ]
    first = import_agencies(fmt, rows)
    after_first = snapshot()

    second = import_agencies(fmt, rows)

    assert first == ImportResult(created=2, updated=1, unchanged=0)
    assert second == ImportResult(created=0, updated=0, unchanged=3)
    after_second = snapshot()
    assert len(after_second.pop("audit")) == len(after_first.pop("audit")) + 1
    assert after_second == after_first


def test_each_agency_import_writes_exactly_one_audit_event(fmt: str) -> None:
    rows = [agency_row(code) for code in ("A", "B", "C")]

    import_agencies(fmt, rows)
    import_agencies(fmt, rows)

    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "organizations.agencies.imported",
        "organizations.agencies.imported",
    ]


def test_it_rejects_a_parent_cycle_within_the_file(fmt: str) -> None:
    errors = rejected(
        lambda: import_agencies(
            fmt,
            [
                agency_row("A", parent_code="B"),
                agency_row("B", parent_code="C"),
                agency_row("C", parent_code="A"),
                agency_row("D", parent_code="A"),
            ],
        )
    )

    assert errors == [RowError(n, "Cơ quan cấp trên tạo thành vòng lặp.") for n in (2, 3, 4)]
    assert Agency.objects.count() == 0


def test_it_rejects_an_agency_that_is_its_own_parent(fmt: str) -> None:
    errors = rejected(lambda: import_agencies(fmt, [agency_row("A", parent_code="A")]))

    assert errors == [RowError(2, "Cơ quan cấp trên tạo thành vòng lặp.")]


def test_it_rejects_a_parent_cycle_through_a_stored_agency(fmt: str) -> None:
    top = make("TOP")
    make("CHILD", parent=top)
    before = snapshot()

    errors = rejected(lambda: import_agencies(fmt, [agency_row("TOP", parent_code="CHILD")]))

    assert errors == [RowError(2, "Cơ quan cấp trên tạo thành vòng lặp.")]
    assert snapshot() == before


def test_a_file_may_break_a_stored_parent_chain_the_other_way(fmt: str) -> None:
    top = make("TOP")
    make("CHILD", parent=top)

    import_agencies(fmt, [agency_row("CHILD"), agency_row("TOP", parent_code="CHILD")])

    assert Agency.objects.get(code="TOP").parent == Agency.objects.get(code="CHILD")
    assert Agency.objects.get(code="CHILD").parent is None


# lineage_import


def lineage_row(kind: str, date: Cell, preds: str, succs: str, **cells: Cell) -> dict[str, Cell]:
    return {"kind": kind, "date": date, "predecessors": preds, "successors": succs, **cells}


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return {code: make(code) for code in ("A", "B", "C", "D", "E", "F", "G")}


def test_it_imports_a_good_lineage_file(fmt: str, agencies: dict[str, Agency]) -> None:
    audit_before = AuditEvent.objects.count()

    result = import_lineage(
        fmt,
        [
            lineage_row("merge", JULY_1, "A; B", "C", decision_number="202/2025/QH15"),
            lineage_row("split", "01/01/2026", "C", "D;E", note="Chia tách"),
            lineage_row("rename", "2025-07-01", "F", "G"),
        ],
    )

    assert result == ImportResult(created=3, updated=0, unchanged=0)
    values = dict(Agency.objects.values_list("code", "valid_from"))
    ends = dict(Agency.objects.values_list("code", "valid_to"))
    assert ends["A"] == ends["B"] == ends["F"] == dt.date(2025, 6, 30)
    assert (values["C"], ends["C"]) == (JULY_1, dt.date(2025, 12, 31))
    assert values["D"] == values["E"] == dt.date(2026, 1, 1)
    assert values["G"] == JULY_1
    merge = LineageEvent.objects.get(kind="merge")
    assert merge.decision_number == "202/2025/QH15"
    assert sorted(a.code for a in merge.predecessors.all()) == ["A", "B"]
    assert LineageEvent.objects.get(kind="split").note == "Chia tách"
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.get(action="organizations.lineage.imported").payload["created"] == 3


def test_importing_the_same_lineage_file_twice_changes_nothing(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    rows = [
        lineage_row("merge", JULY_1, "A;B", "C"),
        lineage_row("split", "01/01/2026", "C", "D;E"),
    ]
    import_lineage(fmt, rows)
    after_first = snapshot()

    second = import_lineage(fmt, rows)

    assert second == ImportResult(created=0, updated=0, unchanged=2)
    after_second = snapshot()
    assert len(after_second.pop("audit")) == len(after_first.pop("audit")) + 1
    assert after_second == after_first


def test_a_lineage_import_updates_the_decision_of_a_stored_event(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    lineage_event_record(
        actor=None,
        kind="rename",
        date=JULY_1,
        predecessors=[agencies["A"]],
        successors=[agencies["B"]],
    )

    result = import_lineage(
        fmt, [lineage_row("rename", JULY_1, "A", "B", decision_number="QĐ 12/2025")]
    )

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    assert LineageEvent.objects.get().decision_number == "QĐ 12/2025"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            lineage_row("merge", JULY_1, "A", "C"),
            "Hợp nhất cần ít nhất hai đơn vị trước và đúng một đơn vị sau.",
        ),
        (
            lineage_row("merge", JULY_1, "A;B", "C;D"),
            "Hợp nhất cần ít nhất hai đơn vị trước và đúng một đơn vị sau.",
        ),
        (
            lineage_row("split", JULY_1, "A", "C"),
            "Chia tách cần đúng một đơn vị trước và ít nhất hai đơn vị sau.",
        ),
        (
            lineage_row("split", JULY_1, "A;B", "C;D"),
            "Chia tách cần đúng một đơn vị trước và ít nhất hai đơn vị sau.",
        ),
        (
            lineage_row("rename", JULY_1, "A", "C;D"),
            "Đổi tên hoặc chuyển cơ quan chủ quản nối đúng một đơn vị với một đơn vị.",
        ),
        (
            lineage_row("transfer", JULY_1, "A;B", "C"),
            "Đổi tên hoặc chuyển cơ quan chủ quản nối đúng một đơn vị với một đơn vị.",
        ),
        (
            lineage_row("rename", JULY_1, "A", ""),
            "Cần ít nhất một đơn vị trước và một đơn vị sau.",
        ),
        (
            lineage_row("rename", JULY_1, "A", "A"),
            "Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau.",
        ),
        (
            lineage_row("annex", JULY_1, "A", "C"),
            "Loại sự kiện “annex” không hợp lệ; dùng merge, split, rename hoặc transfer.",
        ),
        (
            lineage_row("merge", JULY_1, "A;ZZ;YY", "C"),
            "Cột predecessors: không có đơn vị ZZ, YY.",
        ),
        (lineage_row("rename", JULY_1, "A", "ZZ"), "Cột successors: không có đơn vị ZZ."),
        (
            lineage_row("rename", "30/06/25", "A", "C"),
            "Cột date: ngày “30/06/25” không đúng dạng dd/mm/yyyy.",
        ),
        (lineage_row("rename", "", "A", "C"), "Thiếu ngày hiệu lực."),
    ],
)
def test_it_rejects_a_bad_lineage_row_with_a_vietnamese_reason(
    fmt: str, agencies: dict[str, Agency], row: dict[str, Cell], message: str
) -> None:
    before = snapshot()

    errors = rejected(lambda: import_lineage(fmt, [lineage_row("rename", JULY_1, "F", "G"), row]))

    assert errors == [RowError(3, message)]
    assert snapshot() == before


def test_it_reports_every_bad_lineage_row_and_writes_nothing(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    before = snapshot()

    errors = rejected(
        lambda: import_lineage(
            fmt,
            [
                lineage_row("merge", JULY_1, "A;B", "C"),
                lineage_row("split", JULY_1, "D", "NOPE;E"),
                lineage_row("rename", "hôm qua", "F", "G"),
                lineage_row("merge", JULY_1, "A;B", "C"),
            ],
        )
    )

    assert rows_of(errors) == [3, 4, 5]
    assert errors[2] == RowError(5, "Sự kiện lặp lại dòng 2.")
    assert snapshot() == before


def test_it_rejects_a_predecessor_that_ended_on_another_day(fmt: str) -> None:
    make("OLD", valid_to=dt.date(2024, 12, 31))
    make("NEW")

    errors = rejected(lambda: import_lineage(fmt, [lineage_row("rename", JULY_1, "OLD", "NEW")]))

    assert errors == [
        RowError(2, "OLD đã kết thúc ngày 31/12/2024, không phải ngày trước sự kiện (30/06/2025).")
    ]


def test_it_rejects_a_lineage_cycle_within_the_file_with_a_clear_message(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    before = snapshot()

    errors = rejected(
        lambda: import_lineage(
            fmt,
            [
                lineage_row("rename", JULY_1, "A", "B"),
                lineage_row("rename", "01/01/2026", "B", "A"),
            ],
        )
    )

    assert RowError(3, "Sự kiện tạo vòng lặp: A đã là đơn vị trước của B.") in errors
    assert rows_of(errors) == [3] * len(errors)
    assert snapshot() == before


def test_it_rejects_a_lineage_cycle_with_a_stored_event(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    lineage_event_record(
        actor=None,
        kind="rename",
        date=JULY_1,
        predecessors=[agencies["A"]],
        successors=[agencies["B"]],
    )
    before = snapshot()

    errors = rejected(
        lambda: import_lineage(fmt, [lineage_row("transfer", "01/01/2026", "B", "A")])
    )

    assert RowError(2, "Sự kiện tạo vòng lặp: A đã là đơn vị trước của B.") in errors
    assert snapshot() == before


def test_it_checks_each_lineage_row_against_the_rows_above_it(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    before = snapshot()

    errors = rejected(
        lambda: import_lineage(
            fmt,
            [
                lineage_row("merge", JULY_1, "A;B", "C"),
                lineage_row("split", "01/03/2025", "C", "D;E"),
                lineage_row("rename", "01/01/2026", "A", "F"),
            ],
        )
    )

    assert errors == [
        RowError(3, "C bắt đầu sau ngày sự kiện."),
        RowError(4, "A đã kết thúc ngày 30/06/2025, không phải ngày trước sự kiện (31/12/2025)."),
    ]
    assert snapshot() == before


def test_a_lineage_file_may_chain_three_generations(fmt: str, agencies: dict[str, Agency]) -> None:
    import_lineage(
        fmt,
        [
            lineage_row("merge", JULY_1, "A;B", "C"),
            lineage_row("split", "01/01/2026", "C", "D;E"),
        ],
    )

    c = Agency.objects.get(code="C")
    assert (c.valid_from, c.valid_to) == (JULY_1, dt.date(2025, 12, 31))


# people_import


def person_row(code: str, agency: str, from_date: Cell, **cells: Cell) -> dict[str, Cell]:
    return {
        "code": code,
        "full_name": f"Cá nhân {code}",
        "agency_code": agency,
        "from_date": from_date,
        **cells,
    }


def test_it_imports_people_with_their_positions(fmt: str, agencies: dict[str, Agency]) -> None:
    audit_before = AuditEvent.objects.count()

    result = import_people(
        fmt,
        [
            person_row(
                "CB-1",
                "A",
                "01/01/2020",
                full_name="Nguyễn Thị Ánh",
                gender="nu",
                birth_year=1985,
                position="Chuyên viên",
                to_date="30/06/2025",
            ),
            person_row(
                "CB-1",
                "C",
                JULY_1,
                full_name="Nguyễn Thị Ánh",
                gender="nu",
                birth_year="1985",
                position="Phó phòng",
            ),
            person_row("CB-2", "A", "2019-03-15", gender="nam"),
        ],
    )

    assert result == ImportResult(created=3, updated=0, unchanged=0)
    anh = Person.objects.get(code="CB-1")
    assert (anh.full_name, anh.gender, anh.birth_year) == ("Nguyễn Thị Ánh", "nu", 1985)
    assert anh.search_key == "nguyen thi anh cb-1"
    assert list(
        anh.positions.order_by("from_date").values_list(
            "agency__code", "title", "from_date", "to_date"
        )
    ) == [
        ("A", "Chuyên viên", dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
        ("C", "Phó phòng", JULY_1, None),
    ]
    assert Person.objects.get(code="CB-2").positions.get().from_date == dt.date(2019, 3, 15)
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(action="organizations.people.imported").count() == 1


def test_a_person_moving_between_agencies_keeps_one_person_with_two_positions(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    import_people(fmt, [person_row("CB-1", "A", "01/01/2020", to_date="30/06/2025")])

    result = import_people(
        fmt,
        [
            person_row("CB-1", "A", "01/01/2020", to_date="30/06/2025"),
            person_row("CB-1", "B", "01/07/2025"),
        ],
    )

    assert result == ImportResult(created=1, updated=0, unchanged=1)
    assert Person.objects.filter(code="CB-1").count() == 1
    person = Person.objects.get(code="CB-1")
    assert list(person.positions.order_by("from_date").values_list("agency__code", flat=True)) == [
        "A",
        "B",
    ]


def test_importing_the_same_people_file_twice_changes_nothing(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    rows = [
        person_row("CB-1", "A", "01/01/2020", birth_year=1980, to_date="30/06/2025"),
        person_row("CB-1", "B", JULY_1, birth_year=1980, position="Trưởng phòng"),
        person_row("CB-2", "B", JULY_1),
    ]
    first = import_people(fmt, rows)
    after_first = snapshot()

    second = import_people(fmt, rows)

    assert first == ImportResult(created=3, updated=0, unchanged=0)
    assert second == ImportResult(created=0, updated=0, unchanged=3)
    after_second = snapshot()
    assert len(after_second.pop("audit")) == len(after_first.pop("audit")) + 1
    assert after_second == after_first


def test_a_people_import_updates_a_stored_person_and_position_to_the_files_values(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    person = person_create(
        actor=None, values=PersonValues(code="CB-1", full_name="Nguyen Van A", note="Ghi chú")
    )
    position_add(
        actor=None, person=person, agency=agencies["A"], title="Chuyên viên", from_date=JULY_1
    )

    result = import_people(
        fmt,
        [
            person_row(
                "CB-1",
                "A",
                JULY_1,
                full_name="Nguyễn Văn A",
                gender="nam",
                position="Phó phòng",
                to_date="31/12/2025",
            )
        ],
    )

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    person.refresh_from_db()
    assert (person.full_name, person.gender, person.note) == ("Nguyễn Văn A", "nam", "Ghi chú")
    assert list(person.positions.values_list("title", "to_date")) == [
        ("Phó phòng", dt.date(2025, 12, 31))
    ]


def test_a_changed_position_alone_counts_as_an_update(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    import_people(fmt, [person_row("CB-1", "A", JULY_1, position="Chuyên viên")])

    result = import_people(fmt, [person_row("CB-1", "A", JULY_1, position="Phó phòng")])

    assert result == ImportResult(created=0, updated=1, unchanged=0)


def test_it_rejects_a_people_file_with_bad_rows_naming_every_one_and_writes_nothing(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    person_create(actor=None, values=PersonValues(code="STORED", full_name="Đã có"))
    before = snapshot()

    errors = rejected(
        lambda: import_people(
            fmt,
            [
                person_row("STORED", "A", JULY_1, full_name="Tên mới"),
                person_row("OK", "A", JULY_1),
                person_row("P3", "NOWHERE", JULY_1),
                person_row("P4", "A", JULY_1, gender="male"),
                person_row("P5", "A", JULY_1, birth_year="1850"),
                person_row("P6", "A", JULY_1, birth_year="năm 80"),
                person_row("P7", "A", ""),
                person_row("P8", "A", "01/07/2025", to_date="30/06/2025"),
                person_row("P9", "A", "1 tháng 7"),
                person_row("", "A", JULY_1),
                person_row("OK", "B", JULY_1, full_name="Tên khác"),
                person_row("OK", "A", JULY_1),
            ],
        )
    )

    assert {e.row: e.message for e in errors} == {
        4: "Không có đơn vị “NOWHERE”.",
        5: "Giới tính phải là nam, nu hoặc để trống.",
        6: "Năm sinh “1850” không hợp lệ.",
        7: "Năm sinh “năm 80” không hợp lệ.",
        8: "Thiếu ngày bắt đầu (from_date).",
        9: "Ngày kết thúc không được trước ngày bắt đầu.",
        10: "Cột from_date: ngày “1 tháng 7” không đúng dạng dd/mm/yyyy.",
        11: "Mã cá nhân và họ tên là bắt buộc.",
        12: "Thông tin cá nhân “OK” khác với dòng 3.",
        13: "Chức vụ lặp lại dòng 3.",
    }
    assert snapshot() == before


def test_it_accepts_dates_in_both_forms_for_positions(
    fmt: str, agencies: dict[str, Agency]
) -> None:
    import_people(
        fmt,
        [
            person_row("CB-1", "A", "01/01/2020", to_date="2025-06-30"),
            person_row("CB-1", "B", "2025-07-01", to_date="31/12/2025"),
        ],
    )

    assert list(Position.objects.order_by("from_date").values_list("from_date", "to_date")) == [
        (dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
        (JULY_1, dt.date(2025, 12, 31)),
    ]
