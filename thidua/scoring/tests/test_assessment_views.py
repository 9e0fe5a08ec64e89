"""The self-assessment pages (tự chấm điểm) for every persona, the HTMX row saves with their
conflicts and refusals, evidence upload and download, submission and reopening
(DESIGN.md §4.4, §4.8, §4.10).

The cluster (see ``test_assessments.build``): Đồng Tháp leads, ``own`` and Cần Thơ are members,
``other`` (the outsider's agency) is not; the default table is in use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.core.testing import Personas
from thidua.scoring.choices import AssessmentStatus
from thidua.scoring.models import (
    Evidence,
    RankingRule,
    ScoringTable,
    SelfAssessment,
    SelfScore,
)
from thidua.scoring.services import (
    evidence_attach,
    scoring_table_schedule,
    self_assessment_open,
    self_assessment_reopen,
    self_assessment_submit,
    self_score_save,
)
from thidua.scoring.tests.test_assessments import (
    EXE,
    PDF,
    YEAR,
    Setup,
    actions,
    build,
    docx_bytes,
    fill,
    stored_files,
    upload,
)

ClientAs = Callable[[Any], Client]
D = Decimal
HTMX = {"HX-Request": "true"}
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the agency that leads the cluster (the cluster leader)
]
# Who sees the cluster's self-assessments (the others: 404; anonymous: sent to log in).
READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}
# Who may make each write on ``own``'s self-assessment (the other readers: 403).
WRITERS = {
    "start": {"member_officer", "agency_leader"},
    "score": {"member_officer", "agency_leader"},
    "upload": {"member_officer", "agency_leader"},
    "remove evidence": {"member_officer", "agency_leader"},
    "submit": {"agency_leader"},
    "reopen": {"system_admin", "lead_officer"},
    "deadline": {"system_admin", "lead_officer"},
}
# Text of ``own``'s self-assessment that only its readers may see.
EXPLANATION = "Theo Báo cáo tổng kết số 45/BC-SCT"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def setup(personas: Personas) -> Setup:
    return build(personas)


def _url(name: str, setup: Setup, *extra: object, agency: Any = None) -> str:
    code, year = setup.group_year.group.code, setup.group_year.year
    if name == "assessments":
        return reverse("scoring:assessments", args=[code, year])
    agency_code = (agency or setup.personas.own).code
    return reverse(f"scoring:{name}", args=[code, year, agency_code, *extra])


def _login_redirect(url: str) -> str:
    return f"/tai-khoan/dang-nhap/?next={quote(url, safe='/')}"


def _opened(setup: Setup) -> SelfAssessment:
    assessment = setup.open()
    self_score_save(
        actor=setup.personas.member_officer,
        assessment=assessment,
        criterion=setup.criterion("I.1"),
        points=D("30"),
        explanation=EXPLANATION,
        version=None,
    )
    return assessment


def _complete(setup: Setup) -> SelfAssessment:
    assessment = setup.open()
    fill(assessment, setup.personas.member_officer)
    return assessment


def _submitted(setup: Setup) -> SelfAssessment:
    assessment = _complete(setup)
    return self_assessment_submit(actor=setup.personas.agency_leader, assessment=assessment)


def _expected(persona: str, write: str | None) -> int | str:
    if persona == "anonymous":
        return 302
    if persona not in READERS:
        return 404
    if write is None:
        return 200
    return "done" if persona in WRITERS[write] else 403


# --- Reading: every persona ----------------------------------------------------------------------


GETS: dict[str, Callable[[Setup], str]] = {
    "the members' list": lambda s: (_opened(s), _url("assessments", s))[1],
    "the self-assessment": lambda s: (_opened(s), _url("assessment", s))[1],
    "a self-assessment not started yet": lambda s: _url("assessment", s),
    "a submitted self-assessment": lambda s: (_submitted(s), _url("assessment", s))[1],
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(GETS))
def test_each_page_answers_each_persona_as_the_permission_model_says(
    client_as: ClientAs, setup: Setup, page: str, persona: str
) -> None:
    url = GETS[page](setup)
    events = actions()
    response = client_as(setup.user(persona)).get(url)
    expected = _expected(persona, None)
    assert response.status_code == expected
    assert actions() == events  # reading writes nothing
    body = response.content.decode()
    if expected == 302:
        assert response["Location"] == _login_redirect(url)
    if expected != 200:
        assert EXPLANATION not in body
        assert setup.group_year.group.name not in body
        assert setup.personas.own.name not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_evidence_download_gives_the_file_to_readers_only(
    client_as: ClientAs, setup: Setup, persona: str
) -> None:
    assessment = setup.open()
    evidence = evidence_attach(
        actor=None,
        assessment=assessment,
        criterion=setup.criterion("I.1"),
        upload=upload("Báo cáo tổng kết.pdf"),
    )
    url = _url("evidence_download", setup, evidence.pk)
    response = client_as(setup.user(persona)).get(url)
    expected = _expected(persona, None)
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert quote("Báo cáo tổng kết.pdf") in response["Content-Disposition"]
    elif expected == 302:
        assert response["Location"] == _login_redirect(url)
    else:
        assert PDF not in response.content


def test_the_evidence_is_not_served_from_a_public_media_url(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = setup.open()
    evidence = evidence_attach(
        actor=None, assessment=assessment, criterion=setup.criterion("I.1"), upload=upload("a.pdf")
    )
    body = client_as(setup.personas.member_officer).get(_url("assessment", setup)).content.decode()
    assert _url("evidence_download", setup, evidence.pk) in body
    assert evidence.file.name
    assert evidence.file.name not in body
    assert "/media/" not in body


def test_evidence_is_found_only_under_its_own_unit(client_as: ClientAs, setup: Setup) -> None:
    setup.open()
    theirs = setup.open(setup.third)
    evidence = evidence_attach(
        actor=None, assessment=theirs, criterion=setup.criterion("I.1"), upload=upload("a.pdf")
    )
    client = client_as(setup.personas.member_officer)
    assert client.get(_url("evidence_download", setup, evidence.pk)).status_code == 404
    found = client.get(_url("evidence_download", setup, evidence.pk, agency=setup.third))
    assert found.status_code == 200
    assert client.post(_url("evidence_remove", setup, evidence.pk)).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- Writing: every persona ----------------------------------------------------------------------


def _post_start(setup: Setup) -> tuple[str, dict[str, Any]]:
    return _url("assessment", setup), {}


def _post_score(setup: Setup) -> tuple[str, dict[str, Any]]:
    setup.open()
    url = _url("assessment_score", setup, setup.criterion("I.2").pk)
    return url, {"points": "12.5", "explanation": "Hai mô hình", "version": ""}


def _post_upload(setup: Setup) -> tuple[str, dict[str, Any]]:
    setup.open()
    url = _url("evidence_upload", setup, setup.criterion("I.1").pk)
    return url, {"file": upload("bao-cao.docx", docx_bytes())}


def _post_remove(setup: Setup) -> tuple[str, dict[str, Any]]:
    evidence = evidence_attach(
        actor=None,
        assessment=setup.open(),
        criterion=setup.criterion("I.1"),
        upload=upload("a.pdf"),
    )
    return _url("evidence_remove", setup, evidence.pk), {}


def _post_submit(setup: Setup) -> tuple[str, dict[str, Any]]:
    _complete(setup)
    return _url("assessment_submit", setup), {}


def _post_reopen(setup: Setup) -> tuple[str, dict[str, Any]]:
    _submitted(setup)
    return _url("assessment_reopen", setup), {"reason": "Bổ sung minh chứng tiêu chí I.2"}


def _post_deadline(setup: Setup) -> tuple[str, dict[str, Any]]:
    return _url("assessments", setup), {"deadline": "15/12/2026 17:00"}


# action → (set-up returning the URL and the POST data, the audit action of a success)
POSTS: dict[str, tuple[Callable[[Setup], tuple[str, dict[str, Any]]], str]] = {
    "start": (_post_start, "scoring.self_assessment.opened"),
    "score": (_post_score, "scoring.self_score.saved"),
    "upload": (_post_upload, "scoring.evidence.attached"),
    "remove evidence": (_post_remove, "scoring.evidence.removed"),
    "submit": (_post_submit, "scoring.self_assessment.submitted"),
    "reopen": (_post_reopen, "scoring.self_assessment.reopened"),
    "deadline": (_post_deadline, "scoring.table.scheduled"),
}


def _snapshot(setup: Setup) -> Any:
    table = ScoringTable.objects.get(pk=setup.table.pk)
    return (
        table.self_assessment_deadline,
        list(SelfAssessment.objects.order_by("pk").values_list("pk", "status", "reopened_at")),
        list(SelfScore.objects.order_by("pk").values_list("pk", "points", "version")),
        list(Evidence.objects.order_by("pk").values_list("pk", "sha256")),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(POSTS))
def test_each_write_answers_each_persona_and_a_success_writes_exactly_one_audit_event(
    client_as: ClientAs, setup: Setup, action: str, persona: str
) -> None:
    make, audited = POSTS[action]
    url, data = make(setup)
    before, events = _snapshot(setup), actions()
    response = client_as(setup.user(persona)).post(url, data)
    expected = _expected(persona, action)
    if expected == "done":
        assert response.status_code == 302
        target = _url("assessments" if action == "deadline" else "assessment", setup)
        assert response["Location"].startswith(target)
        assert actions() == [*events, audited]
        assert _snapshot(setup) != before
    else:
        assert response.status_code == expected
        assert actions() == events
        assert _snapshot(setup) == before
        if expected == 302:
            assert response["Location"] == _login_redirect(url)
        assert EXPLANATION not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_htmx_save_answers_each_persona_as_the_page_does(
    client_as: ClientAs, setup: Setup, persona: str
) -> None:
    url, data = _post_score(setup)
    events = actions()
    response = client_as(setup.user(persona)).post(url, data, headers=HTMX)
    expected = _expected(persona, "score")
    if expected == "done":
        assert response.status_code == 200
        assert actions() == [*events, "scoring.self_score.saved"]
    else:
        assert response.status_code == expected
        assert actions() == events


@pytest.mark.parametrize(
    "name", ["assessment_score", "evidence_upload", "assessment_submit", "assessment_reopen"]
)
def test_the_writes_refuse_a_get(client_as: ClientAs, setup: Setup, name: str) -> None:
    setup.open()
    extra = [setup.criterion("I.1").pk] if name in ("assessment_score", "evidence_upload") else []
    response = client_as(setup.personas.agency_leader).get(_url(name, setup, *extra))
    assert response.status_code == 405


def test_writing_another_members_assessment_is_forbidden_but_reading_it_is_not(
    client_as: ClientAs, setup: Setup
) -> None:
    theirs = setup.open(setup.third)
    self_score_save(
        actor=None,
        assessment=theirs,
        criterion=setup.criterion("I.1"),
        points=D("20"),
        explanation="Giải trình của Cần Thơ",
        version=None,
    )
    client = client_as(setup.personas.member_officer)
    page = client.get(_url("assessment", setup, agency=setup.third))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Giải trình của Cần Thơ" in body
    assert 'name="points"' not in body  # read-only
    assert "Bắt đầu tự chấm" not in body
    events = actions()
    score_url = _url("assessment_score", setup, setup.criterion("I.1").pk, agency=setup.third)
    assert client.post(score_url, {"points": "1", "version": "1"}).status_code == 403
    assert client.post(score_url, {"points": "1", "version": "1"}, headers=HTMX).status_code == 403
    assert actions() == events


def test_an_agency_outside_the_cluster_or_an_unknown_criterion_is_a_404(
    client_as: ClientAs, setup: Setup, personas: Personas
) -> None:
    setup.open()
    client = client_as(personas.system_admin)
    assert client.get(_url("assessment", setup, agency=personas.other)).status_code == 404
    assert client.get(_url("assessment", setup, agency=personas.ministry)).status_code == 404
    officer = client_as(personas.member_officer)
    assert officer.post(_url("assessment_score", setup, 999999), {"points": "1"}).status_code == (
        404
    )
    assert officer.get(_url("evidence_download", setup, 999999)).status_code == 404
    assert client.get(reverse("scoring:assessments", args=["KHONG-CO", YEAR])).status_code == 404


# --- The page ------------------------------------------------------------------------------------


def test_the_form_shows_the_tree_inputs_evidence_and_totals(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = _opened(setup)
    evidence_attach(
        actor=None,
        assessment=assessment,
        criterion=setup.criterion("I.1"),
        upload=upload("Báo cáo năm.pdf"),
    )
    i1, i2 = setup.criterion("I.1"), setup.criterion("I.2")
    body = client_as(setup.personas.member_officer).get(_url("assessment", setup)).content.decode()
    # every criterion of the tree, groups with their sums
    for criterion in setup.table.criteria.all():
        assert f"{criterion.code}</th>" in body
    group_i = setup.criterion("I")
    assert f'<strong id="sum-{group_i.pk}">30</strong>' in body
    assert '<strong id="self-total">30</strong> / 100' in body
    # a leaf: points 0..max with step 0.01, the explanation, the version, HTMX save as it goes
    assert f'<label for="score-{i1.pk}-points">Điểm tự chấm I.1</label>' in body
    assert f'id="score-{i1.pk}-points" name="points" value="30"' in body
    assert 'min="0" max="35.00" step="0.01"' in body
    assert "tối đa 35 điểm" in body
    assert f'<label for="score-{i1.pk}-explanation">Giải trình I.1</label>' in body
    assert EXPLANATION in body
    assert '<input type="hidden" name="version" value="1">' in body
    assert f'hx-post="{_url("assessment_score", setup, i1.pk)}"' in body
    assert 'hx-trigger="change delay:400ms, submit"' in body
    assert f'action="{_url("assessment_score", setup, i1.pk)}"' in body  # works without JS
    assert 'aria-live="polite"' in body
    assert f'id="score-{i2.pk}-points" name="points" value=""' in body
    assert "Chưa chấm" in body
    # evidence: the list with download links, the upload input, required ones marked
    assert "Báo cáo năm.pdf" in body
    assert 'accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx"' in body
    assert f'action="{_url("evidence_upload", setup, i1.pk)}"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "Bắt buộc có minh chứng" in body
    assert "Xóa" in body
    # the officer cannot submit; the list of what is missing is shown
    assert _url("assessment_submit", setup) not in body
    assert "Tiêu chí I.2 chưa có điểm." in body
    assert "Lịch sử thay đổi" in body


def test_the_leader_sees_the_submit_button_and_the_cluster_leader_does_not(
    client_as: ClientAs, setup: Setup
) -> None:
    _opened(setup)
    leader = client_as(setup.personas.agency_leader).get(_url("assessment", setup))
    assert _url("assessment_submit", setup) in leader.content.decode()
    lead = client_as(setup.lead_officer).get(_url("assessment", setup)).content.decode()
    assert _url("assessment_submit", setup) not in lead
    assert 'name="points"' not in lead
    assert _url("assessment_reopen", setup) not in lead  # nothing to reopen yet


def test_a_unit_starts_its_self_assessment_with_the_button(
    client_as: ClientAs, setup: Setup
) -> None:
    client = client_as(setup.personas.member_officer)
    body = client.get(_url("assessment", setup)).content.decode()
    assert "Đơn vị chưa lập bản tự chấm điểm." in body
    assert "Bắt đầu tự chấm" in body
    response = client.post(_url("assessment", setup), follow=True)
    assert response.redirect_chain == [(_url("assessment", setup), 302)]
    assert SelfAssessment.objects.filter(agency=setup.personas.own).count() == 1
    assert 'name="points"' in response.content.decode()
    # pressing it again changes nothing
    events = actions()
    client.post(_url("assessment", setup))
    assert actions() == events


def test_a_reader_who_may_not_edit_gets_no_start_button(client_as: ClientAs, setup: Setup) -> None:
    body = client_as(setup.personas.ministry_officer).get(_url("assessment", setup))
    assert "Bắt đầu tự chấm" not in body.content.decode()


# --- Saving a row --------------------------------------------------------------------------------


def test_the_htmx_save_returns_the_row_partial_with_the_saved_status_and_new_totals(
    client_as: ClientAs, setup: Setup
) -> None:
    _opened(setup)
    i2 = setup.criterion("I.2")
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i2.pk),
        {"points": "12,5", "explanation": "Hai mô hình", "version": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith(f'<div class="score-entry" id="score-{i2.pk}">')
    assert "✓ Đã lưu" in body
    assert '<input type="hidden" name="version" value="1">' in body
    # only the status and version are swapped, so what the user types meanwhile is kept
    assert response["HX-Retarget"] == f"#score-{i2.pk}-meta"
    assert response["HX-Reselect"] == f"#score-{i2.pk}-meta"
    assert response["HX-Reswap"] == "outerHTML"
    # the sums come along out of band
    group_i = setup.criterion("I")
    assert f'<strong id="sum-{group_i.pk}" hx-swap-oob="true">42,50</strong>' in body
    assert '<strong id="self-total" hx-swap-oob="true">42,50</strong>' in body
    score = SelfScore.objects.get(criterion=i2)
    assert (score.points, score.explanation, score.version) == (D("12.5"), "Hai mô hình", 1)


def test_a_conflicting_save_returns_409_with_the_saved_value_and_what_the_user_typed(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = _opened(setup)  # I.1 saved at version 1
    i1 = setup.criterion("I.1")
    self_score_save(
        actor=setup.personas.agency_leader,
        assessment=assessment,
        criterion=i1,
        points=D("33"),
        explanation="Lãnh đạo đã sửa",
        version=1,
    )
    events = actions()
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i1.pk),
        {"points": "28", "explanation": "Của cán bộ", "version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" not in body
    assert "Điểm của tiêu chí I.1 vừa được người khác lưu; đây là giá trị đã lưu." in body
    assert 'role="alert"' in body
    assert f'id="score-{i1.pk}-points" name="points" value="33"' in body  # the saved value
    assert "Lãnh đạo đã sửa</textarea>" in body
    assert '<input type="hidden" name="version" value="2">' in body
    assert "bởi agency_leader" in body
    assert "Bạn đã nhập: <strong>28</strong> — <q>Của cán bộ</q>" in body  # nothing lost
    assert '<input type="hidden" name="points" value="28">' in body  # one click re-applies it
    assert "Thay bằng giá trị tôi đã nhập" in body
    assert "HX-Retarget" not in response  # the whole row is replaced
    assert actions() == events
    assert SelfScore.objects.get(criterion=i1).points == D("33")
    # re-applying it with the version now on screen saves it
    again = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i1.pk),
        {"points": "28", "explanation": "Của cán bộ", "version": "2"},
        headers=HTMX,
    )
    assert again.status_code == 200
    assert SelfScore.objects.get(criterion=i1).points == D("28")


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("36", "Điểm 36 vượt điểm tối đa 35 của tiêu chí I.1."),
        ("-2", "Điểm không được âm."),
        ("1.234", "Điểm chỉ lấy tới hai chữ số thập phân."),
        ("nhiều", "Nhập một số."),
    ],
)
def test_a_refused_value_returns_422_with_the_error_and_the_input_kept(
    client_as: ClientAs, setup: Setup, points: str, message: str
) -> None:
    _opened(setup)
    i1 = setup.criterion("I.1")
    events = actions()
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i1.pk),
        {"points": points, "explanation": "Giải trình mới", "version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" not in body
    assert message in body
    assert f'name="points" value="{points}"' in body
    assert 'aria-invalid="true"' in body
    assert "Giải trình mới</textarea>" in body
    assert '<input type="hidden" name="version" value="1">' in body
    assert actions() == events
    assert SelfScore.objects.get(criterion=i1).points == D("30")


def test_without_javascript_a_save_redirects_back_to_the_row_with_a_message(
    client_as: ClientAs, setup: Setup
) -> None:
    _opened(setup)
    i2 = setup.criterion("I.2")
    client = client_as(setup.personas.member_officer)
    url = _url("assessment_score", setup, i2.pk)
    response = client.post(url, {"points": "10", "explanation": "", "version": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{_url('assessment', setup)}#tieu-chi-{i2.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu điểm tiêu chí I.2." in page
    assert f'id="score-{i2.pk}-points" name="points" value="10"' in page


def test_without_javascript_a_refused_save_shows_the_page_with_the_input_kept(
    client_as: ClientAs, setup: Setup
) -> None:
    _opened(setup)
    i2 = setup.criterion("I.2")
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i2.pk),
        {"points": "16", "explanation": "Ba mô hình", "version": ""},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" in body
    assert "Điểm 16 vượt điểm tối đa 15 của tiêu chí I.2." in body
    assert f'id="score-{i2.pk}-points" name="points" value="16"' in body
    assert "Ba mô hình</textarea>" in body


def test_without_javascript_a_conflict_shows_the_page_with_both_values(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = _opened(setup)
    i1 = setup.criterion("I.1")
    self_score_save(
        actor=setup.personas.agency_leader,
        assessment=assessment,
        criterion=i1,
        points=D("33"),
        explanation="Lãnh đạo đã sửa",
        version=1,
    )
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, i1.pk),
        {"points": "28", "explanation": "Của cán bộ", "version": "1"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body
    assert "Điểm của tiêu chí I.1 vừa được người khác lưu; đây là giá trị đã lưu." in body
    assert f'id="score-{i1.pk}-points" name="points" value="33"' in body
    assert "Bạn đã nhập: <strong>28</strong> — <q>Của cán bộ</q>" in body
    assert "Thay bằng giá trị tôi đã nhập" in body


def test_a_group_cannot_be_scored(client_as: ClientAs, setup: Setup) -> None:
    _opened(setup)
    group = setup.criterion("I")
    events = actions()
    response = client_as(setup.personas.member_officer).post(
        _url("assessment_score", setup, group.pk), {"points": "10", "version": ""}, headers=HTMX
    )
    assert response.status_code == 422
    assert "I là nhóm; điểm được chấm ở các tiêu chí con." in response.content.decode()
    assert actions() == events


# --- Evidence ------------------------------------------------------------------------------------


def test_an_uploaded_word_document_is_listed_with_its_download_link(
    client_as: ClientAs, setup: Setup
) -> None:
    setup.open()
    i1 = setup.criterion("I.1")
    client = client_as(setup.personas.member_officer)
    content = docx_bytes()
    response = client.post(
        _url("evidence_upload", setup, i1.pk), {"file": upload("Báo cáo.docx", content)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_url('assessment', setup)}#tieu-chi-{i1.pk}"
    evidence = Evidence.objects.get()
    page = client.get(_url("assessment", setup)).content.decode()
    assert "Đã tải lên minh chứng Báo cáo.docx cho tiêu chí I.1." in page
    assert _url("evidence_download", setup, evidence.pk) in page
    download = client.get(_url("evidence_download", setup, evidence.pk))
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "Nội dung tệp report.pdf không đúng với đuôi .pdf của nó."),
        ("bao-cao.docx", PDF, "Nội dung tệp bao-cao.docx không đúng với đuôi .docx của nó."),
        ("virus.exe", EXE, "Chỉ nhận tệp PDF, ảnh (PNG, JPEG), Word hoặc Excel"),
        ("rong.pdf", b"", "Tệp rỗng."),
    ],
    ids=["disguised program", "disguised PDF", "wrong type", "empty"],
)
def test_a_refused_upload_shows_why_beside_the_input_and_writes_nothing(
    client_as: ClientAs,
    setup: Setup,
    media_root: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    setup.open()
    i1 = setup.criterion("I.1")
    events = actions()
    response = client_as(setup.personas.member_officer).post(
        _url("evidence_upload", setup, i1.pk), {"file": upload(name, content)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'id="evidence-{i1.pk}-error"' in body
    assert 'aria-invalid="true"' in body
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []
    assert actions() == events


def test_a_too_big_upload_is_refused(
    client_as: ClientAs, setup: Setup, settings: Any, media_root: Path
) -> None:
    settings.THIDUA_EVIDENCE_MAX_MB = 1
    setup.open()
    big = PDF + b"0" * (1024 * 1024)
    response = client_as(setup.personas.member_officer).post(
        _url("evidence_upload", setup, setup.criterion("I.1").pk), {"file": upload("lon.pdf", big)}
    )
    assert response.status_code == 400
    assert "Tệp lon.pdf lớn hơn 1 MB cho phép." in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_an_upload_without_a_file_is_refused(client_as: ClientAs, setup: Setup) -> None:
    setup.open()
    response = client_as(setup.personas.member_officer).post(
        _url("evidence_upload", setup, setup.criterion("I.1").pk), {}
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_removing_evidence_deletes_it(
    client_as: ClientAs, setup: Setup, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    url, _data = _post_remove(setup)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(setup.personas.member_officer).post(url, follow=True)
    assert "Đã xóa minh chứng a.pdf." in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


# --- Submission ----------------------------------------------------------------------------------


def test_submitting_makes_the_form_read_only_and_names_who_and_when(
    client_as: ClientAs, setup: Setup
) -> None:
    _complete(setup)
    client = client_as(setup.personas.agency_leader)
    response = client.post(_url("assessment_submit", setup), follow=True)
    body = response.content.decode()
    assert "Đã nộp bản tự chấm điểm." in body
    assessment = SelfAssessment.objects.get(agency=setup.personas.own)
    assert assessment.status == AssessmentStatus.SUBMITTED
    at = timezone.localtime(assessment.submitted_at).strftime("%H:%M %d/%m/%Y")
    assert f"Đã nộp lúc {at} bởi agency_leader" in body
    assert re.search(r"Đã nộp lúc \d\d:\d\d \d\d/\d\d/\d{4}", body)
    assert 'name="points"' not in body
    assert 'name="explanation"' not in body
    assert 'type="file"' not in body
    assert _url("assessment_submit", setup) not in body
    assert "Xóa" not in body
    # and a save that a stale tab still sends is refused
    stale = client.post(
        _url("assessment_score", setup, setup.criterion("I.1").pk),
        {"points": "1", "version": "1"},
        headers=HTMX,
    )
    assert stale.status_code == 422
    assert "Bản tự chấm điểm đã nộp; chỉ xem được." in stale.content.decode()


def test_a_submission_with_missing_scores_and_evidence_lists_each_one(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = setup.open()
    fill(assessment, setup.personas.member_officer, evidence=False)
    self_score_save(
        actor=None,
        assessment=assessment,
        criterion=setup.criterion("V.1"),
        points=None,
        explanation="",
        version=1,
    )
    events = actions()
    response = client_as(setup.personas.agency_leader).post(_url("assessment_submit", setup))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa nộp được." in body
    assert "<li>Tiêu chí V.1 chưa có điểm.</li>" in body
    assert "<li>Tiêu chí I.1 bắt buộc có minh chứng nhưng chưa có tệp nào.</li>" in body
    assert SelfAssessment.objects.get().status == AssessmentStatus.DRAFT
    assert actions() == events


def test_a_submission_after_the_deadline_is_refused_until_the_cluster_leader_reopens(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = _complete(setup)
    self_assessment_submit(actor=setup.personas.agency_leader, assessment=assessment)
    passed = timezone.now() - dt.timedelta(hours=1)
    scoring_table_schedule(actor=None, table=setup.table, deadline=passed)
    # reopened by the cluster leader: submitting again is allowed although the deadline passed
    lead = client_as(setup.lead_officer)
    response = lead.post(_url("assessment_reopen", setup), {"reason": "Sửa tiêu chí I.1"})
    assert response.status_code == 302
    leader = client_as(setup.personas.agency_leader)
    assert leader.post(_url("assessment_submit", setup)).status_code == 302
    assert SelfAssessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_a_late_first_submission_is_refused_with_the_deadline(
    client_as: ClientAs, setup: Setup
) -> None:
    _complete(setup)
    passed = timezone.make_aware(dt.datetime(2026, 1, 10, 17, 0))
    scoring_table_schedule(actor=None, table=setup.table, deadline=passed)
    events = actions()
    response = client_as(setup.personas.agency_leader).post(_url("assessment_submit", setup))
    assert response.status_code == 400
    assert "Đã quá hạn nộp (17:00 10/01/2026)." in response.content.decode()
    assert actions() == events


# --- Reopening -----------------------------------------------------------------------------------


def test_the_cluster_leader_reopens_with_a_reason(client_as: ClientAs, setup: Setup) -> None:
    _submitted(setup)
    client = client_as(setup.lead_officer)
    page = client.get(_url("assessment", setup)).content.decode()
    assert _url("assessment_reopen", setup) in page
    assert 'name="reason"' in page
    assert "required" in page
    response = client.post(
        _url("assessment_reopen", setup), {"reason": "Bổ sung minh chứng"}, follow=True
    )
    body = response.content.decode()
    assert "Đã mở lại bản tự chấm điểm để đơn vị sửa và nộp lại." in body
    assert "Cụm trưởng đã mở lại lúc" in body
    assert SelfAssessment.objects.get().status == AssessmentStatus.DRAFT


def test_reopening_without_a_reason_is_refused_on_the_field(
    client_as: ClientAs, setup: Setup
) -> None:
    _submitted(setup)
    events = actions()
    response = client_as(setup.lead_officer).post(
        _url("assessment_reopen", setup), {"reason": "   "}
    )
    assert response.status_code == 400
    assert "Cần ghi lý do mở lại." in response.content.decode()
    assert SelfAssessment.objects.get().status == AssessmentStatus.SUBMITTED
    assert actions() == events


def test_reopening_a_draft_is_refused_with_a_message(client_as: ClientAs, setup: Setup) -> None:
    _opened(setup)
    events = actions()
    response = client_as(setup.lead_officer).post(
        _url("assessment_reopen", setup), {"reason": "Sửa"}, follow=True
    )
    assert "Chỉ mở lại được bản đã nộp." in response.content.decode()
    assert actions() == events


# --- The members' list and the deadline ----------------------------------------------------------


def test_the_list_shows_each_members_state_and_links(client_as: ClientAs, setup: Setup) -> None:
    assessment = _submitted(setup)
    self_assessment_open(actor=None, table=setup.table, agency=setup.third)
    body = client_as(setup.personas.member_officer).get(_url("assessments", setup))
    text = body.content.decode()
    at = timezone.localtime(assessment.submitted_at).strftime("%H:%M %d/%m/%Y")
    assert f"Đã nộp lúc {at}" in text
    assert "Đang chấm" in text
    assert "Chưa lập" in text  # Đồng Tháp
    for agency in (setup.lead, setup.personas.own, setup.third):
        assert _url("assessment", setup, agency=agency) in text
    assert "chưa đặt" in text
    assert 'name="deadline"' not in text  # only the cluster leader sets it


def test_the_cluster_leader_sets_the_deadline_in_vietnamese_format(
    client_as: ClientAs, setup: Setup
) -> None:
    rule = RankingRule.objects.order_by("valid_from").first()
    scoring_table_schedule(actor=None, table=setup.table, deadline=None, ranking_rule=rule)
    client = client_as(setup.lead_officer)
    assert 'name="deadline"' in client.get(_url("assessments", setup)).content.decode()
    response = client.post(
        _url("assessments", setup), {"deadline": "15/12/2026 17:00"}, follow=True
    )
    assert "Đã lưu hạn nộp bản tự chấm điểm." in response.content.decode()
    assert "17:00 15/12/2026" in response.content.decode()
    table = ScoringTable.objects.get(pk=setup.table.pk)
    assert table.self_assessment_deadline == timezone.make_aware(dt.datetime(2026, 12, 15, 17, 0))
    assert table.ranking_rule == rule  # setting the deadline keeps the cluster's ranking rule
    assert 'value="15/12/2026 17:00"' in client.get(_url("assessments", setup)).content.decode()


def test_a_bad_deadline_is_refused_with_a_field_error(client_as: ClientAs, setup: Setup) -> None:
    events = actions()
    response = client_as(setup.lead_officer).post(
        _url("assessments", setup), {"deadline": "31/02/2026 25:00"}
    )
    assert response.status_code == 400
    assert "Chưa lưu được" in response.content.decode()
    assert ScoringTable.objects.get(pk=setup.table.pk).self_assessment_deadline is None
    assert actions() == events


def test_a_reopened_self_assessment_is_marked_in_the_list(
    client_as: ClientAs, setup: Setup
) -> None:
    assessment = _submitted(setup)
    self_assessment_reopen(actor=None, assessment=assessment, reason="Sửa")
    text = client_as(setup.personas.agency_leader).get(_url("assessments", setup)).content.decode()
    assert "đã được mở lại" in text
