"""PAdES signing of the covenant: a test CA, members signing in turn, verification, uploads."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject
from pytest_django.fixtures import Settings

from thidua.core.errors import DomainError
from thidua.documents.signing import (
    SignatureReport,
    TestCA,
    accept_external_signature,
    certificate_of,
    issue_signer_pkcs12,
    load_certificate,
    load_signer,
    make_test_ca,
    seal,
    sign_pdf,
    unseal,
    verify_pdf,
)

TITLE = b"GIAO UOC THI DUA NAM 2025"
MEMBERS = [
    ("Nguyễn Văn An", "Sở Công Thương tỉnh An Giang", b"mat-khau-1"),
    ("Trần Thị Bình", "Sở Tài chính tỉnh Cà Mau", b"mat-khau-2"),
    ("Lê Minh Hùng", "Sở Xây dựng thành phố Cần Thơ", b"mat-khau-3"),
]


def _text_stream(text: bytes) -> ContentStream:
    stream = ContentStream(None, None)
    stream.set_data(b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET")
    return stream


def make_pdf(title: bytes = TITLE) -> bytes:
    """A one-page PDF (made with pypdf) whose uncompressed content stream shows ``title``."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    page.replace_contents(_text_stream(title))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def change_page_text(pdf: bytes, text: bytes) -> bytes:
    """``pdf`` plus an incremental update (written by pypdf) that replaces the page's text."""
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.pages[0].replace_contents(_text_stream(text))
    out = BytesIO()
    writer.write(out)
    changed = out.getvalue()
    assert changed.startswith(pdf)
    return changed


@dataclass(frozen=True)
class Setup:
    ca: TestCA
    other_ca: TestCA
    member_p12: list[bytes]
    stranger_p12: bytes
    original: bytes
    signed: list[bytes]  # signed[i]: after member i signed


def sign_as(pdf: bytes, setup: Setup, index: int, field_name: str | None = None) -> bytes:
    name, organisation, password = MEMBERS[index]
    return sign_pdf(
        pdf,
        pkcs12=setup.member_p12[index],
        password=password,
        field_name=field_name or f"ky_thanh_vien_{index + 1}",
        reason=f"{organisation} ký giao ước thi đua năm 2025",
        location="Cần Thơ",
        signer_name=name,
    )


@pytest.fixture(scope="module")
def setup() -> Setup:
    ca = make_test_ca("CA thử nghiệm cụm thi đua XI")
    other_ca = make_test_ca("CA lạ")
    member_p12 = [
        issue_signer_pkcs12(ca, person_name=name, organisation=org, password=password)
        for name, org, password in MEMBERS
    ]
    stranger_p12 = issue_signer_pkcs12(
        other_ca, person_name="Người lạ", organisation="Đơn vị lạ", password=b"x"
    )
    base = Setup(ca, other_ca, member_p12, stranger_p12, make_pdf(), [])
    pdf = base.original
    for index in range(len(MEMBERS)):
        pdf = sign_as(pdf, base, index)
        base.signed.append(pdf)
    return base


def test_three_members_signing_in_turn_each_stay_valid(setup: Setup) -> None:
    reports = verify_pdf(setup.signed[-1], trust_roots=[setup.ca.certificate])

    assert [r.field_name for r in reports] == [
        "ky_thanh_vien_1",
        "ky_thanh_vien_2",
        "ky_thanh_vien_3",
    ]
    assert [r.signer_name for r in reports] == [name for name, _o, _p in MEMBERS]
    assert [r.organisation for r in reports] == [org for _n, org, _p in MEMBERS]
    assert all(r.intact and r.valid and r.trusted for r in reports)
    assert [r.covers_whole_document for r in reports] == [False, False, True]
    assert not any(r.modified_after for r in reports)
    assert all(r.ok and r.problem == "" for r in reports)
    assert all(r.signed_at is not None and r.signed_at.tzinfo is not None for r in reports)


def test_each_signature_is_an_incremental_update(setup: Setup) -> None:
    previous = setup.original
    for signed in setup.signed:
        assert signed.startswith(previous)
        previous = signed


def test_a_document_without_signatures_has_no_reports(setup: Setup) -> None:
    assert verify_pdf(setup.original, trust_roots=[setup.ca.certificate]) == []


def test_a_foreign_trust_root_makes_signatures_untrusted_but_still_intact(setup: Setup) -> None:
    reports = verify_pdf(setup.signed[-1], trust_roots=[setup.other_ca.certificate])

    assert len(reports) == 3
    assert all(r.intact and r.valid for r in reports)
    assert not any(r.trusted for r in reports)
    assert all(r.problem for r in reports)


def test_a_content_change_after_signing_is_reported_as_modified_after(setup: Setup) -> None:
    tampered = change_page_text(setup.signed[-1], b"GIAO UOC DA BI SUA")

    reports = verify_pdf(tampered, trust_roots=[setup.ca.certificate])

    assert len(reports) == 3
    assert all(r.intact and r.valid and r.trusted for r in reports)
    assert all(r.modified_after for r in reports)
    assert not any(r.covers_whole_document or r.ok for r in reports)


def test_a_flipped_byte_in_the_signed_range_breaks_integrity(setup: Setup) -> None:
    signed = setup.signed[-1]
    at = signed.index(TITLE)
    tampered = signed[:at] + b"X" + signed[at + 1 :]

    reports = verify_pdf(tampered, trust_roots=[setup.ca.certificate])

    assert len(reports) == 3
    assert not any(r.intact for r in reports)
    assert not any(r.ok for r in reports)
    assert all(r.problem for r in reports)


def test_signing_twice_into_the_same_field_is_refused(setup: Setup) -> None:
    with pytest.raises(DomainError, match="đã được ký"):
        sign_as(setup.signed[0], setup, 1, field_name="ky_thanh_vien_1")


def test_a_wrong_pkcs12_password_is_refused(setup: Setup) -> None:
    with pytest.raises(DomainError, match="Mật khẩu"):
        load_signer(setup.member_p12[0], b"sai-mat-khau")
    with pytest.raises(DomainError, match="Mật khẩu"):
        sign_pdf(
            setup.original,
            pkcs12=setup.member_p12[0],
            password=b"sai-mat-khau",
            field_name="ky",
            reason="",
            location="",
            signer_name="",
        )


def test_a_file_that_is_not_pkcs12_is_refused() -> None:
    with pytest.raises(DomainError, match="PKCS#12"):
        load_signer(b"not a pkcs12 file", b"x")


def test_the_signer_carries_the_member_certificate(setup: Setup) -> None:
    signer = load_signer(setup.member_p12[0], MEMBERS[0][2])

    assert signer.signing_cert is not None
    assert signer.signing_cert.subject.native["common_name"] == MEMBERS[0][0]
    assert signer.signing_cert.key_usage_value.native == {
        "digital_signature",
        "non_repudiation",
    }


def test_the_certificate_of_a_pkcs12_is_checked_and_returned(setup: Setup) -> None:
    cert = certificate_of(setup.member_p12[1], MEMBERS[1][2])

    assert cert.subject.rfc4514_string() == (f"CN={MEMBERS[1][0]},O={MEMBERS[1][1]},C=VN")
    assert cert.issuer == setup.ca.certificate.subject
    with pytest.raises(DomainError, match="Mật khẩu"):
        certificate_of(setup.member_p12[1], b"")


def test_an_unencrypted_pkcs12_needs_no_password(setup: Setup) -> None:
    p12 = issue_signer_pkcs12(
        setup.ca, person_name="Phạm Thu", organisation="Sở Y tế", password=b""
    )

    assert certificate_of(p12, b"").subject.rfc4514_string().startswith("CN=Phạm Thu")


def test_the_ca_certificate_round_trips_through_pem(setup: Setup) -> None:
    assert load_certificate(setup.ca.certificate_pem()) == setup.ca.certificate
    with pytest.raises(DomainError):
        load_certificate(b"-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n")


def test_sealing_round_trips_and_detects_tampering(setup: Setup) -> None:
    token = seal(setup.member_p12[0])

    assert token != setup.member_p12[0]
    assert unseal(token) == setup.member_p12[0]
    tampered = token[:20] + (b"A" if token[20:21] != b"A" else b"B") + token[21:]
    with pytest.raises(DomainError, match="Không mở được khoá"):
        unseal(tampered)


def test_a_dedicated_keystore_key_replaces_the_secret_key(settings: Settings) -> None:
    token = seal(b"pkcs12 bytes")
    settings.THIDUA_KEYSTORE_KEY = "khoa-rieng-cho-kho-khoa"

    with pytest.raises(DomainError):
        unseal(token)
    assert unseal(seal(b"pkcs12 bytes")) == b"pkcs12 bytes"


def test_a_rotated_secret_key_still_unseals_through_the_fallbacks(
    settings: Settings,
) -> None:
    settings.THIDUA_KEYSTORE_KEY = ""
    token = seal(b"pkcs12 bytes")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key"

    assert unseal(token) == b"pkcs12 bytes"


def test_an_external_signature_appended_to_the_original_is_accepted(setup: Setup) -> None:
    # A signature made by another tool is simulated by signing the downloaded bytes.
    reports = accept_external_signature(
        setup.signed[1], setup.signed[2], trust_roots=[setup.ca.certificate]
    )

    assert [r.signer_name for r in reports] == [name for name, _o, _p in MEMBERS]
    assert all(isinstance(r, SignatureReport) and r.ok for r in reports)


def test_an_upload_that_is_not_an_update_of_the_original_is_refused(setup: Setup) -> None:
    resaved = sign_as(make_pdf(TITLE + b" "), setup, 2)

    with pytest.raises(DomainError, match="không phải là văn bản gốc"):
        accept_external_signature(setup.signed[1], resaved, trust_roots=[setup.ca.certificate])


def test_an_upload_without_a_new_signature_is_refused(setup: Setup) -> None:
    changed = change_page_text(setup.signed[1], b"KHONG KY")

    with pytest.raises(DomainError, match="đúng một chữ ký"):
        accept_external_signature(setup.signed[1], changed, trust_roots=[setup.ca.certificate])


def test_an_upload_changed_after_its_signature_is_refused(setup: Setup) -> None:
    changed = change_page_text(setup.signed[2], b"SUA SAU KHI KY")

    with pytest.raises(DomainError, match="bị sửa sau khi ký"):
        accept_external_signature(setup.signed[1], changed, trust_roots=[setup.ca.certificate])


def test_an_upload_signed_under_an_untrusted_ca_is_refused_unless_allowed(setup: Setup) -> None:
    stranger = sign_pdf(
        setup.signed[1],
        pkcs12=setup.stranger_p12,
        password=b"x",
        field_name="ky_nguoi_la",
        reason="",
        location="",
        signer_name="Người lạ",
    )

    with pytest.raises(DomainError, match="tin cậy"):
        accept_external_signature(setup.signed[1], stranger, trust_roots=[setup.ca.certificate])
    reports = accept_external_signature(
        setup.signed[1], stranger, trust_roots=[setup.ca.certificate], require_trusted=False
    )
    assert [r.trusted for r in reports] == [True, True, False]


def test_a_file_that_is_not_a_pdf_is_refused(setup: Setup) -> None:
    with pytest.raises(DomainError, match="PDF"):
        verify_pdf(b"not a pdf at all", trust_roots=[setup.ca.certificate])
    with pytest.raises(DomainError, match="PDF"):
        sign_as(b"not a pdf at all", setup, 0)


def test_signing_and_verifying_work_inside_a_running_event_loop(setup: Setup) -> None:
    """pyHanko's synchronous calls start an event loop of their own; called from a thread that
    already runs one (an async view, a browser test) they must still work."""
    import asyncio

    async def inside() -> list[SignatureReport]:
        signed = sign_as(setup.original, setup, 0)
        return verify_pdf(signed, trust_roots=[setup.ca.certificate])

    reports = asyncio.run(inside())
    assert [(r.intact, r.trusted) for r in reports] == [(True, True)]
