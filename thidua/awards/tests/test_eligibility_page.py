"""The eligibility explanation page: the verdict, each condition's records, keeping a verdict."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from thidua.accounts.choices import Role
from thidua.accounts.services import membership_grant, user_create
from thidua.awards.models import EligibilityCheck
from thidua.awards.services import IMPORT_COLUMNS, record_import
from thidua.core.testing import PASSWORD
from thidua.organizations.models import Person
from thidua.organizations.services import PersonValues, person_create, position_add

pytestmark = pytest.mark.django_db

URL = "/khen-thuong/xet-dieu-kien/"


@pytest.fixture
def staff(personas: Any) -> Person:
    """A person of the personas' own agency, rated good in 2025, with a revoked 2024 title."""
    someone = person_create(
        actor=None, values=PersonValues(code="CB-TRANG", full_name="Trần Thị Trang")
    )
    position_add(
        actor=None,
        person=someone,
        agency=personas.own,
        title="Chuyên viên",
        from_date=dt.date(2018, 1, 1),
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=IMPORT_COLUMNS, restval="")
    writer.writeheader()
    writer.writerow(
        {
            "record_kind": "rating",
            "recipient_type": "person",
            "recipient_code": "CB-TRANG",
            "rating": "httnv",
            "year": "2025",
            "decision_number": "12/QĐ-SCT",
            "decision_date": "2026-01-10",
        }
    )
    writer.writerow(
        {
            "record_kind": "award",
            "recipient_type": "person",
            "recipient_code": "CB-TRANG",
            "award": "chien_si_thi_dua_co_so",
            "year": "2024",
            "decision_number": "5/QĐ-SCT",
            "decision_date": "2025-01-10",
            "revoked_by_decision": "40/QĐ-SCT",
            "revoked_on": "2025-08-01",
        }
    )
    record_import(actor=None, stream=io.BytesIO(out.getvalue().encode()), filename="h.csv")
    return someone


def query(**extra: str) -> dict[str, str]:
    return {
        "recipient": "CB-TRANG",
        "award": "chien_si_thi_dua_co_so",
        "year": "2025",
        "as_of": "01/06/2026",
        **extra,
    }


def test_it_explains_each_condition_with_its_records(
    staff: Person, personas: Any, client_as: Any
) -> None:
    page = client_as(personas.member_officer).get(URL, query()).content.decode()

    assert "Không đủ điều kiện" in page
    assert 'id="rule-lao_dong_tien_tien"' in page
    assert "suy ra từ xếp loại năm xét" in page  # the derived Lao động tiên tiến
    assert "12/QĐ-SCT" in page
    assert "Do người đề nghị xác nhận" in page  # the council's vote


def test_a_revoked_record_is_shown_revoked(staff: Person, personas: Any, client_as: Any) -> None:
    page = client_as(personas.member_officer).get(URL, query(award="bang_khen_bo")).content.decode()

    assert "đã thu hồi" in page
    assert "Năm 2024: hồ sơ đã bị thu hồi" in page


def test_the_outsider_gets_a_404_and_the_anonymous_visitor_the_login_page(
    staff: Person, personas: Any, client_as: Any
) -> None:
    assert client_as(personas.outsider).get(URL, query()).status_code == 404
    assert client_as(personas.outsider).post(URL, query()).status_code == 404
    anonymous = client_as(personas.anonymous).get(URL, query())
    assert anonymous.status_code == 302
    assert "/tai-khoan/" in anonymous["Location"]


def test_an_unknown_code_is_a_404_and_a_bad_year_a_field_error(
    staff: Person, personas: Any, client_as: Any
) -> None:
    client = client_as(personas.member_officer)

    assert client.get(URL, query(recipient="KHONG-CO")).status_code == 404
    page = client.get(URL, query(year="abc"))
    assert page.status_code == 200
    assert "Nhập một số tổng thể." in page.content.decode()


def test_an_officer_keeps_the_verdict_and_a_viewer_of_the_agency_may_not(
    staff: Person, personas: Any, client_as: Any
) -> None:
    reader = user_create(actor=None, username="reader", password=PASSWORD, full_name="Người xem")
    membership_grant(actor=None, user=reader, role=Role.VIEWER, agency=personas.own)
    assert client_as(reader).get(URL, query()).status_code == 200
    refused = client_as(reader).post(URL, query())
    kept = client_as(personas.member_officer).post(URL, query())

    assert refused.status_code == 403
    assert kept.status_code == 302
    check = EligibilityCheck.objects.get()
    assert check.person == staff
    assert check.verdict == "not_eligible"
    assert check.as_of == dt.date(2026, 6, 1)
    assert check.created_by == personas.member_officer


def test_the_page_without_a_query_shows_only_the_form(personas: Any, client_as: Any) -> None:
    page = client_as(personas.viewer).get(URL)

    assert page.status_code == 200
    assert 'name="recipient"' in page.content.decode()
