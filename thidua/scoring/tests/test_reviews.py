"""Cross-review (chấm chéo): balanced assignments, the round, proposals with reasons and the
optimistic lock, the reviewed unit's responses, consolidated scores, disqualifier findings,
and the review statistics (leniency, reciprocal pairs, normalised proposals)."""

from __future__ import annotations

import io
import threading
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError, EditConflict, IllegalTransition
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring import grids, review_stats, services
from thidua.scoring.choices import ReviewMode
from thidua.scoring.imports import scoring_table_import
from thidua.scoring.models import (
    Criterion,
    DisqualifierFinding,
    FinalScore,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
    SelfAssessment,
)
from thidua.scoring.services.reviews import balanced_pairs

D = Decimal
YEAR = 2026
# A small table of 100 points, no evidence required, one disqualifier decided by hand and one
# read from the conduct record.
SMALL_TABLE = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Nhiệm vụ chuyên môn,60,không,\n"
    "I.1,I,criterion,Hoàn thành chỉ tiêu kế hoạch năm,40,không,\n"
    "I.2,I,criterion,Mô hình mới,20,không,\n"
    "II,,group,Công tác thi đua,40,không,\n"
    "II.1,II,criterion,Báo cáo đúng hạn,40,không,\n"
    ",,disqualifier,Vi phạm quy chế hoạt động của cụm,,,\n"
    ",,disqualifier,Có đảng viên bị kỷ luật,,,disciplined_party_members\n"
)
FULL = {"I.1": "40", "I.2": "20", "II.1": "40"}


def _agency(code: str, name: str | None = None) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name or f"Sở Công Thương {code}",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def small_table(personas: Personas, code: str, members: list[Agency]) -> ScoringTable:
    """An active table of ``SMALL_TABLE`` for a cluster of ``members`` (the first leads)."""
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=members, leader=members[0]),
    )
    table = services.scoring_table_create_default(actor=None, group_year=group_year)
    scoring_table_import(
        actor=None, table=table, stream=io.BytesIO(SMALL_TABLE.encode()), filename="bang.csv"
    )
    return services.scoring_table_activate(actor=None, table=table)


def submit(table: ScoringTable, agency: Agency, points: dict[str, str] | None = None) -> Any:
    """The unit's self-assessment with ``points`` (every criterion at its maximum by default),
    submitted."""
    assessment = services.self_assessment_open(actor=None, table=table, agency=agency)
    for code, value in {**FULL, **(points or {})}.items():
        services.self_score_save(
            actor=None,
            assessment=assessment,
            criterion=criterion(table, code),
            points=D(value),
            explanation="",
            version=None,
        )
    return services.self_assessment_submit(actor=None, assessment=assessment)


def criterion(table: ScoringTable, code: str) -> Criterion:
    return Criterion.objects.get(table=table, code=code)


def assignment(table: ScoringTable, reviewer: Agency, reviewed: Agency) -> ReviewAssignment:
    return ReviewAssignment.objects.get(
        assessment__table=table, assessment__agency=reviewed, reviewer=reviewer
    )


def propose(
    table: ScoringTable,
    reviewer: Agency,
    reviewed: Agency,
    code: str,
    points: str,
    *,
    actor: Any = None,
    version: int | None = None,
    reason: str = "Đối chiếu báo cáo năm",
) -> ReviewScore:
    return services.review_score_save(
        actor=actor,
        assignment=assignment(table, reviewer, reviewed),
        criterion=criterion(table, code),
        points=D(points),
        reason=reason,
        version=version,
    )


def _events(action: str | None = None) -> list[str]:
    events = AuditEvent.objects.order_by("id")
    if action is not None:
        events = events.filter(action=action)
    return list(events.values_list("action", flat=True))


def _officer(username: str, agency: Agency, role: Role = Role.AGENCY_OFFICER) -> User:
    user = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
    membership_grant(actor=None, user=user, role=role, agency=agency)
    return user


@dataclass
class World:
    """A cluster of four units A (the leader), B, C, D with the small table, every unit
    submitted, and two officers of A."""

    personas: Personas
    units: list[Agency]
    table: ScoringTable
    a_officer: User
    a_leader: User

    def unit(self, letter: str) -> Agency:
        return self.units["ABCD".index(letter)]


@pytest.fixture
def world(personas: Personas) -> World:
    units = [_agency(f"U-{letter}", f"Đơn vị {letter}") for letter in "ABCD"]
    table = small_table(personas, "CUM-CC", units)
    for unit in units:
        submit(table, unit)
    return World(
        personas,
        units,
        table,
        _officer("a_officer", units[0]),
        _officer("a_leader", units[0], Role.AGENCY_LEADER),
    )


# --- Balanced assignments ----------------------------------------------------------------------


def _in_out(pairs: list[tuple[int, int]]) -> tuple[Counter[int], Counter[int]]:
    return Counter(r for r, _ in pairs), Counter(b for _, b in pairs)


def test_in_mode_all_every_unit_reviews_every_other_and_never_itself() -> None:
    pairs = balanced_pairs([1, 2, 3, 4], mode=ReviewMode.ALL)
    assert len(pairs) == 12 == len(set(pairs))
    assert all(a != b for a, b in pairs)
    reviews, reviewed = _in_out(pairs)
    assert set(reviews.values()) == set(reviewed.values()) == {3}


def test_in_mode_assigned_every_unit_reviews_and_is_reviewed_per_unit_times() -> None:
    pairs = balanced_pairs([10, 20, 30, 40, 50], mode=ReviewMode.ASSIGNED, per_unit=2)
    assert len(pairs) == 10 == len(set(pairs))
    assert all(a != b for a, b in pairs)
    reviews, reviewed = _in_out(pairs)
    assert reviews == reviewed == Counter({10: 2, 20: 2, 30: 2, 40: 2, 50: 2})


@given(n=st.integers(min_value=2, max_value=40), data=st.data())
def test_any_assigned_round_is_balanced_and_never_pairs_a_unit_with_itself(
    n: int, data: st.DataObject
) -> None:
    per_unit = data.draw(st.integers(min_value=1, max_value=n - 1))
    units = list(range(100, 100 + n))
    pairs = balanced_pairs(units, mode=ReviewMode.ASSIGNED, per_unit=per_unit)
    assert len(pairs) == len(set(pairs)) == n * per_unit
    assert all(a != b for a, b in pairs)
    reviews, reviewed = _in_out(pairs)
    assert set(reviews) == set(reviewed) == set(units)
    assert set(reviews.values()) == set(reviewed.values()) == {per_unit}


@pytest.mark.parametrize("per_unit", [0, 4, -1])
def test_in_mode_assigned_per_unit_lies_between_one_and_the_others(per_unit: int) -> None:
    with pytest.raises(DomainError) as refused:
        balanced_pairs([1, 2, 3, 4], mode=ReviewMode.ASSIGNED, per_unit=per_unit)
    assert refused.value.field == "per_unit"
    assert "từ 1 đến 3" in refused.value.message


def test_in_mode_team_each_member_of_the_team_reviews_every_unit_but_its_own() -> None:
    pairs = balanced_pairs([1, 2, 3, 4, 5], mode=ReviewMode.TEAM, team=[2, 4])
    assert all(a != b for a, b in pairs)
    reviews, reviewed = _in_out(pairs)
    assert reviews == Counter({2: 4, 4: 4})
    # each unit is reviewed by the whole team, a team member by the rest of the team
    assert reviewed == Counter({1: 2, 2: 1, 3: 2, 4: 1, 5: 2})


@given(n=st.integers(min_value=2, max_value=25), data=st.data())
def test_any_team_round_has_every_unit_reviewed_and_nobody_reviewing_itself(
    n: int, data: st.DataObject
) -> None:
    units = list(range(1, n + 1))
    team = data.draw(st.lists(st.sampled_from(units), min_size=2, max_size=n, unique=True))
    pairs = balanced_pairs(units, mode=ReviewMode.TEAM, team=team)
    assert all(a != b for a, b in pairs)
    assert len(pairs) == len(set(pairs))
    reviews, reviewed = _in_out(pairs)
    assert set(reviews) == set(team)
    assert set(reviewed) == set(units)
    assert all(reviewed[u] == len(team) - (u in team) for u in units)


def test_a_team_needs_two_member_units() -> None:
    with pytest.raises(DomainError) as alone:
        balanced_pairs([1, 2, 3], mode=ReviewMode.TEAM, team=[2])
    assert alone.value.field == "team"
    with pytest.raises(DomainError) as outside:
        balanced_pairs([1, 2, 3], mode=ReviewMode.TEAM, team=[2, 9])
    assert outside.value.field == "team"


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        balanced_pairs([1, 2, 3], mode="random")
    assert refused.value.field == "mode"


# --- The round ---------------------------------------------------------------------------------


def test_the_leader_sets_the_round_with_one_audit_event(world: World) -> None:
    events = _events()
    created = services.review_round_set(
        actor=world.a_officer, table=world.table, mode=ReviewMode.ASSIGNED, per_unit=2
    )
    assert len(created) == 8
    world.table.refresh_from_db()
    assert world.table.review_mode == ReviewMode.ASSIGNED
    assert _events() == [*events, "scoring.review_round.set"]
    assert not ReviewAssignment.objects.filter(
        reviewer=world.unit("B"), assessment__agency=world.unit("B")
    ).exists()


def test_a_new_round_replaces_the_old_one_until_someone_proposes(world: World) -> None:
    services.review_round_set(actor=None, table=world.table, mode=ReviewMode.ALL)
    services.review_round_set(
        actor=None, table=world.table, mode=ReviewMode.TEAM, team=[world.unit("A"), world.unit("C")]
    )
    reviewers = set(
        ReviewAssignment.objects.filter(assessment__table=world.table).values_list(
            "reviewer__code", flat=True
        )
    )
    assert reviewers == {"U-A", "U-C"}
    assert ReviewAssignment.objects.filter(assessment__table=world.table).count() == 6


def test_the_round_is_refused_before_every_member_has_submitted(personas: Personas) -> None:
    units = [_agency(f"W-{i}") for i in range(3)]
    table = small_table(personas, "CUM-CHO", units)
    submit(table, units[0])
    services.self_assessment_open(actor=None, table=table, agency=units[1])  # a draft
    events = _events()
    with pytest.raises(DomainError) as refused:
        services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    assert units[1].name in refused.value.message
    assert units[2].name in refused.value.message
    assert units[0].name not in refused.value.message
    assert not ReviewAssignment.objects.exists()
    assert _events() == events


def test_the_round_cannot_change_once_a_reviewer_has_proposed(world: World) -> None:
    services.review_round_set(actor=None, table=world.table, mode=ReviewMode.ALL)
    propose(world.table, world.unit("B"), world.unit("A"), "I.1", "35")
    before = list(ReviewAssignment.objects.order_by("pk").values_list("pk", flat=True))
    events = _events()
    with pytest.raises(IllegalTransition):
        services.review_round_set(
            actor=None, table=world.table, mode=ReviewMode.ASSIGNED, per_unit=1
        )
    assert list(ReviewAssignment.objects.order_by("pk").values_list("pk", flat=True)) == before
    assert _events() == events
    world.table.refresh_from_db()
    assert world.table.review_mode == ReviewMode.ALL


# --- Proposals ---------------------------------------------------------------------------------


@pytest.fixture
def round_all(world: World) -> World:
    services.review_round_set(actor=None, table=world.table, mode=ReviewMode.ALL)
    return world


def test_a_proposal_is_saved_with_its_reason_and_one_audit_event(round_all: World) -> None:
    w = round_all
    events = _events()
    score = propose(w.table, w.unit("A"), w.unit("B"), "I.1", "32.5", actor=w.a_officer)
    assert (score.points, score.reason, score.version) == (D("32.5"), "Đối chiếu báo cáo năm", 1)
    assert _events() == [*events, "scoring.review_score.saved"]
    event = AuditEvent.objects.latest("id")
    assert event.actor == w.a_officer
    assert event.payload == {
        "criterion": "I.1",
        "reviewer": "U-A",
        "points": "32.5",
        "version": 1,
    }


@pytest.mark.parametrize(
    ("points", "reason", "field", "words"),
    [
        ("32", "   ", "reason", "Cần ghi lý do"),
        ("40.5", "Quá điểm", "points", "vượt điểm tối đa 40"),
        ("-1", "Âm", "points", "không được âm"),
        ("3.125", "Ba chữ số thập phân", "points", "hai chữ số thập phân"),
    ],
)
def test_a_proposal_needs_a_reason_and_points_within_zero_and_the_maximum(
    round_all: World, points: str, reason: str, field: str, words: str
) -> None:
    w = round_all
    events = _events()
    with pytest.raises(DomainError) as refused:
        propose(w.table, w.unit("A"), w.unit("B"), "I.1", points, reason=reason)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not ReviewScore.objects.exists()
    assert _events() == events


def test_a_group_receives_no_proposal(round_all: World) -> None:
    w = round_all
    with pytest.raises(DomainError):
        propose(w.table, w.unit("A"), w.unit("B"), "I", "50")
    assert not ReviewScore.objects.exists()


def test_a_reopened_self_assessment_is_not_reviewed_until_resubmitted(round_all: World) -> None:
    w = round_all
    services.self_assessment_reopen(
        actor=None,
        assessment=SelfAssessment.objects.get(table=w.table, agency=w.unit("B")),
        reason="Bổ sung minh chứng",
    )
    with pytest.raises(IllegalTransition):
        propose(w.table, w.unit("A"), w.unit("B"), "I.1", "30")
    assert not ReviewScore.objects.exists()


def test_two_officers_of_one_reviewer_saving_the_same_cell_at_once_lose_nothing(
    round_all: World,
) -> None:
    """Both load version N; the first save wins; the second gets the saved value back, writes
    nothing, and the audit log holds exactly the accepted changes."""
    w = round_all
    first = propose(w.table, w.unit("A"), w.unit("B"), "I.1", "36", actor=w.a_officer)
    loaded = first.version  # both officers open the cell at version N
    events = _events("scoring.review_score.saved")
    accepted = propose(
        w.table,
        w.unit("A"),
        w.unit("B"),
        "I.1",
        "30",
        actor=w.a_officer,
        version=loaded,
        reason="Thiếu chỉ tiêu xuất khẩu",
    )
    assert accepted.version == loaded + 1
    with pytest.raises(EditConflict) as conflict:
        propose(
            w.table,
            w.unit("A"),
            w.unit("B"),
            "I.1",
            "38",
            actor=w.a_leader,
            version=loaded,
            reason="Đạt gần đủ",
        )
    saved = conflict.value.current
    assert isinstance(saved, ReviewScore)
    assert (saved.points, saved.reason, saved.version) == (D("30"), "Thiếu chỉ tiêu xuất khẩu", 2)
    assert saved.updated_by == w.a_officer
    assert "I.1" in conflict.value.message
    stored = ReviewScore.objects.get()
    assert (stored.points, stored.reason, stored.version) == (
        D("30"),
        "Thiếu chỉ tiêu xuất khẩu",
        2,
    )
    assert _events("scoring.review_score.saved") == [*events, "scoring.review_score.saved"]
    last = AuditEvent.objects.latest("id")
    assert (last.actor, last.payload["points"], last.payload["version"]) == (w.a_officer, "30", 2)


def test_two_officers_creating_the_same_cell_at_once_lose_nothing(round_all: World) -> None:
    w = round_all
    propose(w.table, w.unit("A"), w.unit("B"), "I.1", "36", actor=w.a_officer, version=None)
    with pytest.raises(EditConflict) as conflict:
        propose(w.table, w.unit("A"), w.unit("B"), "I.1", "20", actor=w.a_leader, version=None)
    assert isinstance(conflict.value.current, ReviewScore)
    assert conflict.value.current.points == D("36")
    assert ReviewScore.objects.get().points == D("36")
    assert len(_events("scoring.review_score.saved")) == 1


def test_the_reviewed_unit_answers_a_proposal(round_all: World) -> None:
    w = round_all
    score = propose(w.table, w.unit("B"), w.unit("A"), "I.2", "15")
    with pytest.raises(DomainError) as empty:
        services.review_response_save(actor=w.a_officer, score=score, response="  ")
    assert empty.value.field == "response"
    events = _events()
    services.review_response_save(
        actor=w.a_officer, score=score, response="Đã có Quyết định công nhận mô hình"
    )
    score.refresh_from_db()
    assert score.response == "Đã có Quyết định công nhận mô hình"
    assert score.version == 1  # an answer is not a new version of the proposal
    assert _events() == [*events, "scoring.review_response.saved"]


# --- Consolidated scores and findings ----------------------------------------------------------


def _final(w: World, agency: Agency, code: str, points: str, **kwargs: Any) -> FinalScore:
    kwargs.setdefault("actor", None)
    kwargs.setdefault("version", None)
    return services.final_score_save(
        assessment=SelfAssessment.objects.get(table=w.table, agency=agency),
        criterion=criterion(w.table, code),
        points=D(points),
        note=kwargs.pop("note", ""),
        **kwargs,
    )


def test_the_leader_and_an_administrator_consolidating_the_same_cell_at_once_lose_nothing(
    round_all: World,
) -> None:
    w = round_all
    admin = w.personas.system_admin
    first = _final(w, w.unit("B"), "I.1", "35", actor=w.a_officer)
    loaded = first.version
    _final(w, w.unit("B"), "I.1", "33", actor=w.a_officer, version=loaded, note="Theo tổ")
    events = _events("scoring.final_score.saved")
    with pytest.raises(EditConflict) as conflict:
        _final(w, w.unit("B"), "I.1", "39", actor=admin, version=loaded)
    saved = conflict.value.current
    assert isinstance(saved, FinalScore)
    assert (saved.points, saved.note, saved.version, saved.updated_by) == (
        D("33"),
        "Theo tổ",
        2,
        w.a_officer,
    )
    assert FinalScore.objects.get().points == D("33")
    assert _events("scoring.final_score.saved") == events


def test_a_consolidated_score_stays_within_the_maximum(round_all: World) -> None:
    with pytest.raises(DomainError):
        _final(round_all, round_all.unit("B"), "I.2", "21")
    assert not FinalScore.objects.exists()


def test_a_finding_by_hand_needs_a_reason_and_a_disqualifier_without_automatic_basis(
    round_all: World,
) -> None:
    w = round_all
    assessment = SelfAssessment.objects.get(table=w.table, agency=w.unit("C"))
    by_hand = w.table.disqualifiers.get(conduct_fact="")
    automatic = w.table.disqualifiers.exclude(conduct_fact="").get()
    events = _events()
    with pytest.raises(DomainError):
        services.disqualifier_finding_set(
            actor=None, assessment=assessment, disqualifier=automatic, reason="Có"
        )
    with pytest.raises(DomainError):
        services.disqualifier_finding_set(
            actor=None, assessment=assessment, disqualifier=by_hand, reason=" "
        )
    assert _events() == events
    finding = services.disqualifier_finding_set(
        actor=w.a_officer, assessment=assessment, disqualifier=by_hand, reason="Biên bản số 2"
    )
    assert _events() == [*events, "scoring.disqualifier_finding.set"]
    with pytest.raises(DomainError):
        services.disqualifier_finding_remove(actor=w.a_officer, finding=finding, reason="")
    assert DisqualifierFinding.objects.exists()
    services.disqualifier_finding_remove(actor=w.a_officer, finding=finding, reason="Nhầm đơn vị")
    assert not DisqualifierFinding.objects.exists()
    assert _events()[-1] == "scoring.disqualifier_finding.removed"


# --- Review statistics -------------------------------------------------------------------------


def _scores(w: World, proposals: dict[tuple[str, str], str], code: str = "I.1") -> None:
    for (reviewer, reviewed), points in proposals.items():
        propose(w.table, w.unit(reviewer), w.unit(reviewed), code, points)


def test_leniency_is_each_reviewers_mean_deviation_and_its_z_score_among_reviewers(
    round_all: World,
) -> None:
    """Every unit gave itself 40/40 on I.1. A proposes 40 everywhere (deviation 0), B 36
    (−0.1), C 32 (−0.2), D 20 (−0.5). The means' mean is −0.2 and their population standard
    deviation √0.035 ≈ 0.18708, so z(A) = 0.2/0.18708 ≈ 1.0690 and z(D) ≈ −1.6036."""
    w = round_all
    given_points = {"A": "40", "B": "36", "C": "32", "D": "20"}
    _scores(w, {(r, b): given_points[r] for r in "ABCD" for b in "ABCD" if r != b})
    entries = {e.code: e for e in review_stats.leniency(w.table)}
    assert {c: e.mean_deviation for c, e in entries.items()} == {
        "U-A": D("0"),
        "U-B": D("-0.1"),
        "U-C": D("-0.2"),
        "U-D": D("-0.5"),
    }
    assert {c: (e.count, e.scores) for c, e in entries.items()} == dict.fromkeys(entries, (3, 3))
    spread = 0.035**0.5
    assert entries["U-A"].z == pytest.approx(0.2 / spread)
    assert entries["U-B"].z == pytest.approx(0.1 / spread)
    assert entries["U-C"].z == pytest.approx(0.0, abs=1e-12)
    assert entries["U-D"].z == pytest.approx(-0.3 / spread)
    assert entries["U-D"].mean_percent == D("-50.0")
    assert not any(e.flagged for e in entries.values())  # four reviewers: |z| ≤ √3


def test_a_reviewer_far_from_the_others_is_flagged(personas: Personas) -> None:
    """Six reviewers: five propose the self-score (deviation 0), F cuts by half (−0.5). The
    means' mean is −1/12 and their standard deviation √(5/144) ≈ 0.18634: z(F) ≈ −2.236."""
    units = [_agency(f"Z-{letter}", f"Đơn vị {letter}") for letter in "ABCDEF"]
    table = small_table(personas, "CUM-Z", units)
    for unit in units:
        submit(table, unit)
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    for reviewer in units:
        for reviewed in units:
            if reviewer != reviewed:
                points = "20" if reviewer.code == "Z-F" else "40"
                propose(table, reviewer, reviewed, "I.1", points)
    entries = {e.code: e for e in review_stats.leniency(table)}
    assert entries["Z-F"].z == pytest.approx((-0.5 + 1 / 12) / (5 / 144) ** 0.5)
    assert entries["Z-F"].z is not None
    assert entries["Z-F"].z < -2
    assert [c for c, e in entries.items() if e.flagged] == ["Z-F"]


def test_no_z_score_with_fewer_than_three_reviewers_or_equal_means(round_all: World) -> None:
    w = round_all
    _scores(w, {("A", "B"): "36", ("B", "A"): "36"})
    assert all(e.z is None for e in review_stats.leniency(w.table))  # two reviewers
    _scores(w, {("C", "A"): "36"})
    assert all(e.z is None for e in review_stats.leniency(w.table))  # three equal means
    _scores(w, {("C", "B"): "32"})  # C's mean becomes (−0.1 − 0.2) / 2 = −0.15
    entries = {e.code: e for e in review_stats.leniency(w.table)}
    assert entries["U-C"].mean_deviation == D("-0.15")
    assert all(entries[c].z is not None for c in ("U-A", "U-B", "U-C"))
    assert entries["U-D"].z is None
    assert entries["U-D"].mean_deviation is None
    assert entries["U-D"].count == entries["U-D"].scores == 0


def test_reciprocal_pairs_are_flagged_exactly_for_units_that_rate_each_other_up(
    personas: Personas,
) -> None:
    """Every unit gave itself 30/40 on I.1. Proposals of 30 (deviation 0): A→B, B→A, D→C; all
    others 20 (−0.25). The norm is −2.25/12 = −0.1875: A and B rate each other up; D rates C
    up but C does not rate D up."""
    units = [_agency(f"R-{letter}", f"Đơn vị {letter}") for letter in "ABCD"]
    table = small_table(personas, "CUM-R", units)
    for unit in units:
        submit(table, unit, {"I.1": "30"})
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    by_letter = dict(zip("ABCD", units, strict=True))
    kind = {("A", "B"), ("B", "A"), ("D", "C")}
    for r in "ABCD":
        for b in "ABCD":
            if r != b:
                points = "30" if (r, b) in kind else "20"
                propose(table, by_letter[r], by_letter[b], "I.1", points)
    pairs = review_stats.reciprocal_pairs(table)
    assert [(p.first_name, p.second_name) for p in pairs] == [("Đơn vị A", "Đơn vị B")]
    assert (pairs[0].first_on_second, pairs[0].second_on_first) == (D("0"), D("0"))
    assert pairs[0].norm == D("-0.1875")


def test_normalised_proposals_correct_for_leniency_and_stay_within_zero_and_the_maximum(
    personas: Personas,
) -> None:
    """Self-scores I.1 = 20/40, I.2 = 10/20. A is generous on I.1 (40, 40: +0.5 each) and
    proposes 0 on C's I.2 (−0.5): mean +1/6, so its 0 becomes 0 − 20/6 → clamped to 0 and its
    40s become 40 − 40/6 = 33.33. B is harsh on I.1 (10, 10: −0.25 each) and proposes 20 on
    C's I.2 (+0.5): mean 0, so its proposals stand. C proposes 5 on A's I.2 (−0.25) and 20 on
    B's I.2 (+0.5): mean 0.125, 20 − 2.5 = 17.5."""
    units = [_agency(f"N-{letter}", f"Đơn vị {letter}") for letter in "ABC"]
    table = small_table(personas, "CUM-N", units)
    for unit in units:
        submit(table, unit, {"I.1": "20", "I.2": "10"})
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    a, b, c = units
    propose(table, a, b, "I.1", "40")
    propose(table, a, c, "I.1", "40")
    propose(table, a, c, "I.2", "0")
    propose(table, b, a, "I.1", "10")
    propose(table, b, c, "I.1", "10")
    propose(table, b, c, "I.2", "20")
    propose(table, c, a, "I.2", "5")
    propose(table, c, b, "I.2", "20")
    values = review_stats.normalised(table)

    def value(reviewer: Agency, reviewed: Agency, code: str) -> Decimal:
        assessment = SelfAssessment.objects.get(table=table, agency=reviewed)
        return values[(assessment.pk, criterion(table, code).pk, reviewer.pk)]

    assert value(a, c, "I.2") == D("0.00")  # clamped at 0
    assert value(a, b, "I.1") == D("33.33")
    assert value(b, c, "I.2") == D("20.00")  # B's mean is 0: unchanged
    assert value(c, b, "I.2") == D("17.50")
    assert value(c, a, "I.2") == D("2.50")
    assert all(D("0") <= v for v in values.values())
    assert len(values) == ReviewScore.objects.count()


def test_normalising_never_goes_above_the_maximum(personas: Personas) -> None:
    """D is harsh (I.1: 10 where the unit gave itself 40, twice: −0.75 each) and proposes the
    maximum 20 on I.2 where the unit gave itself 10 (+0.5): mean −1/3, so 20 + 20/3 → 20, and
    its 10s on I.1 become 10 + 40/3 = 23.33."""
    units = [_agency(f"M-{letter}", f"Đơn vị {letter}") for letter in "ABC"]
    table = small_table(personas, "CUM-M", units)
    for unit in units:
        submit(table, unit, {"I.2": "10"})
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    harsh, b, c = units
    propose(table, harsh, b, "I.1", "10")
    propose(table, harsh, c, "I.1", "10")
    propose(table, harsh, b, "I.2", "20")
    values = review_stats.normalised(table)
    assessment = SelfAssessment.objects.get(table=table, agency=b)
    assert values[(assessment.pk, criterion(table, "I.2").pk, harsh.pk)] == D("20.00")
    assert values[(assessment.pk, criterion(table, "I.1").pk, harsh.pk)] == D("23.33")


def test_the_statistics_and_the_grids_cost_a_fixed_number_of_queries(
    round_all: World, django_assert_max_num_queries: Any
) -> None:
    w = round_all
    for r in "ABCD":
        for b in "ABCD":
            if r != b:
                for code in FULL:
                    propose(w.table, w.unit(r), w.unit(b), code, "15")
    with django_assert_max_num_queries(4):
        review_stats.review_statistics(w.table)
    with django_assert_max_num_queries(6):
        grid = grids.review_grid(w.table)
    assert len(grid.units) == 4
    assert [r.code for r in grid.rows] == ["I", "I.1", "I.2", "II", "II.1"]
    assert all(len(c.proposals) == 3 for r in grid.rows for c in r.cells)
    with django_assert_max_num_queries(5):
        mine = grids.review_grid(w.table, reviewer=w.unit("A"))
    assert [u.code for u in mine.units] == ["U-B", "U-C", "U-D"]
    cell = mine.rows[1].cells[0]
    assert cell.proposal is not None
    assert cell.proposal.points == D("15")
    assert cell.self_points == D("40")


def test_the_consolidation_grid_shows_the_raw_and_the_normalised_mean(round_all: World) -> None:
    w = round_all
    _scores(w, {("A", "D"): "40", ("B", "D"): "30", ("C", "D"): "20"})
    grid = grids.review_grid(w.table)
    cell = next(c for c in grid.rows[1].cells if c.unit.code == "U-D")
    assert cell.mean == D("30.00")
    # each reviewer's only proposal is its mean: normalised, all three become the self-score
    assert cell.normalised_mean == D("40.00")
    assert grid.statistics is not None
    assert [e.code for e in grid.statistics.leniency] == ["U-A", "U-B", "U-C", "U-D"]


# --- The lock under real concurrency (PostgreSQL) ---------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the row lock is exercised on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_racing_on_postgresql_end_with_one_saved_and_one_conflict(
    personas: Personas,
) -> None:
    """Two threads save the same new cell at the same moment: the lock on the self-assessment
    serialises them, so one saves and the other meets the saved row and gets a conflict.

    Like every transactional test here it rolls back by serialization, so the reference data of
    the data migrations (and the content types) survive for the tests after it."""
    units = [_agency(f"P-{letter}", f"Đơn vị {letter}") for letter in "AB"]
    table = small_table(personas, "CUM-P", units)
    for unit in units:
        submit(table, unit)
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ALL)
    target = assignment(table, units[0], units[1])
    first = criterion(table, "I.1")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(points: str) -> None:
        try:
            barrier.wait()
            services.review_score_save(
                actor=None,
                assignment=target,
                criterion=first,
                points=D(points),
                reason="Đồng thời",
                version=None,
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(p,)) for p in ("31", "32")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert ReviewScore.objects.count() == 1
    assert len(_events("scoring.review_score.saved")) == 1
