"""The covenant workflow through its services: each step once, each refusal writing nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12

from thidua.core.errors import DomainError, IllegalTransition
from thidua.covenants.choices import CovenantStatus
from thidua.covenants.defaults import DEFAULT_ITEMS
from thidua.covenants.models import (
    Covenant,
    CovenantComment,
    CovenantVersion,
    Signatory,
    SigningKey,
)
from thidua.covenants.selectors import stored_document, version_values
from thidua.covenants.services import (
    ItemValues,
    SignatoryValues,
    VersionValues,
    covenant_comment_add,
    covenant_draft,
    covenant_finalise,
    covenant_publish,
    covenant_reopen,
    covenant_version_save,
    signatory_confirm,
    signatory_sign,
    signatory_sign_external,
    signatory_sign_with_key,
    signing_event_set,
    signing_key_upload,
    trust_roots,
)
from thidua.covenants.tests.conftest import (
    KEY_PASSWORD,
    OTHER,
    OWN,
    SIGNER_NAMES,
    SIGNING_DATE,
    SIGNING_PLACE,
    THEME,
    THIRD,
    TITLE,
    YEAR,
    Cluster,
    Flow,
    Keys,
    no_event,
    one_event,
)
from thidua.documents import signing

# --- drafting and versions ------------------------------------------------------------------


def test_it_drafts_from_the_template_with_a_signatory_per_member(cluster: Cluster) -> None:
    with one_event("covenants.covenant.drafted"):
        covenant = covenant_draft(actor=cluster.leaders[OWN], group_year=cluster.group_year)
    assert covenant.status == CovenantStatus.DRAFT
    version = covenant.current_version
    assert version is not None
    assert version.number == 1
    assert [i.text for i in version.items.order_by("order")] == list(DEFAULT_ITEMS)
    assert [s.agency for s in covenant.signatories.order_by("order")] == cluster.members
    assert covenant.supersedes is None


def test_saving_a_draft_makes_version_2_and_keeps_version_1(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    values = VersionValues(
        title=TITLE,
        theme=THEME,
        legal_bases="Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        goals="Hoàn thành xuất sắc nhiệm vụ.",
        closing="Cam kết thực hiện./.",
        items=(ItemValues("Giải quyết hồ sơ đúng hạn", True, "100%"), ItemValues("Chuyển đổi số")),
    )
    with one_event("covenants.version.saved"):
        saved = covenant_version_save(actor=cluster.leaders[OWN], covenant=covenant, values=values)
    assert saved.number == 2
    assert covenant.current_version == saved
    first = covenant.versions.get(number=1)
    assert first.items.count() == len(DEFAULT_ITEMS)
    assert [(i.order, i.text, i.is_measurable, i.target) for i in saved.items.all()] == [
        (1, "Giải quyết hồ sơ đúng hạn", True, "100%"),
        (2, "Chuyển đổi số", False, ""),
    ]
    assert version_values(saved) == values
    assert saved.created_by == cluster.leaders[OWN]


def test_it_refuses_a_version_without_content_items(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    version = covenant.current_version
    assert version is not None
    values = dataclasses.replace(version_values(version), items=(ItemValues("  "),))
    with no_event(), pytest.raises(DomainError, match="không được để trống"):
        covenant_version_save(actor=None, covenant=covenant, values=values)
    with no_event(), pytest.raises(DomainError, match="ít nhất một nội dung"):
        covenant_version_save(
            actor=None, covenant=covenant, values=dataclasses.replace(values, items=())
        )
    assert covenant.versions.count() == 1


def test_it_refuses_a_second_open_covenant_for_the_same_year(cluster: Cluster, flow: Flow) -> None:
    flow.draft(cluster)
    with no_event(), pytest.raises(DomainError, match="đã có một giao ước đang soạn"):
        covenant_draft(actor=None, group_year=cluster.group_year)
    assert Covenant.objects.count() == 1


def test_it_drafts_from_last_years_covenant_moving_the_titles_year(
    cluster: Cluster, flow: Flow
) -> None:
    last_year = cluster.previous_year()
    previous = covenant_draft(actor=None, group_year=last_year)
    covenant_version_save(
        actor=None,
        covenant=previous,
        values=VersionValues(
            title=f"GIAO ƯỚC THI ĐUA NĂM {YEAR - 1}",
            theme=THEME,
            legal_bases="",
            goals=f"Thực hiện Nghị quyết 01/NQ-CP ngày 06/01/{YEAR - 1}.",
            closing="Cam kết./.",
            items=(ItemValues("Nội dung một"), ItemValues("Nội dung hai", True, "≥ 95%")),
        ),
    )
    with one_event("covenants.covenant.drafted"):
        covenant = covenant_draft(
            actor=cluster.leaders[OWN], group_year=cluster.group_year, from_covenant=previous
        )
    version = covenant.current_version
    assert version is not None
    assert version.number == 1
    assert version.title == TITLE
    assert version.theme == THEME
    # Dates inside the text are facts, not moved on.
    assert version.goals == f"Thực hiện Nghị quyết 01/NQ-CP ngày 06/01/{YEAR - 1}."
    assert [(i.text, i.is_measurable, i.target) for i in version.items.all()] == [
        ("Nội dung một", False, ""),
        ("Nội dung hai", True, "≥ 95%"),
    ]
    # The previous year's covenant is untouched.
    assert previous.versions.count() == 2
    assert Covenant.objects.get(pk=previous.pk).status == CovenantStatus.DRAFT


# --- comments -------------------------------------------------------------------------------


def test_a_members_comment_is_stored_on_the_current_version(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    flow.ready(cluster, covenant)
    leader_other = cluster.leaders[OTHER]
    with one_event("covenants.comment.added"):
        comment = covenant_comment_add(
            actor=leader_other,
            covenant=covenant,
            agency=cluster.personas.other,
            text="  Đề nghị bổ sung chỉ tiêu chuyển đổi số.  ",
        )
    assert comment.version.number == 2
    assert comment.text == "Đề nghị bổ sung chỉ tiêu chuyển đổi số."
    assert (comment.author, comment.agency) == (leader_other, cluster.personas.other)


def test_it_refuses_an_empty_comment_or_one_from_a_non_member(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    with no_event(), pytest.raises(DomainError, match="không được để trống") as empty:
        covenant_comment_add(
            actor=cluster.leaders[OTHER], covenant=covenant, agency=cluster.personas.other, text=" "
        )
    assert empty.value.field == "text"
    with no_event(), pytest.raises(DomainError, match="Chỉ đơn vị thành viên"):
        covenant_comment_add(
            actor=cluster.personas.ministry_officer,
            covenant=covenant,
            agency=cluster.personas.ministry,
            text="Góp ý",
        )
    assert not CovenantComment.objects.exists()


def test_it_refuses_a_comment_on_a_finalised_covenant(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.finalised(cluster)
    with no_event(), pytest.raises(IllegalTransition, match="Chỉ góp ý được khi"):
        covenant_comment_add(
            actor=cluster.leaders[OTHER],
            covenant=covenant,
            agency=cluster.personas.other,
            text="Góp ý muộn",
        )
    assert not CovenantComment.objects.exists()


# --- the signing event and finalising -------------------------------------------------------


def test_it_sets_the_signing_event_and_the_signatories(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    with one_event("covenants.signing_event.set"):
        signing_event_set(
            actor=cluster.leaders[OWN],
            covenant=covenant,
            date=SIGNING_DATE,
            place=f"  {SIGNING_PLACE} ",
            signatories=[
                SignatoryValues(a, f" {SIGNER_NAMES[a.code]} ", "Giám đốc") for a in cluster.members
            ],
        )
    covenant.refresh_from_db()
    assert (covenant.signing_date, covenant.signing_place) == (SIGNING_DATE, SIGNING_PLACE)
    assert [s.name for s in covenant.signatories.order_by("order")] == [
        SIGNER_NAMES[a.code] for a in cluster.members
    ]


@pytest.mark.parametrize(
    ("date", "place", "message"),
    [
        (dt.date(YEAR - 1, 12, 31), SIGNING_PLACE, f"phải thuộc năm {YEAR}"),
        (SIGNING_DATE, "  ", "Địa điểm ký kết là bắt buộc"),
    ],
)
def test_it_refuses_a_signing_event_outside_the_year_or_without_a_place(
    cluster: Cluster, flow: Flow, date: dt.date, place: str, message: str
) -> None:
    covenant = flow.draft(cluster)
    with no_event(), pytest.raises(DomainError, match=message):
        signing_event_set(
            actor=None,
            covenant=covenant,
            date=date,
            place=place,
            signatories=[SignatoryValues(cluster.members[0], "Tên", "Giám đốc")],
        )
    covenant.refresh_from_db()
    assert covenant.signing_date is None
    assert not covenant.signatories.exclude(name="").exists()


def test_it_refuses_a_signatory_for_a_non_member_and_writes_nothing(
    cluster: Cluster, flow: Flow
) -> None:
    covenant = flow.draft(cluster)
    with no_event(), pytest.raises(DomainError, match="không phải là thành viên"):
        signing_event_set(
            actor=None,
            covenant=covenant,
            date=SIGNING_DATE,
            place=SIGNING_PLACE,
            signatories=[
                SignatoryValues(cluster.members[0], "Nguyễn Minh Hùng", "Giám đốc"),
                SignatoryValues(cluster.personas.ministry, "Người ngoài", "Bộ trưởng"),
            ],
        )
    covenant.refresh_from_db()
    assert covenant.signing_date is None
    assert not covenant.signatories.exclude(name="").exists()


@pytest.mark.parametrize("missing", ["theme", "signing event", "signatory names"])
def test_it_refuses_to_finalise_with_something_missing(
    cluster: Cluster, flow: Flow, missing: str
) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    if missing == "theme":
        version = covenant.current_version
        assert version is not None
        covenant_version_save(
            actor=None,
            covenant=covenant,
            values=dataclasses.replace(version_values(version), theme=""),
        )
        expected = "chủ đề"
    elif missing == "signing event":
        Covenant.objects.filter(pk=covenant.pk).update(signing_date=None)  # never set
        expected = "ngày và địa điểm ký kết"
    else:
        signing_event_set(
            actor=None,
            covenant=covenant,
            date=SIGNING_DATE,
            place=SIGNING_PLACE,
            signatories=[SignatoryValues(cluster.members[1], "", "")],
        )
        expected = "họ tên người ký"
    with no_event(), pytest.raises(DomainError, match=f"Chưa chốt được: còn thiếu .*{expected}"):
        covenant_finalise(actor=cluster.leaders[OWN], covenant=covenant)
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT
    assert not covenant.document
    assert covenant.document_sha256 == ""
    assert covenant.finalised_at is None


def test_it_refuses_to_finalise_a_fresh_draft_naming_everything_missing(
    cluster: Cluster, flow: Flow
) -> None:
    covenant = flow.draft(cluster)
    with no_event(), pytest.raises(DomainError) as error:
        covenant_finalise(actor=None, covenant=covenant)
    assert error.value.message == (
        "Chưa chốt được: còn thiếu chủ đề, ngày và địa điểm ký kết, "
        "họ tên người ký của mọi thành viên."
    )


def test_finalising_stores_the_pdf_and_its_sha256(
    cluster: Cluster, flow: Flow, media_root: Path
) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    with one_event("covenants.covenant.finalised"):
        covenant = covenant_finalise(actor=cluster.leaders[OWN], covenant=covenant)
    assert covenant.status == CovenantStatus.FINALISED
    assert covenant.finalised_at is not None
    data = stored_document(covenant)
    assert data.startswith(b"%PDF")
    assert (media_root / str(covenant.document.name)).is_file()
    assert covenant.document_sha256 == hashlib.sha256(data).hexdigest()


def test_it_refuses_to_edit_a_finalised_covenant(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.finalised(cluster)
    version = covenant.current_version
    assert version is not None
    with no_event(), pytest.raises(IllegalTransition, match="Chỉ sửa được giao ước"):
        covenant_version_save(
            actor=cluster.leaders[OWN],
            covenant=covenant,
            values=dataclasses.replace(version_values(version), theme="Chủ đề khác"),
        )
    with no_event(), pytest.raises(IllegalTransition, match="thông tin ký kết"):
        signing_event_set(
            actor=cluster.leaders[OWN],
            covenant=covenant,
            date=SIGNING_DATE,
            place="Hà Nội",
            signatories=[],
        )
    with no_event(), pytest.raises(IllegalTransition, match="không chuyển sang"):
        covenant_finalise(actor=cluster.leaders[OWN], covenant=covenant)
    with no_event(), pytest.raises(DomainError, match="đang soạn hoặc đang ký"):
        covenant_draft(actor=cluster.leaders[OWN], group_year=cluster.group_year)
    covenant.refresh_from_db()
    assert covenant.versions.count() == 2
    assert covenant.signing_place == SIGNING_PLACE
    assert Covenant.objects.count() == 1


# --- reopening ------------------------------------------------------------------------------


def test_it_reopens_a_finalised_covenant_before_anyone_signed(
    cluster: Cluster,
    flow: Flow,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    covenant = flow.finalised(cluster)
    path = media_root / str(covenant.document.name)
    with one_event("covenants.covenant.reopened"), django_capture_on_commit_callbacks(execute=True):
        covenant = covenant_reopen(actor=cluster.leaders[OWN], covenant=covenant)
    assert covenant.status == CovenantStatus.DRAFT
    assert not covenant.document
    assert covenant.document_sha256 == ""
    assert covenant.finalised_at is None
    assert not path.exists()
    # Drafting goes on: a new version, then finalising again.
    version = covenant.current_version
    assert version is not None
    covenant_version_save(actor=None, covenant=covenant, values=version_values(version))
    assert covenant_finalise(actor=None, covenant=covenant).status == CovenantStatus.FINALISED


@pytest.mark.parametrize("step", ["confirmed", "signed"])
def test_it_refuses_to_reopen_once_a_member_has_confirmed_or_signed(
    cluster: Cluster, flow: Flow, keys: Keys, step: str
) -> None:
    covenant = flow.finalised(cluster)
    signatory = covenant.signatories.get(agency=cluster.personas.other)
    if step == "confirmed":
        signatory_confirm(actor=cluster.leaders[OTHER], signatory=signatory)
    else:
        signatory_sign(
            actor=cluster.leaders[OTHER],
            signatory=signatory,
            pkcs12=keys.by_code[OTHER],
            password=KEY_PASSWORD,
        )
    with no_event(), pytest.raises(IllegalTransition, match="Đã có đơn vị ký"):
        covenant_reopen(actor=cluster.leaders[OWN], covenant=covenant)
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.FINALISED
    assert covenant.document


def test_it_refuses_to_reopen_a_draft(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.draft(cluster)
    with no_event(), pytest.raises(IllegalTransition, match="Dự thảo"):
        covenant_reopen(actor=None, covenant=covenant)


# --- signing --------------------------------------------------------------------------------


def test_confirming_and_signing_in_turn_then_publishing(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    covenant = flow.finalised(cluster)
    finalised_sha = covenant.document_sha256
    for agency in cluster.members:
        signatory = covenant.signatories.get(agency=agency)
        with one_event("covenants.signatory.confirmed"):
            signatory_confirm(actor=cluster.leader_of(agency), signatory=signatory)
        with one_event("covenants.signatory.signed"):
            signed = signatory_sign(
                actor=cluster.leader_of(agency),
                signatory=signatory,
                pkcs12=keys.by_code[agency.code],
                password=KEY_PASSWORD,
            )
        assert signed.signed_by == cluster.leader_of(agency)
        assert signed.signed_at is not None
        assert signed.confirmed_at is not None
        assert signed.signature_field == f"ChuKy{signed.order}_{agency.code}"
        assert f"CN={SIGNER_NAMES[agency.code]}" in signed.certificate_subject

    covenant.refresh_from_db()
    assert covenant.document_sha256 == finalised_sha  # the hash of the finalised text
    reports = signing.verify_pdf(stored_document(covenant), trust_roots=trust_roots())
    assert [r.signer_name for r in reports] == [SIGNER_NAMES[a.code] for a in cluster.members]
    assert all(r.intact and r.valid and r.trusted for r in reports)
    assert not any(r.modified_after for r in reports)
    assert reports[-1].covers_whole_document

    with one_event("covenants.covenant.published"):
        covenant = covenant_publish(actor=cluster.leaders[OWN], covenant=covenant)
    assert covenant.status == CovenantStatus.PUBLISHED
    assert covenant.published_at is not None

    # Published is immutable.
    with no_event(), pytest.raises(IllegalTransition):
        covenant_publish(actor=cluster.leaders[OWN], covenant=covenant)
    with no_event(), pytest.raises(IllegalTransition):
        covenant_reopen(actor=cluster.leaders[OWN], covenant=covenant)


def test_poppler_reports_every_signature_of_a_published_covenant_valid(
    cluster: Cluster, flow: Flow, tmp_path: Path
) -> None:
    if shutil.which("pdfsig") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdfsig (poppler-utils) is required on CI")
        pytest.skip("pdfsig (poppler-utils) is not installed")
    covenant = flow.published(cluster)
    path = tmp_path / "published.pdf"
    path.write_bytes(stored_document(covenant))
    result = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    output = result.stdout + result.stderr
    assert output.count("Signature Validation: Signature is Valid") == 3, output
    assert "Signature Validation:" in output
    assert output.count("Signature #") == 3, output


def test_it_refuses_to_sign_twice(cluster: Cluster, flow: Flow, keys: Keys) -> None:
    covenant = flow.finalised(cluster)
    flow.sign(cluster, covenant, cluster.personas.other)
    covenant.refresh_from_db()
    before = stored_document(covenant)
    signatory = covenant.signatories.get(agency=cluster.personas.other)
    signed_at = signatory.signed_at
    with no_event(), pytest.raises(DomainError, match="đã ký số giao ước này"):
        signatory_sign(
            actor=cluster.leaders[OTHER],
            signatory=signatory,
            pkcs12=keys.by_code[OTHER],
            password=KEY_PASSWORD,
        )
    with no_event(), pytest.raises(DomainError, match="đã xác nhận ký"):
        signatory_confirm(actor=cluster.leaders[OTHER], signatory=signatory)
    covenant.refresh_from_db()
    assert stored_document(covenant) == before
    assert Signatory.objects.get(pk=signatory.pk).signed_at == signed_at


def test_a_leader_cannot_confirm_or_sign_for_another_member(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    covenant = flow.finalised(cluster)
    before = stored_document(covenant)
    signatory = covenant.signatories.get(agency=cluster.personas.other)
    intruder = cluster.leaders[OWN]  # leads the cluster, but is not Cà Mau's leader
    with no_event(), pytest.raises(DomainError, match=r"Chỉ lãnh đạo của .*Cà Mau"):
        signatory_sign(
            actor=intruder, signatory=signatory, pkcs12=keys.by_code[OWN], password=KEY_PASSWORD
        )
    with no_event(), pytest.raises(DomainError, match="Chỉ lãnh đạo của"):
        signatory_confirm(actor=intruder, signatory=signatory)
    with no_event(), pytest.raises(DomainError, match="Chỉ lãnh đạo của"):
        signatory_confirm(actor=cluster.personas.outsider, signatory=signatory)  # an officer
    signatory.refresh_from_db()
    assert signatory.signed_at is None
    assert signatory.confirmed_at is None
    covenant.refresh_from_db()
    assert stored_document(covenant) == before


BAD_KEY_FILES = [
    # (which file, password, the message)
    ("expired", KEY_PASSWORD, "Chứng thư số đã hết hạn."),
    ("mismatched", KEY_PASSWORD, "không (khớp|chứa khoá và chứng thư)"),
    ("valid", b"sai-mat-khau", "Mật khẩu tệp chữ ký số không đúng."),
    ("not a pkcs12", KEY_PASSWORD, "không phải là tệp PKCS#12"),
]


def test_it_refuses_bad_key_files_and_writes_nothing(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    files = {
        "expired": keys.expired,
        "mismatched": keys.mismatched,
        "valid": keys.by_code[OWN],
        "not a pkcs12": b"%PDF-1.7 not a key",
    }
    covenant = flow.finalised(cluster)  # once: rendering the PDF is the slow part
    before = stored_document(covenant)
    signatory = covenant.signatories.get(agency=cluster.personas.own)
    for which, password, message in BAD_KEY_FILES:
        with no_event(), pytest.raises(DomainError, match=message):
            signatory_sign(
                actor=cluster.leaders[OWN],
                signatory=signatory,
                pkcs12=files[which],
                password=password,
            )
        with no_event(), pytest.raises(DomainError, match=message):
            signing_key_upload(
                actor=cluster.leaders[OWN],
                agency=cluster.personas.own,
                pkcs12=files[which],
                password=password,
            )
    signatory.refresh_from_db()
    assert signatory.signed_at is None
    assert not SigningKey.objects.exists()
    covenant.refresh_from_db()
    assert stored_document(covenant) == before


def test_the_mismatched_key_file_holds_a_key_and_a_certificate_of_another_key(
    keys: Keys,
) -> None:
    """Guards the fixture: the refusal above is for the right reason."""
    key, cert, others = pyca_pkcs12.load_key_and_certificates(keys.mismatched, KEY_PASSWORD)
    assert key is not None
    assert cert is None
    assert len(others) == 1
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    assert key.public_key().public_bytes(*spki) != others[0].public_key().public_bytes(*spki)


def test_it_refuses_to_sign_a_draft(cluster: Cluster, flow: Flow, keys: Keys) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    signatory = covenant.signatories.get(agency=cluster.personas.own)
    with no_event(), pytest.raises(IllegalTransition, match="chưa được chốt"):
        signatory_sign(
            actor=cluster.leaders[OWN],
            signatory=signatory,
            pkcs12=keys.by_code[OWN],
            password=KEY_PASSWORD,
        )
    with no_event(), pytest.raises(IllegalTransition, match="chưa được chốt"):
        signatory_confirm(actor=cluster.leaders[OWN], signatory=signatory)


def test_it_signs_with_a_stored_signing_key(cluster: Cluster, flow: Flow, keys: Keys) -> None:
    third = cluster.members[2]
    with one_event("covenants.signing_key.uploaded"):
        key = signing_key_upload(
            actor=cluster.leaders[THIRD],
            agency=third,
            pkcs12=keys.by_code[THIRD],
            password=KEY_PASSWORD,
        )
    assert bytes(key.sealed_pkcs12) != keys.by_code[THIRD]  # sealed at rest
    assert f"CN={SIGNER_NAMES[THIRD]}" in key.subject
    assert key.uploaded_by == cluster.leaders[THIRD]
    covenant = flow.finalised(cluster)
    signatory = covenant.signatories.get(agency=third)

    other = covenant.signatories.get(agency=cluster.personas.other)
    with no_event(), pytest.raises(DomainError, match=r"không phải của .*Cà Mau"):
        signatory_sign_with_key(
            actor=cluster.leaders[OTHER], signatory=other, key=key, password=KEY_PASSWORD
        )
    with no_event(), pytest.raises(DomainError, match="Mật khẩu"):
        signatory_sign_with_key(
            actor=cluster.leaders[THIRD], signatory=signatory, key=key, password=b"sai"
        )

    with one_event("covenants.signatory.signed"):
        signatory_sign_with_key(
            actor=cluster.leaders[THIRD], signatory=signatory, key=key, password=KEY_PASSWORD
        )
    covenant.refresh_from_db()
    (report,) = signing.verify_pdf(stored_document(covenant), trust_roots=trust_roots())
    assert report.ok
    assert report.signer_name == SIGNER_NAMES[THIRD]


def test_it_accepts_the_stored_pdf_signed_outside_the_app(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    covenant = flow.finalised(cluster)
    flow.sign(cluster, covenant, cluster.personas.own)
    covenant.refresh_from_db()
    signatory = covenant.signatories.get(agency=cluster.personas.other)
    original = stored_document(covenant)
    signed_outside = signing.sign_pdf(
        original,
        pkcs12=keys.by_code[OTHER],
        password=KEY_PASSWORD,
        field_name="ChuKyUSBToken",
        reason="Ký giao ước",
        location="Cà Mau",
        signer_name=SIGNER_NAMES[OTHER],
    )
    with one_event("covenants.signatory.signed"):
        signatory_sign_external(
            actor=cluster.leaders[OTHER], signatory=signatory, signed_pdf=signed_outside
        )
    signatory.refresh_from_db()
    assert signatory.signed_at is not None
    assert signatory.signature_field == "ChuKyUSBToken"
    assert signatory.certificate_subject.startswith(f"CN={SIGNER_NAMES[OTHER]},")
    covenant.refresh_from_db()
    assert stored_document(covenant) == signed_outside
    reports = signing.verify_pdf(signed_outside, trust_roots=trust_roots())
    assert [r.ok for r in reports] == [True, True]


def test_it_refuses_an_external_upload_that_is_not_the_stored_pdf_signed(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    covenant = flow.finalised(cluster)
    signatory = covenant.signatories.get(agency=cluster.personas.other)
    original = stored_document(covenant)
    with no_event(), pytest.raises(DomainError, match="không phải là văn bản gốc được ký thêm"):
        signatory_sign_external(
            actor=cluster.leaders[OTHER], signatory=signatory, signed_pdf=original[:-10]
        )
    with no_event(), pytest.raises(DomainError, match="đúng một chữ ký số mới"):
        signatory_sign_external(
            actor=cluster.leaders[OTHER],
            signatory=signatory,
            signed_pdf=original + b"\n% appended, not signed\n",
        )
    with no_event(), pytest.raises(DomainError, match="Chỉ lãnh đạo của"):
        signatory_sign_external(
            actor=cluster.leaders[OWN], signatory=signatory, signed_pdf=original + b"x"
        )
    signatory.refresh_from_db()
    assert signatory.signed_at is None
    covenant.refresh_from_db()
    assert stored_document(covenant) == original


# --- publishing and superseding -------------------------------------------------------------


def test_it_refuses_to_publish_before_everyone_signed(
    cluster: Cluster, flow: Flow, keys: Keys
) -> None:
    covenant = flow.finalised(cluster)
    flow.sign(cluster, covenant, cluster.personas.own)
    # Cà Mau confirms in the app but does not sign digitally; Cần Thơ does nothing.
    signatory_confirm(
        actor=cluster.leaders[OTHER],
        signatory=covenant.signatories.get(agency=cluster.personas.other),
    )
    with no_event(), pytest.raises(DomainError, match="chưa ký đủ") as error:
        covenant_publish(actor=cluster.leaders[OWN], covenant=covenant)
    assert "Cà Mau" in error.value.message
    assert "Cần Thơ" in error.value.message
    assert "An Giang" not in error.value.message
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.FINALISED
    assert covenant.published_at is None


def test_it_refuses_to_publish_a_draft(cluster: Cluster, flow: Flow) -> None:
    covenant = flow.ready(cluster, flow.draft(cluster))
    with no_event(), pytest.raises(DomainError):
        covenant_publish(actor=None, covenant=covenant)
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT


def test_a_new_covenant_for_the_year_supersedes_the_published_one_when_published(
    cluster: Cluster, flow: Flow
) -> None:
    first = flow.published(cluster)
    second = covenant_draft(
        actor=cluster.leaders[OWN], group_year=cluster.group_year, from_covenant=first
    )
    assert second.supersedes == first
    first.refresh_from_db()
    assert first.status == CovenantStatus.PUBLISHED  # still in force while the new one is drafted
    flow.ready(cluster, second)
    second = covenant_finalise(actor=None, covenant=second)
    for agency in cluster.members:
        flow.sign(cluster, second, agency)
    with one_event("covenants.covenant.published"):
        covenant_publish(actor=cluster.leaders[OWN], covenant=second)
    first.refresh_from_db()
    assert first.status == CovenantStatus.SUPERSEDED
    assert Covenant.objects.get(pk=second.pk).status == CovenantStatus.PUBLISHED
    assert CovenantVersion.objects.filter(covenant=first).count() == 2  # kept as it was
