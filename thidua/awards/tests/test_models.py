"""The award catalogue shipped by the data migration, and the history records' constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from thidua.awards.choices import RecordKind
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.selectors import records_in_force
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    person_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> Person:
    return person_create(actor=None, values=PersonValues(code="CB-1", full_name="Nguyễn Thị Ánh"))


@pytest.fixture
def agency() -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code="SNV",
            name="Sở Nội vụ",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def record(**fields: object) -> CommendationRecord:
    fields.setdefault("identity", str(fields))
    return CommendationRecord(**fields)


def test_the_catalogue_has_the_eleven_codes_with_their_recipients() -> None:
    recipients = dict(AwardTitle.objects.values_list("code", "recipients"))

    assert recipients == {
        "co_thi_dua_chinh_phu": "collective",
        "co_thi_dua_bo": "collective",
        "tap_the_lao_dong_xuat_sac": "collective",
        "tap_the_lao_dong_tien_tien": "collective",
        "chien_si_thi_dua_toan_quoc": "person",
        "chien_si_thi_dua_bo": "person",
        "chien_si_thi_dua_co_so": "person",
        "lao_dong_tien_tien": "person",
        "bang_khen_thu_tuong": "both",
        "bang_khen_bo": "both",
        "giay_khen": "both",
    }


def test_the_catalogue_tells_titles_from_forms_and_gives_level_and_basis() -> None:
    giay_khen = AwardTitle.objects.get(code="giay_khen")
    cstdtq = AwardTitle.objects.get(code="chien_si_thi_dua_toan_quoc")

    assert (giay_khen.kind, giay_khen.level) == ("form", "unit")
    assert (cstdtq.kind, cstdtq.level, cstdtq.conferred_by) == (
        "title",
        "national",
        "Thủ tướng Chính phủ",
    )
    assert "06/2022/QH15" in cstdtq.legal_basis
    assert cstdtq.valid_from == dt.date(2024, 1, 1)
    assert cstdtq.valid_to is None
    assert str(giay_khen) == "Giấy khen"
    assert giay_khen.allows("person")
    assert giay_khen.allows("collective")
    assert not cstdtq.allows("collective")


def test_a_record_names_its_value_year_and_recipient(person: Person, agency: Agency) -> None:
    award = AwardTitle.objects.get(code="chien_si_thi_dua_co_so")
    rec = record(record_kind=RecordKind.AWARD, person=person, award=award, year=2024)
    rec.save()
    discipline = record(
        record_kind=RecordKind.DISCIPLINE,
        person=person,
        discipline_level="canh_cao",
        start_date=dt.date(2024, 3, 1),
    )
    rating = record(record_kind=RecordKind.RATING, agency=agency, rating="htxsnv", year=2023)

    assert str(rec) == "Chiến sĩ thi đua cơ sở — 2024 — Nguyễn Thị Ánh"
    assert str(discipline) == "Kỷ luật: Cảnh cáo — 01/03/2024 — Nguyễn Thị Ánh"
    assert str(rating) == "Hoàn thành xuất sắc nhiệm vụ — 2023 — Sở Nội vụ"
    assert rec.value == "chien_si_thi_dua_co_so"
    assert rating.value == "htxsnv"


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"record_kind": "rating", "rating": "htnv", "year": 2024}, "one_recipient"),
        ({"record_kind": "award", "year": 2024, "_p": 1}, "award_has_title"),
        ({"record_kind": "rating", "year": 2024, "_p": 1}, "rating_has_value"),
        ({"record_kind": "rating", "rating": "htnv", "scope": "bo", "year": 2024, "_p": 1},
         "has_scope"),
        ({"record_kind": "initiative", "year": 2024, "_p": 1}, "initiative_has_scope"),
        ({"record_kind": "discipline", "start_date": dt.date(2024, 1, 1), "_p": 1}, "has_level"),
        (
            {"record_kind": "discipline", "discipline_level": "canh_cao", "_a": 1,
             "start_date": dt.date(2024, 1, 1)},
            "discipline_of_person",
        ),
        ({"record_kind": "rating", "rating": "htnv", "_p": 1}, "year_required"),
        ({"record_kind": "blocker", "_p": 1}, "period_has_start"),
        (
            {"record_kind": "blocker", "_p": 1, "start_date": dt.date(2024, 5, 1),
             "end_date": dt.date(2024, 4, 1)},
            "period_ordered",
        ),
        (
            {"record_kind": "rating", "rating": "htnv", "year": 2024, "_p": 1,
             "revoked_on": dt.date(2025, 1, 1)},
            "revocation_has_decision",
        ),
    ],
)  # fmt: skip
def test_the_database_refuses_an_inconsistent_record(
    person: Person, agency: Agency, fields: dict[str, object], constraint: str
) -> None:
    fields = dict(fields)
    if fields.pop("_p", None):
        fields["person"] = person
    if fields.pop("_a", None):
        fields["agency"] = agency

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        record(**fields).save()

    assert CommendationRecord.objects.count() == 0


def test_both_recipients_at_once_is_refused(person: Person, agency: Agency) -> None:
    with pytest.raises(IntegrityError, match="one_recipient"), transaction.atomic():
        record(record_kind="rating", rating="htnv", year=2024, person=person, agency=agency).save()


def test_a_revocation_counts_from_its_date(person: Person) -> None:
    rec = record(
        record_kind="rating",
        rating="htxsnv",
        year=2023,
        person=person,
        revoked_by_decision="12/QĐ-UBND",
        revoked_on=dt.date(2025, 3, 1),
    )
    rec.save()
    undated = record(record_kind="rating", rating="htnv", year=2022, person=person)
    undated.revoked_by_decision = "13/QĐ-UBND"

    assert rec.is_revoked
    assert undated.is_revoked
    assert not rec.revoked_as_of(dt.date(2025, 2, 28))
    assert rec.revoked_as_of(dt.date(2025, 3, 1))
    assert undated.revoked_as_of(dt.date(2000, 1, 1))
    assert list(records_in_force(dt.date(2025, 2, 28))) == [rec]
    assert list(records_in_force()) == []
