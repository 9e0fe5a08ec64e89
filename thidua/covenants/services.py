"""Writes of covenants: drafting, versions, comments, finalising, signing and publishing.

The workflow (see ``choices.TRANSITIONS``): the cluster leader drafts and saves versions,
members comment, the leader sets the signing event and finalises (the PDF is made once and
stored); each member's leader confirms in the app and signs the stored PDF digitally, in turn,
each signature an incremental update that keeps the earlier ones valid; when every member has
done both, the leader publishes and the covenant becomes immutable. A later change is a new
covenant that supersedes the published one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.choices import Role
from thidua.accounts.selectors import agency_ids_with_role
from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.covenants.choices import TRANSITIONS, CovenantStatus
from thidua.covenants.defaults import DEFAULT_CLOSING, DEFAULT_GOALS, DEFAULT_ITEMS
from thidua.covenants.documents import covenant_document
from thidua.covenants.models import (
    Covenant,
    CovenantComment,
    CovenantItem,
    CovenantVersion,
    Signatory,
    SigningKey,
    TrustedRoot,
)
from thidua.documents import signing
from thidua.documents.pdf import render_pdf
from thidua.emulation.choices import MemberRole
from thidua.emulation.models import GroupYear
from thidua.emulation.selectors import group_role
from thidua.organizations.models import Agency


def _move(covenant: Covenant, to: CovenantStatus) -> None:
    if to not in TRANSITIONS[covenant.status]:
        raise IllegalTransition(
            _("Giao ước đang ở trạng thái “%(state)s”, không chuyển sang “%(to)s” được.")
            % {"state": covenant.get_status_display(), "to": to.label}
        )
    covenant.status = to


@dataclass(frozen=True)
class ItemValues:
    text: str
    is_measurable: bool = False
    target: str = ""


@dataclass(frozen=True)
class VersionValues:
    """The text of a covenant version."""

    title: str
    theme: str
    legal_bases: str
    goals: str
    closing: str
    items: tuple[ItemValues, ...]


def _decision_basis(group_year: GroupYear) -> str:
    lines = []
    for decision in (group_year.decision, group_year.leadership_decision):
        if decision is not None:
            lines.append(
                f"Căn cứ Quyết định số {decision.number} ngày {decision.issued_on:%d/%m/%Y} "
                f"của {decision.issuer.name} {decision.summary[:1].lower()}{decision.summary[1:]};"
            )
    return "\n".join(lines)


def default_version_values(group_year: GroupYear) -> VersionValues:
    """The template text for a cluster's first covenant."""
    return VersionValues(
        title="GIAO ƯỚC THI ĐUA",
        theme="",
        legal_bases=_decision_basis(group_year),
        goals=DEFAULT_GOALS,
        closing=DEFAULT_CLOSING,
        items=tuple(ItemValues(text) for text in DEFAULT_ITEMS),
    )


def _version_values(version: CovenantVersion) -> VersionValues:
    return VersionValues(
        title=version.title,
        theme=version.theme,
        legal_bases=version.legal_bases,
        goals=version.goals,
        closing=version.closing,
        items=tuple(
            ItemValues(i.text, i.is_measurable, i.target) for i in version.items.order_by("order")
        ),
    )


def _write_version(covenant: Covenant, values: VersionValues, actor: Any) -> CovenantVersion:
    if not values.items:
        raise DomainError(_("Giao ước cần ít nhất một nội dung thi đua."))
    if any(not item.text.strip() for item in values.items):
        raise DomainError(_("Nội dung thi đua không được để trống."))
    number = (
        covenant.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = CovenantVersion.objects.create(
        covenant=covenant,
        number=number,
        title=values.title.strip() or "GIAO ƯỚC THI ĐUA",
        theme=values.theme.strip(),
        legal_bases=values.legal_bases.strip(),
        goals=values.goals.strip(),
        closing=values.closing.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    CovenantItem.objects.bulk_create(
        CovenantItem(
            version=version,
            order=index,
            text=item.text.strip(),
            is_measurable=item.is_measurable,
            target=item.target.strip(),
        )
        for index, item in enumerate(values.items, start=1)
    )
    return version


def _leader_agency(group_year: GroupYear) -> Agency | None:
    return group_role(group_year, MemberRole.LEADER)


@transaction.atomic
def covenant_draft(
    *, actor: Any, group_year: GroupYear, from_covenant: Covenant | None = None
) -> Covenant:
    """Start the covenant of ``group_year``: from ``from_covenant``'s last version (e.g. last
    year's) or from the template. A published covenant of the same year is superseded by the
    new one when the new one is published."""
    open_one = group_year.covenants.filter(
        status__in=[CovenantStatus.DRAFT, CovenantStatus.FINALISED]
    ).first()
    if open_one is not None:
        raise DomainError(_("Khối, cụm đã có một giao ước đang soạn hoặc đang ký cho năm này."))
    published = group_year.covenants.filter(status=CovenantStatus.PUBLISHED).first()
    if not group_year.members.exists():
        raise DomainError(_("Khối, cụm chưa có thành viên."))
    covenant = Covenant.objects.create(group_year=group_year, supersedes=published)
    source = from_covenant.current_version if from_covenant is not None else None
    if source is not None and from_covenant is not None:
        base = _version_values(source)
        old_year, new_year = str(from_covenant.group_year.year), str(group_year.year)
        values = VersionValues(
            # Only the title's year is moved on: dates inside the text (a resolution of
            # 06/01/2023) are facts the leader reviews, not something to rewrite blindly.
            title=base.title.replace(old_year, new_year),
            theme=base.theme,
            legal_bases=_decision_basis(group_year),
            goals=base.goals,
            closing=base.closing,
            items=base.items,
        )
    else:
        values = default_version_values(group_year)
    _write_version(covenant, values, actor)
    Signatory.objects.bulk_create(
        Signatory(covenant=covenant, agency=member.agency, order=index)
        for index, member in enumerate(
            group_year.members.select_related("agency").order_by("rotation_order", "id"), start=1
        )
    )
    audit_record(
        actor=actor,
        action="covenants.covenant.drafted",
        target=covenant,
        agency=_leader_agency(group_year),
        payload={"from": from_covenant.pk if from_covenant else None},
    )
    return covenant


@transaction.atomic
def covenant_version_save(
    *, actor: Any, covenant: Covenant, values: VersionValues
) -> CovenantVersion:
    """Save the leader's edit as a new version (drafts only)."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status != CovenantStatus.DRAFT:
        raise IllegalTransition(_("Chỉ sửa được giao ước đang ở dạng dự thảo."))
    version = _write_version(covenant, values, actor)
    audit_record(
        actor=actor,
        action="covenants.version.saved",
        target=covenant,
        agency=_leader_agency(covenant.group_year),
        payload={"version": version.number},
    )
    return version


@transaction.atomic
def covenant_comment_add(
    *, actor: Any, covenant: Covenant, agency: Agency, text: str
) -> CovenantComment:
    """A member's comment on the current draft version."""
    if covenant.status != CovenantStatus.DRAFT:
        raise IllegalTransition(_("Chỉ góp ý được khi giao ước còn là dự thảo."))
    if not text.strip():
        raise DomainError(_("Nội dung góp ý không được để trống."), field="text")
    if not covenant.group_year.members.filter(agency=agency).exists():
        raise DomainError(_("Chỉ đơn vị thành viên được góp ý."))
    version = covenant.current_version
    assert version is not None
    comment = CovenantComment.objects.create(
        version=version, author=actor, agency=agency, text=text.strip()
    )
    audit_record(
        actor=actor,
        action="covenants.comment.added",
        target=covenant,
        agency=agency,
        payload={"version": version.number},
    )
    return comment


@dataclass(frozen=True)
class SignatoryValues:
    agency: Agency
    name: str
    position: str


@transaction.atomic
def signing_event_set(
    *,
    actor: Any,
    covenant: Covenant,
    date: dt.date,
    place: str,
    signatories: list[SignatoryValues],
) -> Covenant:
    """Set the signing conference (date, place) and each member's signatory (draft only)."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status != CovenantStatus.DRAFT:
        raise IllegalTransition(_("Chỉ sửa được thông tin ký kết khi giao ước còn là dự thảo."))
    if date.year != covenant.group_year.year:
        raise DomainError(
            _("Ngày ký kết phải thuộc năm %(year)d.") % {"year": covenant.group_year.year},
            field="date",
        )
    if not place.strip():
        raise DomainError(_("Địa điểm ký kết là bắt buộc."), field="place")
    by_agency = {s.agency_id: s for s in covenant.signatories.all()}
    for values in signatories:
        row = by_agency.get(values.agency.pk)
        if row is None:
            raise DomainError(_("%(agency)s không phải là thành viên.") % {"agency": values.agency})
        row.name, row.position = values.name.strip(), values.position.strip()
        row.save(update_fields=["name", "position"])
    covenant.signing_date, covenant.signing_place = date, place.strip()
    covenant.save(update_fields=["signing_date", "signing_place", "updated_at"])
    audit_record(
        actor=actor,
        action="covenants.signing_event.set",
        target=covenant,
        agency=_leader_agency(covenant.group_year),
        payload={"signing_date": date, "signing_place": place},
    )
    return covenant


@transaction.atomic
def covenant_finalise(*, actor: Any, covenant: Covenant) -> Covenant:
    """Fix the text: render the PDF once and open it for signing."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    version = covenant.current_version
    problems = []
    if version is None or not version.theme:
        problems.append(_("chủ đề"))
    if covenant.signing_date is None or not covenant.signing_place:
        problems.append(_("ngày và địa điểm ký kết"))
    if covenant.signatories.filter(name="").exists():
        problems.append(_("họ tên người ký của mọi thành viên"))
    if problems:
        raise DomainError(_("Chưa chốt được: còn thiếu %(what)s.") % {"what": ", ".join(problems)})
    _move(covenant, CovenantStatus.FINALISED)
    assert version is not None
    pdf = render_pdf(covenant_document(covenant, version))
    covenant.document.save(
        f"giao-uoc-{covenant.group_year.group.code}-{covenant.group_year.year}.pdf",
        ContentFile(pdf),
        save=False,
    )
    covenant.document_sha256 = hashlib.sha256(pdf).hexdigest()
    covenant.finalised_at = timezone.now()
    covenant.save()
    audit_record(
        actor=actor,
        action="covenants.covenant.finalised",
        target=covenant,
        agency=_leader_agency(covenant.group_year),
        payload={"version": version.number, "sha256": covenant.document_sha256},
    )
    return covenant


@transaction.atomic
def covenant_reopen(*, actor: Any, covenant: Covenant) -> Covenant:
    """Back to draft, while nobody has signed yet."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if (
        covenant.signatories.filter(signed_at__isnull=False).exists()
        or covenant.signatories.filter(confirmed_at__isnull=False).exists()
    ):
        raise IllegalTransition(_("Đã có đơn vị ký; không mở lại dự thảo được."))
    _move(covenant, CovenantStatus.DRAFT)
    stale, storage = covenant.document.name, covenant.document.storage
    covenant.document.name = ""
    covenant.document_sha256 = ""
    covenant.finalised_at = None
    covenant.save()
    if stale:  # the file goes only once the reopening is committed
        transaction.on_commit(lambda: storage.delete(stale))
    audit_record(
        actor=actor,
        action="covenants.covenant.reopened",
        target=covenant,
        agency=_leader_agency(covenant.group_year),
    )
    return covenant


def _check_signer(actor: Any, signatory: Signatory) -> None:
    """Only the member's own leader signs for it (``actor=None`` is the system, e.g. the demo)."""
    if actor is None:
        return
    if signatory.agency_id not in agency_ids_with_role(actor, {Role.AGENCY_LEADER}):
        raise DomainError(
            _("Chỉ lãnh đạo của %(agency)s được ký cho đơn vị này.") % {"agency": signatory.agency}
        )


def _locked_signatory(signatory: Signatory) -> tuple[Signatory, Covenant]:
    covenant = Covenant.objects.select_for_update().get(pk=signatory.covenant_id)
    if covenant.status != CovenantStatus.FINALISED:
        raise IllegalTransition(_("Giao ước chưa được chốt để ký, hoặc đã ban hành."))
    return Signatory.objects.select_related("agency").get(pk=signatory.pk), covenant


@transaction.atomic
def signatory_confirm(*, actor: Any, signatory: Signatory) -> Signatory:
    """The member's leader confirms the signature in the app (recorded and audited)."""
    signatory, covenant = _locked_signatory(signatory)
    _check_signer(actor, signatory)
    if signatory.confirmed_at is not None:
        raise DomainError(_("%(agency)s đã xác nhận ký.") % {"agency": signatory.agency})
    signatory.confirmed_by = actor
    signatory.confirmed_at = timezone.now()
    signatory.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="covenants.signatory.confirmed",
        target=covenant,
        agency=signatory.agency,
        payload={"signatory": signatory.name},
    )
    return signatory


def _store_signed(
    covenant: Covenant, signatory: Signatory, pdf: bytes, actor: Any, subject: str
) -> None:
    name = (covenant.document.name or "giao-uoc.pdf").rsplit("/", 1)[-1]
    covenant.document.save(name, ContentFile(pdf), save=False)
    covenant.save(update_fields=["document", "updated_at"])
    signatory.signed_by = actor if getattr(actor, "is_authenticated", False) else None
    signatory.signed_at = timezone.now()
    signatory.signature_field = _field_name(signatory)
    signatory.certificate_subject = subject[:300]
    signatory.save(
        update_fields=["signed_by", "signed_at", "signature_field", "certificate_subject"]
    )


def _field_name(signatory: Signatory) -> str:
    return f"ChuKy{signatory.order}_{signatory.agency.code}"


def _read_document(covenant: Covenant) -> bytes:
    with covenant.document.open("rb") as stream:
        data: bytes = stream.read()
    return data


@transaction.atomic
def signatory_sign(
    *, actor: Any, signatory: Signatory, pkcs12: bytes, password: bytes
) -> Signatory:
    """Sign the stored PDF with the member's own key (a PAdES signature, incremental)."""
    signatory, covenant = _locked_signatory(signatory)
    _check_signer(actor, signatory)
    if signatory.signed_at is not None:
        raise DomainError(_("%(agency)s đã ký số giao ước này.") % {"agency": signatory.agency})
    signer_cert = signing.certificate_of(pkcs12, password)
    signed = signing.sign_pdf(
        _read_document(covenant),
        pkcs12=pkcs12,
        password=password,
        field_name=_field_name(signatory),
        reason=f"Ký giao ước thi đua năm {covenant.group_year.year}",
        location=covenant.signing_place,
        signer_name=signatory.name,
    )
    _store_signed(covenant, signatory, signed, actor, signer_cert.subject.rfc4514_string())
    audit_record(
        actor=actor,
        action="covenants.signatory.signed",
        target=covenant,
        agency=signatory.agency,
        payload={"field": signatory.signature_field},
    )
    return signatory


@transaction.atomic
def signatory_sign_with_key(
    *, actor: Any, signatory: Signatory, key: SigningKey, password: bytes
) -> Signatory:
    """Sign with the member's stored (sealed) key."""
    if key.agency_id != signatory.agency_id:
        raise DomainError(
            _("Chứng thư số này không phải của %(agency)s.") % {"agency": signatory.agency}
        )
    return signatory_sign(
        actor=actor,
        signatory=signatory,
        pkcs12=signing.unseal(bytes(key.sealed_pkcs12)),
        password=password,
    )


def trust_roots() -> list[x509.Certificate]:
    """The root certificates the verification trusts."""
    return [signing.load_certificate(r.certificate_pem.encode()) for r in TrustedRoot.objects.all()]


@transaction.atomic
def signatory_sign_external(*, actor: Any, signatory: Signatory, signed_pdf: bytes) -> Signatory:
    """Accept the stored PDF signed outside the app and uploaded back."""
    signatory, covenant = _locked_signatory(signatory)
    _check_signer(actor, signatory)
    if signatory.signed_at is not None:
        raise DomainError(_("%(agency)s đã ký số giao ước này.") % {"agency": signatory.agency})
    reports = signing.accept_external_signature(
        _read_document(covenant), signed_pdf, trust_roots=trust_roots()
    )
    newest = reports[-1]
    _store_signed(
        covenant, signatory, signed_pdf, actor, f"CN={newest.signer_name},O={newest.organisation}"
    )
    signatory.signature_field = newest.field_name
    signatory.save(update_fields=["signature_field"])
    audit_record(
        actor=actor,
        action="covenants.signatory.signed",
        target=covenant,
        agency=signatory.agency,
        payload={"field": newest.field_name, "external": True},
    )
    return signatory


@transaction.atomic
def covenant_publish(*, actor: Any, covenant: Covenant) -> Covenant:
    """Publish once every member has confirmed and signed and every signature verifies."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    missing = [
        str(s.agency)
        for s in covenant.signatories.select_related("agency")
        if s.confirmed_at is None or s.signed_at is None
    ]
    if missing:
        raise DomainError(
            _("Chưa ban hành được: chưa ký đủ (%(who)s).") % {"who": "; ".join(missing)}
        )
    reports = signing.verify_pdf(_read_document(covenant), trust_roots=trust_roots())
    # Every signature must be intact, valid, trusted and followed by no content change.
    broken = [r.field_name for r in reports if not r.ok]
    if broken or len(reports) != covenant.signatories.count():
        raise DomainError(
            _("Chữ ký số không toàn vẹn: %(fields)s.")
            % {"fields": ", ".join(broken) or _("thiếu chữ ký")}
        )
    _move(covenant, CovenantStatus.PUBLISHED)
    covenant.published_at = timezone.now()
    covenant.save()
    if covenant.supersedes is not None:
        old = covenant.supersedes
        _move(old, CovenantStatus.SUPERSEDED)
        old.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="covenants.covenant.published",
        target=covenant,
        agency=_leader_agency(covenant.group_year),
        payload={"signatures": len(reports)},
    )
    return covenant


@transaction.atomic
def signing_key_upload(*, actor: Any, agency: Agency, pkcs12: bytes, password: bytes) -> SigningKey:
    """Keep a member's PKCS#12 sealed; it is checked (password, key matches certificate,
    validity) before it is stored. The password is not stored."""
    cert = signing.certificate_of(pkcs12, password)
    key = SigningKey.objects.create(
        agency=agency,
        sealed_pkcs12=signing.seal(pkcs12),
        subject=cert.subject.rfc4514_string()[:300],
        issuer=cert.issuer.rfc4514_string()[:300],
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="covenants.signing_key.uploaded",
        target=key,
        agency=agency,
        payload={"subject": key.subject},
    )
    return key
