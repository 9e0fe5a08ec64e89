"""Totals, ranks and bands (thidua/scoring/results.py): the rule data decide tie-breaks and
bands; bonus and penalty items are capped; disqualifiers put a unit after every qualified one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from thidua.core.testing import Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.scoring import services
from thidua.scoring.choices import CriterionKind, TieBreak
from thidua.scoring.models import Criterion, RankingRule, ScoringTable, SelfAssessment
from thidua.scoring.results import UnitResult, compute_results, rank, ranked_results
from thidua.scoring.selectors import scorable_criteria

D = Decimal
BANDS: list[dict[str, Any]] = [
    {"code": "xs", "label": "Xuất sắc", "min_percent": 90, "qualified_only": True},
    {"code": "tot", "label": "Tốt", "min_percent": 80, "qualified_only": False},
    {"code": "khac", "label": "Chưa xếp loại", "min_percent": 0, "qualified_only": False},
]


def _rule(*tie_breaks: str) -> RankingRule:
    return RankingRule(
        code="t", name="t", legal_basis="t", tie_breaks=list(tie_breaks), bands=BANDS
    )


def _unit(
    name: str,
    total: str,
    *,
    first: str = "0",
    bonus: str = "0",
    penalty: str = "0",
    disqualified: bool = False,
) -> UnitResult:
    unit = UnitResult(0, 0, name, name, True, total=D(total), bonus=D(bonus), penalty=D(penalty))
    unit.group_points = {"I": D(first), "II": D(total) - D(first)}
    if disqualified:
        unit.disqualifications = ["Vi phạm Luật Giao thông đường bộ"]
    return unit


def _ranks(units: list[UnitResult]) -> list[tuple[str, int]]:
    return [(u.agency_name, u.rank) for u in units]


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    units = [_unit("C", "80"), _unit("A", "95"), _unit("B", "95"), _unit("D", "70")]
    ranked = rank(units, rule=_rule(), total_points=D("100"))
    assert _ranks(ranked) == [("A", 1), ("B", 1), ("C", 3), ("D", 4)]
    assert [u.position for u in ranked] == [1, 2, 3, 4]


def test_a_disqualified_unit_comes_after_every_qualified_one_whatever_its_total() -> None:
    units = [
        _unit("A", "99", disqualified=True),
        _unit("B", "70"),
        _unit("C", "60", disqualified=True),
    ]
    ranked = rank(units, rule=_rule(), total_points=D("100"))
    assert _ranks(ranked) == [("B", 1), ("A", 2), ("C", 3)]


def test_a_disqualified_unit_never_shares_a_rank_with_a_qualified_one() -> None:
    units = [_unit("A", "90", disqualified=True), _unit("B", "90")]
    assert _ranks(rank(units, rule=_rule(), total_points=D("100"))) == [("B", 1), ("A", 2)]


def test_the_rules_tie_breaks_order_equal_totals_in_the_order_they_are_listed() -> None:
    units = [
        _unit("A", "90", first="40", penalty="2"),
        _unit("B", "90", first="45", penalty="3"),
        _unit("C", "90", first="45", penalty="1"),
    ]
    by_group_then_penalty = rank(
        units, rule=_rule(TieBreak.FIRST_GROUP, TieBreak.FEWER_PENALTY), total_points=D("100")
    )
    assert _ranks(by_group_then_penalty) == [("C", 1), ("B", 2), ("A", 3)]
    by_penalty = rank(units, rule=_rule(TieBreak.FEWER_PENALTY), total_points=D("100"))
    assert _ranks(by_penalty) == [("C", 1), ("A", 2), ("B", 3)]


def test_units_still_equal_after_every_tie_break_share_the_rank() -> None:
    units = [_unit("A", "90", bonus="2"), _unit("B", "90", bonus="2"), _unit("C", "90", bonus="1")]
    ranked = rank(units, rule=_rule(TieBreak.MORE_BONUS), total_points=D("100"))
    assert _ranks(ranked) == [("A", 1), ("B", 1), ("C", 3)]


def test_bands_are_percentages_of_the_tables_total_and_some_are_for_qualified_units_only() -> None:
    units = [
        _unit("A", "950"),
        _unit("B", "960", disqualified=True),
        _unit("C", "800"),
        _unit("D", "799.99"),
    ]
    ranked = rank(units, rule=_rule(), total_points=D("1000"))
    bands = {u.agency_name: u.band for u in ranked}
    assert bands == {"A": "Xuất sắc", "B": "Tốt", "C": "Tốt", "D": "Chưa xếp loại"}


def test_the_default_rule_shipped_by_the_migration_has_no_tie_break_and_five_bands(
    db: None,
) -> None:
    rule = RankingRule.objects.get(code="mac-dinh")
    assert rule.tie_breaks == []
    assert [b["label"] for b in rule.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert rule.bands[0]["qualified_only"] is True


# --- Totals computed from the scores ----------------------------------------------------------


def _agency(code: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=f"Sở Công Thương {code}",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def _table(personas: Personas, code: str, members: list[Agency]) -> ScoringTable:
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=2026, members=members, leader=members[0]),
    )
    table = services.scoring_table_create_default(actor=None, group_year=group_year)
    return services.scoring_table_activate(actor=None, table=table)


def _score_all(table: ScoringTable, agency: Agency, points: dict[str, str]) -> SelfAssessment:
    """Every scored criterion at its maximum unless ``points`` says otherwise; no evidence is
    needed where the points are 0, so evidence-required criteria get 0 unless named."""
    assessment = services.self_assessment_open(actor=None, table=table, agency=agency)
    for criterion in scorable_criteria(table):
        if criterion.code in points:
            value: Decimal | None = D(points[criterion.code])
        elif criterion.kind == CriterionKind.CRITERION:
            value = D("0") if criterion.evidence_required else criterion.max_points
        else:
            value = None
        services.self_score_save(
            actor=None,
            assessment=assessment,
            criterion=criterion,
            points=value,
            explanation="",
            version=None,
        )
    return assessment


@pytest.fixture
def members(personas: Personas) -> list[Agency]:
    return [_agency("R-A"), _agency("R-B"), _agency("R-C")]


@pytest.fixture
def table(personas: Personas, members: list[Agency]) -> ScoringTable:
    return _table(personas, "CUM-R", members)


def _by_code(table: ScoringTable) -> dict[str, UnitResult]:
    return {u.agency_code: u for u in compute_results([table])[table.pk]}


def test_bonus_items_add_up_to_at_most_their_groups_cap(
    table: ScoringTable, members: list[Agency]
) -> None:
    _score_all(table, members[0], {"VI.1": "3", "VI.3": "2"})
    _score_all(table, members[1], {"VI.3": "2"})
    results = _by_code(table)
    cap = Criterion.objects.get(table=table, code="VI").max_points
    assert (results["R-A"].bonus, results["R-B"].bonus) == (cap, D("2"))
    assert results["R-A"].total - results["R-B"].total == cap - D("2")


def test_penalty_items_deduct_from_the_total(table: ScoringTable, members: list[Agency]) -> None:
    penalty = next(c for c in scorable_criteria(table) if c.kind == CriterionKind.PENALTY)
    _score_all(table, members[0], {})
    _score_all(table, members[1], {penalty.code: "2.5"})
    results = _by_code(table)
    assert results["R-B"].penalty == D("2.5")
    assert results["R-A"].total - results["R-B"].total == D("2.5")


def test_the_leaders_consolidated_score_replaces_the_units_own_in_the_total(
    table: ScoringTable, members: list[Agency]
) -> None:
    assessment = _score_all(table, members[0], {})
    services.self_assessment_submit(actor=None, assessment=assessment)
    before = _by_code(table)["R-A"]
    criterion = next(
        c for c in scorable_criteria(table) if c.max_points >= 5 and not c.evidence_required
    )
    services.final_score_save(
        actor=None,
        assessment=assessment,
        criterion=criterion,
        points=criterion.max_points - 4,
        note="",
        version=None,
    )
    after = _by_code(table)["R-A"]
    assert before.total - after.total == D("4")
    assert after.self_total == before.self_total


def test_a_conduct_record_and_a_finding_by_hand_both_disqualify(
    table: ScoringTable, members: list[Agency]
) -> None:
    for agency in members:
        services.self_assessment_submit(actor=None, assessment=_score_all(table, agency, {}))
    services.conduct_record_save(
        actor=None,
        agency=members[1],
        year=2026,
        values=services.ConductValues(traffic_violations=1, reference="Công văn 5/CA"),
    )
    by_hand = table.disqualifiers.filter(conduct_fact="").first()
    assert by_hand is not None
    services.disqualifier_finding_set(
        actor=None,
        assessment=SelfAssessment.objects.get(table=table, agency=members[2]),
        disqualifier=by_hand,
        reason="Biên bản kiểm tra số 3",
    )
    results = _by_code(table)
    assert not results["R-A"].disqualified
    assert results["R-B"].disqualifications == [
        table.disqualifiers.get(conduct_fact="traffic_violations").description
    ]
    assert results["R-C"].disqualifications == [by_hand.description]
    ranked = ranked_results(table, on=dt.date(2026, 12, 20))
    assert [u.agency_code for u in ranked] == ["R-A", "R-B", "R-C"]


def test_results_of_many_tables_cost_the_same_queries_as_one(
    personas: Personas, members: list[Agency], django_assert_max_num_queries: Any
) -> None:
    tables = [_table(personas, f"CUM-Q{i}", members) for i in range(3)]
    for table in tables:
        for agency in members:
            _score_all(table, agency, {})
    with django_assert_max_num_queries(8):
        results = compute_results(tables)
    assert sorted(len(units) for units in results.values()) == [3, 3, 3]
