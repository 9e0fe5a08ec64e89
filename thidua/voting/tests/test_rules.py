"""Voting rules (quy tắc bỏ phiếu): the shipped rule data, which version is in force, and the
model's constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.voting.choices import Body, PassBase, TiePolicy
from thidua.voting.models import VotingRule
from thidua.voting.selectors import rule_in_force

DAY = dt.date(2026, 12, 18)


@pytest.mark.django_db
def test_the_shipped_rules_carry_the_numbers_of_the_domain() -> None:
    cluster = VotingRule.objects.get(code="cum-thi-dua")
    assert (cluster.quorum_num, cluster.quorum_den) == (2, 3)
    assert (cluster.pass_num, cluster.pass_den, cluster.pass_strict) == (1, 2, True)
    assert cluster.pass_base == PassBase.ALL_VOTERS
    assert not cluster.self_vote_allowed
    assert cluster.tie_policy == TiePolicy.RUNOFF
    high = VotingRule.objects.get(code="hoi-dong-cstd-cao")
    assert (high.pass_num, high.pass_den, high.pass_strict) == (9, 10, False)
    assert (high.quorum_num, high.quorum_den) == (4, 5)
    eighty = VotingRule.objects.get(code="hoi-dong-80")
    assert (eighty.pass_num, eighty.pass_den, eighty.pass_base) == (4, 5, PassBase.ALL_VOTERS)
    assert set(eighty.award_codes) == {
        "chien_si_thi_dua_co_so",
        "co_thi_dua_bo",
        "co_thi_dua_chinh_phu",
    }
    assert all(r.legal_basis and r.valid_from == dt.date(2024, 1, 1) for r in (cluster, high))
    assert str(cluster) == "Bình xét của khối, cụm thi đua (mặc định)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "award", "code"),
    [
        (Body.CLUSTER, "co_thi_dua_bo", "cum-thi-dua"),
        (Body.CLUSTER, "bang_khen_bo", "cum-thi-dua"),
        (Body.COUNCIL, "chien_si_thi_dua_bo", "hoi-dong-cstd-cao"),
        (Body.COUNCIL, "chien_si_thi_dua_toan_quoc", "hoi-dong-cstd-cao"),
        (Body.COUNCIL, "co_thi_dua_chinh_phu", "hoi-dong-80"),
        (Body.COUNCIL, "bang_khen_bo", None),
    ],
)
def test_the_rule_in_force_is_found_by_body_title_and_date(
    body: str, award: str, code: str | None
) -> None:
    rule = rule_in_force(body, award, DAY)
    assert (rule.code if rule else None) == code


@pytest.mark.django_db
def test_a_later_version_replaces_a_rule_from_its_date_and_an_ended_one_stops() -> None:
    old = VotingRule.objects.get(code="cum-thi-dua")
    new = VotingRule.objects.create(
        code="cum-thi-dua",
        name="Quy chế cụm 2026: 2/3 tổng số thành viên",
        legal_basis="Quy chế hoạt động của cụm, ban hành năm 2026",
        valid_from=dt.date(2026, 6, 1),
        body=Body.CLUSTER,
        quorum_num=2,
        quorum_den=3,
        pass_num=2,
        pass_den=3,
        pass_base=PassBase.ALL_VOTERS,
        pass_strict=False,
        self_vote_allowed=False,
        tie_policy=TiePolicy.RUNOFF,
    )
    assert rule_in_force(Body.CLUSTER, "co_thi_dua_bo", dt.date(2026, 5, 31)) == old
    assert rule_in_force(Body.CLUSTER, "co_thi_dua_bo", DAY) == new
    new.valid_to = dt.date(2026, 12, 1)
    new.save()
    assert rule_in_force(Body.CLUSTER, "co_thi_dua_bo", DAY) == old
    assert rule_in_force(Body.CLUSTER, "co_thi_dua_bo", dt.date(2023, 12, 31)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quorum_num": 4, "quorum_den": 3}, "Tỉ lệ có mặt phải là một phân số"),
        ({"pass_den": 0}, "Tỉ lệ đồng ý phải là một phân số"),
        ({"valid_to": dt.date(2023, 1, 1)}, "Ngày hết hiệu lực không được trước"),
        ({"id": None, "pk": None}, "Quy tắc đã có phiên bản hiệu lực từ ngày này."),
    ],
)
def test_a_rule_must_be_a_sound_fraction_with_ordered_dates(
    changes: dict[str, object], message: str
) -> None:
    rule = VotingRule.objects.get(code="cum-thi-dua")
    for name, value in changes.items():
        setattr(rule, name, value)
    rule._state.adding = rule.pk is None
    with pytest.raises(ValidationError) as invalid:
        rule.full_clean()
    assert message in str(invalid.value)
