"""Pages of the cross-review and the consolidation, for every persona (DESIGN.md §4.4, §4.10):
the round, the reviewer's grid and its cells edited in place, the reviewed unit's answers, the
leader's consolidated scores and findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import User
from thidua.audit.models import AuditEvent
from thidua.core.testing import Personas
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.scoring import services
from thidua.scoring.choices import ReviewMode
from thidua.scoring.models import (
    Criterion,
    DisqualifierFinding,
    FinalScore,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
)
from thidua.scoring.tests.test_reviews import _agency, _officer, small_table, submit

ClientAs = Callable[[Any], Client]
D = Decimal
HX = {"HX-Request": "true"}
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the agency that leads the cluster
]
# who may see the cluster's year (everyone else: 404; anonymous: sent to log in)
READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}
LEADERS = {"system_admin", "lead_officer"}
OWN = {"member_officer", "agency_leader"}  # officers and leader of ``own``, a member
REASON = "Báo cáo năm chưa nêu chỉ tiêu xuất khẩu"  # a text only readers may see


@dataclass
class World:
    """One cluster (CUM-CC): Đồng Tháp (``lead``) leads; ``own`` and Cần Thơ (``third``) are
    members; ``other`` (the outsider's agency) is not. Every member submitted the small table
    and the leader set the round to "everyone reviews everyone"."""

    personas: Personas
    lead: Agency
    third: Agency
    lead_officer: User
    table: ScoringTable

    @property
    def group_year(self) -> GroupYear:
        return self.table.group_year

    @property
    def own(self) -> Agency:
        own: Agency = self.personas.own
        return own

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"scoring:{name}", args=[self.group_year.group.code, YEAR, *args])

    def criterion(self, code: str) -> Criterion:
        return Criterion.objects.get(table=self.table, code=code)

    def assessment(self, agency: Agency) -> SelfAssessment:
        return SelfAssessment.objects.get(table=self.table, agency=agency)

    def assignment(self, reviewer: Agency, reviewed: Agency) -> ReviewAssignment:
        return ReviewAssignment.objects.get(
            assessment__table=self.table, reviewer=reviewer, assessment__agency=reviewed
        )

    def propose(
        self, reviewer: Agency, reviewed: Agency, code: str, points: str, **kw: Any
    ) -> ReviewScore:
        return services.review_score_save(
            actor=kw.get("actor"),
            assignment=self.assignment(reviewer, reviewed),
            criterion=self.criterion(code),
            points=D(points),
            reason=kw.get("reason", REASON),
            version=kw.get("version"),
        )


YEAR = 2026


@pytest.fixture
def world(personas: Personas) -> World:
    lead = _agency("P-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = _agency("P-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    lead_officer = _officer("lead_officer", lead)
    table = small_table(personas, "CUM-CC", [lead, personas.own, third])
    for agency in (lead, personas.own, third):
        submit(table, agency)
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    return World(personas, lead, third, lead_officer, table)


def _events() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def _login_redirect(url: str) -> str:
    return f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"


def _read(persona: str) -> int:
    if persona == "anonymous":
        return 302
    return 200 if persona in READERS else 404


def _write(persona: str, allowed: set[str]) -> int | str:
    if persona == "anonymous":
        return 302
    if persona not in READERS:
        return 404
    return "done" if persona in allowed else 403


# --- Reading: every page for every persona ----------------------------------------------------


def _own_score(w: World) -> ReviewScore:
    return w.propose(w.lead, w.own, "I.1", "30")


PAGES: dict[str, Callable[[World], str]] = {
    "the round": lambda w: w.url("reviews"),
    "the grid": lambda w: w.url("review_grid"),
    "a unit's proposals": lambda w: w.url("review_unit", w.own.code),
    "the consolidation": lambda w: w.url("consolidation"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, world: World, page: str, persona: str
) -> None:
    _own_score(world)
    url = PAGES[page](world)
    events = _events()
    response = client_as(world.user(persona)).get(url)
    assert response.status_code == _read(persona)
    assert _events() == events
    body = response.content.decode()
    if response.status_code == 302:
        assert response["Location"] == _login_redirect(url)
    if response.status_code != 200:
        assert world.group_year.group.name not in body
        assert REASON not in body
        assert world.own.name not in body


# --- Writing: every write for every persona ---------------------------------------------------


def _post_round(w: World) -> tuple[str, dict[str, Any]]:
    return w.url("reviews"), {"mode": ReviewMode.ASSIGNED, "per_unit": "1"}


def _post_cell(w: World) -> tuple[str, dict[str, Any]]:
    url = w.url("review_cell", w.assignment(w.own, w.lead).pk, w.criterion("I.1").pk)
    return url, {"points": "35", "reason": REASON, "version": ""}


def _post_response(w: World) -> tuple[str, dict[str, Any]]:
    return w.url("review_response", _own_score(w).pk), {"response": "Đã có Quyết định số 5"}


def _post_final(w: World) -> tuple[str, dict[str, Any]]:
    url = w.url("final_cell", w.assessment(w.own).pk, w.criterion("I.2").pk)
    return url, {"points": "18", "note": "Theo biên bản tổ", "version": ""}


def _post_finding(w: World) -> tuple[str, dict[str, Any]]:
    by_hand = w.table.disqualifiers.get(conduct_fact="")
    return w.url("finding_set"), {
        "assessment": w.assessment(w.third).pk,
        "disqualifier": by_hand.pk,
        "reason": "Biên bản kiểm tra số 7",
    }


def _post_finding_remove(w: World) -> tuple[str, dict[str, Any]]:
    finding = services.disqualifier_finding_set(
        actor=None,
        assessment=w.assessment(w.third),
        disqualifier=w.table.disqualifiers.get(conduct_fact=""),
        reason="Biên bản kiểm tra số 7",
    )
    return w.url("finding_remove", finding.pk), {"reason": "Nhầm đơn vị"}


def _snapshot(w: World) -> Any:
    return (
        ScoringTable.objects.get(pk=w.table.pk).review_mode,
        sorted(ReviewAssignment.objects.values_list("assessment_id", "reviewer_id")),
        sorted(ReviewScore.objects.values_list("pk", "points", "reason", "response")),
        sorted(FinalScore.objects.values_list("pk", "points")),
        sorted(DisqualifierFinding.objects.values_list("pk", "reason")),
    )


# action → (set-up returning URL and data, who may, the audit action, where a success leads)
Setup = Callable[[World], tuple[str, dict[str, Any]]]
POSTS: dict[str, tuple[Setup, set[str], str, Callable[[World], str]]] = {
    "set the round": (
        _post_round,
        LEADERS,
        "scoring.review_round.set",
        lambda w: w.url("reviews"),
    ),
    "save a proposal": (
        _post_cell,
        OWN,
        "scoring.review_score.saved",
        lambda w: w.url("review_grid"),
    ),
    "answer a proposal": (
        _post_response,
        OWN,
        "scoring.review_response.saved",
        lambda w: w.url("review_unit", w.own.code),
    ),
    "consolidate a score": (
        _post_final,
        LEADERS,
        "scoring.final_score.saved",
        lambda w: w.url("consolidation"),
    ),
    "record a finding": (
        _post_finding,
        LEADERS,
        "scoring.disqualifier_finding.set",
        lambda w: w.url("consolidation"),
    ),
    "withdraw a finding": (
        _post_finding_remove,
        LEADERS,
        "scoring.disqualifier_finding.removed",
        lambda w: w.url("consolidation"),
    ),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(POSTS))
def test_each_write_answers_each_persona_and_a_success_writes_exactly_one_audit_event(
    client_as: ClientAs, world: World, action: str, persona: str, htmx: bool
) -> None:
    setup, allowed, audited, lands = POSTS[action]
    url, data = setup(world)
    before, events = _snapshot(world), _events()
    response = client_as(world.user(persona)).post(url, data, headers=HX if htmx else {})
    expected = _write(persona, allowed)
    if expected == "done":
        assert _events() == [*events, audited]
        assert _snapshot(world) != before
        partial = htmx and action in {"save a proposal", "answer a proposal", "consolidate a score"}
        if partial:
            assert response.status_code == 200
            assert "<html" not in response.content.decode()
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(lands(world))
    else:
        assert response.status_code == expected
        assert _events() == events
        assert _snapshot(world) == before
        if expected == 302:
            assert response["Location"] == _login_redirect(url)
        assert REASON not in response.content.decode()


CELL_FORMS: dict[str, tuple[Callable[[World], str], set[str]]] = {
    "a proposal's form": (lambda w: _post_cell(w)[0], OWN),
    "a consolidated score's form": (lambda w: _post_final(w)[0], LEADERS),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("form", list(CELL_FORMS))
def test_the_cell_forms_answer_each_persona_like_the_save_they_lead_to(
    client_as: ClientAs, world: World, form: str, persona: str, htmx: bool
) -> None:
    url_of, allowed = CELL_FORMS[form]
    url = url_of(world)
    response = client_as(world.user(persona)).get(url, headers=HX if htmx else {})
    expected = _write(persona, allowed)
    assert response.status_code == (200 if expected == "done" else expected)
    if expected == "done":
        body = response.content.decode()
        assert 'name="points"' in body
        assert 'name="version"' in body
        assert ("<html" in body) is not htmx  # without JavaScript: a whole page


def test_the_writes_refuse_a_get(client_as: ClientAs, world: World) -> None:
    admin = client_as(world.personas.system_admin)
    for write, args in (("review_response", [1]), ("finding_set", []), ("finding_remove", [1])):
        assert admin.get(world.url(write, *args)).status_code == 405


def test_an_object_of_another_cluster_is_a_404(
    client_as: ClientAs, world: World, personas: Personas
) -> None:
    """A cell, proposal or finding addressed through a cluster it does not belong to is not
    found, even for someone who may act in both clusters."""
    others = [_agency("X-1"), personas.own]
    other_table = small_table(personas, "CUM-KHAC", others)
    for agency in others:
        submit(other_table, agency)
    services.review_round_set(actor=None, table=other_table, mode=ReviewMode.ALL)
    foreign = ReviewAssignment.objects.get(assessment__table=other_table, reviewer=personas.own)
    client = client_as(personas.member_officer)
    url = world.url("review_cell", foreign.pk, world.criterion("I.1").pk)
    assert client.get(url).status_code == 404
    mine = world.assignment(world.own, world.lead)
    foreign_criterion = Criterion.objects.get(table=other_table, code="I.1")
    assert client.get(world.url("review_cell", mine.pk, foreign_criterion.pk)).status_code == 404
    assert client.get(world.url("review_cell", mine.pk, world.criterion("I").pk)).status_code == 404
    assert client.get(world.url("review_unit", "X-1")).status_code == 404


# --- The grid ----------------------------------------------------------------------------------


def test_a_member_sees_the_units_it_reviews_with_their_self_scores_and_its_proposals(
    client_as: ClientAs, world: World
) -> None:
    world.propose(world.own, world.lead, "I.2", "12.5")
    body = client_as(world.personas.member_officer).get(world.url("review_grid")).content.decode()
    assert world.own.name in body  # the reviewer
    assert world.lead.name in body
    assert world.third.name in body
    assert f'href="{world.url("review_unit", world.own.code)}"' not in body  # not its own column
    assert ">12,5</span>" in body  # the proposal, written the Vietnamese way
    assert f'title="{REASON}"' in body
    assert body.count('class="edit"') == 2 * 3  # two units × three criteria
    cell = world.url(
        "review_cell", world.assignment(world.own, world.lead).pk, world.criterion("I.1").pk
    )
    assert f'hx-get="{cell}"' in body
    assert 'hx-target="closest td"' in body
    assert "position: sticky" in body


def test_a_member_may_open_a_single_units_column(client_as: ClientAs, world: World) -> None:
    url = f"{world.url('review_grid')}?duoc-cham={world.third.code}"
    body = client_as(world.personas.member_officer).get(url).content.decode()
    assert world.third.name in body
    assert body.count('class="edit"') == 3
    missing = f"{world.url('review_grid')}?duoc-cham=KHONG-CO"
    assert client_as(world.personas.member_officer).get(missing).status_code == 404


@pytest.mark.parametrize("persona", ["lead_officer", "system_admin", "ministry_officer"])
def test_the_leader_and_sector_managers_see_another_reviewers_grid_read_only(
    client_as: ClientAs, world: World, persona: str
) -> None:
    world.propose(world.own, world.lead, "I.1", "33")
    url = f"{world.url('review_grid')}?don-vi={world.own.code}"
    response = client_as(world.user(persona)).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "chỉ xem" in body
    assert ">33</span>" in body
    assert 'class="edit"' not in body


def test_a_member_may_not_look_at_another_reviewers_grid(client_as: ClientAs, world: World) -> None:
    url = f"{world.url('review_grid')}?don-vi={world.lead.code}"
    assert client_as(world.personas.member_officer).get(url).status_code == 403
    unknown = f"{world.url('review_grid')}?don-vi=KHONG-CO"
    assert client_as(world.personas.member_officer).get(unknown).status_code == 404


def test_without_an_assignment_an_overseer_gets_the_list_of_reviewers(
    client_as: ClientAs, world: World
) -> None:
    body = client_as(world.personas.ministry_officer).get(world.url("review_grid")).content
    text = body.decode()
    assert 'name="don-vi"' in text
    assert f'value="{world.own.code}"' in text
    assert 'class="edit"' not in text


def test_the_grid_costs_a_fixed_number_of_queries_whatever_its_size(
    client_as: ClientAs, world: World, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    client = client_as(personas.member_officer)
    client.get(world.url("review_grid"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(world.url("review_grid")).status_code == 200
    units = [*(_agency(f"Q-{i}") for i in range(7)), personas.own]  # own is a plain member
    table = small_table(personas, "CUM-LON", units)
    for agency in units:
        submit(table, agency)
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    for reviewed in units[:-1]:
        services.review_score_save(
            actor=None,
            assignment=ReviewAssignment.objects.get(
                assessment__table=table, reviewer=personas.own, assessment__agency=reviewed
            ),
            criterion=Criterion.objects.get(table=table, code="I.1"),
            points=D("20"),
            reason="Giữa năm",
            version=None,
        )
    url = reverse("scoring:review_grid", args=["CUM-LON", YEAR])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="edit"') == 7 * 3
    assert len(small.captured_queries) <= 16


# --- Saving a cell -----------------------------------------------------------------------------


def _cell(w: World, code: str = "I.1") -> str:
    return w.url("review_cell", w.assignment(w.own, w.lead).pk, w.criterion(code).pk)


def test_an_htmx_save_returns_the_display_cell_and_announces_it(
    client_as: ClientAs, world: World
) -> None:
    response = client_as(world.personas.member_officer).post(
        _cell(world), {"points": "32,5", "reason": REASON, "version": ""}, headers=HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert ">32,5</span>" in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert 'id="grid-status"' in body
    assert "Đã lưu điểm đề xuất I.1" in body
    assert " autofocus" in body  # the keyboard returns to the cell's edit link
    score = ReviewScore.objects.get()
    assert (score.points, score.reason, score.version) == (D("32.5"), REASON, 1)
    assert score.updated_by == world.personas.member_officer


def test_without_javascript_a_save_redirects_back_to_the_grid_at_the_cell(
    client_as: ClientAs, world: World
) -> None:
    response = client_as(world.personas.member_officer).post(
        _cell(world), {"points": "30", "reason": REASON, "version": ""}
    )
    assert response.status_code == 302
    assessment = world.assessment(world.lead)
    assert response["Location"] == (
        f"{world.url('review_grid')}?don-vi={world.own.code}"
        f"#o-{assessment.pk}-{world.criterion('I.1').pk}"
    )


def test_the_edit_form_carries_the_loaded_version_and_the_units_own_score(
    client_as: ClientAs, world: World
) -> None:
    world.propose(world.own, world.lead, "I.1", "30")
    world.propose(world.own, world.lead, "I.1", "31", version=1)
    body = client_as(world.personas.member_officer).get(_cell(world), headers=HX).content.decode()
    assert 'name="version" value="2"' in body
    assert 'value="31' in body
    assert REASON in body
    assert "Tự chấm: <strong>40</strong>" in body
    assert 'hx-post="' in body
    assert " autofocus" in body
    assert "<html" not in body


def test_two_officers_of_the_reviewer_saving_the_same_cell_get_a_409_with_the_saved_value(
    client_as: ClientAs, world: World
) -> None:
    """Both open the cell at version 1; the officer saves first; the leader's save is refused
    with the officer's value and name on the screen, the leader's typing kept, nothing
    written."""
    world.propose(world.own, world.lead, "I.1", "30")
    officer = client_as(world.personas.member_officer)
    leader = client_as(world.personas.agency_leader)
    for client in (officer, leader):
        assert 'name="version" value="1"' in client.get(_cell(world), headers=HX).content.decode()
    first = officer.post(
        _cell(world), {"points": "25", "reason": "Thiếu báo cáo quý", "version": "1"}, headers=HX
    )
    assert first.status_code == 200
    events = _events()
    second = leader.post(
        _cell(world),
        {"points": "38", "reason": "Lý do của lãnh đạo đơn vị", "version": "1"},
        headers=HX,
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert 'role="alert"' in body
    assert 'class="saved-value">25</strong>' in body  # the saved value
    assert "Thiếu báo cáo quý" in body
    assert "member_officer" in body  # who saved it
    assert 'value="38"' in body  # the leader's points, kept
    assert "Lý do của lãnh đạo đơn vị" in body  # and reason
    assert 'name="version" value="2"' in body  # a second save knowingly replaces the value
    score = ReviewScore.objects.get()
    assert (score.points, score.version, score.updated_by) == (
        D("25"),
        2,
        world.personas.member_officer,
    )
    assert _events() == events
    saved = AuditEvent.objects.filter(action="scoring.review_score.saved").order_by("id")
    assert [(e.actor_id, e.payload["points"]) for e in saved] == [
        (None, "30"),
        (world.personas.member_officer.pk, "25"),
    ]
    third = leader.post(
        _cell(world),
        {"points": "38", "reason": "Lý do của lãnh đạo đơn vị", "version": "2"},
        headers=HX,
    )
    assert third.status_code == 200
    assert ReviewScore.objects.get().points == D("38")


def test_without_javascript_a_conflict_is_a_whole_page_with_status_409(
    client_as: ClientAs, world: World
) -> None:
    world.propose(world.own, world.lead, "I.1", "30")
    world.propose(world.own, world.lead, "I.1", "29", version=1)
    response = client_as(world.personas.agency_leader).post(
        _cell(world), {"points": "38", "reason": "Của tôi", "version": "1"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body
    assert 'class="saved-value">29</strong>' in body
    assert "Của tôi" in body


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"points": "41", "reason": "Nhiều"}, "vượt điểm tối đa 40"),
        ({"points": "-2", "reason": "Âm"}, "không được âm"),
        ({"points": "30", "reason": "  "}, "Cần ghi lý do"),
        ({"points": "ba mươi", "reason": "Chữ"}, "số"),
    ],
)
def test_a_refused_value_is_a_422_with_the_message_and_the_input_kept(
    client_as: ClientAs, world: World, data: dict[str, str], words: str
) -> None:
    events = _events()
    response = client_as(world.personas.member_officer).post(
        _cell(world), {**data, "version": ""}, headers=HX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert words in body
    assert 'role="alert"' in body
    assert f'value="{data["points"]}"' in body
    assert data["reason"].strip() in body
    assert not ReviewScore.objects.exists()
    assert _events() == events


def test_cancelling_an_edit_puts_the_display_cell_back(client_as: ClientAs, world: World) -> None:
    world.propose(world.own, world.lead, "I.1", "27")
    response = client_as(world.personas.member_officer).get(f"{_cell(world)}?huy=1", headers=HX)
    assert response.status_code == 200
    assert ">27</span>" in response.content.decode()
    assert "<form" not in response.content.decode()


# --- The reviewed unit answers -----------------------------------------------------------------


def test_the_reviewed_unit_reads_every_proposal_with_its_reason_and_answers(
    client_as: ClientAs, world: World
) -> None:
    score = world.propose(world.lead, world.own, "I.1", "30")
    world.propose(world.third, world.own, "I.1", "35", reason="Chưa đủ minh chứng")
    client = client_as(world.personas.agency_leader)
    body = client.get(world.url("review_unit", world.own.code)).content.decode()
    assert REASON in body
    assert "Chưa đủ minh chứng" in body
    assert world.lead.name in body
    assert world.third.name in body
    assert body.count('name="response"') == 2
    answer = "Đã có Quyết định số 5/QĐ-UBND"
    response = client.post(world.url("review_response", score.pk), {"response": answer}, headers=HX)
    assert response.status_code == 200
    assert answer in response.content.decode()
    score.refresh_from_db()
    assert score.response == answer


def test_other_readers_see_the_answers_but_no_form(client_as: ClientAs, world: World) -> None:
    score = world.propose(world.lead, world.own, "I.1", "30")
    services.review_response_save(actor=None, score=score, response="Đồng ý")
    body = (
        client_as(world.lead_officer).get(world.url("review_unit", world.own.code)).content
    ).decode()
    assert "Đồng ý" in body
    assert 'name="response"' not in body


def test_an_empty_answer_is_a_422_and_without_javascript_the_page_shows_it(
    client_as: ClientAs, world: World
) -> None:
    score = world.propose(world.lead, world.own, "I.1", "30")
    client = client_as(world.personas.member_officer)
    partial = client.post(world.url("review_response", score.pk), {"response": " "}, headers=HX)
    assert partial.status_code == 422
    assert "Nội dung ý kiến không được để trống." in partial.content.decode()
    page = client.post(world.url("review_response", score.pk), {"response": " "})
    assert page.status_code == 422
    assert "<html" in page.content.decode()
    assert "Nội dung ý kiến không được để trống." in page.content.decode()


# --- The round page ----------------------------------------------------------------------------


def test_the_round_page_shows_who_reviews_whom_and_a_members_work(
    client_as: ClientAs, world: World
) -> None:
    body = client_as(world.personas.member_officer).get(world.url("reviews")).content.decode()
    assert "Mỗi đơn vị chấm tất cả các đơn vị khác" in body
    assert "6 lượt chấm" in body
    assert f"duoc-cham={world.lead.code}" in body
    assert f"duoc-cham={world.third.code}" in body
    assert world.url("review_unit", world.own.code) in body
    assert 'name="mode"' not in body  # only the leader chooses


def test_the_leader_chooses_a_team_and_a_bad_choice_is_explained(
    client_as: ClientAs, world: World
) -> None:
    client = client_as(world.lead_officer)
    body = client.get(world.url("reviews")).content.decode()
    assert 'name="mode"' in body
    assert 'name="team"' in body
    events = _events()
    alone = client.post(world.url("reviews"), {"mode": ReviewMode.TEAM, "team": [world.lead.pk]})
    assert alone.status_code == 400
    assert "ít nhất hai đơn vị" in alone.content.decode()
    assert _events() == events
    team = [world.lead.pk, world.third.pk]
    done = client.post(world.url("reviews"), {"mode": ReviewMode.TEAM, "team": team})
    assert done.status_code == 302
    assert set(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == set(team)


def test_once_a_proposal_exists_the_leader_can_no_longer_change_the_round(
    client_as: ClientAs, world: World
) -> None:
    world.propose(world.own, world.lead, "I.1", "30")
    client = client_as(world.lead_officer)
    body = client.get(world.url("reviews")).content.decode()
    assert "không đổi phân công được nữa" in body
    assert 'name="mode"' not in body
    refused = client.post(world.url("reviews"), {"mode": ReviewMode.ALL})
    assert refused.status_code == 400
    assert "không đổi phân công được nữa" in refused.content.decode()


# --- Consolidation -----------------------------------------------------------------------------


def test_the_consolidation_shows_means_normalised_means_leniency_and_pairs(
    client_as: ClientAs, world: World
) -> None:
    world.propose(world.lead, world.own, "I.1", "30")
    world.propose(world.third, world.own, "I.1", "35")
    world.propose(world.own, world.lead, "I.1", "40")
    body = client_as(world.personas.member_officer).get(world.url("consolidation")).content
    text = body.decode()
    assert ">32,5</a>" in text  # the raw mean of 30 and 35
    assert "tham khảo, không áp dụng" in text
    assert "Mức độ “dễ/khó” của các đơn vị chấm" in text
    assert "-25.0 %" in text or "-25,0 %" in text  # Đồng Tháp's mean deviation
    assert "Cặp chấm nâng điểm cho nhau" in text
    assert 'class="edit"' not in text  # a member reads, the leader edits
    assert world.url("review_unit", world.own.code) in text


def test_the_leader_edits_a_consolidated_score_in_place_and_a_conflict_is_a_409(
    client_as: ClientAs, world: World
) -> None:
    leader = client_as(world.lead_officer)
    admin = client_as(world.personas.system_admin)
    page = leader.get(world.url("consolidation")).content.decode()
    url = _post_final(world)[0]
    assert f'hx-get="{url}"' in page
    form = leader.get(url, headers=HX).content.decode()
    assert 'name="version" id="f-' in form  # a cell never saved: no version yet
    first = leader.post(url, {"points": "17", "note": "", "version": ""}, headers=HX)
    assert first.status_code == 200
    assert "<strong>17</strong>" in first.content.decode()
    second = admin.post(url, {"points": "19", "note": "Ghi chú", "version": ""}, headers=HX)
    assert second.status_code == 409
    body = second.content.decode()
    assert 'class="saved-value">17</strong>' in body
    assert "lead_officer" in body
    assert 'value="19"' in body
    assert FinalScore.objects.get().points == D("17")
    too_much = leader.post(url, {"points": "21", "note": "", "version": "1"}, headers=HX)
    assert too_much.status_code == 422
    assert "vượt điểm tối đa 20" in too_much.content.decode()


def test_a_finding_without_a_reason_is_explained_and_nothing_is_written(
    client_as: ClientAs, world: World
) -> None:
    url, data = _post_finding(world)
    events = _events()
    response = client_as(world.lead_officer).post(url, {**data, "reason": ""})
    assert response.status_code == 400
    assert "Cần ghi căn cứ, lý do." in response.content.decode()
    assert not DisqualifierFinding.objects.exists()
    assert _events() == events


def test_the_findings_are_listed_with_their_reason_and_the_leader_may_withdraw_them(
    client_as: ClientAs, world: World
) -> None:
    url, _data = _post_finding_remove(world)
    body = client_as(world.lead_officer).get(world.url("consolidation")).content.decode()
    assert "Biên bản kiểm tra số 7" in body
    assert url in body
    member = client_as(world.personas.member_officer).get(world.url("consolidation"))
    assert "Biên bản kiểm tra số 7" in member.content.decode()
    assert url not in member.content.decode()
    empty = client_as(world.lead_officer).post(url, {"reason": ""})
    assert empty.status_code == 302
    assert DisqualifierFinding.objects.exists()
