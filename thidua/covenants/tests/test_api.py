"""The covenant API (/api/v1/covenants/): every endpoint for every persona, the workflow from
draft to publish through the API, and one audit event per write (none for a refused one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.accounts.choices import Role
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.testing import Personas
from thidua.covenants import services
from thidua.covenants.choices import CovenantStatus
from thidua.covenants.models import Covenant, CovenantComment, Signatory, TrustedRoot
from thidua.documents import signing
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create

ClientAs = Callable[[Any], Client]
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "cluster_leader",
    "ministry_officer",
    "system_admin",
]
NAME_X = "Sở Công Thương tỉnh Hậu Giang (thử nghiệm)"
NAME_Y = "Sở Công Thương tỉnh Sóc Trăng (thử nghiệm)"
THEME = "Đoàn kết, kỷ cương, sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2025"
PASSWORD = b"mat-khau-ky-so"
API = "/api/v1/covenants/"

# --- One test CA and one key per member for the whole module (RSA keys are slow to make) ---

CA = signing.make_test_ca("CA thử nghiệm API giao ước")
KEYS = {
    code: signing.issue_signer_pkcs12(
        CA, person_name=f"Giám đốc {code}", organisation=code, password=PASSWORD
    )
    for code in ("P-SCT-AG", "V-SCT-HG", "V-SCT-ST")
}
STRANGER_KEY = signing.issue_signer_pkcs12(
    signing.make_test_ca("CA lạ"), person_name="Người lạ", organisation="Lạ", password=PASSWORD
)


def _agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def _user(username: str, role: Role, agency: Agency) -> Any:
    user = user_create(actor=None, username=username, password="x-password-1", full_name=username)
    membership_grant(actor=None, user=user, role=role, agency=agency)
    return user


@dataclass
class World:
    """CUM-T 2025: x leads, `own` is a plain member, y is the deputy. `other` is elsewhere.

    ``cluster_leader`` is an officer of x (the leading member); ``x_leader`` and ``y_leader``
    are the heads of x and y; the personas' ``agency_leader`` heads `own`.
    """

    personas: Personas
    x: Agency
    y: Agency
    cluster: GroupYear
    cluster_leader: Any
    x_leader: Any
    y_leader: Any

    def user(self, persona: str) -> Any:
        if persona == "cluster_leader":
            return self.cluster_leader
        return getattr(self.personas, persona)


@pytest.fixture
def world(personas: Personas) -> World:
    TrustedRoot.objects.create(name="CA thử nghiệm", certificate_pem=CA.certificate_pem().decode())
    x = _agency("V-SCT-HG", NAME_X)
    y = _agency("V-SCT-ST", NAME_Y)
    cluster = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-T",
        name="Cụm thi đua các Sở Công Thương Tây Nam Bộ",
        kind="cluster",
        values=GroupYearValues(year=2025, members=[x, personas.own, y], leader=x, deputy=y),
    )
    group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-CM",
        name="Cụm thi đua Cà Mau",
        kind="cluster",
        values=GroupYearValues(year=2025, members=[personas.other], leader=personas.other),
    )
    return World(
        personas=personas,
        x=x,
        y=y,
        cluster=cluster,
        cluster_leader=_user("x_officer", Role.AGENCY_OFFICER, x),
        x_leader=_user("x_leader", Role.AGENCY_LEADER, x),
        y_leader=_user("y_leader", Role.AGENCY_LEADER, y),
    )


# --- State built through the services ------------------------------------------------------


def _draft(world: World) -> Covenant:
    return services.covenant_draft(actor=None, group_year=world.cluster)


def _ready(world: World) -> Covenant:
    covenant = _draft(world)
    version = covenant.current_version
    assert version is not None
    base = services._version_values(version)
    services.covenant_version_save(
        actor=None,
        covenant=covenant,
        values=services.VersionValues(
            title="GIAO ƯỚC THI ĐUA NĂM 2025",
            theme=THEME,
            legal_bases=base.legal_bases,
            goals=base.goals,
            closing=base.closing,
            items=base.items,
        ),
    )
    services.signing_event_set(
        actor=None,
        covenant=covenant,
        date=dt.date(2025, 4, 8),
        place="Cần Thơ",
        signatories=[
            services.SignatoryValues(s.agency, f"Giám đốc {s.agency.code}", "Giám đốc")
            for s in covenant.signatories.select_related("agency")
        ],
    )
    return covenant


def _finalised(world: World) -> Covenant:
    return services.covenant_finalise(actor=None, covenant=_ready(world))


def _signatory(covenant: Covenant, agency: Agency) -> Signatory:
    return covenant.signatories.get(agency=agency)


def _events() -> int:
    return AuditEvent.objects.count()


# --- The permission matrix of the reads ----------------------------------------------------

ANON = {"anonymous": 401}
EVERY_SIGNED_IN = dict.fromkeys(PERSONAS, 200) | ANON
VISIBLE = dict.fromkeys(PERSONAS, 200) | {"viewer": 404, "outsider": 404} | ANON
NOBODY = dict.fromkeys(PERSONAS, 404) | ANON

READS: dict[str, tuple[Callable[[World], Covenant], Callable[[Covenant], str], dict[str, int]]] = {
    "list": (_draft, lambda c: API, EVERY_SIGNED_IN),
    "list of a cluster and year": (
        _draft,
        lambda c: f"{API}?cluster=CUM-T&year=2025",
        EVERY_SIGNED_IN,
    ),
    "detail of a draft": (_draft, lambda c: f"{API}{c.pk}", VISIBLE),
    "unknown covenant": (_draft, lambda c: f"{API}{c.pk + 1000}", NOBODY),
    "verification of a draft (no PDF yet)": (_draft, lambda c: f"{API}{c.pk}/verification", NOBODY),
    "verification of a finalised one": (_finalised, lambda c: f"{API}{c.pk}/verification", VISIBLE),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("read", list(READS))
def test_each_read_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, read: str, persona: str
) -> None:
    build, url_of, expected = READS[read]
    url = url_of(build(world))
    response = client_as(world.user(persona)).get(url)
    assert response.status_code == expected[persona]
    if response.status_code != 200:
        body = response.content.decode()
        assert NAME_X not in body
        assert "CUM-T" not in body


LISTED = {
    "viewer": [],
    "outsider": [],
    "member_officer": ["CUM-T"],
    "agency_leader": ["CUM-T"],
    "cluster_leader": ["CUM-T"],
    "ministry_officer": ["CUM-T"],
    "system_admin": ["CUM-T"],
}


@pytest.mark.parametrize("persona", list(LISTED))
def test_the_list_shows_only_the_covenants_of_visible_clusters(
    client_as: ClientAs, world: World, persona: str
) -> None:
    _draft(world)
    listed = client_as(world.user(persona)).get(API).json()
    assert [c["cluster"] for c in listed] == LISTED[persona]


def test_the_list_filters_by_cluster_and_year(client_as: ClientAs, world: World) -> None:
    covenant = _draft(world)
    client = client_as(world.personas.ministry_officer)
    assert [c["id"] for c in client.get(API, {"cluster": "CUM-T"}).json()] == [covenant.pk]
    assert client.get(API, {"cluster": "CUM-CM"}).json() == []
    assert client.get(API, {"year": 2024}).json() == []
    assert client.get(API, {"cluster": "CUM-T", "year": "2025"}).json()[0] == {
        "id": covenant.pk,
        "cluster": "CUM-T",
        "cluster_name": "Cụm thi đua các Sở Công Thương Tây Nam Bộ",
        "year": 2025,
        "status": "draft",
        "title": "GIAO ƯỚC THI ĐUA",
        "signing_date": None,
        "signing_place": "",
        "supersedes": None,
        "finalised_at": None,
        "published_at": None,
    }


def test_the_detail_gives_the_current_version_signatories_and_its_comments(
    client_as: ClientAs, world: World
) -> None:
    covenant = _draft(world)
    services.covenant_comment_add(
        actor=world.personas.member_officer,
        covenant=covenant,
        agency=world.personas.own,
        text="Góp ý về bản thứ nhất",
    )
    covenant = _ready_from(world, covenant)
    services.covenant_comment_add(
        actor=world.personas.member_officer,
        covenant=covenant,
        agency=world.personas.own,
        text="Đề nghị bổ sung chỉ tiêu chuyển đổi số",
    )
    detail = client_as(world.personas.member_officer).get(f"{API}{covenant.pk}").json()
    assert detail["status"] == "draft"
    assert detail["signing_date"] == "2025-04-08"
    assert detail["signing_place"] == "Cần Thơ"
    version = detail["current_version"]
    assert version["number"] == 2
    assert version["title"] == "GIAO ƯỚC THI ĐUA NĂM 2025"
    assert version["theme"] == THEME
    assert version["items"][0]["order"] == 1
    assert set(version["items"][0]) == {"order", "text", "is_measurable", "target"}
    assert [(s["order"], s["agency_code"], s["name"]) for s in detail["signatories"]] == [
        (1, "V-SCT-HG", "Giám đốc V-SCT-HG"),
        (2, "P-SCT-AG", "Giám đốc P-SCT-AG"),
        (3, "V-SCT-ST", "Giám đốc V-SCT-ST"),
    ]
    assert detail["signatories"][0]["position"] == "Giám đốc"
    assert detail["signatories"][0]["confirmed_at"] is None
    assert detail["signatories"][0]["signed_at"] is None
    assert [(c["version"], c["agency_code"], c["text"]) for c in detail["comments"]] == [
        (2, "P-SCT-AG", "Đề nghị bổ sung chỉ tiêu chuyển đổi số")
    ]
    assert detail["comments"][0]["author"] == "member_officer"


def _ready_from(world: World, covenant: Covenant) -> Covenant:
    """Save version 2 with a theme and set the signing event on an existing draft."""
    services.covenant_version_save(
        actor=None,
        covenant=covenant,
        values=services.VersionValues(
            title="GIAO ƯỚC THI ĐUA NĂM 2025",
            theme=THEME,
            legal_bases="",
            goals="",
            closing="",
            items=(services.ItemValues("Hoàn thành kế hoạch năm", True, "100%"),),
        ),
    )
    return services.signing_event_set(
        actor=None,
        covenant=covenant,
        date=dt.date(2025, 4, 8),
        place="Cần Thơ",
        signatories=[
            services.SignatoryValues(s.agency, f"Giám đốc {s.agency.code}", "Giám đốc")
            for s in covenant.signatories.select_related("agency")
        ],
    )


# --- The permission matrix of the writes ---------------------------------------------------

LEADERS = {"cluster_leader", "system_admin"}
DENIED_TO_MEMBERS = dict.fromkeys(PERSONAS, 403) | {"viewer": 404, "outsider": 404} | ANON


def _only(allowed: set[str], status: int) -> dict[str, int]:
    return DENIED_TO_MEMBERS | dict.fromkeys(allowed, status)


VERSION = {
    "title": "GIAO ƯỚC THI ĐUA NĂM 2025",
    "theme": THEME,
    "legal_bases": "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
    "goals": "Hoàn thành thắng lợi nhiệm vụ năm 2025.",
    "closing": "Các đơn vị cam kết thực hiện.",
    "items": [
        {"text": "Hoàn thành 100% chỉ tiêu kế hoạch", "is_measurable": True, "target": "100%"},
        {"text": "Tham gia đầy đủ các hoạt động của Cụm"},
    ],
}
SIGNING_EVENT = {
    "date": "2025-04-08",
    "place": "Cần Thơ",
    "signatories": [
        {"agency": code, "name": f"Giám đốc {code}", "position": "Giám đốc"}
        for code in ("V-SCT-HG", "P-SCT-AG", "V-SCT-ST")
    ],
}


@dataclass(frozen=True)
class Write:
    build: Callable[[World], Covenant | None]
    method: str
    path: Callable[[World, Covenant | None], str]
    body: dict[str, Any] | None
    expected: dict[str, int]
    multipart: bool = False


def _sign_body() -> dict[str, Any]:
    return {
        "pkcs12": SimpleUploadedFile("ky-so.p12", KEYS["P-SCT-AG"]),
        "password": PASSWORD.decode(),
    }


def _own_signatory_path(action: str) -> Callable[[World, Covenant | None], str]:
    def path(world: World, covenant: Covenant | None) -> str:
        assert covenant is not None
        signatory = _signatory(covenant, world.personas.own)
        return f"{API}{covenant.pk}/signatories/{signatory.pk}/{action}"

    return path


def _confirmed(world: World) -> Covenant:
    covenant = _finalised(world)
    services.signatory_confirm(actor=None, signatory=_signatory(covenant, world.personas.own))
    return covenant


def _none(world: World) -> None:
    return None


def _at(suffix: str) -> Callable[[World, Covenant | None], str]:
    def path(world: World, covenant: Covenant | None) -> str:
        assert covenant is not None
        return f"{API}{covenant.pk}{suffix}"

    return path


WRITES: dict[str, Write] = {
    "draft": Write(
        _none,
        "post",
        lambda w, c: API,
        {"cluster": "CUM-T", "year": 2025, "from_previous": False},
        _only(LEADERS, 201),
    ),
    "save a version": Write(_draft, "post", _at("/versions"), VERSION, _only(LEADERS, 201)),
    "comment for own": Write(
        _draft,
        "post",
        _at("/comments"),
        {"agency": "P-SCT-AG", "text": "Đề nghị bổ sung chỉ tiêu về chuyển đổi số."},
        _only({"member_officer", "agency_leader"}, 201),
    ),
    "set the signing event": Write(
        _draft, "put", _at("/signing-event"), SIGNING_EVENT, _only(LEADERS, 200)
    ),
    "finalise": Write(_ready, "post", _at("/finalise"), None, _only(LEADERS, 200)),
    "reopen": Write(_finalised, "post", _at("/reopen"), None, _only(LEADERS, 200)),
    # Nobody has signed yet: the leader is let through and refused by the workflow (400).
    "publish before everyone signed": Write(
        _finalised, "post", _at("/publish"), None, _only(LEADERS, 400)
    ),
    "confirm for own": Write(
        _finalised, "post", _own_signatory_path("confirm"), None, _only({"agency_leader"}, 200)
    ),
    "sign for own": Write(
        _confirmed,
        "post",
        _own_signatory_path("sign"),
        {},
        _only({"agency_leader"}, 200),
        multipart=True,
    ),
}


def _send(client: Client, write: Write, url: str) -> Any:
    if write.multipart:
        return client.post(url, _sign_body())
    call = getattr(client, write.method)
    if write.body is None:
        return call(url)
    return call(url, write.body, content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_answers_each_persona_and_audits_once_or_not_at_all(
    client_as: ClientAs, world: World, name: str, persona: str
) -> None:
    write = WRITES[name]
    covenant = write.build(world)
    url = write.path(world, covenant)
    before = _events()
    response = _send(client_as(world.user(persona)), write, url)
    assert response.status_code == WRITES[name].expected[persona], response.content
    assert _events() - before == (1 if response.status_code in (200, 201) else 0)
    if response.status_code in (401, 404):
        assert NAME_X not in response.content.decode()


def test_a_write_on_another_clusters_covenant_is_a_404_for_the_outsider(
    client_as: ClientAs, world: World
) -> None:
    covenant = _ready(world)
    client = client_as(world.personas.outsider)
    before = _events()
    comment = {"agency": "P-SCT-CM", "text": "Góp ý"}
    for url, body in (("/versions", VERSION), ("/comments", comment)):
        sent = client.post(f"{API}{covenant.pk}{url}", body, content_type="application/json")
        assert sent.status_code == 404
    for url in ("/finalise", "/publish", "/reopen"):
        assert client.post(f"{API}{covenant.pk}{url}").status_code == 404
    event = client.put(
        f"{API}{covenant.pk}/signing-event", SIGNING_EVENT, content_type="application/json"
    )
    assert event.status_code == 404
    draft = client.post(API, {"cluster": "CUM-T", "year": 2025}, content_type="application/json")
    assert draft.status_code == 404
    assert _events() == before


def test_a_member_comments_only_for_its_own_agency(client_as: ClientAs, world: World) -> None:
    covenant = _draft(world)
    client = client_as(world.personas.member_officer)
    before = _events()
    for agency in ("V-SCT-HG", "P-SCT-CM", "KHONG-CO"):
        response = client.post(
            f"{API}{covenant.pk}/comments",
            {"agency": agency, "text": "Góp ý"},
            content_type="application/json",
        )
        assert response.status_code == 403
    assert _events() == before
    assert not CovenantComment.objects.exists()


def test_an_empty_comment_is_refused_with_the_services_message(
    client_as: ClientAs, world: World
) -> None:
    covenant = _draft(world)
    before = _events()
    response = client_as(world.personas.agency_leader).post(
        f"{API}{covenant.pk}/comments",
        {"agency": "P-SCT-AG", "text": "   "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung góp ý không được để trống.", "field": "text"}
    assert _events() == before


def test_a_second_draft_for_the_same_year_is_refused(client_as: ClientAs, world: World) -> None:
    _draft(world)
    before = _events()
    response = client_as(world.cluster_leader).post(
        API, {"cluster": "CUM-T", "year": 2025}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "đã có một giao ước đang soạn" in response.json()["detail"]
    assert _events() == before
    assert Covenant.objects.count() == 1


def test_a_draft_of_an_unknown_cluster_is_a_404(client_as: ClientAs, world: World) -> None:
    client = client_as(world.personas.system_admin)
    for body in ({"cluster": "KHONG-CO", "year": 2025}, {"cluster": "CUM-T", "year": 2019}):
        assert client.post(API, body, content_type="application/json").status_code == 404
    assert not Covenant.objects.exists()


def test_a_draft_can_start_from_the_previous_years_covenant(
    client_as: ClientAs, world: World
) -> None:
    last_year = group_year_create(
        actor=None,
        organiser=world.personas.ministry,
        code="CUM-T",
        name="",
        kind="cluster",
        values=GroupYearValues(year=2024, members=[world.x, world.y], leader=world.x),
    )
    previous = services.covenant_draft(actor=None, group_year=last_year)
    services.covenant_version_save(
        actor=None,
        covenant=previous,
        values=services.VersionValues(
            title="GIAO ƯỚC THI ĐUA NĂM 2024",
            theme="Chủ đề năm 2024",
            legal_bases="",
            goals="",
            closing="",
            items=(services.ItemValues("Nội dung riêng của năm 2024"),),
        ),
    )
    response = client_as(world.cluster_leader).post(
        API,
        {"cluster": "CUM-T", "year": 2025, "from_previous": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    version = response.json()["current_version"]
    assert version["title"] == "GIAO ƯỚC THI ĐUA NĂM 2025"
    assert [i["text"] for i in version["items"]] == ["Nội dung riêng của năm 2024"]


def test_a_version_with_no_items_is_refused(client_as: ClientAs, world: World) -> None:
    covenant = _draft(world)
    before = _events()
    response = client_as(world.cluster_leader).post(
        f"{API}{covenant.pk}/versions", VERSION | {"items": []}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Giao ước cần ít nhất một nội dung thi đua."
    assert _events() == before
    assert covenant.versions.count() == 1


def test_a_too_long_theme_is_a_validation_error(client_as: ClientAs, world: World) -> None:
    covenant = _draft(world)
    response = client_as(world.cluster_leader).post(
        f"{API}{covenant.pk}/versions",
        VERSION | {"theme": "x" * 501},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert covenant.versions.count() == 1


def test_a_signing_event_naming_a_non_member_is_refused(client_as: ClientAs, world: World) -> None:
    covenant = _draft(world)
    before = _events()
    body = SIGNING_EVENT | {
        "signatories": [{"agency": "P-SCT-CM", "name": "Ai đó", "position": "Giám đốc"}]
    }
    response = client_as(world.cluster_leader).put(
        f"{API}{covenant.pk}/signing-event", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "P-SCT-CM không phải là thành viên."
    assert _events() == before


def test_a_signing_date_outside_the_year_is_a_field_error(
    client_as: ClientAs, world: World
) -> None:
    covenant = _draft(world)
    response = client_as(world.cluster_leader).put(
        f"{API}{covenant.pk}/signing-event",
        SIGNING_EVENT | {"date": "2024-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Ngày ký kết phải thuộc năm 2025.", "field": "date"}


def test_finalising_an_incomplete_draft_says_what_is_missing(
    client_as: ClientAs, world: World
) -> None:
    covenant = _draft(world)
    before = _events()
    response = client_as(world.cluster_leader).post(f"{API}{covenant.pk}/finalise")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Chưa chốt được: còn thiếu chủ đề")
    assert _events() == before


def test_a_finalised_covenant_cannot_be_edited_or_commented(
    client_as: ClientAs, world: World
) -> None:
    covenant = _finalised(world)
    before = _events()
    edit = client_as(world.cluster_leader).post(
        f"{API}{covenant.pk}/versions", VERSION, content_type="application/json"
    )
    assert edit.status_code == 400
    assert edit.json()["detail"] == "Chỉ sửa được giao ước đang ở dạng dự thảo."
    comment = client_as(world.personas.member_officer).post(
        f"{API}{covenant.pk}/comments",
        {"agency": "P-SCT-AG", "text": "Muộn rồi"},
        content_type="application/json",
    )
    assert comment.status_code == 400
    assert _events() == before


def test_a_signatory_of_another_covenant_is_a_404(client_as: ClientAs, world: World) -> None:
    covenant = _finalised(world)
    other = services.covenant_draft(
        actor=None, group_year=GroupYear.objects.get(group__code="CUM-CM", year=2025)
    )
    stray = other.signatories.get()
    response = client_as(world.personas.system_admin).post(
        f"{API}{covenant.pk}/signatories/{stray.pk}/confirm"
    )
    assert response.status_code == 404
    missing = client_as(world.personas.agency_leader).post(
        f"{API}{covenant.pk}/signatories/999999/confirm"
    )
    assert missing.status_code == 404


def test_another_agencys_leader_may_not_sign_for_own(client_as: ClientAs, world: World) -> None:
    covenant = _confirmed(world)
    signatory = _signatory(covenant, world.personas.own)
    before = _events()
    for user in (world.x_leader, world.y_leader):
        response = client_as(user).post(
            f"{API}{covenant.pk}/signatories/{signatory.pk}/sign", _sign_body()
        )
        assert response.status_code == 403
        confirm = client_as(user).post(f"{API}{covenant.pk}/signatories/{signatory.pk}/confirm")
        assert confirm.status_code == 403
    assert _events() == before
    signatory.refresh_from_db()
    assert signatory.signed_at is None


def test_a_wrong_password_or_no_key_is_refused_and_signs_nothing(
    client_as: ClientAs, world: World
) -> None:
    covenant = _confirmed(world)
    signatory = _signatory(covenant, world.personas.own)
    url = f"{API}{covenant.pk}/signatories/{signatory.pk}/sign"
    client = client_as(world.personas.agency_leader)
    before = _events()
    wrong = client.post(url, _sign_body() | {"password": "sai"})
    assert wrong.status_code == 400
    nothing = client.post(url, {"password": PASSWORD.decode()})
    assert nothing.status_code == 400
    assert nothing.json()["detail"] == "Chọn chứng thư số đã lưu hoặc tải lên tệp chữ ký số."
    unknown_key = client.post(url, {"key_id": 999999, "password": PASSWORD.decode()})
    assert unknown_key.status_code == 404
    assert _events() == before
    signatory.refresh_from_db()
    assert signatory.signed_at is None


def test_a_leader_signs_with_the_agencys_stored_key(client_as: ClientAs, world: World) -> None:
    covenant = _confirmed(world)
    own_key = services.signing_key_upload(
        actor=None, agency=world.personas.own, pkcs12=KEYS["P-SCT-AG"], password=PASSWORD
    )
    x_key = services.signing_key_upload(
        actor=None, agency=world.x, pkcs12=KEYS["V-SCT-HG"], password=PASSWORD
    )
    signatory = _signatory(covenant, world.personas.own)
    url = f"{API}{covenant.pk}/signatories/{signatory.pk}/sign"
    client = client_as(world.personas.agency_leader)
    before = _events()
    not_ours = client.post(url, {"key_id": x_key.pk, "password": PASSWORD.decode()})
    assert not_ours.status_code == 400
    assert _events() == before
    response = client.post(url, {"key_id": own_key.pk, "password": PASSWORD.decode()})
    assert response.status_code == 200, response.content
    assert response.json()["signed_at"] is not None
    assert _events() == before + 1


def test_a_pdf_signed_outside_the_app_is_accepted(client_as: ClientAs, world: World) -> None:
    covenant = _confirmed(world)
    signatory = _signatory(covenant, world.personas.own)
    with covenant.document.open("rb") as stream:
        original = stream.read()
    signed = signing.sign_pdf(
        original,
        pkcs12=KEYS["P-SCT-AG"],
        password=PASSWORD,
        field_name="ChuKyNgoai",
        reason="Ký giao ước",
        location="Long Xuyên",
        signer_name="Giám đốc P-SCT-AG",
    )
    url = f"{API}{covenant.pk}/signatories/{signatory.pk}/sign-external"
    before = _events()
    refused = client_as(world.x_leader).post(
        url, {"signed_pdf": SimpleUploadedFile("da-ky.pdf", signed)}
    )
    assert refused.status_code == 403
    response = client_as(world.personas.agency_leader).post(
        url, {"signed_pdf": SimpleUploadedFile("da-ky.pdf", signed)}
    )
    assert response.status_code == 200, response.content
    assert _events() == before + 1
    signatory.refresh_from_db()
    assert signatory.signature_field == "ChuKyNgoai"


def test_a_key_from_an_untrusted_ca_is_reported_as_untrusted(
    client_as: ClientAs, world: World
) -> None:
    covenant = _confirmed(world)
    signatory = _signatory(covenant, world.personas.own)
    response = client_as(world.personas.agency_leader).post(
        f"{API}{covenant.pk}/signatories/{signatory.pk}/sign",
        {"pkcs12": SimpleUploadedFile("la.p12", STRANGER_KEY), "password": PASSWORD.decode()},
    )
    assert response.status_code == 200
    reports = client_as(world.personas.member_officer).get(f"{API}{covenant.pk}/verification")
    [report] = reports.json()
    assert report["signer_name"] == "Người lạ"
    assert report["intact"]
    assert report["valid"]
    assert not report["trusted"]
    assert not report["ok"]
    assert report["problem"]


# --- The whole workflow through the API ----------------------------------------------------


def test_a_covenant_goes_from_draft_to_published_through_the_api(
    client_as: ClientAs, world: World
) -> None:
    leader = client_as(world.cluster_leader)
    start = _events()

    drafted = leader.post(API, {"cluster": "CUM-T", "year": 2025}, content_type="application/json")
    assert drafted.status_code == 201, drafted.content
    covenant_id = drafted.json()["id"]
    at = f"{API}{covenant_id}"
    assert drafted.json()["status"] == "draft"
    assert [s["agency_code"] for s in drafted.json()["signatories"]] == [
        "V-SCT-HG",
        "P-SCT-AG",
        "V-SCT-ST",
    ]

    saved = leader.post(f"{at}/versions", VERSION, content_type="application/json")
    assert saved.status_code == 201, saved.content
    assert saved.json()["number"] == 2
    assert saved.json()["items"] == [
        {
            "order": 1,
            "text": "Hoàn thành 100% chỉ tiêu kế hoạch",
            "is_measurable": True,
            "target": "100%",
        },
        {
            "order": 2,
            "text": "Tham gia đầy đủ các hoạt động của Cụm",
            "is_measurable": False,
            "target": "",
        },
    ]

    commented = client_as(world.personas.member_officer).post(
        f"{at}/comments",
        {"agency": "P-SCT-AG", "text": "Đề nghị bổ sung chỉ tiêu về chuyển đổi số."},
        content_type="application/json",
    )
    assert commented.status_code == 201, commented.content
    assert commented.json()["version"] == 2

    event = leader.put(f"{at}/signing-event", SIGNING_EVENT, content_type="application/json")
    assert event.status_code == 200, event.content
    assert event.json()["signing_place"] == "Cần Thơ"

    finalised = leader.post(f"{at}/finalise")
    assert finalised.status_code == 200, finalised.content
    assert finalised.json()["status"] == "finalised"
    assert len(finalised.json()["document_sha256"]) == 64
    assert leader.get(f"{at}/verification").json() == []

    signers = {
        "V-SCT-HG": world.x_leader,
        "P-SCT-AG": world.personas.agency_leader,
        "V-SCT-ST": world.y_leader,
    }
    for signatory in finalised.json()["signatories"]:
        client = client_as(signers[signatory["agency_code"]])
        base = f"{at}/signatories/{signatory['id']}"
        confirmed = client.post(f"{base}/confirm")
        assert confirmed.status_code == 200, confirmed.content
        assert confirmed.json()["confirmed_at"] is not None
        signed = client.post(
            f"{base}/sign",
            {
                "pkcs12": SimpleUploadedFile("ky.p12", KEYS[signatory["agency_code"]]),
                "password": PASSWORD.decode(),
            },
        )
        assert signed.status_code == 200, signed.content
        assert signed.json()["signed_at"] is not None

    again = client_as(world.x_leader).post(
        f"{at}/signatories/{finalised.json()['signatories'][0]['id']}/confirm"
    )
    assert again.status_code == 400

    published = leader.post(f"{at}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == CovenantStatus.PUBLISHED
    assert published.json()["published_at"] is not None

    reports = client_as(world.personas.member_officer).get(f"{at}/verification").json()
    assert [r["field_name"] for r in reports] == [
        "ChuKy1_V-SCT-HG",
        "ChuKy2_P-SCT-AG",
        "ChuKy3_V-SCT-ST",
    ]
    assert all(r["ok"] and r["trusted"] and not r["modified_after"] for r in reports)
    assert [r["organisation"] for r in reports] == ["V-SCT-HG", "P-SCT-AG", "V-SCT-ST"]

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[start:])
    assert actions == [
        "covenants.covenant.drafted",
        "covenants.version.saved",
        "covenants.comment.added",
        "covenants.signing_event.set",
        "covenants.covenant.finalised",
        *["covenants.signatory.confirmed", "covenants.signatory.signed"] * 3,
        "covenants.covenant.published",
    ]
    assert AuditEvent.objects.filter(actor=world.cluster_leader).count() == 5

    after = leader.post(f"{at}/versions", VERSION, content_type="application/json")
    assert after.status_code == 400
    reopened = leader.post(f"{at}/reopen")
    assert reopened.status_code == 400
    assert Covenant.objects.get(pk=covenant_id).status == CovenantStatus.PUBLISHED


# --- Session authentication, CSRF and the schema -------------------------------------------


def test_a_write_without_the_csrf_token_is_refused(world: World) -> None:
    covenant = _draft(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas.member_officer)
    body = {"agency": "P-SCT-AG", "text": "Góp ý có kèm mã CSRF."}
    before = _events()
    refused = client.post(f"{API}{covenant.pk}/comments", body, content_type="application/json")
    assert refused.status_code == 403
    assert _events() == before
    token = "a" * 32
    client.cookies["csrftoken"] = token
    accepted = client.post(
        f"{API}{covenant.pk}/comments",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201, accepted.content
    assert _events() == before + 1


def test_an_anonymous_caller_gets_401_and_no_data(client: Client, world: World) -> None:
    covenant = _draft(world)
    for url in (API, f"{API}{covenant.pk}", f"{API}{covenant.pk}/verification"):
        response = client.get(url)
        assert response.status_code == 401
        assert "CUM-T" not in response.content.decode()
    assert client.post(f"{API}{covenant.pk}/finalise").status_code == 401


def test_the_openapi_schema_lists_the_covenant_paths(client_as: ClientAs, world: World) -> None:
    schema = client_as(world.personas.viewer).get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/api/v1/covenants/": {"get", "post"},
        "/api/v1/covenants/{covenant_id}": {"get"},
        "/api/v1/covenants/{covenant_id}/versions": {"post"},
        "/api/v1/covenants/{covenant_id}/comments": {"post"},
        "/api/v1/covenants/{covenant_id}/signing-event": {"put"},
        "/api/v1/covenants/{covenant_id}/finalise": {"post"},
        "/api/v1/covenants/{covenant_id}/reopen": {"post"},
        "/api/v1/covenants/{covenant_id}/publish": {"post"},
        "/api/v1/covenants/{covenant_id}/verification": {"get"},
        "/api/v1/covenants/{covenant_id}/signatories/{signatory_id}/confirm": {"post"},
        "/api/v1/covenants/{covenant_id}/signatories/{signatory_id}/sign": {"post"},
        "/api/v1/covenants/{covenant_id}/signatories/{signatory_id}/sign-external": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths
        assert methods <= set(paths[path])
    sign = paths["/api/v1/covenants/{covenant_id}/signatories/{signatory_id}/sign"]["post"]
    assert "multipart/form-data" in sign["requestBody"]["content"]
    assert "/api/v1/clusters/{code}/{year}" in paths
