"""The rule version in force on a date and the conditions of one title (DOMAIN.md §5 "Time")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from thidua.awards import selectors
from thidua.awards.choices import ConditionTest, InitiativeScope, Rating, RecordKind
from thidua.awards.eligibility.matching import DERIVED_FROM, DERIVED_TITLE
from thidua.awards.models import AwardTitle, EligibilityCondition, EligibilityRuleSet
from thidua.core.errors import DomainError


@dataclass(frozen=True)
class Rules:
    """One version's conditions for one award and recipient type, ready to read."""

    rule_set: EligibilityRuleSet
    conditions: list[EligibilityCondition]

    @property
    def policy(self) -> str:
        return self.rule_set.continuity_policy

    @property
    def counted_award_types(self) -> frozenset[str]:
        return frozenset(self.rule_set.counted_award_types)

    @cached_property
    def award_code(self) -> str:
        """The title's code (read once, not once per candidate)."""
        return self.conditions[0].award.code if self.conditions else ""


def rule_set_in_force(day: dt.date) -> EligibilityRuleSet:
    """The version of the rules in force on ``day``; a clear error when there is none."""
    rule_set = selectors.rule_set_in_force(day)
    if rule_set is None:
        raise DomainError(
            _("Không có bộ tiêu chuẩn nào áp dụng vào ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"},
            field="as_of",
        )
    return rule_set


def rules_for(award: AwardTitle, recipient_type: str, day: dt.date) -> Rules:
    rule_set = rule_set_in_force(day)
    conditions = list(
        rule_set.conditions.filter(award=award, recipient_type=recipient_type).order_by(
            "position", "id"
        )
    )
    return Rules(rule_set=rule_set, conditions=conditions)


def earlier_awards(conditions: list[EligibilityCondition]) -> frozenset[str]:
    """Awards whose records of any earlier year a condition reads (``reuse_after``,
    ``award_before``)."""
    found: set[str] = set()

    def visit(test: str, params: dict[str, Any]) -> None:
        for key in ("reuse_after",):
            if params.get(key):
                found.add(str(params[key]))
        if test == ConditionTest.AWARD_BEFORE and params.get("award"):
            found.add(str(params["award"]))
        for option in params.get("options", []) if test == ConditionTest.ANY_OF else []:
            for part in option.get("all", []):
                visit(part["test"], part.get("params", {}))

    for condition in conditions:
        visit(condition.test, condition.params)
    return frozenset(found)


def record_kinds(conditions: list[EligibilityCondition]) -> frozenset[str] | None:
    """The candidate's own records the conditions read (``None``: all of them), as kinds
    (``award``: every award) or, for ratings, as ``rating:<value>`` (only those ratings).

    Discipline and blocker periods are always read (a chain's floor, the blockers), and members
    and rankings are read apart, so they add nothing here. Ratings are half of the rows of a
    person's window and most of them are not the one a title asks for (``htxsnv``).
    """
    found: set[str] = set()

    def visit(test: str, params: dict[str, Any]) -> bool:
        if test == ConditionTest.ANY_OF:
            return all(
                visit(part["test"], part.get("params", {}))
                for option in params.get("options", [])
                for part in option.get("all", [])
            )
        if test == ConditionTest.FACTS_IN_YEARS:
            for spec in (str(spec) for spec in params.get("facts", [])):
                kind = spec.partition(":")[0]
                found.add(spec if kind == RecordKind.RATING else kind)
                if spec == f"{RecordKind.AWARD}:{DERIVED_TITLE}":
                    found.update(DERIVED_FROM)  # the title follows from these when unrecorded
            if params.get("reuse_after"):
                found.add(RecordKind.AWARD)
            return True
        if test in _AWARD_TESTS:
            found.add(RecordKind.AWARD)
            return True
        if test == ConditionTest.INITIATIVES:
            found.add(RecordKind.INITIATIVE)
            return True
        return test in _NO_OWN_RECORDS

    if not all(visit(condition.test, condition.params) for condition in conditions):
        return None
    return frozenset(str(kind) for kind in found)


_AWARD_TESTS = {
    ConditionTest.NOT_ALREADY_GRANTED,
    ConditionTest.AWARD_BEFORE,
    ConditionTest.AWARDS_COUNT,
}
_NO_OWN_RECORDS = {
    ConditionTest.NO_OPEN_BLOCKER,
    ConditionTest.NO_DISCIPLINE_IN_YEAR,
    ConditionTest.MEMBER_SHARE,
    ConditionTest.MEMBER_COUNT,
    ConditionTest.MEMBERS_NO_DISCIPLINE,
    ConditionTest.LEADING_UNIT,
    ConditionTest.ATTESTED,
}
"""Tests that read only periods (always loaded), members or rankings (loaded apart), or nothing."""


def min_offset(conditions: list[EligibilityCondition]) -> int:
    """The earliest year, relative to the judged year, any condition looks at."""
    offsets = [0]
    for condition in conditions:
        offsets.extend(_offsets(condition.test, condition.params))
    return min(offsets)


def _offsets(test: str, params: dict[str, Any]) -> list[int]:
    if test == ConditionTest.ANY_OF:
        return [
            offset
            for option in params.get("options", [])
            for part in option.get("all", [])
            for offset in _offsets(part["test"], part.get("params", {}))
        ]
    return [int(o) for o in params.get("offsets", [])]


_FACT_VALUES = {"rating": set(Rating.values)}


def validate_params(test: str, params: dict[str, Any]) -> list[str]:
    """The problems of a condition's ``params`` for ``test`` (empty when it reads correctly)."""
    problems: list[str] = []
    award_codes = set(AwardTitle.objects.values_list("code", flat=True))

    def facts_ok(facts: object) -> None:
        if not isinstance(facts, list) or not facts:
            problems.append(_("“facts” phải là danh sách không rỗng."))
            return
        for spec in facts:
            kind, _sep, value = str(spec).partition(":")
            known = award_codes if kind == "award" else _FACT_VALUES.get(kind, set())
            if value not in known:
                problems.append(_("Không hiểu “%(spec)s”.") % {"spec": spec})

    def offsets_ok(offsets: object) -> None:
        if not isinstance(offsets, list) or not offsets:
            problems.append(_("“offsets” phải là danh sách năm tương đối không rỗng."))
        elif any(not isinstance(o, int) or o > 0 for o in offsets):
            problems.append(_("“offsets” chỉ gồm các số nguyên ≤ 0."))

    if test == ConditionTest.FACTS_IN_YEARS:
        offsets_ok(params.get("offsets"))
        facts_ok(params.get("facts"))
        if params.get("reuse_after") not in (None, *award_codes):
            problems.append(_("“reuse_after” phải là mã danh hiệu."))
    elif test == ConditionTest.INITIATIVES:
        offsets_ok(params.get("offsets"))
        if not set(params.get("scopes", [])) or not set(params["scopes"]) <= set(
            InitiativeScope.values
        ):
            problems.append(_("“scopes” phải gồm các phạm vi sáng kiến."))
        if not isinstance(params.get("min_count"), int) or params["min_count"] < 1:
            problems.append(_("“min_count” phải là số nguyên dương."))
    elif test == ConditionTest.AWARD_BEFORE:
        if params.get("award") not in award_codes or not isinstance(params.get("max_offset"), int):
            problems.append(_("Cần “award” (mã danh hiệu) và “max_offset” (số nguyên)."))
    elif test == ConditionTest.AWARDS_COUNT:
        offsets_ok(params.get("offsets"))
        for option in params.get("options") or [None]:
            if not isinstance(option, dict) or option.get("award") not in award_codes:
                problems.append(_("Mỗi lựa chọn cần “award” và “min_count”."))
    elif test == ConditionTest.ANY_OF:
        for option in params.get("options") or [None]:
            if not isinstance(option, dict) or not option.get("all"):
                problems.append(_("Mỗi lựa chọn cần “label” và danh sách “all”."))
                continue
            for part in option["all"]:
                problems.extend(validate_params(part.get("test", ""), part.get("params", {})))
    elif test in (ConditionTest.MEMBER_SHARE, ConditionTest.MEMBER_COUNT):
        facts_ok(params.get("facts"))
        key = "min_percent" if test == ConditionTest.MEMBER_SHARE else "min_count"
        if not isinstance(params.get(key), int) or params[key] < 0:
            problems.append(_("“%(key)s” phải là số nguyên không âm.") % {"key": key})
    elif test not in ConditionTest.values:
        problems.append(_("Cách đọc “%(test)s” không có.") % {"test": test})
    return problems
