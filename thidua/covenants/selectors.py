"""Reads of covenants: the previous year's, the PDF and .docx, and signature verification."""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.covenants.choices import CovenantStatus
from thidua.covenants.documents import covenant_document
from thidua.covenants.models import Covenant, CovenantVersion, SigningKey
from thidua.covenants.services import VersionValues, _version_values, trust_roots
from thidua.documents import signing
from thidua.documents.docx import render_docx
from thidua.documents.pdf import render_pdf
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency


def previous_covenant(group_year: GroupYear) -> Covenant | None:
    """The group's most recent published covenant of an earlier year (else any earlier one)."""
    earlier = Covenant.objects.filter(
        group_year__group=group_year.group, group_year__year__lt=group_year.year
    ).order_by("-group_year__year", "-id")
    return earlier.filter(status=CovenantStatus.PUBLISHED).first() or earlier.first()


def covenant_for(group_year: GroupYear) -> Covenant | None:
    """The year's covenant in force (the published one, even while a replacement is being
    drafted), else the one in progress."""
    return group_year.covenants.filter(status=CovenantStatus.PUBLISHED).first() or (
        group_year.covenants.exclude(status=CovenantStatus.SUPERSEDED).order_by("-id").first()
    )


def version_values(version: CovenantVersion) -> VersionValues:
    return _version_values(version)


def stored_document(covenant: Covenant) -> bytes:
    with covenant.document.open("rb") as stream:
        data: bytes = stream.read()
    return data


def covenant_pdf(covenant: Covenant) -> bytes:
    """The stored (finalised, signed) PDF byte for byte; a draft is rendered, marked DỰ THẢO."""
    if covenant.document:
        return stored_document(covenant)
    version = covenant.current_version
    assert version is not None
    return render_pdf(covenant_document(covenant, version, draft=True))


def covenant_docx(covenant: Covenant) -> bytes:
    version = covenant.current_version
    assert version is not None
    return render_docx(
        covenant_document(covenant, version, draft=covenant.status == CovenantStatus.DRAFT)
    )


def verification(covenant: Covenant) -> list[signing.SignatureReport]:
    return signing.verify_pdf(stored_document(covenant), trust_roots=trust_roots())


def signing_keys(agency: Agency) -> QuerySet[SigningKey]:
    return SigningKey.objects.filter(agency=agency, is_active=True)
