import datetime as dt

import pytest

from thidua.documents.dates import place_and_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 5, 10), "Cần Thơ, ngày 10 tháng 5 năm 2023"),
        (dt.date(2023, 2, 17), "Cần Thơ, ngày 17 tháng 02 năm 2023"),
        (dt.date(2024, 3, 5), "Cần Thơ, ngày 05 tháng 3 năm 2024"),
        (dt.date(2024, 1, 1), "Cần Thơ, ngày 01 tháng 01 năm 2024"),
        (dt.date(2024, 12, 9), "Cần Thơ, ngày 09 tháng 12 năm 2024"),
        (dt.date(2024, 10, 31), "Cần Thơ, ngày 31 tháng 10 năm 2024"),
    ],
)
def test_days_under_ten_and_january_and_february_take_a_leading_zero(
    day: dt.date, expected: str
) -> None:
    assert place_and_date("Cần Thơ", day) == expected


def test_every_month_after_february_is_printed_without_a_leading_zero() -> None:
    for month in range(3, 13):
        assert f"tháng {month} năm" in place_and_date("Huế", dt.date(2025, month, 15))


def test_a_missing_date_leaves_the_day_and_month_blank_for_the_pen() -> None:
    assert place_and_date("Cần Thơ", None, year=2023) == "Cần Thơ, ngày    tháng    năm 2023"


def test_a_missing_date_without_a_year_prints_the_current_year() -> None:
    assert place_and_date("Cần Thơ", None).endswith(f"năm {dt.date.today().year}")


def test_a_blank_place_starts_the_line_with_a_capital() -> None:
    assert place_and_date("  ", dt.date(2023, 5, 10)) == "Ngày 10 tháng 5 năm 2023"
