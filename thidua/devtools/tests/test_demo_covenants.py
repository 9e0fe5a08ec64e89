"""The demo's covenants: cluster XI's 2023 covenant signed by all six members and published,
and the 2026 draft of the merged cluster (devtools.demo_covenants)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from thidua.covenants.choices import CovenantStatus
from thidua.covenants.models import Covenant
from thidua.covenants.selectors import stored_document, verification
from thidua.devtools.demo import seed_demo
from thidua.devtools.demo_covenants import THEME_2023, seed_demo_covenants

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    seed_demo_covenants()


@pytest.mark.usefixtures("seeded")
def test_all_six_members_signed_the_2023_covenant_and_it_is_published(tmp_path: Path) -> None:
    """One test, because seeding signs six times and takes a while."""
    _the_2026_covenant_of_the_merged_cluster_is_a_draft_of_three()
    counts = (Covenant.objects.count(), Covenant.objects.filter(status="published").count())
    seed_demo_covenants()  # a second run changes nothing
    assert (Covenant.objects.count(), Covenant.objects.filter(status="published").count()) == counts

    covenant = Covenant.objects.get(group_year__group__code="CUM-XI", group_year__year=2023)
    assert covenant.status == CovenantStatus.PUBLISHED
    assert covenant.signing_place == "Cần Thơ"
    assert f"{covenant.signing_date:%d/%m/%Y}" == "10/05/2023"
    version = covenant.current_version
    assert version is not None
    assert version.theme == THEME_2023
    signatories = list(covenant.signatories.select_related("agency").order_by("order"))
    assert [s.agency.code for s in signatories] == [
        "SCT-AG",
        "SCT-CT",
        "SCT-HG",
        "SCT-BL",
        "SCT-CM",
        "SCT-KG",
    ]
    assert signatories[0].name == "Nguyễn Minh Hùng"
    reports = verification(covenant)
    assert len(reports) == 6
    assert all(r.ok for r in reports)
    assert [r.signer_name for r in reports] == [s.name for s in signatories]

    if shutil.which("pdfsig") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdfsig (poppler-utils) is required on CI")
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = tmp_path / "cum-xi-2023.pdf"
    path.write_bytes(stored_document(covenant))
    output = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    assert output.count("Signature is Valid.") == 6, output


def _the_2026_covenant_of_the_merged_cluster_is_a_draft_of_three() -> None:
    covenant = Covenant.objects.get(group_year__group__code="CUM-XI", group_year__year=2026)
    assert covenant.status == CovenantStatus.DRAFT
    assert sorted(covenant.signatories.values_list("agency__code", flat=True)) == [
        "SCT-AG-2025",
        "SCT-CM-2025",
        "SCT-CT-2025",
    ]
    version = covenant.current_version
    assert version is not None
    assert version.title == "GIAO ƯỚC THI ĐUA NĂM 2026"
    assert version.theme == THEME_2023
