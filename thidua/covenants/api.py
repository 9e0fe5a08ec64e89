"""API of the covenant workflow (/api/v1/covenants/): the same predicates and services as the
pages.

A covenant the caller may not see is a 404 (``permissions.can_view_covenant``); drafting,
editing, the signing event, finalising, reopening and publishing are for the cluster leader
(``permissions.is_cluster_leader``); comments are for the member agencies the caller works in
(``permissions.commenting_agencies``); confirming and signing are for the signatory's own
agency leader (``permissions.can_sign``). Anything else the caller may not do is a 403; a rule
of the workflow that refuses (``DomainError``) is a 400 with its Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from thidua.core.errors import DomainError
from thidua.covenants import permissions, selectors, services
from thidua.covenants.models import (
    Covenant,
    CovenantComment,
    CovenantItem,
    CovenantVersion,
    Signatory,
    SigningKey,
)
from thidua.documents.signing import SignatureReport
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.permissions import can_view_group_year, group_years_visible_to

router = Router(tags=["covenants"])

FORBIDDEN = "Bạn không có quyền thực hiện thao tác này"  # the 403 page's message (catalogued)


def _forbidden() -> HttpError:
    return HttpError(403, _(FORBIDDEN))


# --- schemas -------------------------------------------------------------------------------


class ItemOut(Schema):
    order: int
    text: str
    is_measurable: bool
    target: str


class VersionOut(Schema):
    number: int
    title: str
    theme: str
    legal_bases: str
    goals: str
    closing: str
    created_at: dt.datetime
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: CovenantVersion) -> list[CovenantItem]:
        return list(obj.items.order_by("order"))


class SignatoryOut(Schema):
    id: int
    order: int
    agency_code: str
    agency_name: str
    name: str
    position: str
    confirmed_at: dt.datetime | None
    signed_at: dt.datetime | None

    @staticmethod
    def resolve_agency_code(obj: Signatory) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_agency_name(obj: Signatory) -> str:
        return obj.agency.name


class CommentOut(Schema):
    id: int
    version: int
    agency_code: str
    author: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_version(obj: CovenantComment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_agency_code(obj: CovenantComment) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_author(obj: CovenantComment) -> str:
        return str(obj.author)


class CovenantOut(Schema):
    """Giao ước thi đua — one covenant, its state and signing event."""

    id: int
    cluster: str
    cluster_name: str
    year: int
    status: str
    title: str
    signing_date: dt.date | None
    signing_place: str
    supersedes: int | None
    finalised_at: dt.datetime | None
    published_at: dt.datetime | None

    @staticmethod
    def resolve_cluster(obj: Covenant) -> str:
        return obj.group_year.group.code

    @staticmethod
    def resolve_cluster_name(obj: Covenant) -> str:
        return obj.group_year.group.name

    @staticmethod
    def resolve_year(obj: Covenant) -> int:
        return obj.group_year.year

    @staticmethod
    def resolve_supersedes(obj: Covenant) -> int | None:
        return obj.supersedes_id

    @staticmethod
    def resolve_title(obj: Covenant) -> str:
        version = obj.current_version
        return version.title if version else ""


class CovenantDetailOut(CovenantOut):
    document_sha256: str
    current_version: VersionOut | None
    signatories: list[SignatoryOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_current_version(obj: Covenant) -> CovenantVersion | None:
        return obj.current_version

    @staticmethod
    def resolve_signatories(obj: Covenant) -> list[Signatory]:
        return list(obj.signatories.select_related("agency").order_by("order"))

    @staticmethod
    def resolve_comments(obj: Covenant) -> list[CovenantComment]:
        """The comments on the current version."""
        version = obj.current_version
        if version is None:
            return []
        return list(version.comments.select_related("version", "agency", "author"))


class SignatureReportOut(Schema):
    field_name: str
    signer_name: str
    organisation: str
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_document: bool
    modified_after: bool
    ok: bool
    problem: str


class CovenantQuery(Schema):
    cluster: str | None = None
    year: int | None = None


class DraftIn(Schema):
    cluster: str
    year: int
    from_previous: bool = False


class ItemIn(Schema):
    text: str
    is_measurable: bool = False
    target: str = Field("", max_length=200)


class VersionIn(Schema):
    title: str = Field(max_length=300)
    theme: str = Field("", max_length=500)
    legal_bases: str = ""
    goals: str = ""
    closing: str = ""
    items: list[ItemIn]


class CommentIn(Schema):
    agency: str
    text: str


class SignatoryIn(Schema):
    agency: str
    name: str = Field(max_length=200)
    position: str = Field("", max_length=200)


class SigningEventIn(Schema):
    date: dt.date
    place: str = Field(max_length=200)
    signatories: list[SignatoryIn] = []


# --- helpers -------------------------------------------------------------------------------


def _covenants() -> QuerySet[Covenant]:
    return Covenant.objects.select_related("group_year__group")


def _covenant_or_404(request: HttpRequest, covenant_id: int) -> Covenant:
    covenant = get_object_or_404(_covenants(), pk=covenant_id)
    if not permissions.can_view_covenant(request.user, covenant):
        raise Http404
    return covenant


def _leader_covenant(request: HttpRequest, covenant_id: int) -> Covenant:
    covenant = _covenant_or_404(request, covenant_id)
    if not permissions.is_cluster_leader(request.user, covenant.group_year):
        raise _forbidden()
    return covenant


def _signatory_to_sign(request: HttpRequest, covenant_id: int, signatory_id: int) -> Signatory:
    covenant = _covenant_or_404(request, covenant_id)
    signatory = get_object_or_404(
        Signatory.objects.select_related("agency"), pk=signatory_id, covenant=covenant
    )
    if not permissions.can_sign(request.user, signatory):
        raise _forbidden()
    return signatory


def _fresh(covenant: Covenant) -> Covenant:
    return _covenants().get(pk=covenant.pk)


# --- reads ---------------------------------------------------------------------------------


@router.get("/", response=list[CovenantOut])
def covenant_list(request: HttpRequest, params: Query[CovenantQuery]) -> list[Covenant]:
    """The covenants of the blocks and clusters the caller may see, newest year first."""
    covenants = _covenants().filter(
        group_year__in=group_years_visible_to(request.user, year=params.year)
    )
    if params.cluster:
        covenants = covenants.filter(group_year__group__code=params.cluster)
    return list(covenants.order_by("-group_year__year", "group_year__group__code", "-id"))


@router.get("/{covenant_id}", response=CovenantDetailOut)
def covenant_detail(request: HttpRequest, covenant_id: int) -> Covenant:
    """A covenant: status, current version, signing event, signatories, comments."""
    return _covenant_or_404(request, covenant_id)


@router.get("/{covenant_id}/verification", response=list[SignatureReportOut])
def covenant_verification(request: HttpRequest, covenant_id: int) -> list[SignatureReport]:
    """The signatures in the stored PDF, each checked against the trusted roots."""
    covenant = _covenant_or_404(request, covenant_id)
    if not covenant.document:
        raise Http404
    return selectors.verification(covenant)


# --- writes of the cluster leader ----------------------------------------------------------


@router.post("/", response={201: CovenantDetailOut})
def covenant_draft(request: HttpRequest, payload: DraftIn) -> Status[Covenant]:
    """Start the year's covenant from the template or from the previous covenant."""
    group_year = emulation_selectors.group_year_get(payload.cluster, payload.year)
    if group_year is None or not can_view_group_year(request.user, group_year):
        raise Http404
    if not permissions.is_cluster_leader(request.user, group_year):
        raise _forbidden()
    source = selectors.previous_covenant(group_year) if payload.from_previous else None
    covenant = services.covenant_draft(
        actor=request.user, group_year=group_year, from_covenant=source
    )
    return Status(201, _fresh(covenant))


@router.post("/{covenant_id}/versions", response={201: VersionOut})
def covenant_version_save(
    request: HttpRequest, covenant_id: int, payload: VersionIn
) -> Status[CovenantVersion]:
    """Save the text as a new version of the draft."""
    covenant = _leader_covenant(request, covenant_id)
    values = services.VersionValues(
        title=payload.title,
        theme=payload.theme,
        legal_bases=payload.legal_bases,
        goals=payload.goals,
        closing=payload.closing,
        items=tuple(services.ItemValues(i.text, i.is_measurable, i.target) for i in payload.items),
    )
    version = services.covenant_version_save(actor=request.user, covenant=covenant, values=values)
    return Status(201, version)


@router.put("/{covenant_id}/signing-event", response=CovenantDetailOut)
def signing_event_set(request: HttpRequest, covenant_id: int, payload: SigningEventIn) -> Covenant:
    """Set the signing conference's date and place and the members' signatories."""
    covenant = _leader_covenant(request, covenant_id)
    members = {s.agency.code: s.agency for s in covenant.signatories.select_related("agency")}
    signatories = []
    for row in payload.signatories:
        agency = members.get(row.agency)
        if agency is None:
            raise DomainError(_("%(agency)s không phải là thành viên.") % {"agency": row.agency})
        signatories.append(services.SignatoryValues(agency, row.name, row.position))
    services.signing_event_set(
        actor=request.user,
        covenant=covenant,
        date=payload.date,
        place=payload.place,
        signatories=signatories,
    )
    return _fresh(covenant)


def _transition(
    request: HttpRequest, covenant_id: int, service: Callable[..., Covenant]
) -> Covenant:
    covenant = _leader_covenant(request, covenant_id)
    service(actor=request.user, covenant=covenant)
    return _fresh(covenant)


@router.post("/{covenant_id}/finalise", response=CovenantDetailOut)
def covenant_finalise(request: HttpRequest, covenant_id: int) -> Covenant:
    """Fix the text, make the PDF once and open it for signing."""
    return _transition(request, covenant_id, services.covenant_finalise)


@router.post("/{covenant_id}/reopen", response=CovenantDetailOut)
def covenant_reopen(request: HttpRequest, covenant_id: int) -> Covenant:
    """Back to draft, while nobody has confirmed or signed."""
    return _transition(request, covenant_id, services.covenant_reopen)


@router.post("/{covenant_id}/publish", response=CovenantDetailOut)
def covenant_publish(request: HttpRequest, covenant_id: int) -> Covenant:
    """Publish once every member has confirmed and signed and every signature verifies."""
    return _transition(request, covenant_id, services.covenant_publish)


# --- writes of the members -----------------------------------------------------------------


@router.post("/{covenant_id}/comments", response={201: CommentOut})
def covenant_comment_add(
    request: HttpRequest, covenant_id: int, payload: CommentIn
) -> Status[CovenantComment]:
    """A member's comment on the current draft, for one of the caller's member agencies."""
    covenant = _covenant_or_404(request, covenant_id)
    agencies = permissions.commenting_agencies(request.user, covenant)
    chosen = agencies.filter(code=payload.agency).first()
    if chosen is None:
        raise _forbidden()
    comment = services.covenant_comment_add(
        actor=request.user, covenant=covenant, agency=chosen, text=payload.text
    )
    return Status(201, comment)


@router.post("/{covenant_id}/signatories/{signatory_id}/confirm", response=SignatoryOut)
def signatory_confirm(request: HttpRequest, covenant_id: int, signatory_id: int) -> Signatory:
    """The member's leader confirms the signature in the app."""
    signatory = _signatory_to_sign(request, covenant_id, signatory_id)
    return services.signatory_confirm(actor=request.user, signatory=signatory)


@router.post("/{covenant_id}/signatories/{signatory_id}/sign", response=SignatoryOut)
def signatory_sign(
    request: HttpRequest,
    covenant_id: int,
    signatory_id: int,
    pkcs12: File[UploadedFile | None] = None,
    password: Form[str] = "",
    key_id: Form[int | None] = None,
) -> Signatory:
    """Sign the stored PDF digitally: with an uploaded PKCS#12 file (.p12, .pfx) or the
    agency's stored key (``key_id``), and the key's password (multipart form)."""
    signatory = _signatory_to_sign(request, covenant_id, signatory_id)
    secret = password.encode()
    if pkcs12 is not None:
        return services.signatory_sign(
            actor=request.user, signatory=signatory, pkcs12=pkcs12.read(), password=secret
        )
    if key_id is None:
        raise DomainError(_("Chọn chứng thư số đã lưu hoặc tải lên tệp chữ ký số."))
    key = get_object_or_404(SigningKey, pk=key_id, is_active=True)
    return services.signatory_sign_with_key(
        actor=request.user, signatory=signatory, key=key, password=secret
    )


@router.post("/{covenant_id}/signatories/{signatory_id}/sign-external", response=SignatoryOut)
def signatory_sign_external(
    request: HttpRequest, covenant_id: int, signatory_id: int, signed_pdf: File[UploadedFile]
) -> Signatory:
    """Accept the stored PDF signed outside the app (one new signature) and uploaded back."""
    signatory = _signatory_to_sign(request, covenant_id, signatory_id)
    return services.signatory_sign_external(
        actor=request.user, signatory=signatory, signed_pdf=signed_pdf.read()
    )
