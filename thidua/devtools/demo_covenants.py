"""The demo's covenants: cluster XI's 2023 covenant, signed digitally by all six members and
published, and the 2026 covenant of the merged cluster as a draft drafted from it.

Facts from the seed: the signing on 10/05/2023 in Cần Thơ, the theme, the targets, and
Mr Nguyễn Minh Hùng signing for An Giang. The other signatories are demo people (their records
say so). The keys come from a test certification authority made for the demo: it is stored as
a trusted root so the verification page can say "trusted"; a real deployment trusts the
national root instead.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua.covenants.choices import CovenantStatus
from thidua.covenants.models import Covenant, SigningKey, TrustedRoot
from thidua.covenants.selectors import version_values
from thidua.covenants.services import (
    SignatoryValues,
    VersionValues,
    covenant_draft,
    covenant_finalise,
    covenant_publish,
    covenant_version_save,
    signatory_confirm,
    signatory_sign,
    signing_event_set,
    signing_key_upload,
)
from thidua.documents import signing
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency, Position

DEMO_KEY_PASSWORD = b"thidua-demo"
THEME_2023 = "Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả"
CA_NAME = "thidua — CA thử nghiệm (dữ liệu mẫu)"


def _signatory_for(agency: Agency, day: dt.date) -> tuple[str, str]:
    """Who signs for ``agency``: its director on ``day`` if known, else its most senior person."""
    positions = Position.objects.filter(agency=agency, from_date__lte=day).select_related("person")
    ranked = sorted(
        positions,
        key=lambda p: (p.title != "Giám đốc", p.title != "Phó Giám đốc", p.person.full_name),
    )
    if not ranked:
        return f"Lãnh đạo {agency.name}", "Giám đốc"
    best = ranked[0]
    return best.person.full_name, best.title or "Giám đốc"


def _keys(agencies: list[Agency], names: dict[int, str]) -> dict[int, bytes]:
    """A demo PKCS#12 per agency (issued and stored once, kept sealed)."""
    root = TrustedRoot.objects.filter(name=CA_NAME).first()
    ca = None
    if root is None:
        ca = signing.make_test_ca(CA_NAME)
        TrustedRoot.objects.create(name=CA_NAME, certificate_pem=ca.certificate_pem().decode())
    keys: dict[int, bytes] = {}
    for agency in agencies:
        stored = SigningKey.objects.filter(agency=agency, is_active=True).first()
        if stored is None:
            if ca is None:
                continue  # the CA's private key is not kept: agencies added later sign by upload
            pkcs12 = signing.issue_signer_pkcs12(
                ca,
                person_name=names.get(agency.pk, f"Lãnh đạo {agency.name}"),
                organisation=agency.name,
                password=DEMO_KEY_PASSWORD,
            )
            stored = signing_key_upload(
                actor=None, agency=agency, pkcs12=pkcs12, password=DEMO_KEY_PASSWORD
            )
        keys[agency.pk] = signing.unseal(bytes(stored.sealed_pkcs12))
    return keys


@transaction.atomic
def seed_demo_covenants() -> None:
    group_2023 = GroupYear.objects.get(group__code="CUM-XI", year=2023)
    group_2026 = GroupYear.objects.filter(group__code="CUM-XI", year=2026).first()
    members = [m.agency for m in group_2023.members.select_related("agency")]
    if group_2026 is not None:
        members += [m.agency for m in group_2026.members.select_related("agency")]
    day = dt.date(2023, 5, 10)
    signers = {a.pk: _signatory_for(a, day) for a in members[:6]}
    keys = _keys(members, {pk: name for pk, (name, _title) in signers.items()})

    if not group_2023.covenants.exists():
        covenant = covenant_draft(actor=None, group_year=group_2023)
        version = covenant.current_version
        assert version is not None
        base = version_values(version)
        covenant_version_save(
            actor=None,
            covenant=covenant,
            values=VersionValues(
                title="GIAO ƯỚC THI ĐUA NĂM 2023",
                theme=THEME_2023,
                legal_bases=base.legal_bases,
                goals=(
                    "Thực hiện thắng lợi các nhiệm vụ giao cho ngành Công Thương tại Nghị quyết "
                    "số 01/NQ-CP ngày 06 tháng 01 năm 2023 của Chính phủ về nhiệm vụ, giải pháp "
                    "chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội, Dự toán ngân sách "
                    "nhà nước và cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh "
                    "quốc gia năm 2023 và Quyết định số 32/QĐ-BCT ngày 09 tháng 01 năm 2023 của "
                    "Bộ trưởng Bộ Công Thương phê duyệt Chương trình hành động của ngành Công "
                    "Thương thực hiện Nghị quyết số 01/NQ-CP.\n\n" + base.goals
                ),
                closing=base.closing,
                items=base.items,
            ),
        )
        signing_event_set(
            actor=None,
            covenant=covenant,
            date=day,
            place="Cần Thơ",
            signatories=[SignatoryValues(a, *signers[a.pk]) for a in members[:6]],
        )
        covenant = covenant_finalise(actor=None, covenant=covenant)
        for signatory in covenant.signatories.order_by("order"):
            signatory_confirm(actor=None, signatory=signatory)
            signatory_sign(
                actor=None,
                signatory=signatory,
                pkcs12=keys[signatory.agency_id],
                password=DEMO_KEY_PASSWORD,
            )
        covenant_publish(actor=None, covenant=covenant)

    if group_2026 is not None and not group_2026.covenants.exists():
        previous = Covenant.objects.get(group_year=group_2023, status=CovenantStatus.PUBLISHED)
        covenant_draft(actor=None, group_year=group_2026, from_covenant=previous)
