"""The history import (``awards_import``), with .csv and .xlsx files.

A good file is written in one transaction with one audit event; a file with any bad row is
refused whole, naming each bad row, and writes nothing; importing the same file again adds
nothing, and the same row with a revoking decision marks the stored record revoked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thidua.audit.models import AuditEvent
from thidua.awards.models import CommendationRecord
from thidua.awards.services import IMPORT_COLUMNS, RecordImportResult, record_import
from thidua.core.tabular import ImportRejected
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    person_create,
)

pytestmark = pytest.mark.django_db

Cell = str | int | dt.date | None


@pytest.fixture(params=["csv", "xlsx"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def people() -> list[Person]:
    return [
        person_create(actor=None, values=PersonValues(code="CB-1", full_name="Nguyễn Thị Ánh")),
        person_create(actor=None, values=PersonValues(code="cb-1", full_name="Trần Văn Bình")),
    ]


@pytest.fixture
def agency() -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code="SNV-AG",
            name="Sở Nội vụ tỉnh An Giang",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def build(fmt: str, rows: Sequence[Mapping[str, Cell]]) -> tuple[io.BytesIO, str]:
    """A file in ``fmt`` with every import column; a date is dd/mm/yyyy in a CSV, a date cell in
    a spreadsheet."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(IMPORT_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v)
                    for v in (row.get(c) for c in IMPORT_COLUMNS)
                ]
            )
        return io.BytesIO(text.getvalue().encode("utf-8")), "qua-trinh.csv"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(IMPORT_COLUMNS)
    for row in rows:
        sheet.append([row.get(c) for c in IMPORT_COLUMNS])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream, "qua-trinh.xlsx"


def run(fmt: str, rows: Sequence[Mapping[str, Cell]]) -> RecordImportResult:
    stream, name = build(fmt, rows)
    return record_import(actor=None, stream=stream, filename=name)


def refusal(fmt: str, rows: Sequence[Mapping[str, Cell]]) -> list[tuple[int, str]]:
    stream, name = build(fmt, rows)
    with pytest.raises(ImportRejected) as refused:
        record_import(actor=None, stream=stream, filename=name)
    return [(e.row, e.message) for e in refused.value.errors]


AWARD: dict[str, Cell] = {
    "record_kind": "award",
    "recipient_type": "person",
    "recipient_code": "CB-1",
    "recipient_name": "Nguyễn Thị Ánh",
    "award": "chien_si_thi_dua_co_so",
    "year": 2024,
    "decision_number": "15/QĐ-SNV",
    "decision_date": dt.date(2025, 1, 10),
    "issuer": "Sở Nội vụ",
}
GOOD: list[dict[str, Cell]] = [
    AWARD,
    {
        "record_kind": "award",
        "recipient_type": "collective",
        "recipient_code": "SNV-AG",
        "award": "tap_the_lao_dong_xuat_sac",
        "award_type": "cong_trang",
        "year": 2024,
        "decision_number": "20/QĐ-UBND",
    },
    {
        "record_kind": "award",
        "recipient_type": "collective",
        "recipient_code": "SNV-AG",
        "award": "bang_khen_bo",
        "award_type": "dot_xuat",
        "year": 2023,
        "decision_number": "99/QĐ-BNV",
    },
    {"record_kind": "rating", "recipient_type": "person", "recipient_code": "cb-1",
     "rating": "htxsnv", "year": 2024},
    {"record_kind": "rating", "recipient_type": "collective", "recipient_code": "SNV-AG",
     "rating": "httnv", "year": 2024},
    {"record_kind": "initiative", "recipient_type": "person", "recipient_code": "CB-1",
     "scope": "bo", "year": 2023, "decision_number": "7/QĐ-HĐSK"},
    {"record_kind": "discipline", "recipient_type": "person", "recipient_code": "cb-1",
     "discipline_level": "canh_cao", "start_date": dt.date(2022, 3, 1),
     "end_date": dt.date(2023, 2, 28), "decision_number": "3/QĐ-KL"},
    {"record_kind": "discipline", "recipient_type": "person", "recipient_code": "CB-1",
     "discipline_level": "khien_trach", "start_date": "2025-06-01", "decision_number": "9/QĐ-KL"},
    {"record_kind": "blocker", "recipient_type": "collective", "recipient_code": "SNV-AG",
     "start_date": dt.date(2025, 5, 1), "note": "Đang thanh tra"},
]  # fmt: skip


def test_a_good_file_creates_a_record_of_every_kind(
    fmt: str, people: list[Person], agency: Agency
) -> None:
    result = run(fmt, GOOD)

    assert result == RecordImportResult(created=9, unchanged=0, revoked=0)
    anh, binh = people
    award = CommendationRecord.objects.get(person=anh, record_kind="award")
    assert award.award is not None
    assert award.award.code == "chien_si_thi_dua_co_so"
    assert (award.year, award.decision_number, award.decision_date, award.issuer) == (
        2024,
        "15/QĐ-SNV",
        dt.date(2025, 1, 10),
        "Sở Nội vụ",
    )
    assert award.award_type == "cong_trang"  # blank means regular merit
    assert sorted(
        CommendationRecord.objects.filter(agency=agency, record_kind="award").values_list(
            "award__code", "award_type"
        )
    ) == [("bang_khen_bo", "dot_xuat"), ("tap_the_lao_dong_xuat_sac", "cong_trang")]
    assert CommendationRecord.objects.get(person=binh, record_kind="rating").rating == "htxsnv"
    assert CommendationRecord.objects.get(agency=agency, record_kind="rating").rating == "httnv"
    assert CommendationRecord.objects.get(record_kind="initiative").scope == "bo"
    closed = CommendationRecord.objects.get(person=binh, record_kind="discipline")
    assert (closed.discipline_level, closed.start_date, closed.end_date, closed.year) == (
        "canh_cao",
        dt.date(2022, 3, 1),
        dt.date(2023, 2, 28),
        None,
    )
    still_open = CommendationRecord.objects.get(person=anh, record_kind="discipline")
    assert (still_open.start_date, still_open.end_date) == (dt.date(2025, 6, 1), None)
    blocker = CommendationRecord.objects.get(record_kind="blocker")
    assert (blocker.agency, blocker.note) == (agency, "Đang thanh tra")
    events = AuditEvent.objects.filter(action="awards.records.imported")
    assert [e.payload for e in events] == [
        {"file": f"qua-trinh.{fmt}", "created": 9, "unchanged": 0, "revoked": 0}
    ]


def test_importing_the_same_file_twice_adds_nothing(
    fmt: str, people: list[Person], agency: Agency
) -> None:
    run(fmt, GOOD)

    assert run(fmt, GOOD) == RecordImportResult(created=0, unchanged=9, revoked=0)
    assert CommendationRecord.objects.count() == 9
    assert AuditEvent.objects.filter(action="awards.records.imported").count() == 2


def test_the_same_row_with_a_revoking_decision_marks_the_record_revoked(
    fmt: str, people: list[Person], agency: Agency
) -> None:
    run(fmt, GOOD)
    revoking = {**AWARD, "revoked_by_decision": "40/QĐ-SNV", "revoked_on": dt.date(2025, 9, 1)}

    assert run(fmt, [revoking]) == RecordImportResult(created=0, unchanged=0, revoked=1)
    assert run(fmt, [revoking]) == RecordImportResult(created=0, unchanged=1, revoked=0)
    record = CommendationRecord.objects.get(person=people[0], record_kind="award")
    assert (record.decision_number, record.revoked_by_decision, record.revoked_on) == (
        "15/QĐ-SNV",
        "40/QĐ-SNV",
        dt.date(2025, 9, 1),
    )
    assert record.is_revoked
    assert CommendationRecord.objects.count() == 9


def test_a_bad_file_names_every_bad_row_and_writes_nothing(
    fmt: str, people: list[Person], agency: Agency
) -> None:
    rows: list[dict[str, Cell]] = [
        AWARD,  # row 2 is good
        {**AWARD, "recipient_code": "CB-404"},
        {**AWARD, "award": "huan_chuong_lao_dong"},
        {"record_kind": "rating", "recipient_type": "person", "recipient_code": "CB-1",
         "rating": "xuat_sac", "year": 2024},
        {**AWARD, "award": "tap_the_lao_dong_tien_tien"},
        {**AWARD, "decision_date": "31/02/2025"},
        {**AWARD, "year": None},
        {"record_kind": "discipline", "recipient_type": "person", "recipient_code": "CB-1",
         "discipline_level": "canh_cao"},
        {**AWARD, "record_kind": "huan_chuong"},
        {**AWARD, "recipient_type": "collective"},
        AWARD,
    ]  # fmt: skip

    errors = refusal(fmt, rows)

    assert [row for row, _ in errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    messages = dict(errors)
    assert messages[3] == "Không tìm thấy cá nhân mã “CB-404”."
    assert messages[4] == "Không có danh hiệu, hình thức mã “huan_chuong_lao_dong”."
    assert "xuat_sac" in messages[5]
    assert messages[6] == "“Tập thể lao động tiên tiến” chỉ dành cho tập thể."
    assert "31/02/2025" in messages[7]
    assert messages[8] == "Hồ sơ loại award phải có năm."
    assert "start_date" in messages[9]
    assert "huan_chuong" in messages[10]
    assert messages[11] == "“Chiến sĩ thi đua cơ sở” chỉ dành cho cá nhân."
    assert messages[12] == "Dòng này trùng với dòng 2."
    assert CommendationRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="awards.records.imported").exists()


def test_a_collective_code_is_looked_up_among_agencies_only(
    fmt: str, people: list[Person], agency: Agency
) -> None:
    errors = refusal(fmt, [{**AWARD, "recipient_type": "collective", "award": "giay_khen"}])

    assert errors == [(2, "Không tìm thấy tập thể (đơn vị) mã “CB-1”.")]


def test_a_file_without_the_columns_is_refused(fmt: str) -> None:
    stream = io.BytesIO(b"record_kind,year\naward,2024\n")

    with pytest.raises(ImportRejected) as refused:
        record_import(actor=None, stream=stream, filename="x.csv")

    assert refused.value.errors[0].row == 1
    assert "recipient_code" in refused.value.errors[0].message


def test_twenty_thousand_rows_import_within_a_fixed_query_budget(
    django_assert_max_num_queries: object, tmp_path: Path
) -> None:
    Person.objects.bulk_create(
        Person(code=f"P{i:05d}", full_name=f"Cán bộ {i}", search_key=f"can bo {i}")
        for i in range(2000)
    )
    path = tmp_path / "lon.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(IMPORT_COLUMNS)
        for i in range(2000):
            for year in range(2015, 2025):
                row = {
                    "record_kind": "rating",
                    "recipient_type": "person",
                    "recipient_code": f"P{i:05d}",
                    "rating": "httnv",
                    "year": year,
                }
                writer.writerow([row.get(c, "") for c in IMPORT_COLUMNS])

    with django_assert_max_num_queries(60):  # type: ignore[operator]
        out = io.StringIO()
        call_command("awards_import", str(path), stdout=out)

    assert out.getvalue().strip() == "Đã nhập 20000 dòng: 20000 mới, 0 không đổi, 0 thu hồi."
    assert CommendationRecord.objects.count() == 20_000


def test_the_command_lists_the_bad_rows_and_fails(tmp_path: Path, people: list[Person]) -> None:
    path = tmp_path / "sai.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(IMPORT_COLUMNS)
        for i in range(60):
            row = {**AWARD, "recipient_code": f"X{i}"}
            writer.writerow([row.get(c, "") for c in IMPORT_COLUMNS])
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("awards_import", str(path), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0] == "Dòng 2: Không tìm thấy cá nhân mã “X0”."
    assert len(lines) == 51
    assert lines[-1] == "… và 10 lỗi khác."
    assert "60 lỗi" in str(failed.value)
    assert CommendationRecord.objects.count() == 0


class OneWay(io.BytesIO):
    """An upload that cannot be rewound (a pipe, a network stream)."""

    def seekable(self) -> bool:
        return False


def test_a_stream_that_cannot_seek_is_read_twice_through_a_copy(
    people: list[Person], agency: Agency
) -> None:
    stream, _name = build("csv", [AWARD])

    result = record_import(actor=None, stream=OneWay(stream.getvalue()), filename="a.csv")

    assert result == RecordImportResult(created=1, unchanged=0, revoked=0)


def test_a_recipient_gone_between_the_two_passes_is_a_row_error_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, fmt: str, people: list[Person], agency: Agency
) -> None:
    from thidua.awards.services import records as services

    validate = services._validate

    def then_forget(*args: object, **kwargs: object) -> None:
        validate(*args, **kwargs)  # type: ignore[arg-type]
        Person.objects.filter(code="CB-1").update(code="CB-1-gone")  # gone before the writes

    monkeypatch.setattr(services, "_validate", then_forget)
    errors = refusal(fmt, GOOD)
    assert errors
    assert all("CB-1" in message for _row, message in errors)
    assert not CommendationRecord.objects.exists()
