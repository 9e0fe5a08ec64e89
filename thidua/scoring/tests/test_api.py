"""The scoring API (/api/v1/scoring/): every endpoint for every persona, optimistic locking as
409 with the saved value, refusals as 400 with their field and nothing written, and the
published ranking (DESIGN.md §4.4, §4.8, §4.10). State is built through the services."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring import services
from thidua.scoring.choices import CriterionKind
from thidua.scoring.models import (
    Evidence,
    FinalScore,
    Ranking,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.selectors import scorable_criteria

ClientAs = Callable[[Any], Client]
YEAR = 2026
API = f"/api/v1/scoring/tables/CUM-TN/{YEAR}"
OWN, LEAD, THIRD, FOURTH = "P-SCT-AG", "P-SCT-DT", "P-SCT-CT", "P-SCT-VL"
LEAD_NAME = "Sở Công Thương tỉnh Đồng Tháp"
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the agency that leads the cluster (cụm trưởng)
]
TRAFFIC = "Có công chức, viên chức, người lao động vi phạm Luật Giao thông đường bộ"
# The default table's criteria that need no evidence (14 points) and a bonus item without
# evidence: units scored only there can submit without uploading files.
FULL = {"III.2": "5", "V.1": "3", "V.2": "2", "V.4": "2", "V.6": "2"}
PDF = b"%PDF-1.4\n% minh chung thu nghiem\n"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


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


def _group_year(personas: Personas, code: str, members: list[Agency], year: int) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=year, members=members, leader=members[0]),
    )


@dataclass
class World:
    """CUM-TN ``YEAR``: Đồng Tháp (``lead``) leads; ``own``, Cần Thơ (``third``) and Vĩnh Long
    (``fourth``) are members; its default table is in use. ``other`` (the outsider's agency)
    is in another cluster. ``lead_officer`` is an officer of the leading member."""

    personas: Personas
    lead: Agency
    third: Agency
    fourth: Agency
    lead_officer: User
    group_year: GroupYear
    table: ScoringTable

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    def agency(self, code: str) -> Agency:
        return Agency.objects.get(code=code)


@pytest.fixture
def world(personas: Personas) -> World:
    lead = _agency(LEAD, LEAD_NAME)
    third = _agency(THIRD, "Sở Công Thương thành phố Cần Thơ")
    fourth = _agency(FOURTH, "Sở Công Thương tỉnh Vĩnh Long")
    lead_officer = user_create(
        actor=None, username="lead_officer", password=PASSWORD, full_name="lead_officer"
    )
    membership_grant(actor=None, user=lead_officer, role=Role.AGENCY_OFFICER, agency=lead)
    group_year = _group_year(personas, "CUM-TN", [lead, personas.own, third, fourth], YEAR)
    _group_year(personas, "CUM-CM", [personas.other], YEAR)
    table = services.scoring_table_activate(
        actor=None, table=services.scoring_table_create_default(actor=None, group_year=group_year)
    )
    return World(personas, lead, third, fourth, lead_officer, group_year, table)


# --- State built through the services ---------------------------------------------------------


def _open(world: World, code: str) -> SelfAssessment:
    return services.self_assessment_open(actor=None, table=world.table, agency=world.agency(code))


def _criterion(world: World, code: str) -> Any:
    return world.table.criteria.get(code=code)


def _save(world: World, code: str, criterion: str, points: str | None) -> SelfScore:
    assessment = _open(world, code)
    current = SelfScore.objects.filter(assessment=assessment, criterion__code=criterion).first()
    return services.self_score_save(
        actor=None,
        assessment=assessment,
        criterion=_criterion(world, criterion),
        points=None if points is None else Decimal(points),
        explanation=f"Giải trình {criterion}",
        version=current.version if current else None,
    )


def _fill(world: World, code: str, points: dict[str, str] | None = None) -> SelfAssessment:
    """Every criterion scored (0 where ``points`` says nothing), plus the bonus and penalty
    items ``points`` names."""
    points = FULL if points is None else points
    for criterion in scorable_criteria(world.table):
        if criterion.kind == CriterionKind.CRITERION or criterion.code in points:
            _save(world, code, criterion.code, points.get(criterion.code, "0"))
    return _open(world, code)


def _submitted(world: World, code: str, points: dict[str, str] | None = None) -> SelfAssessment:
    return services.self_assessment_submit(actor=None, assessment=_fill(world, code, points))


def _all_submitted(world: World) -> None:
    """Đồng Tháp and An Giang 14 points each, Cần Thơ 10, Vĩnh Long 16 but disqualified (a
    traffic violation in its conduct record)."""
    _submitted(world, LEAD)
    _submitted(world, OWN)
    _submitted(world, THIRD, {"III.2": "5", "V.1": "3", "V.2": "2"})
    _submitted(world, FOURTH, {**FULL, "VI.3": "2"})
    services.conduct_record_save(
        actor=None,
        agency=world.fourth,
        year=YEAR,
        values=services.ConductValues(traffic_violations=1, reference="Báo cáo số 9/BC"),
    )


def _round(world: World) -> None:
    """Everyone submitted; every unit reviews every other."""
    _all_submitted(world)
    services.review_round_set(actor=None, table=world.table, mode="all")


def _assignment(reviewer: str, reviewed: str) -> ReviewAssignment:
    return ReviewAssignment.objects.get(reviewer__code=reviewer, assessment__agency__code=reviewed)


def _proposal(world: World, reviewer: str, reviewed: str, points: str = "3") -> ReviewScore:
    return services.review_score_save(
        actor=None,
        assignment=_assignment(reviewer, reviewed),
        criterion=_criterion(world, "III.2"),
        points=Decimal(points),
        reason="Chưa có báo cáo của Công đoàn",
        version=None,
    )


def _reviewed(world: World) -> None:
    """The round is set and Đồng Tháp proposed 3 points for An Giang's III.2."""
    _round(world)
    _proposal(world, LEAD, OWN)


def _published(world: World) -> Ranking:
    _all_submitted(world)
    return services.ranking_publish(actor=None, table=world.table)


def _nothing(world: World) -> None:
    return None


def _events() -> int:
    return AuditEvent.objects.count()


def _actions_since(count: int) -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[count:])


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, body, content_type="application/json")


# --- The permission matrix ---------------------------------------------------------------------

ANON = {"anonymous": 401}
HIDDEN = {"viewer": 404, "outsider": 404}
READABLE = dict.fromkeys(PERSONAS, 200) | HIDDEN | ANON
NOBODY = dict.fromkeys(PERSONAS, 404) | ANON
OWN_UNIT = {"member_officer", "agency_leader"}
LEADERS = {"lead_officer", "system_admin"}


def _only(allowed: set[str], status: int) -> dict[str, int]:
    """``allowed`` get ``status``; the other readers 403; who may not see the cluster 404."""
    return dict.fromkeys(PERSONAS, 403) | HIDDEN | ANON | dict.fromkeys(allowed, status)


def _other_year(world: World) -> None:
    members = [m.agency for m in world.group_year.members.order_by("rotation_order")]
    _group_year(world.personas, "CUM-TN", members, YEAR - 1)


READS: dict[str, tuple[Callable[[World], object], str, dict[str, int]]] = {
    "the table": (_nothing, "", READABLE),
    "the self-assessments": (_all_submitted, "/assessments", READABLE),
    "own self-assessment": (lambda w: _fill(w, OWN), f"/assessments/{OWN}", READABLE),
    "another member's self-assessment": (_nothing, f"/assessments/{LEAD}", READABLE),
    "the reviews": (_reviewed, "/reviews", READABLE),
    "the published ranking": (_published, "/ranking", READABLE),
    "an older version of the ranking": (_published, "/ranking?version=1", READABLE),
    "the ranking before publication": (_all_submitted, "/ranking", NOBODY),
    "a member the cluster does not have": (_nothing, "/assessments/P-SCT-CM", NOBODY),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("read", list(READS))
def test_each_read_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, read: str, persona: str
) -> None:
    build, suffix, expected = READS[read]
    build(world)
    before = _events()
    response = client_as(world.user(persona)).get(f"{API}{suffix}")
    assert response.status_code == expected[persona], response.content
    assert _events() == before  # reading writes nothing
    if persona in ANON or persona in HIDDEN:
        body = response.content.decode()
        assert LEAD_NAME not in body
        assert "Luật Giao thông" not in body
        assert "Bảng chấm điểm" not in body


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scoring/tables/KHONG-CO/2026",
        "/api/v1/scoring/tables/CUM-TN/2019/assessments",
        f"/api/v1/scoring/tables/CUM-TN/{YEAR - 1}",  # the year exists but has no table
    ],
)
def test_an_unknown_cluster_year_or_table_is_a_404(
    client_as: ClientAs, world: World, persona: str, url: str
) -> None:
    _other_year(world)
    response = client_as(world.user(persona)).get(url)
    assert response.status_code == NOBODY[persona]


def test_a_visible_year_without_a_table_says_so(client_as: ClientAs, world: World) -> None:
    _other_year(world)
    response = client_as(world.personas.member_officer).get(
        f"/api/v1/scoring/tables/CUM-TN/{YEAR - 1}/assessments"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": f"Chưa có bảng chấm điểm năm {YEAR - 1} của CUM-TN."}
    hidden = client_as(world.personas.outsider).get(f"/api/v1/scoring/tables/CUM-TN/{YEAR - 1}")
    assert hidden.json() == {"detail": "Not Found"}  # nothing about the cluster to a stranger


@dataclass(frozen=True)
class Write:
    build: Callable[[World], object]
    method: str
    suffix: str
    body: dict[str, Any] | None
    expected: dict[str, int]


WRITES: dict[str, Write] = {
    "save a score of own unit": Write(
        lambda w: _open(w, OWN),
        "put",
        f"/assessments/{OWN}/scores/III.2",
        {"points": 4.5, "explanation": "Công đoàn vững mạnh", "version": None},
        _only(OWN_UNIT, 200),
    ),
    "save a score of another unit": Write(
        lambda w: _open(w, THIRD),
        "put",
        f"/assessments/{THIRD}/scores/III.2",
        {"points": 4.5, "explanation": "", "version": None},
        _only(set(), 200),
    ),
    "submit own unit's": Write(
        lambda w: _fill(w, OWN),
        "post",
        f"/assessments/{OWN}/submit",
        None,
        _only({"agency_leader"}, 200),
    ),
    "reopen own unit's": Write(
        lambda w: _submitted(w, OWN),
        "post",
        f"/assessments/{OWN}/reopen",
        {"reason": "Bổ sung minh chứng tiêu chí I.1"},
        _only(LEADERS, 200),
    ),
    "set the review round": Write(
        _all_submitted,
        "post",
        "/reviews/round",
        {"mode": "assigned", "per_unit": 1},
        _only(LEADERS, 200),
    ),
    "propose a score as own unit": Write(
        _round,
        "put",
        f"/reviews/{OWN}/{THIRD}/III.2",
        {"points": "3", "reason": "Thiếu báo cáo của Đoàn thanh niên", "version": None},
        _only(OWN_UNIT, 200),
    ),
    "propose a score as the leading unit": Write(
        _round,
        "put",
        f"/reviews/{LEAD}/{THIRD}/III.2",
        {"points": "3", "reason": "Thiếu báo cáo của Đoàn thanh niên", "version": None},
        _only({"lead_officer"}, 200),
    ),
    "answer a proposal on own unit": Write(
        _reviewed,
        "put",
        f"/reviews/{LEAD}/{OWN}/III.2/response",
        {"response": "Đã gửi báo cáo của Công đoàn kèm theo."},
        _only(OWN_UNIT, 200),
    ),
    "consolidate a score": Write(
        _all_submitted,
        "put",
        f"/final/{OWN}/III.2",
        {"points": 4, "note": "Theo kết quả chấm chéo", "version": None},
        _only(LEADERS, 200),
    ),
    "publish the ranking": Write(
        _all_submitted, "post", "/ranking/publish", None, _only(LEADERS, 201)
    ),
    "correct the ranking": Write(
        _published,
        "post",
        "/ranking/correct",
        {"reason": "Sửa điểm sau khiếu nại của Sở Công Thương tỉnh Vĩnh Long"},
        _only(LEADERS, 201),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_answers_each_persona_and_audits_once_or_not_at_all(
    client_as: ClientAs, world: World, name: str, persona: str
) -> None:
    write = WRITES[name]
    write.build(world)
    before = _events()
    response = _send(client_as(world.user(persona)), write.method, API + write.suffix, write.body)
    assert response.status_code == write.expected[persona], response.content
    assert _events() - before == (1 if response.status_code in (200, 201) else 0)
    if response.status_code in (401, 404):
        assert LEAD_NAME not in response.content.decode()


@pytest.mark.parametrize("persona", list(HIDDEN))
def test_a_write_on_a_cluster_the_caller_cannot_see_is_a_404_before_anything_else(
    client_as: ClientAs, world: World, persona: str
) -> None:
    _round(world)
    client = client_as(world.user(persona))
    before = _events()
    for write in WRITES.values():
        assert _send(client, write.method, API + write.suffix, write.body).status_code == 404
    assert _events() == before


# --- The table -------------------------------------------------------------------------------


def test_the_table_gives_its_criteria_tree_disqualifiers_deadline_mode_and_status(
    client_as: ClientAs, world: World
) -> None:
    deadline = dt.datetime(YEAR, 12, 15, 17, 0, tzinfo=dt.UTC)
    services.scoring_table_schedule(actor=None, table=world.table, deadline=deadline)
    table = client_as(world.personas.member_officer).get(API).json()
    assert table["cluster"] == "CUM-TN"
    assert table["year"] == YEAR
    assert table["title"] == f"Bảng chấm điểm thi đua năm {YEAR}"
    assert table["status"] == "active"
    assert table["total_points"] == "100.00"
    assert dt.datetime.fromisoformat(table["self_assessment_deadline"]) == deadline
    assert table["review_mode"] == ""
    criteria = {c["code"]: c for c in table["criteria"]}
    assert [c["code"] for c in table["criteria"]][:3] == ["I", "I.1", "I.2"]
    assert criteria["I"] | {"title": ""} == {
        "code": "I",
        "parent_code": None,
        "depth": 0,
        "kind": "group",
        "title": "",
        "max_points": "50.00",
        "evidence_required": False,
        "guidance": "",
    }
    assert criteria["I.1"]["parent_code"] == "I"
    assert criteria["I.1"]["depth"] == 1
    assert criteria["I.1"]["max_points"] == "35.00"
    assert criteria["I.1"]["evidence_required"] is True
    assert (criteria["VI.3"]["kind"], criteria["VI.3"]["parent_code"]) == ("bonus", "VI")
    assert (criteria["VII"]["kind"], criteria["VII"]["max_points"]) == ("penalty", "10.00")
    assert table["disqualifiers"][0] == {
        "order": 1,
        "description": TRAFFIC,
        "conduct_fact": "traffic_violations",
    }
    assert any(d["conduct_fact"] == "" for d in table["disqualifiers"])  # decided by hand


# --- Self-assessments --------------------------------------------------------------------------


def test_the_list_gives_every_member_in_rotation_order_with_status_and_self_total(
    client_as: ClientAs, world: World
) -> None:
    _submitted(world, THIRD, {"III.2": "4.5", "V.1": "3", "V.2": "2", "V.6": "1"})
    _save(world, OWN, "V.1", "2.25")
    listed = client_as(world.personas.ministry_officer).get(f"{API}/assessments").json()
    assert [(a["agency_code"], a["status"], a["self_total"]) for a in listed] == [
        (LEAD, None, None),  # not opened yet
        (OWN, "draft", "2.25"),
        (THIRD, "submitted", "10.50"),
        (FOURTH, None, None),
    ]
    assert listed[0]["agency_name"] == LEAD_NAME
    assert listed[1]["submitted_at"] is None
    assert listed[2]["submitted_at"] is not None
    assert listed[2]["reopened_at"] is None


def test_the_detail_gives_each_criterions_points_explanation_version_and_the_evidence(
    client_as: ClientAs, world: World
) -> None:
    _save(world, OWN, "I.1", "30")
    _save(world, OWN, "I.1", "32.5")
    _save(world, OWN, "V.1", None)
    attached = services.evidence_attach(
        actor=None,
        assessment=_open(world, OWN),
        criterion=_criterion(world, "I.1"),
        upload=SimpleUploadedFile("bao-cao-nam.pdf", PDF, "application/pdf"),
    )
    detail = client_as(world.personas.member_officer).get(f"{API}/assessments/{OWN}").json()
    assert (detail["agency_code"], detail["status"], detail["self_total"]) == (
        OWN,
        "draft",
        "32.50",
    )
    scores = {s["criterion_code"]: s for s in detail["scores"]}
    assert "I" not in scores  # groups get their points from their leaves
    assert list(scores)[:2] == ["I.1", "I.2"]
    assert scores["I.1"] == {
        "criterion_code": "I.1",
        "points": "32.50",
        "explanation": "Giải trình I.1",
        "version": 2,
        "final": None,
    }
    assert scores["V.1"]["points"] is None
    assert scores["V.1"]["version"] == 1
    assert scores["I.2"] == {
        "criterion_code": "I.2",
        "points": None,
        "explanation": "",
        "version": None,  # never saved: send null (or 0) to save it the first time
        "final": None,
    }
    [evidence] = detail["evidence"]
    assert evidence | {"uploaded_at": None} == {
        "id": attached.pk,
        "criterion_code": "I.1",
        "name": "bao-cao-nam.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "uploaded_at": None,
    }


def test_a_self_assessment_not_opened_yet_reads_as_empty(client_as: ClientAs, world: World) -> None:
    detail = client_as(world.personas.member_officer).get(f"{API}/assessments/{LEAD}").json()
    assert (detail["status"], detail["self_total"], detail["evidence"]) == (None, None, [])
    assert all(s["version"] is None and s["points"] is None for s in detail["scores"])
    assert not SelfAssessment.objects.exists()


def test_a_first_save_opens_the_self_assessment_and_the_next_one_sends_its_version(
    client_as: ClientAs, world: World
) -> None:
    client = client_as(world.personas.member_officer)
    url = f"{API}/assessments/{OWN}/scores/III.2"
    before = _events()
    first = client.put(url, {"points": 4.5, "explanation": " Có "}, content_type="application/json")
    assert first.status_code == 200
    assert first.json() == {
        "criterion_code": "III.2",
        "points": "4.50",
        "explanation": "Có",
        "version": 1,
    }
    assert _actions_since(before) == ["scoring.self_assessment.opened", "scoring.self_score.saved"]
    second = client.put(
        url, {"points": "5", "explanation": "Đủ", "version": 1}, content_type="application/json"
    )
    assert second.json() == {
        "criterion_code": "III.2",
        "points": "5.00",
        "explanation": "Đủ",
        "version": 2,
    }
    cleared = client.put(
        url, {"points": None, "explanation": "", "version": 2}, content_type="application/json"
    )
    assert (cleared.json()["points"], cleared.json()["version"]) == (None, 3)
    assert SelfScore.objects.get().points is None


def test_a_stale_save_is_a_409_carrying_the_saved_value_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    _save(world, OWN, "III.2", "4")  # loaded at version 1 by both
    _save(world, OWN, "III.2", "4.75")  # someone else saved: version 2
    before = _events()
    response = client_as(world.personas.agency_leader).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": "1", "explanation": "Của tôi", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Điểm của tiêu chí III.2 vừa được người khác lưu; đây là giá trị đã lưu.",
        "current": {
            "criterion_code": "III.2",
            "points": "4.75",
            "explanation": "Giải trình III.2",
            "version": 2,
        },
    }
    assert SelfScore.objects.get().points == Decimal("4.75")
    assert _events() == before


@pytest.mark.parametrize("opened", [True, False])
def test_a_score_above_the_maximum_is_a_400_on_points_and_writes_nothing(
    client_as: ClientAs, world: World, opened: bool
) -> None:
    if opened:
        _open(world, OWN)
    assessments, before = SelfAssessment.objects.count(), _events()
    response = client_as(world.personas.member_officer).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": 5.5, "explanation": "", "version": None},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Điểm 5.5 vượt điểm tối đa 5 của tiêu chí III.2.",
        "field": "points",
    }
    assert not SelfScore.objects.exists()
    assert SelfAssessment.objects.count() == assessments  # not even opened
    assert _events() == before


@pytest.mark.parametrize(
    ("points", "field"),
    [(-1, "points"), ("1.255", "points")],
)
def test_a_negative_score_or_one_with_three_decimals_is_a_400_on_points(
    client_as: ClientAs, world: World, points: Any, field: str
) -> None:
    _open(world, OWN)
    response = client_as(world.personas.member_officer).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": points, "explanation": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not SelfScore.objects.exists()


@pytest.mark.parametrize("points", ["năm", "NaN", [1]])
def test_points_that_are_not_a_number_are_refused_and_nothing_is_written(
    client_as: ClientAs, world: World, points: Any
) -> None:
    _open(world, OWN)
    before = _events()
    response = client_as(world.personas.member_officer).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": points, "explanation": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not SelfScore.objects.exists()
    assert _events() == before


def test_a_group_or_an_unknown_criterion_cannot_be_scored(
    client_as: ClientAs, world: World
) -> None:
    _open(world, OWN)
    client = client_as(world.personas.member_officer)
    group = client.put(
        f"{API}/assessments/{OWN}/scores/III", {"points": 1}, content_type="application/json"
    )
    assert group.status_code == 400
    assert group.json() == {
        "detail": "III là nhóm; điểm được chấm ở các tiêu chí con.",
        "field": "criterion",
    }
    unknown = client.put(
        f"{API}/assessments/{OWN}/scores/IX.9", {"points": 1}, content_type="application/json"
    )
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Bảng chấm điểm không có tiêu chí IX.9."}
    assert not SelfScore.objects.exists()


def test_a_submitted_self_assessment_is_read_only(client_as: ClientAs, world: World) -> None:
    _submitted(world, OWN)
    before = _events()
    response = client_as(world.personas.member_officer).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": 1, "explanation": "", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Bản tự chấm điểm đã nộp" in response.json()["detail"]
    assert SelfScore.objects.get(criterion__code="III.2").points == Decimal("5")
    assert _events() == before


def test_submitting_gives_the_submitted_self_assessment(client_as: ClientAs, world: World) -> None:
    _fill(world, OWN)
    response = client_as(world.personas.agency_leader).post(f"{API}/assessments/{OWN}/submit")
    assert response.status_code == 200
    detail = response.json()
    assert (detail["status"], detail["self_total"]) == ("submitted", "14.00")
    assert detail["submitted_at"] is not None


def test_submitting_an_incomplete_self_assessment_says_what_is_missing_and_changes_nothing(
    client_as: ClientAs, world: World
) -> None:
    _save(world, OWN, "I.1", "30")  # evidence required and none attached; the rest unscored
    before = _events()
    response = client_as(world.personas.agency_leader).post(f"{API}/assessments/{OWN}/submit")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Tiêu chí I.1 bắt buộc có minh chứng nhưng chưa có tệp nào." in detail
    assert "Tiêu chí I.2 chưa có điểm." in detail
    assert SelfAssessment.objects.get().status == "draft"
    assert _events() == before


def test_submitting_or_reopening_one_never_opened_is_refused(
    client_as: ClientAs, world: World
) -> None:
    before = _events()
    submit = client_as(world.personas.agency_leader).post(f"{API}/assessments/{OWN}/submit")
    assert submit.status_code == 400
    assert submit.json() == {"detail": "Đơn vị chưa mở bản tự chấm điểm.", "field": None}
    reopen = client_as(world.lead_officer).post(
        f"{API}/assessments/{OWN}/reopen", {"reason": "x"}, content_type="application/json"
    )
    assert reopen.status_code == 400
    assert not SelfAssessment.objects.exists()
    assert _events() == before


def test_reopening_needs_a_reason_and_then_lets_the_unit_edit_again(
    client_as: ClientAs, world: World
) -> None:
    _submitted(world, OWN)
    client = client_as(world.lead_officer)
    url = f"{API}/assessments/{OWN}/reopen"
    blank = client.post(url, {"reason": "  "}, content_type="application/json")
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Cần ghi lý do mở lại.", "field": "reason"}
    done = client.post(url, {"reason": "Bổ sung minh chứng"}, content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["reopened_at"] is not None) == ("draft", True)
    again = client_as(world.personas.member_officer).put(
        f"{API}/assessments/{OWN}/scores/III.2",
        {"points": 4, "explanation": "", "version": 1},
        content_type="application/json",
    )
    assert again.status_code == 200


# --- Cross-review and consolidation ------------------------------------------------------------


def test_the_round_assigns_the_reviewers_and_the_review_list_shows_every_proposal(
    client_as: ClientAs, world: World
) -> None:
    _all_submitted(world)
    response = client_as(world.lead_officer).post(
        f"{API}/reviews/round", {"mode": "assigned", "per_unit": 1}, content_type="application/json"
    )
    assert response.status_code == 200
    reviews = response.json()
    assert reviews["mode"] == "assigned"
    pairs = {(a["reviewer_code"], a["agency_code"]) for a in reviews["assignments"]}
    # In rotation order each unit is reviewed by the next one (wrapping round).
    assert pairs == {(OWN, LEAD), (THIRD, OWN), (FOURTH, THIRD), (LEAD, FOURTH)}
    _proposal(world, THIRD, OWN, "2.5")
    services.review_response_save(
        actor=None, score=ReviewScore.objects.get(), response="Đã bổ sung báo cáo."
    )
    listed = client_as(world.personas.member_officer).get(f"{API}/reviews").json()
    [reviewed_own] = [a for a in listed["assignments"] if a["agency_code"] == OWN]
    assert reviewed_own == {
        "reviewer_code": THIRD,
        "reviewer_name": "Sở Công Thương thành phố Cần Thơ",
        "agency_code": OWN,
        "agency_name": "Sở Công Thương tỉnh An Giang",
        "scores": [
            {
                "criterion_code": "III.2",
                "points": "2.50",
                "reason": "Chưa có báo cáo của Công đoàn",
                "response": "Đã bổ sung báo cáo.",
                "version": 1,
            }
        ],
    }


def test_a_team_must_be_made_of_members(client_as: ClientAs, world: World) -> None:
    _all_submitted(world)
    before = _events()
    response = client_as(world.lead_officer).post(
        f"{API}/reviews/round",
        {"mode": "team", "team": [LEAD, "P-SCT-CM"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "P-SCT-CM không phải là thành viên.", "field": "team"}
    assert not ReviewAssignment.objects.exists()
    assert _events() == before


def test_a_round_before_everyone_submitted_is_refused(client_as: ClientAs, world: World) -> None:
    _submitted(world, OWN)
    response = client_as(world.lead_officer).post(
        f"{API}/reviews/round", {"mode": "all"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Các đơn vị chưa nộp bản tự chấm điểm:")
    assert not ReviewAssignment.objects.exists()


def test_a_unit_scores_only_the_units_it_is_assigned(client_as: ClientAs, world: World) -> None:
    _all_submitted(world)
    services.review_round_set(actor=None, table=world.table, mode="assigned", per_unit=1)
    response = client_as(world.personas.member_officer).put(
        f"{API}/reviews/{OWN}/{THIRD}/III.2",
        {"points": 1, "reason": "Thiếu"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": f"{OWN} không được phân công chấm {THIRD}."}
    assert not ReviewScore.objects.exists()


def test_a_proposal_needs_a_reason(client_as: ClientAs, world: World) -> None:
    _round(world)
    before = _events()
    response = client_as(world.personas.member_officer).put(
        f"{API}/reviews/{OWN}/{THIRD}/III.2",
        {"points": 1, "reason": " "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cần ghi lý do của điểm đề xuất.", "field": "reason"}
    assert not ReviewScore.objects.exists()
    assert _events() == before


def test_a_stale_proposal_is_a_409_carrying_the_saved_one(
    client_as: ClientAs, world: World
) -> None:
    _round(world)
    _proposal(world, OWN, THIRD, "3")
    services.review_score_save(
        actor=None,
        assignment=_assignment(OWN, THIRD),
        criterion=_criterion(world, "III.2"),
        points=Decimal("2"),
        reason="Xem lại: chỉ có báo cáo của Công đoàn",
        version=1,
    )
    before = _events()
    response = client_as(world.personas.agency_leader).put(
        f"{API}/reviews/{OWN}/{THIRD}/III.2",
        {"points": "4", "reason": "Của tôi", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Điểm của tiêu chí III.2 vừa được người khác lưu; đây là giá trị đã lưu.",
        "current": {
            "criterion_code": "III.2",
            "points": "2.00",
            "reason": "Xem lại: chỉ có báo cáo của Công đoàn",
            "response": "",
            "version": 2,
        },
    }
    assert ReviewScore.objects.get().points == Decimal("2")
    assert _events() == before


def test_a_proposal_sent_with_its_version_is_saved(client_as: ClientAs, world: World) -> None:
    _round(world)
    _proposal(world, OWN, THIRD, "3")
    response = client_as(world.personas.member_officer).put(
        f"{API}/reviews/{OWN}/{THIRD}/III.2",
        {"points": 2.5, "reason": "Đã xem lại", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["points"], response.json()["version"]) == ("2.50", 2)


def test_the_answer_to_a_proposal_that_does_not_exist_is_a_404(
    client_as: ClientAs, world: World
) -> None:
    _round(world)
    response = client_as(world.personas.member_officer).put(
        f"{API}/reviews/{LEAD}/{OWN}/III.2/response",
        {"response": "Đồng ý"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Chưa có điểm đề xuất cho tiêu chí III.2."}


def test_the_consolidated_score_shows_in_the_detail_and_a_stale_one_is_a_409(
    client_as: ClientAs, world: World
) -> None:
    _all_submitted(world)
    client = client_as(world.lead_officer)
    url = f"{API}/final/{OWN}/III.2"
    first = client.put(
        url, {"points": "4", "note": "Theo chấm chéo"}, content_type="application/json"
    )
    assert first.status_code == 200
    assert first.json() == {
        "criterion_code": "III.2",
        "points": "4.00",
        "note": "Theo chấm chéo",
        "version": 1,
    }
    detail = client_as(world.personas.member_officer).get(f"{API}/assessments/{OWN}").json()
    [line] = [s for s in detail["scores"] if s["criterion_code"] == "III.2"]
    assert (line["points"], line["final"]["points"], line["final"]["version"]) == (
        "5.00",
        "4.00",
        1,
    )
    before = _events()
    stale = client.put(
        url, {"points": 3, "note": "", "version": None}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["current"] == first.json()
    over = client.put(url, {"points": 6, "note": "", "version": 1}, content_type="application/json")
    assert over.status_code == 400
    assert over.json()["field"] == "points"
    assert FinalScore.objects.get().points == Decimal("4")
    assert _events() == before


def test_a_score_is_consolidated_only_after_submission(client_as: ClientAs, world: World) -> None:
    _fill(world, OWN)
    response = client_as(world.lead_officer).put(
        f"{API}/final/{OWN}/III.2", {"points": 4}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Bản tự chấm điểm chưa nộp; chưa thống nhất điểm được."
    assert not FinalScore.objects.exists()


# --- The ranking -------------------------------------------------------------------------------


def test_the_published_ranking_shares_equal_ranks_and_puts_the_disqualified_last(
    client_as: ClientAs, world: World
) -> None:
    _all_submitted(world)
    published = client_as(world.lead_officer).post(f"{API}/ranking/publish")
    assert published.status_code == 201
    ranking = client_as(world.personas.agency_leader).get(f"{API}/ranking").json()
    assert ranking == published.json()
    assert (ranking["cluster"], ranking["year"], ranking["version"]) == ("CUM-TN", YEAR, 1)
    assert (ranking["corrects_version"], ranking["correction_reason"]) == (None, "")
    assert ranking["published_at"] is not None
    assert ranking["rule"]
    entries = ranking["entries"]
    assert [(e["rank"], e["position"], e["agency_code"], e["total"]) for e in entries] == [
        (1, 1, OWN, "14.00"),  # equal totals share rank 1, in Vietnamese name order
        (1, 2, LEAD, "14.00"),
        (3, 3, THIRD, "10.00"),
        (4, 4, FOURTH, "16.00"),  # the highest total, but disqualified
    ]
    own, fourth = entries[0], entries[3]
    assert own == {
        "rank": 1,
        "position": 1,
        "agency_code": OWN,
        "agency_name": "Sở Công Thương tỉnh An Giang",
        "total": "14.00",
        "self_total": "14.00",
        "bonus": "0.00",
        "penalty": "0.00",
        "group_points": {"I": "0.00", "II": "0.00", "III": "5.00", "IV": "0.00", "V": "9.00"},
        "disqualified": False,
        "disqualifications": [],
        "band": "Yếu",
    }
    assert (fourth["bonus"], fourth["disqualified"]) == ("2.00", True)
    assert fourth["disqualifications"] == [TRAFFIC]


def test_there_is_no_ranking_before_publication(client_as: ClientAs, world: World) -> None:
    response = client_as(world.personas.member_officer).get(f"{API}/ranking")
    assert response.status_code == 404
    assert response.json() == {"detail": "Chưa công bố kết quả xếp hạng."}


def test_publishing_before_everyone_submitted_is_refused_and_writes_nothing(
    client_as: ClientAs, world: World
) -> None:
    _submitted(world, OWN)
    before = _events()
    response = client_as(world.personas.system_admin).post(f"{API}/ranking/publish")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Chưa công bố được:")
    assert not Ranking.objects.exists()
    assert _events() == before


def test_publishing_twice_is_refused(client_as: ClientAs, world: World) -> None:
    _published(world)
    response = client_as(world.lead_officer).post(f"{API}/ranking/publish")
    assert response.status_code == 400
    assert Ranking.objects.count() == 1


def test_a_correction_is_the_ranking_in_force_and_the_first_version_stays_readable(
    client_as: ClientAs, world: World
) -> None:
    _published(world)
    services.final_score_save(
        actor=None,
        assessment=SelfAssessment.objects.get(agency__code=THIRD),
        criterion=_criterion(world, "V.4"),
        points=Decimal("2"),
        note="Sau khiếu nại",
        version=None,
    )
    services.final_score_save(
        actor=None,
        assessment=SelfAssessment.objects.get(agency__code=THIRD),
        criterion=_criterion(world, "V.6"),
        points=Decimal("2"),
        note="Sau khiếu nại",
        version=None,
    )
    client = client_as(world.lead_officer)
    corrected = client.post(
        f"{API}/ranking/correct",
        {"reason": "Khiếu nại của Cần Thơ"},
        content_type="application/json",
    )
    assert corrected.status_code == 201
    latest = client_as(world.personas.member_officer).get(f"{API}/ranking").json()
    assert latest == corrected.json()
    assert (latest["version"], latest["corrects_version"]) == (2, 1)
    assert latest["correction_reason"] == "Khiếu nại của Cần Thơ"
    assert [(e["rank"], e["agency_code"]) for e in latest["entries"][:3]] == [
        (1, THIRD),  # now 14 points too ("thành phố Cần Thơ" sorts first)
        (1, OWN),
        (1, LEAD),
    ]
    first = client.get(f"{API}/ranking", {"version": 1}).json()
    assert (first["version"], first["entries"][2]["rank"]) == (1, 3)
    missing = client.get(f"{API}/ranking", {"version": 9})
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không có lần công bố thứ 9."}


def test_a_correction_needs_a_reason_and_a_published_ranking(
    client_as: ClientAs, world: World
) -> None:
    _all_submitted(world)
    client = client_as(world.lead_officer)
    early = client.post(f"{API}/ranking/correct", {"reason": "x"}, content_type="application/json")
    assert early.status_code == 400
    assert early.json()["detail"] == "Chưa công bố kết quả xếp hạng."
    services.ranking_publish(actor=None, table=world.table)
    before = _events()
    blank = client.post(f"{API}/ranking/correct", {"reason": ""}, content_type="application/json")
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Cần ghi lý do đính chính.", "field": "reason"}
    assert Ranking.objects.count() == 1
    assert _events() == before


# --- Evidence ----------------------------------------------------------------------------------


def _upload(client: Client, criterion: str, name: str, content: bytes) -> Any:
    return client.post(
        f"{API}/assessments/{OWN}/criteria/{criterion}/evidence",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_the_units_officer_attaches_evidence_and_it_appears_in_the_detail(
    client_as: ClientAs, world: World
) -> None:
    _open(world, OWN)
    before = _events()
    response = _upload(client_as(world.personas.member_officer), "I.1", "bao-cao.pdf", PDF)
    assert response.status_code == 201
    body = response.json()
    assert (body["criterion_code"], body["name"], body["size"]) == ("I.1", "bao-cao.pdf", len(PDF))
    assert body["content_type"] == "application/pdf"
    assert _actions_since(before) == ["scoring.evidence.attached"]
    detail = client_as(world.personas.viewer).get(f"{API}/assessments/{OWN}")
    assert detail.status_code == 404  # the viewer does not see the cluster
    detail = client_as(world.lead_officer).get(f"{API}/assessments/{OWN}")
    assert [e["id"] for e in detail.json()["evidence"]] == [body["id"]]


def test_a_disguised_file_is_a_400_and_nothing_is_stored(client_as: ClientAs, world: World) -> None:
    _open(world, OWN)
    before = _events()
    response = _upload(
        client_as(world.personas.member_officer), "I.1", "bao-cao.pdf", b"MZ\x90\x00 a program"
    )
    assert response.status_code == 400
    assert "không đúng với đuôi" in response.json()["detail"]
    assert not Evidence.objects.exists()
    assert _events() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("lead_officer", 403),
        ("ministry_officer", 403),
        ("agency_leader", 201),
    ],
)
def test_only_the_units_own_people_attach_evidence(
    client_as: ClientAs, world: World, persona: str, status: int
) -> None:
    _open(world, OWN)
    response = _upload(client_as(world.user(persona)), "I.1", "bao-cao.pdf", PDF)
    assert response.status_code == status
    assert Evidence.objects.count() == (1 if status == 201 else 0)


def test_evidence_is_removed_from_a_draft_but_not_from_a_submitted_assessment(
    client_as: ClientAs, world: World
) -> None:
    officer = client_as(world.personas.member_officer)
    _open(world, OWN)
    first = _upload(officer, "I.1", "a.pdf", PDF).json()["id"]
    assert officer.delete(f"{API}/assessments/{OWN}/evidence/{first}").status_code == 204
    assert not Evidence.objects.exists()
    assert officer.delete(f"{API}/assessments/{OWN}/evidence/{first}").status_code == 404
    kept = _upload(officer, "I.1", "b.pdf", PDF).json()["id"]
    _submitted(world, OWN)
    response = officer.delete(f"{API}/assessments/{OWN}/evidence/{kept}")
    assert response.status_code == 400
    assert Evidence.objects.filter(pk=kept).exists()


# --- Disqualifier findings ---------------------------------------------------------------------


def _by_hand(world: World) -> int:
    return int(world.table.disqualifiers.filter(conduct_fact="").values_list("order", flat=True)[0])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("viewer", 404),
        ("member_officer", 403),
        ("agency_leader", 403),
        ("ministry_officer", 403),
        ("lead_officer", 201),
    ],
)
def test_only_the_cluster_leader_records_a_finding_and_it_is_audited(
    client_as: ClientAs, world: World, persona: str, status: int
) -> None:
    _open(world, OWN)
    before = _events()
    response = _send(
        client_as(world.user(persona)),
        "post",
        f"{API}/findings/{OWN}",
        {"disqualifier": _by_hand(world), "reason": "Biên bản kiểm tra số 7/BB"},
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["reason"] == "Biên bản kiểm tra số 7/BB"
        assert _actions_since(before) == ["scoring.disqualifier_finding.set"]
    else:
        assert _events() == before


def test_findings_are_listed_to_whoever_sees_the_year_and_withdrawn_with_a_reason(
    client_as: ClientAs, world: World
) -> None:
    _open(world, OWN)
    leader = client_as(world.lead_officer)
    created = _send(
        leader, "post", f"{API}/findings/{OWN}", {"disqualifier": _by_hand(world), "reason": "BB 7"}
    ).json()
    listed = client_as(world.personas.member_officer).get(f"{API}/findings").json()
    assert [(f["id"], f["agency_code"]) for f in listed] == [(created["id"], OWN)]
    url = f"{API}/findings/{OWN}/{created['id']}"
    assert _send(leader, "delete", url, {"reason": " "}).status_code == 400
    assert _send(leader, "delete", url, {"reason": "Nhập nhầm"}).status_code == 204
    assert client_as(world.lead_officer).get(f"{API}/findings").json() == []


def test_a_disqualifier_with_an_automatic_basis_cannot_be_found_by_hand(
    client_as: ClientAs, world: World
) -> None:
    _open(world, OWN)
    automatic = world.table.disqualifiers.exclude(conduct_fact="").first()
    assert automatic is not None
    response = _send(
        client_as(world.lead_officer),
        "post",
        f"{API}/findings/{OWN}",
        {"disqualifier": automatic.order, "reason": "Thử"},
    )
    assert response.status_code == 400
    assert "tự động" in response.json()["detail"]
    unknown = _send(
        client_as(world.lead_officer),
        "post",
        f"{API}/findings/{OWN}",
        {"disqualifier": 99, "reason": "Thử"},
    )
    assert unknown.status_code == 404
