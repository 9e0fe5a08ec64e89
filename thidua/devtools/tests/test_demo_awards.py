"""The demo's commendation histories (devtools.demo_awards): written through the history
import, added once, and showing the verdicts of the eligibility engine they were built for."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from thidua.audit.models import AuditEvent
from thidua.awards.eligibility import evaluate_one
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.devtools.demo import seed_demo
from thidua.devtools.demo_awards import INTENDED, STAFF, VERDICTS_AS_OF, seed_demo_awards
from thidua.devtools.demo_commendation import seed_demo_commendation
from thidua.organizations.models import Agency, Person, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings: Any, tmp_path: Path) -> int:
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    created = seed_demo_awards()
    seed_demo_commendation()  # Cần Thơ's 2023 flag comes from the decision it walks through
    return created


def _every_count() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "admin"}
    }


def _members(code: str, year: int) -> int:
    day = f"{year}-12-31"
    return (
        Position.objects.filter(agency__code=code, from_date__lte=day)
        .exclude(to_date__lt=day)
        .count()
    )


def test_the_seed_command_imports_the_histories_once_and_a_second_run_adds_nothing(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    records = CommendationRecord.objects.all()
    assert records.count() > 500
    imports = AuditEvent.objects.filter(action="awards.records.imported")
    assert imports.count() == 1
    decided = records.filter(decision_line__isnull=False)  # cluster XI's 2023 decision
    assert decided.count() == 4
    assert imports.get().payload["created"] + decided.count() == records.count()

    kinds = Counter(records.values_list("record_kind", flat=True))
    assert kinds["discipline"] == kinds["blocker"] == 1
    assert kinds["rating"] > 300
    assert kinds["initiative"] > 20
    awards = set(records.filter(record_kind="award").values_list("award__code", flat=True))
    assert awards >= {
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "chien_si_thi_dua_bo",
        "tap_the_lao_dong_tien_tien",
        "tap_the_lao_dong_xuat_sac",
        "bang_khen_bo",
        "co_thi_dua_bo",
        "giay_khen",
    }
    assert set(records.values_list("scope", flat=True)) >= {"co_so", "bo", "toan_quoc"}
    assert set(records.values_list("award_type", flat=True)) >= {
        "cong_trang",
        "chuyen_de",
        "dot_xuat",
        "cong_hien",
    }
    imported = records.filter(decision_line__isnull=True)
    assert all(note.endswith("(dữ liệu mẫu)") for note in imported.values_list("note", flat=True))

    revoked = records.filter(revoked_on__isnull=False)
    assert {(r.record_kind, r.person.code if r.person else "") for r in revoked} == {
        ("award", "CN-0113"),
        ("initiative", "CN-0113"),
    }
    assert len({r.revoked_by_decision for r in revoked}) == 1

    # a decision number names one decision of one issuer in one year
    decisions: dict[tuple[str, int, str], set[object]] = {}
    for issuer, day, number in records.values_list("issuer", "decision_date", "decision_number"):
        assert day is not None
        assert number
        decisions.setdefault((issuer, day.year, number), set()).add(day)
    assert all(len(days) == 1 for days in decisions.values())
    taken = {("Bộ Công Thương", 2023, f"{n}/QĐ-BCT") for n in (32, 309, 310)}
    assert taken.isdisjoint(decisions)  # numbers the rest of the demo gives its decisions

    # each department has staff to count, old ones until 2024, merged ones in 2025
    for code in ["SCT-AG", "SCT-KG", "SCT-CT", "SCT-HG", "SCT-BL", "SCT-CM"]:
        assert 6 <= _members(code, 2024) <= 10, code
    for code in ["SCT-AG-2025", "SCT-CT-2025", "SCT-CM-2025"]:
        assert _members(code, 2025) >= 10, code
    assert Person.objects.filter(code__in=[s.code for s in STAFF]).count() == len(STAFF)
    assert not Position.objects.filter(
        person__code__in=[s.code for s in STAFF], title__in=["Giám đốc", "Phó Giám đốc"]
    ).exists()

    counts, audit = _every_count(), AuditEvent.objects.count()
    assert seed_demo_awards() == 0
    call_command("seed_demo", stdout=io.StringIO())
    assert _every_count() == counts
    assert AuditEvent.objects.count() == audit


def test_every_title_of_the_catalogue_has_a_candidate_with_the_intended_verdict(
    seeded: int,
) -> None:
    catalogue = {award.code: award for award in AwardTitle.objects.all()}
    assert {award for award, *_rest in INTENDED} == set(catalogue)
    got = []
    for award, code, year, _verdict, _why, as_of in INTENDED:
        recipient = Person.objects.filter(code=code).first() or Agency.objects.get(code=code)
        result = evaluate_one(award=catalogue[award], year=year, recipient=recipient, as_of=as_of)
        got.append((award, code, year, result.verdict))
    assert got == [(award, code, year, verdict) for award, code, year, verdict, *_rest in INTENDED]


def _lines(award: str, code: str, year: int = 2025) -> dict[str, Any]:
    recipient = Person.objects.filter(code=code).first() or Agency.objects.get(code=code)
    result = evaluate_one(
        award=AwardTitle.objects.get(code=award),
        year=year,
        recipient=recipient,
        as_of=VERDICTS_AS_OF,
    )
    return {line.rule: line for line in result.conditions}


def test_the_verdicts_fail_or_need_review_for_the_named_reasons(seeded: int) -> None:
    # the merged An Giang department: 2024 is met only through the old departments' records
    lines = _lines("bang_khen_bo", "SCT-AG-2025")
    assert lines["achievements"].met is True
    assert lines["achievements"].through_predecessors is True
    inherited = {(f.year, f.inherited_from) for f in lines["achievements"].records}
    assert (2024, "SCT-AG") in inherited
    assert {f.year for f in lines["achievements"].records if f.inherited_from is None} == {2025}

    # Cần Thơ's Bằng khen of the Prime Minister rests on its predecessor's flag and certificate
    lines = _lines("bang_khen_thu_tuong", "SCT-CT-2025")
    assert all(lines[r].through_predecessors for r in ("prior_bang_khen_bo", "chain", "flags"))

    # the 2022 reprimand cuts Ngô Thanh Phong's five-year chain, not his new three-year one
    lines = _lines("bang_khen_thu_tuong", "CN-0110")
    assert lines["chain"].met is False
    assert "discipline" in {f.kind for f in lines["chain"].records}
    assert _lines("chien_si_thi_dua_bo", "CN-0110")["chain"].met is True

    # the open inspection, the revoked title, the years already used, the unrated probationer
    assert _lines("bang_khen_bo", "CN-0104")["blocker"].met is False
    assert _lines("bang_khen_bo", "CN-0104")["achievements"].met is True
    revoked = _lines("bang_khen_bo", "CN-0113")["achievements"]
    assert revoked.met is False
    assert any(f.revoked and f.year == 2024 for f in revoked.records)
    assert "2024" in _lines("chien_si_thi_dua_bo", "CN-0105")["chain"].note
    lines = _lines("tap_the_lao_dong_xuat_sac", "SCT-CT-2025")
    assert lines["members_completed"].met is False
    assert lines["rating"].met is lines["members_lao_dong_tien_tien"].met is True
