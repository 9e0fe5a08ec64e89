"""Dated versions of the eligibility rules: the one in force is used; a used one is frozen."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.audit.models import AuditEvent
from thidua.awards.eligibility import evaluate_one
from thidua.awards.eligibility.rules import rule_set_in_force, validate_params
from thidua.awards.models import AwardTitle, EligibilityRuleSet
from thidua.awards.services import eligibility_check_save, rule_set_new_version
from thidua.core.errors import DomainError
from thidua.organizations.services import PersonValues, person_create

pytestmark = pytest.mark.django_db


def test_the_shipped_versions_follow_the_decrees() -> None:
    assert rule_set_in_force(dt.date(2024, 1, 1)).code == "nd98-2024"
    assert rule_set_in_force(dt.date(2025, 6, 30)).code == "nd98-2024"
    assert rule_set_in_force(dt.date(2025, 7, 1)).code == "nd152-2025"
    with pytest.raises(DomainError):
        rule_set_in_force(dt.date(2023, 12, 31))


def test_every_shipped_condition_reads_correctly() -> None:
    for rule_set in EligibilityRuleSet.objects.all():
        for condition in rule_set.conditions.all():
            assert validate_params(condition.test, condition.params) == [], condition


def test_every_title_has_conditions_for_each_recipient_type_it_allows() -> None:
    rule_set = rule_set_in_force(dt.date(2026, 1, 1))
    for award in AwardTitle.objects.all():
        for recipient_type in ("person", "collective"):
            has = rule_set.conditions.filter(award=award, recipient_type=recipient_type).exists()
            assert has == award.allows(recipient_type), (award.code, recipient_type)


def test_a_bad_condition_is_named() -> None:
    assert validate_params("facts_in_years", {"offsets": [1], "facts": ["award:khong_co"]})
    assert validate_params("member_share", {"facts": ["rating:htxsnv"]})
    assert validate_params("khong_co", {})


def test_a_new_version_copies_the_conditions_and_closes_the_previous_one() -> None:
    source = EligibilityRuleSet.objects.get(code="nd152-2025")

    version = rule_set_new_version(
        actor=None,
        source=source,
        code="luat-sua-2026",
        name="Theo Luật sửa đổi 2026",
        legal_basis="Luật sửa đổi, bổ sung Luật Thi đua, khen thưởng",
        valid_from=dt.date(2026, 10, 1),
    )

    source.refresh_from_db()
    assert source.valid_to == dt.date(2026, 9, 30)
    assert version.conditions.count() == source.conditions.count()
    assert rule_set_in_force(dt.date(2026, 10, 1)) == version
    assert AuditEvent.objects.filter(action="awards.rule_set.created").exists()
    with pytest.raises(DomainError):
        rule_set_new_version(
            actor=None,
            source=source,
            code="trung-ngay",
            name="x",
            legal_basis="x",
            valid_from=dt.date(2026, 10, 1),
        )


def test_a_case_is_judged_under_the_version_in_force_on_its_evaluation_date() -> None:
    someone = person_create(actor=None, values=PersonValues(code="CB-V", full_name="Lê Văn V"))
    version = rule_set_new_version(
        actor=None,
        source=EligibilityRuleSet.objects.get(code="nd152-2025"),
        code="moi",
        name="Mới",
        legal_basis="Căn cứ mới",
        valid_from=dt.date(2026, 10, 1),
    )
    award = AwardTitle.objects.get(code="lao_dong_tien_tien")

    before = evaluate_one(award=award, year=2025, recipient=someone, as_of=dt.date(2026, 9, 1))
    after = evaluate_one(award=award, year=2025, recipient=someone, as_of=dt.date(2026, 10, 2))

    assert before.rule_set == "nd152-2025"
    assert after.rule_set == version.code
    assert {c.rule for c in after.conditions} == {c.rule for c in before.conditions}


def test_the_command_adds_a_version_and_refuses_an_unknown_source() -> None:
    out = io.StringIO()
    call_command(
        "eligibility_rules_version",
        "nd152-2025",
        "ban-moi",
        "--valid-from",
        "01/01/2027",
        "--name",
        "Bản mới",
        "--basis",
        "Căn cứ",
        stdout=out,
    )
    assert "ban-moi" in out.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "eligibility_rules_version",
            "khong-co",
            "x",
            "--valid-from",
            "01/01/2028",
            "--name",
            "x",
            "--basis",
            "x",
        )


def test_only_a_system_administrator_edits_a_version_no_verdict_has_used(
    personas: Any, client_as: Any
) -> None:
    version = EligibilityRuleSet.objects.get(code="nd152-2025")
    url = f"/quan-tri/awards/eligibilityruleset/{version.pk}/change/"
    admin_client = client_as(personas.system_admin)
    personas.system_admin.is_staff = True
    personas.system_admin.save()

    assert admin_client.get(url).status_code == 200
    assert b'name="conditions-0-params"' in admin_client.get(url).content

    someone = person_create(actor=None, values=PersonValues(code="CB-U", full_name="Lê Văn U"))
    eligibility_check_save(
        actor=None,
        recipient=someone,
        award=AwardTitle.objects.get(code="lao_dong_tien_tien"),
        year=2025,
        as_of=dt.date(2026, 1, 5),
    )
    frozen = admin_client.get(url)
    assert b'name="conditions-0-params"' not in frozen.content
