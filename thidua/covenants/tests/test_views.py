"""Covenant pages for every persona (DESIGN.md §4.4, §4.10), and the POST flows.

The cluster here is ``view_cluster``: Đồng Tháp leads, ``own`` (An Giang) is a plain member, so
``member_officer`` and ``agency_leader`` are a member's officer and leader; ``outsider`` works
for ``other``, which is not a member. Two more people work for the leading member:
``lead_officer`` and ``lead_leader``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.audit.models import AuditEvent
from thidua.covenants.choices import CovenantStatus
from thidua.covenants.models import Covenant, CovenantComment
from thidua.covenants.selectors import stored_document
from thidua.covenants.services import covenant_finalise
from thidua.covenants.tests.conftest import (
    KEY_PASSWORD,
    LEAD,
    OWN,
    SIGNER_NAMES,
    THEME,
    THIRD,
    YEAR,
    Cluster,
    Flow,
    Keys,
    no_event,
    one_event,
)
from thidua.documents import signing

ClientAs = Callable[[Any], Client]

PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",
    "lead_leader",
]
HIDDEN = {"viewer", "outsider"}  # not a member, not a sector manager: the covenant is a 404
CLUSTER_LEADERS = {"lead_officer", "lead_leader", "system_admin"}


def user_of(cluster: Cluster, persona: str) -> Any:
    if persona == "lead_officer":
        return cluster.extra["lead_officer"]
    if persona == "lead_leader":
        return cluster.leaders[LEAD]
    return cluster.personas.all_named()[persona]


def expected(persona: str, page: str) -> int:
    if persona == "anonymous":
        return 302
    if persona in HIDDEN:
        return 404
    if page in {"edit", "signing_event"}:
        return 200 if persona in CLUSTER_LEADERS else 403
    if page == "sign":  # An Giang's signatory: only An Giang's leader
        return 200 if persona == "agency_leader" else 403
    return 200


def page_url(covenant: Covenant, page: str) -> str:
    if page == "of_year":
        group_year = covenant.group_year
        return reverse("covenant_of_year", args=[group_year.group.code, group_year.year])
    if page == "sign":
        signatory = covenant.signatories.get(agency__code=OWN)
        return reverse("covenants:sign", args=[covenant.pk, signatory.pk])
    return reverse(f"covenants:{page}", args=[covenant.pk])


def assert_answers(client: Client, url: str, persona: str, page: str) -> None:
    response = client.get(url)
    assert response.status_code == expected(persona, page), (persona, page)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    if response.status_code in {302, 403, 404}:
        body = response.content.decode()
        assert THEME not in body
        assert not any(name in body for name in SIGNER_NAMES.values())


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs, persona: str
) -> None:
    client = client_as(user_of(view_cluster, persona))
    covenant = flow.ready(view_cluster, flow.draft(view_cluster))
    for page in ["of_year", "detail", "edit", "signing_event", "pdf", "docx"]:
        assert_answers(client, page_url(covenant, page), persona, page)
    covenant = covenant_finalise(actor=None, covenant=covenant)
    for page in ["detail", "sign", "verify", "pdf"]:
        assert_answers(client, page_url(covenant, page), persona, page)


def test_the_pages_show_the_covenant_to_a_member(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.ready(view_cluster, flow.draft(view_cluster))
    client = client_as(view_cluster.personas.member_officer)
    body = client.get(page_url(covenant, "detail")).content.decode()
    assert THEME in body
    assert SIGNER_NAMES[OWN] in body
    assert reverse("covenants:edit", args=[covenant.pk]) not in body  # no leader's buttons
    of_year = client.get(page_url(covenant, "of_year")).content.decode()
    assert reverse("covenants:detail", args=[covenant.pk]) in of_year
    assert "Soạn dự thảo" not in of_year
    pdf = client.get(page_url(covenant, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(page_url(covenant, "docx"))
    assert docx["Content-Disposition"] == f'attachment; filename="giao-uoc-CUM-TN-{YEAR}.docx"'
    assert docx.content.startswith(b"PK")


def test_the_verify_page_is_a_404_before_the_covenant_is_finalised(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    response = client_as(view_cluster.extra["lead_officer"]).get(page_url(covenant, "verify"))
    assert response.status_code == 404


def test_a_signatory_of_another_covenant_is_a_404(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    signatory = covenant.signatories.get(agency__code=OWN)
    url = reverse("covenants:sign", args=[covenant.pk + 1000, signatory.pk])
    assert client_as(view_cluster.personas.agency_leader).get(url).status_code == 404


# --- drafting -------------------------------------------------------------------------------


def test_the_cluster_leader_drafts_from_the_of_year_page(
    view_cluster: Cluster, client_as: ClientAs
) -> None:
    client = client_as(view_cluster.extra["lead_officer"])
    url = reverse("covenant_of_year", args=["CUM-TN", YEAR])
    assert "Soạn dự thảo" in client.get(url).content.decode()
    with one_event("covenants.covenant.drafted"):
        response = client.post(url, {"from": "template"})
    covenant = Covenant.objects.get()
    assert response["Location"] == reverse("covenants:edit", args=[covenant.pk])
    assert "Đã tạo dự thảo giao ước." in client.get(response["Location"]).content.decode()

    with no_event():
        again = client.post(url, {"from": "template"}, follow=True)
    assert "đã có một giao ước đang soạn hoặc đang ký cho năm này" in again.content.decode()
    assert Covenant.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member_officer", 403), ("agency_leader", 403), ("ministry_officer", 403), ("outsider", 404)],
)
def test_only_the_cluster_leader_may_draft(
    view_cluster: Cluster, client_as: ClientAs, persona: str, status: int
) -> None:
    client = client_as(user_of(view_cluster, persona))
    with no_event():
        response = client.post(reverse("covenant_of_year", args=["CUM-TN", YEAR]))
    assert response.status_code == status
    assert not Covenant.objects.exists()


def test_the_of_year_page_of_an_unknown_cluster_is_a_404(
    view_cluster: Cluster, client_as: ClientAs
) -> None:
    client = client_as(view_cluster.personas.system_admin)
    assert client.get(reverse("covenant_of_year", args=["NOPE", YEAR])).status_code == 404
    assert client.get(reverse("covenant_of_year", args=["CUM-TN", 1999])).status_code == 404


def test_drafting_from_the_previous_year_on_the_of_year_page(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    last_year = view_cluster.previous_year()
    from thidua.covenants.services import covenant_draft

    previous = covenant_draft(actor=None, group_year=last_year)
    client = client_as(view_cluster.extra["lead_officer"])
    url = reverse("covenant_of_year", args=["CUM-TN", YEAR])
    assert f"Từ giao ước năm {YEAR - 1}" in client.get(url).content.decode()
    client.post(url, {"from": "previous"})
    covenant = Covenant.objects.get(group_year=view_cluster.group_year)
    assert covenant.supersedes is None
    version = covenant.current_version
    previous_version = previous.current_version
    assert version is not None
    assert previous_version is not None
    assert [i.text for i in version.items.all()] == [i.text for i in previous_version.items.all()]


# --- editing, commenting, the signing event, finalising -------------------------------------


def test_the_cluster_leader_saves_a_new_version(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    client = client_as(view_cluster.extra["lead_officer"])
    url = page_url(covenant, "edit")
    form = client.get(url).context["form"]
    data = {**form.initial, "theme": THEME, "items": "Nội dung một\nHồ sơ đúng hạn | 100%\n\n"}
    with one_event("covenants.version.saved"):
        response = client.post(url, data, follow=True)
    assert "Đã lưu phiên bản 2." in response.content.decode()
    version = covenant.current_version
    assert version is not None
    assert version.number == 2
    assert version.theme == THEME
    assert [(i.text, i.is_measurable, i.target) for i in version.items.all()] == [
        ("Nội dung một", False, ""),
        ("Hồ sơ đúng hạn", True, "100%"),
    ]
    with no_event():
        blank = client.post(url, {**data, "items": ""})
    assert blank.status_code == 200
    assert blank.context["form"].errors["items"]
    assert covenant.versions.count() == 2


@pytest.mark.parametrize("persona", ["member_officer", "agency_leader", "ministry_officer"])
def test_a_member_or_the_ministry_cannot_edit_or_finalise(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs, persona: str
) -> None:
    covenant = flow.ready(view_cluster, flow.draft(view_cluster))
    client = client_as(user_of(view_cluster, persona))
    with no_event():
        assert client.post(page_url(covenant, "edit"), {"items": "x"}).status_code == 403
        assert client.post(page_url(covenant, "signing_event"), {}).status_code == 403
        for action in ("chot", "mo-lai", "ban-hanh"):
            url = reverse("covenants:transition", args=[covenant.pk, action])
            assert client.post(url).status_code == 403
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT
    assert covenant.versions.count() == 2


def test_the_outsider_cannot_post_anything(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.ready(view_cluster, flow.draft(view_cluster))
    client = client_as(view_cluster.personas.outsider)
    with no_event():
        for page in ("detail", "edit", "signing_event", "sign"):
            response = client.post(page_url(covenant, page), {"text": "x", "step": "confirm"})
            assert response.status_code == 404
            assert THEME not in response.content.decode()
        url = reverse("covenants:transition", args=[covenant.pk, "chot"])
        assert client.post(url).status_code == 404


def test_a_member_officer_comments_on_the_draft(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.ready(view_cluster, flow.draft(view_cluster))
    client = client_as(view_cluster.personas.member_officer)
    url = page_url(covenant, "detail")
    own = view_cluster.personas.own
    with one_event("covenants.comment.added"):
        response = client.post(url, {"agency": own.pk, "text": "Đề nghị thêm chỉ tiêu."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Đã gửi góp ý." in page
    assert "Đề nghị thêm chỉ tiêu." in page
    comment = CovenantComment.objects.get()
    assert (comment.agency, comment.version.number) == (own, 2)

    with no_event():
        empty = client.post(url, {"agency": own.pk, "text": ""})
    assert empty.status_code == 200
    assert empty.context["comment_form"].errors["text"]
    # Commenting for a member one does not work for is not offered.
    third = covenant.signatories.get(agency__code=THIRD).agency
    with no_event():
        foreign = client.post(url, {"agency": third.pk, "text": "Giả danh"})
    assert foreign.context["comment_form"].errors["agency"]
    assert CovenantComment.objects.count() == 1


@pytest.mark.parametrize("persona", ["ministry_officer", "system_admin"])
def test_a_sector_manager_reads_but_cannot_comment(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs, persona: str
) -> None:
    covenant = flow.draft(view_cluster)
    client = client_as(user_of(view_cluster, persona))
    with no_event():
        response = client.post(page_url(covenant, "detail"), {"text": "Góp ý"})
    assert response.status_code == 403


def test_commenting_on_a_finalised_covenant_is_refused(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = covenant_finalise(
        actor=None, covenant=flow.ready(view_cluster, flow.draft(view_cluster))
    )
    client = client_as(view_cluster.personas.member_officer)
    with no_event():
        response = client.post(
            page_url(covenant, "detail"), {"agency": view_cluster.personas.own.pk, "text": "Muộn"}
        )
    assert response.status_code == 403
    assert not CovenantComment.objects.exists()


def test_the_leader_sets_the_signing_event(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    client = client_as(view_cluster.extra["lead_officer"])
    url = page_url(covenant, "signing_event")
    signatories = list(covenant.signatories.order_by("order"))
    data: dict[str, str] = {"date": f"10/05/{YEAR}", "place": "Cần Thơ"}
    for s in signatories:
        data[f"name_{s.pk}"] = SIGNER_NAMES[s.agency.code]
        data[f"position_{s.pk}"] = "Giám đốc"

    with no_event():
        wrong = client.post(url, {**data, "date": f"10/05/{YEAR - 1}"})
    assert wrong.status_code == 200
    assert f"Ngày ký kết phải thuộc năm {YEAR}." in wrong.context["form"].errors["date"]

    with one_event("covenants.signing_event.set"):
        response = client.post(url, data, follow=True)
    assert "Đã lưu thông tin ký kết." in response.content.decode()
    covenant.refresh_from_db()
    assert covenant.signing_place == "Cần Thơ"
    assert covenant.signing_date is not None
    assert [s.name for s in covenant.signatories.order_by("order")] == [
        SIGNER_NAMES[s.agency.code] for s in signatories
    ]


def test_finalising_on_the_page_names_what_is_missing_then_succeeds(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    client = client_as(view_cluster.extra["lead_officer"])
    url = reverse("covenants:transition", args=[covenant.pk, "chot"])
    with no_event():
        refused = client.post(url, follow=True)
    assert "Chưa chốt được: còn thiếu chủ đề" in refused.content.decode()
    assert Covenant.objects.get(pk=covenant.pk).status == CovenantStatus.DRAFT

    flow.ready(view_cluster, covenant)
    with one_event("covenants.covenant.finalised"):
        done = client.post(url, follow=True)
    assert "Đã chốt giao ước; các đơn vị có thể ký." in done.content.decode()
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.FINALISED

    # A finalised covenant is not edited: the edit page sends the leader back with a message.
    with no_event():
        edit = client.post(page_url(covenant, "edit"), {"items": "x", "title": "x"}, follow=True)
    assert "Chỉ sửa được giao ước đang ở dạng dự thảo." in edit.content.decode()
    assert covenant.versions.count() == 2

    with no_event():
        early = client.post(
            reverse("covenants:transition", args=[covenant.pk, "ban-hanh"]), follow=True
        )
    assert "Chưa ban hành được: chưa ký đủ" in early.content.decode()

    with one_event("covenants.covenant.reopened"):
        reopened = client.post(
            reverse("covenants:transition", args=[covenant.pk, "mo-lai"]), follow=True
        )
    assert "Đã mở lại dự thảo." in reopened.content.decode()


def test_an_unknown_transition_is_a_404_and_a_get_is_refused(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = flow.draft(view_cluster)
    client = client_as(view_cluster.extra["lead_officer"])
    assert client.post(reverse("covenants:transition", args=[covenant.pk, "xoa"])).status_code == (
        404
    )
    assert client.get(reverse("covenants:transition", args=[covenant.pk, "chot"])).status_code == (
        405
    )


# --- signing and publishing -----------------------------------------------------------------


def test_the_members_leader_confirms_signs_and_the_leader_publishes(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs, keys: Keys
) -> None:
    covenant = covenant_finalise(
        actor=None, covenant=flow.ready(view_cluster, flow.draft(view_cluster))
    )
    leader = client_as(view_cluster.personas.agency_leader)
    url = page_url(covenant, "sign")
    detail = leader.get(page_url(covenant, "detail")).content.decode()
    assert url in detail  # the "Ký" button of An Giang's row

    with one_event("covenants.signatory.confirmed"):
        confirmed = leader.post(url, {"step": "confirm"}, follow=True)
    assert "Đã xác nhận ký." in confirmed.content.decode()

    def upload(password: bytes) -> dict[str, Any]:
        return {
            "step": "sign",
            "pkcs12": SimpleUploadedFile("khoa.p12", keys.by_code[OWN]),
            "password": password.decode(),
        }

    with no_event():
        wrong = leader.post(url, upload(b"sai-mat-khau"))
    assert wrong.status_code == 200
    assert "Mật khẩu tệp chữ ký số không đúng." in wrong.content.decode()
    with no_event():
        nothing = leader.post(url, {"step": "sign", "password": "x"})
    assert "Chọn chứng thư số đã lưu hoặc tải lên tệp chữ ký số." in nothing.content.decode()

    with one_event("covenants.signatory.signed"):
        signed = leader.post(url, upload(KEY_PASSWORD), follow=True)
    assert "Đã ký số giao ước." in signed.content.decode()
    with no_event():
        twice = leader.post(url, upload(KEY_PASSWORD))
    assert "đã ký số giao ước này" in twice.content.decode()

    # The leading member signs outside the app and uploads the file back.
    lead = covenant.signatories.get(agency__code=LEAD)
    covenant.refresh_from_db()
    signed_outside = signing.sign_pdf(
        stored_document(covenant),
        pkcs12=keys.by_code[LEAD],
        password=KEY_PASSWORD,
        field_name="ChuKyDongThap",
        reason="Ký giao ước",
        location="Đồng Tháp",
        signer_name=SIGNER_NAMES[LEAD],
    )
    lead_client = client_as(view_cluster.leaders[LEAD])
    lead_url = reverse("covenants:sign", args=[covenant.pk, lead.pk])
    lead_client.post(lead_url, {"step": "confirm"})
    with one_event("covenants.signatory.signed"):
        external = lead_client.post(
            lead_url,
            {"step": "external", "signed_pdf": SimpleUploadedFile("ky.pdf", signed_outside)},
            follow=True,
        )
    assert "Đã nhận bản ký số." in external.content.decode()
    flow.sign(view_cluster, covenant, covenant.signatories.get(agency__code=THIRD).agency)

    publisher = client_as(view_cluster.extra["lead_officer"])
    with one_event("covenants.covenant.published"):
        published = publisher.post(
            reverse("covenants:transition", args=[covenant.pk, "ban-hanh"]), follow=True
        )
    assert "Đã ban hành giao ước." in published.content.decode()
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.PUBLISHED
    assert covenant.published_at is not None

    verify = leader.get(page_url(covenant, "verify"))
    reports = verify.context["reports"]
    assert [r.signer_name for r in reports] == [
        SIGNER_NAMES[OWN],
        SIGNER_NAMES[LEAD],
        SIGNER_NAMES[THIRD],
    ]
    assert all(r.ok for r in reports)
    assert covenant.document_sha256 in verify.content.decode()

    # The stored file is served byte for byte.
    assert leader.get(page_url(covenant, "pdf")).content == stored_document(covenant)


def test_nobody_but_the_members_leader_may_post_on_its_sign_page(
    view_cluster: Cluster, flow: Flow, client_as: ClientAs
) -> None:
    covenant = covenant_finalise(
        actor=None, covenant=flow.ready(view_cluster, flow.draft(view_cluster))
    )
    url = page_url(covenant, "sign")
    before = AuditEvent.objects.count()
    for persona in ("member_officer", "lead_officer", "lead_leader", "system_admin"):
        client = client_as(user_of(view_cluster, persona))
        assert client.post(url, {"step": "confirm"}).status_code == 403, persona
    assert AuditEvent.objects.count() == before
    assert covenant.signatories.filter(confirmed_at__isnull=False).count() == 0
