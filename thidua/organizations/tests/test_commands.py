"""The import commands: the same imports as the web page, from a file path."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thidua.audit.models import AuditEvent
from thidua.organizations.imports import AGENCY_COLUMNS, LINEAGE_COLUMNS, PEOPLE_COLUMNS
from thidua.organizations.models import Agency, LineageEvent, Person, Position

pytestmark = pytest.mark.django_db

AGENCIES_CSV = """code,name,short_name,kind,province_code,parent_code,valid_from,valid_to
A,Sở Nội vụ tỉnh Kiên Giang,,provincial_department,91,,01/01/2008,
B,Sở Nội vụ tỉnh An Giang (cũ),,provincial_department,89,,2008-01-01,
C,Sở Nội vụ tỉnh An Giang,SNV,provincial_department,91,,,
"""

LINEAGE_CSV = """kind,date,predecessors,successors,decision_number,note
merge,01/07/2025,A;B,C,202/2025/QH15,Sắp xếp đơn vị hành chính
"""

PEOPLE_CSV = """code,full_name,gender,birth_year,agency_code,position,from_date,to_date
CB-1,Nguyễn Thị Ánh,nu,1985,A,Chuyên viên,01/01/2020,30/06/2025
CB-1,Nguyễn Thị Ánh,nu,1985,C,Phó phòng,01/07/2025,
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(command: str, path: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(command: str, path: str) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command(command, path, stdout=io.StringIO(), stderr=err)
    return refusal.value, err.getvalue()


def test_agencies_import_imports_a_good_csv_and_says_what_it_did(tmp_path: Path) -> None:
    out, err = run("agencies_import", write(tmp_path, "don-vi.csv", AGENCIES_CSV))

    assert out.strip() == "Đã nhập 3 dòng: 3 mới, 0 cập nhật, 0 không đổi."
    assert err == ""
    assert sorted(Agency.objects.values_list("code", flat=True)) == ["A", "B", "C"]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.payload["file"]) == (
        "organizations.agencies.imported",
        None,
        "don-vi.csv",
    )


def test_agencies_import_reports_nothing_changed_the_second_time(tmp_path: Path) -> None:
    path = write(tmp_path, "don-vi.csv", AGENCIES_CSV)
    run("agencies_import", path)

    out, _err = run("agencies_import", path)

    assert out.strip() == "Đã nhập 3 dòng: 0 mới, 0 cập nhật, 3 không đổi."


def test_agencies_import_reads_a_spreadsheet(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(AGENCY_COLUMNS)
    sheet.append(["A", "Sở Tài chính", "", "provincial_department", "91", "", dt.date(2025, 7, 1)])
    path = tmp_path / "don-vi.xlsx"
    workbook.save(path)

    out, _err = run("agencies_import", str(path))

    assert out.strip() == "Đã nhập 1 dòng: 1 mới, 0 cập nhật, 0 không đổi."
    assert Agency.objects.get(code="A").valid_from == dt.date(2025, 7, 1)


def test_agencies_import_refuses_a_bad_file_listing_every_bad_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "don-vi.csv",
        AGENCIES_CSV + "D,Đơn vị D,,bogus,,,,\nE,Đơn vị E,,other,,,01/07/2025,30/06/2025\n",
    )

    error, err = refused("agencies_import", path)

    assert str(error) == "Tệp có 2 lỗi; không có dữ liệu nào được ghi."
    lines = err.splitlines()
    assert lines[0].startswith("Dòng 5: Loại đơn vị “bogus” không hợp lệ")
    assert lines[1] == "Dòng 6: Ngày kết thúc không được trước ngày bắt đầu."
    assert Agency.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_import_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("agencies_import", str(tmp_path / "khong-co.csv"))


def test_an_import_command_refuses_a_file_of_another_kind(tmp_path: Path) -> None:
    error, err = refused("agencies_import", write(tmp_path, "don-vi.txt", AGENCIES_CSV))

    assert "Dòng 0: Chỉ nhận tệp .csv hoặc .xlsx." in err
    assert "không có dữ liệu nào được ghi" in str(error)


def test_lineage_import_records_the_events_of_a_good_file(tmp_path: Path) -> None:
    run("agencies_import", write(tmp_path, "don-vi.csv", AGENCIES_CSV))

    out, _err = run("lineage_import", write(tmp_path, "su-kien.csv", LINEAGE_CSV))

    assert out.strip() == "Đã nhập 1 dòng: 1 mới, 0 cập nhật, 0 không đổi."
    event = LineageEvent.objects.get()
    assert event.decision_number == "202/2025/QH15"
    assert Agency.objects.get(code="A").valid_to == dt.date(2025, 6, 30)


def test_lineage_import_refuses_a_bad_file_listing_every_bad_row(tmp_path: Path) -> None:
    run("agencies_import", write(tmp_path, "don-vi.csv", AGENCIES_CSV))
    path = write(
        tmp_path,
        "su-kien.csv",
        LINEAGE_CSV + "split,01/01/2026,C,X,,\nrename,01/01/2026,C,A,,\n",
    )

    _error, err = refused("lineage_import", path)

    assert "Dòng 3: Cột successors: không có đơn vị X." in err
    assert "Dòng 4: Sự kiện tạo vòng lặp: A đã là đơn vị trước của C." in err
    assert LineageEvent.objects.count() == 0
    assert Agency.objects.get(code="A").valid_to is None


def test_lineage_import_refuses_a_file_without_its_columns(tmp_path: Path) -> None:
    _error, err = refused("lineage_import", write(tmp_path, "su-kien.csv", AGENCIES_CSV))

    assert err.strip() == (
        "Dòng 1: Thiếu cột: " + ", ".join(c for c in LINEAGE_COLUMNS if c != "kind") + "."
    )


def test_people_import_imports_a_good_file(tmp_path: Path) -> None:
    run("agencies_import", write(tmp_path, "don-vi.csv", AGENCIES_CSV))

    out, _err = run("people_import", write(tmp_path, "ca-nhan.csv", PEOPLE_CSV))

    assert out.strip() == "Đã nhập 2 dòng: 2 mới, 0 cập nhật, 0 không đổi."
    assert Person.objects.get().positions.count() == 2


def test_people_import_refuses_a_bad_file_listing_every_bad_row(tmp_path: Path) -> None:
    run("agencies_import", write(tmp_path, "don-vi.csv", AGENCIES_CSV))
    path = write(
        tmp_path,
        "ca-nhan.csv",
        ",".join(PEOPLE_COLUMNS)
        + "\nCB-1,Lê An,x,1985,A,,01/01/2020,\nCB-2,Lê Bình,,,Z,,01/01/2020,\n",
    )

    _error, err = refused("people_import", path)

    assert err.splitlines() == [
        "Dòng 2: Giới tính phải là nam, nu hoặc để trống.",
        "Dòng 3: Không có đơn vị “Z”.",
    ]
    assert Person.objects.count() == Position.objects.count() == 0
