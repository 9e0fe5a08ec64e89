"""Chữ ký số — PAdES signatures on documents (the yearly covenant signed by every member).

Each member agency signs in turn with its own key; every signature is an incremental update, so
the earlier signatures stay valid. The functions here are pure library code (no models):

* a small test CA for the demo and the tests: :func:`make_test_ca`, :func:`issue_signer_pkcs12`;
* the keystore at rest: :func:`seal` / :func:`unseal` (Fernet, key derived from the settings);
* signing: :func:`certificate_of` (checks an uploaded PKCS#12), :func:`load_signer`,
  :func:`sign_pdf`;
* verification: :func:`verify_pdf`, :func:`accept_external_signature` (a PDF signed outside the
  app and uploaded back).

Limits: signatures are PAdES B-B (no timestamp, no embedded revocation data), so a signature is
judged with the certificates' validity *now*; the signature box is invisible.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import datetime as dt
import functools
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from thidua.core.errors import DomainError

logger = logging.getLogger(__name__)

_RSA_BITS = 2048
_HKDF_INFO = b"thidua.documents.keystore.v1"


# --- test CA -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestCA:
    """A small certification authority for the demo and the tests (never for production)."""

    __test__ = False  # not a pytest test class despite its name

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey

    def certificate_pem(self) -> bytes:
        """The CA certificate in PEM, to be given as a trust root."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def private_key_pem(self, password: bytes = b"") -> bytes:
        """The CA key in PKCS#8 PEM, encrypted when ``password`` is given."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, _encryption(password)
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _encryption(password: bytes) -> serialization.KeySerializationEncryption:
    if password:
        return serialization.BestAvailableEncryption(password)
    return serialization.NoEncryption()


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    *,
    issuer: TestCA | None,
    valid_years: int,
) -> x509.Certificate:
    """A certificate for ``key``: a root CA when ``issuer`` is None, else a signer's."""
    public = key.public_key()
    is_ca = issuer is None
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer.certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=365 * valid_years))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=not is_ca,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    if issuer is not None:
        ski = issuer.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value),
            critical=False,
        )
    return builder.sign(key if issuer is None else issuer.private_key, hashes.SHA256())


def make_test_ca(common_name: str, *, valid_years: int = 10) -> TestCA:
    """A self-signed test root CA named ``common_name`` (RSA 2048)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS)
    subject = _name("thidua (thử nghiệm)", common_name)
    cert = _certificate(subject, key, issuer=None, valid_years=valid_years)
    return TestCA(certificate=cert, private_key=key)


def issue_signer_pkcs12(
    ca: TestCA,
    *,
    person_name: str,
    organisation: str,
    password: bytes,
    valid_years: int = 3,
) -> bytes:
    """A PKCS#12 (key, signing certificate, CA certificate) for a person of an agency.

    The certificate allows digitalSignature and nonRepudiation, as PDF signing requires.
    An empty ``password`` leaves the PKCS#12 unencrypted.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS)
    subject = _name(organisation, person_name)
    cert = _certificate(subject, key, issuer=ca, valid_years=valid_years)
    return pyca_pkcs12.serialize_key_and_certificates(
        person_name.encode(), key, cert, [ca.certificate], _encryption(password)
    )


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes (e.g. an uploaded trust root)."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise DomainError(_("Tệp chứng thư số không hợp lệ.")) from exc


# --- keystore at rest ----------------------------------------------------------------------


def _fernet_for(secret: str | bytes) -> Fernet:
    material = secret.encode() if isinstance(secret, str) else secret
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        material
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _keystore() -> MultiFernet:
    """THIDUA_KEYSTORE_KEY when set; otherwise SECRET_KEY (then SECRET_KEY_FALLBACKS to read)."""
    dedicated = settings.THIDUA_KEYSTORE_KEY
    if dedicated:
        return MultiFernet([_fernet_for(dedicated)])
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def seal(data: bytes) -> bytes:
    """Encrypt and authenticate ``data`` (e.g. an uploaded PKCS#12) for storage."""
    return _keystore().encrypt(data)


def unseal(token: bytes) -> bytes:
    """The data sealed by :func:`seal`; a tampered token or a changed key is a DomainError."""
    try:
        return _keystore().decrypt(token)
    except InvalidToken as exc:
        raise DomainError(
            _("Không mở được khoá đã lưu: dữ liệu bị thay đổi hoặc khoá giải mã không khớp.")
        ) from exc


# --- signing -------------------------------------------------------------------------------


def _is_pkcs12(data: bytes) -> bool:
    """Whether ``data`` parses as a PKCS#12 PFX (without decrypting it)."""
    try:
        return bool(asn1_pkcs12.Pfx.load(data)["version"].native == "v3")
    except (ValueError, TypeError, KeyError):
        return False


def certificate_of(pkcs12: bytes, password: bytes) -> x509.Certificate:
    """The signing certificate in a PKCS#12, once it is checked: the password opens it, the key
    matches the certificate, and the certificate is valid now. Each failure is a DomainError."""
    if not _is_pkcs12(pkcs12):
        raise DomainError(_("Tệp chữ ký số không phải là tệp PKCS#12 (.p12/.pfx) hợp lệ."))
    try:
        key, cert, _others = pyca_pkcs12.load_key_and_certificates(pkcs12, password or None)
    except ValueError as exc:
        raise DomainError(_("Mật khẩu tệp chữ ký số không đúng.")) from exc
    if key is None or cert is None:
        raise DomainError(_("Tệp chữ ký số không chứa khoá và chứng thư số của người ký."))
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != cert.public_key().public_bytes(*spki):
        raise DomainError(_("Khoá trong tệp chữ ký số không khớp với chứng thư số."))
    now = _now()
    if cert.not_valid_before_utc > now:
        raise DomainError(_("Chứng thư số chưa đến ngày có hiệu lực."))
    if cert.not_valid_after_utc < now:
        raise DomainError(_("Chứng thư số đã hết hạn."))
    return cert


def load_signer(pkcs12: bytes, password: bytes) -> signers.SimpleSigner:
    """The pyHanko signer in a PKCS#12, checked as by :func:`certificate_of`."""
    certificate_of(pkcs12, password)
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, [], passphrase=password or None)
    assert isinstance(signer, signers.SimpleSigner)
    return signer


def _open_writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise DomainError(_("Tệp PDF không đọc được.")) from exc


def _outside_event_loop[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """pyHanko's synchronous API runs its own event loop (``asyncio.run``), which fails in a
    thread that already runs one (an async caller, a browser test driving Playwright): there the
    call is made in a worker thread. The wrapped functions touch no database."""

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return call


@_outside_event_loop
def sign_pdf(
    pdf: bytes,
    *,
    pkcs12: bytes,
    password: bytes,
    field_name: str,
    reason: str,
    location: str,
    signer_name: str,
) -> bytes:
    """``pdf`` with one more PAdES B-B signature, appended as an incremental update.

    The signature goes in a new (invisible) field ``field_name``; earlier signatures stay
    valid. A field that already holds a signature is refused.
    """
    signer = load_signer(pkcs12, password)
    writer = _open_writer(pdf)
    if any(fields.enumerate_sig_fields(writer, filled_status=True, with_name=field_name)):
        raise DomainError(
            _("Ô chữ ký “%(field)s” đã được ký trong văn bản này.") % {"field": field_name}
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        output = signers.sign_pdf(
            writer,
            meta,
            signer=signer,
            new_field_spec=fields.SigFieldSpec(sig_field_name=field_name),
        )
    except (SigningError, PdfError) as exc:
        raise DomainError(_("Không ký được văn bản: %(error)s") % {"error": exc}) from exc
    signed: bytes = output.getvalue()
    return signed


# --- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    """What a reader of the PDF can tell about one signature."""

    field_name: str
    signer_name: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes still hash to the signed digest
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the signer's certificate chains to a trust root (and is usable now)
    covers_whole_document: bool  # nothing was appended after this signature
    modified_after: bool  # a later revision changed content (more than adding signatures)
    problem: str = ""  # a Vietnamese explanation when the signature could not be checked

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted and not followed by content changes."""
        return self.intact and self.valid and self.trusted and not self.modified_after


def _name_attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _broken(field_name: str, problem: str) -> SignatureReport:
    return SignatureReport(
        field_name=field_name,
        signer_name="",
        organisation="",
        signed_at=None,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_document=False,
        modified_after=True,
        problem=problem,
    )


def _check(
    embedded: EmbeddedPdfSignature, trust_roots: Sequence[x509.Certificate]
) -> SignatureReport:
    field_name = str(embedded.field_name)
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(_der(root)) for root in trust_roots],
        allow_fetching=False,
    )
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception:  # a broken signature is reported, never raised
        logger.warning("Signature in field %s could not be checked", field_name, exc_info=True)
        return _broken(field_name, _("Không kiểm tra được chữ ký."))
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    level = status.modification_level
    modified_after = status.docmdp_ok is False or (
        level is not None and level > ModificationLevel.FORM_FILLING
    )
    problem = ""
    if not (status.intact and status.valid):
        problem = _("Nội dung đã ký bị thay đổi hoặc chữ ký không hợp lệ.")
    elif modified_after:
        problem = _("Văn bản đã bị sửa nội dung sau khi ký.")
    elif not status.trusted:
        problem = _("Chứng thư số của người ký không thuộc nơi cấp được tin cậy.")
    return SignatureReport(
        field_name=field_name,
        signer_name=_name_attr(cert, NameOID.COMMON_NAME),
        organisation=_name_attr(cert, NameOID.ORGANIZATION_NAME),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modified_after=modified_after,
        problem=problem,
    )


def _signature_fields(pdf: bytes) -> tuple[PdfFileReader, list[tuple[str, Any]]]:
    """The reader, and the name and reference of every filled signature field of a person
    (document timestamps left out)."""
    try:
        reader = PdfFileReader(BytesIO(pdf))
        return reader, [
            (str(name), field_ref)
            for name, value, field_ref in fields.enumerate_sig_fields(reader, filled_status=True)
            if value.get_object().get("/Type") != "/DocTimeStamp"
        ]
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise DomainError(_("Tệp PDF không đọc được.")) from exc


@_outside_event_loop
def verify_pdf(pdf: bytes, *, trust_roots: Sequence[x509.Certificate]) -> list[SignatureReport]:
    """One report per signature in ``pdf``, in signing order (a broken one is reported too)."""
    reader, sig_fields = _signature_fields(pdf)
    found: list[tuple[float, SignatureReport]] = []
    for name, field_ref in sig_fields:
        try:
            embedded = EmbeddedPdfSignature(reader, field_ref, name)
        except Exception:  # an unreadable signature is reported, never raised
            logger.warning("Unreadable signature in field %s", name, exc_info=True)
            found.append((math.inf, _broken(name, _("Chữ ký không đọc được."))))
            continue
        found.append((float(embedded.signed_revision), _check(embedded, trust_roots)))
    found.sort(key=lambda item: item[0])
    return [report for _order, report in found]


def accept_external_signature(
    original: bytes,
    signed: bytes,
    *,
    trust_roots: Sequence[x509.Certificate],
    require_trusted: bool = True,
) -> list[SignatureReport]:
    """Check a PDF signed outside the app and uploaded back; its reports when acceptable.

    ``signed`` must be ``original`` with incremental updates appended, carry exactly one new
    signature — intact, valid, covering the whole upload, trusted unless ``require_trusted``
    is off — and leave the earlier signatures without content changes.
    """
    if len(signed) <= len(original) or not signed.startswith(original):
        raise DomainError(
            _(
                "Tệp tải lên không phải là văn bản gốc được ký thêm: "
                "hãy ký đúng tệp đã tải xuống, không lưu lại thành tệp mới."
            )
        )
    before = len(_signature_fields(original)[1])
    reports = verify_pdf(signed, trust_roots=trust_roots)
    if len(reports) != before + 1:
        raise DomainError(
            _("Tệp tải lên phải có đúng một chữ ký số mới (có %(n)d).")
            % {"n": len(reports) - before}
        )
    new = reports[-1]
    if not (new.intact and new.valid):
        raise DomainError(_("Chữ ký số mới không hợp lệ."))
    if not new.covers_whole_document:
        raise DomainError(_("Tệp tải lên đã bị sửa sau khi ký."))
    if require_trusted and not new.trusted:
        raise DomainError(_("Chứng thư số của người ký không thuộc nơi cấp được tin cậy."))
    if any(report.modified_after for report in reports[:-1]):
        raise DomainError(_("Tệp tải lên đã sửa nội dung văn bản đã được ký trước đó."))
    return reports
