"""Reads of the eligibility rule versions and their conditions, in words for the pages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.choices import (
    AwardLevel,
    AwardType,
    ConditionTest,
    ContinuityPolicy,
    DisciplineLevel,
    InitiativeScope,
    Rating,
    RecipientType,
)
from thidua.awards.models import (
    AwardTitle,
    EligibilityCondition,
    EligibilityRuleSet,
)

POLICY_EXPLAINED: dict[str, Promise] = {
    ContinuityPolicy.NONE: gettext_lazy(
        "Đơn vị mới sau hợp nhất, sáp nhập, chia tách chỉ được tính thành tích của chính mình; "
        "thành tích của đơn vị trước không được tính."
    ),
    ContinuityPolicy.ANY_PREDECESSOR: gettext_lazy(
        "Một năm được tính cho đơn vị mới nếu một trong các đơn vị trước đạt trong năm đó."
    ),
    ContinuityPolicy.ALL_PREDECESSORS: gettext_lazy(
        "Một năm được tính cho đơn vị mới chỉ khi mọi đơn vị trước đều đạt trong năm đó."
    ),
    ContinuityPolicy.REVIEW: gettext_lazy(
        "Khi một điều kiện chỉ đạt nhờ thành tích của đơn vị trước, kết quả là “Cần xem xét” và "
        "phần giải trình nêu các hồ sơ đó."
    ),
}


def describe_policy(policy: str) -> str:
    """The continuity policy in words."""
    text = POLICY_EXPLAINED.get(policy)
    return str(text) if text is not None else policy


def counted_type_labels(rule_set: EligibilityRuleSet) -> list[str]:
    """The award types counted toward higher awards, by their names."""
    return [
        str(AwardType(code).label) if code in AwardType.values else str(code)
        for code in rule_set.counted_award_types
    ]


LEVEL_ORDER = [AwardLevel.UNIT, AwardLevel.MINISTRY_PROVINCE, AwardLevel.NATIONAL]


def rule_sets() -> QuerySet[EligibilityRuleSet]:
    """Every version of the rules, newest first."""
    return EligibilityRuleSet.objects.order_by("-valid_from", "code")


def rule_set_in_force(day: dt.date) -> EligibilityRuleSet | None:
    """The version of the rules in force on ``day`` (the latest to start, if several)."""
    return (
        EligibilityRuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def award_catalogue() -> list[AwardTitle]:
    """The catalogue of titles and forms, from the unit level up."""
    return sorted(
        AwardTitle.objects.all(), key=lambda a: (LEVEL_ORDER.index(AwardLevel(a.level)), a.name)
    )


@dataclass(frozen=True)
class ConditionLine:
    condition: EligibilityCondition
    params_text: list[str]


@dataclass(frozen=True)
class ConditionGroup:
    """The conditions of one title for one recipient type in one version."""

    award: AwardTitle
    recipient_type: str
    lines: list[ConditionLine]

    @property
    def recipient_type_label(self) -> str:
        return str(RecipientType(self.recipient_type).label)


def rule_set_conditions(rule_set: EligibilityRuleSet) -> list[ConditionGroup]:
    """The conditions of ``rule_set`` per title and recipient type, with readable parameters."""
    names = dict(AwardTitle.objects.values_list("code", "name"))
    conditions = list(rule_set.conditions.select_related("award"))
    recipient_order = [RecipientType.PERSON, RecipientType.COLLECTIVE]

    def key(c: EligibilityCondition) -> tuple[int, str, int, int]:
        return (
            LEVEL_ORDER.index(AwardLevel(c.award.level)),
            c.award.name,
            recipient_order.index(RecipientType(c.recipient_type)),
            c.position,
        )

    conditions.sort(key=key)
    groups: list[ConditionGroup] = []
    for (_level, _name, _rt), items in groupby(conditions, lambda c: key(c)[:3]):
        batch = list(items)
        groups.append(
            ConditionGroup(
                award=batch[0].award,
                recipient_type=batch[0].recipient_type,
                lines=[ConditionLine(c, describe_params(c.params, names)) for c in batch],
            )
        )
    return groups


def _year(offset: int) -> str:
    if offset == 0:
        return "Y"
    return f"Y−{-offset}" if offset < 0 else f"Y+{offset}"


def _fact(fact: str, names: Mapping[str, str]) -> str:
    kind, _sep, code = fact.partition(":")
    if kind == "rating" and code in Rating.values:
        return str(Rating(code).label)
    if kind == "award":
        return names.get(code, code)
    return fact


def _choice(choices: type[Rating | InitiativeScope | DisciplineLevel], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


PARAM_ORDER = [
    "offsets",
    "max_offset",
    "award",
    "facts",
    "scopes",
    "min_count",
    "min_percent",
    "min_level",
    "reuse_after",
    "options",
]
"""The order parameters are told in (PostgreSQL's jsonb keeps no key order)."""


def describe_params(params: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """A condition's parameters in words, one phrase each (e.g. "các năm: Y−2, Y−1, Y").

    ``names`` maps award codes to their names. Phrases come in :data:`PARAM_ORDER`; keys the
    reading does not know follow, by name, shown as they are stored.
    """
    lines: list[str] = []
    known = [key for key in PARAM_ORDER if key in params]
    for key in known + sorted(set(params) - set(known)):
        value = params[key]
        if key == "offsets":
            years = ", ".join(_year(int(o)) for o in value)
            lines.append(
                (_("năm: %(years)s") if len(value) == 1 else _("các năm: %(years)s"))
                % {"years": years}
            )
        elif key == "facts":
            lines.append(
                _("đạt một trong: %(facts)s") % {"facts": "; ".join(_fact(f, names) for f in value)}
                if len(value) > 1
                else _("đạt: %(facts)s") % {"facts": _fact(value[0], names)}
            )
        elif key == "reuse_after":
            lines.append(
                _("không tính lại các năm đã dùng để được: %(award)s")
                % {"award": names.get(value, value)}
            )
        elif key == "min_level":
            lines.append(
                _("từ hình thức %(level)s trở lên") % {"level": _choice(DisciplineLevel, value)}
            )
        elif key == "scopes":
            lines.append(
                _("phạm vi: %(scopes)s")
                % {"scopes": ", ".join(_choice(InitiativeScope, s) for s in value)}
            )
        elif key == "min_count":
            lines.append(_("ít nhất: %(count)s") % {"count": value})
        elif key == "min_percent":
            lines.append(_("tỷ lệ tối thiểu: %(percent)s %%") % {"percent": value})
        elif key == "award":
            lines.append(_("danh hiệu, hình thức: %(award)s") % {"award": names.get(value, value)})
        elif key == "max_offset":
            lines.append(_("đến năm: %(year)s") % {"year": _year(int(value))})
        elif key == "options":
            lines.extend(_describe_options(value, names))
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return lines


def _describe_options(options: list[dict[str, Any]], names: Mapping[str, str]) -> list[str]:
    """The alternatives of an ``any_of`` or ``awards_count`` condition, one line each."""
    lines = []
    for number, option in enumerate(options, start=1):
        if "all" in option:
            parts = []
            for part in option["all"]:
                test = part.get("test", "")
                label = str(ConditionTest(test).label) if test in ConditionTest.values else test
                details = "; ".join(describe_params(part.get("params", {}), names))
                parts.append(f"{label} ({details})" if details else label)
            text = " + ".join(parts)
            title = option.get("label", "")
            lines.append(
                _("cách %(n)s — %(title)s: %(text)s") % {"n": number, "title": title, "text": text}
                if title
                else _("cách %(n)s: %(text)s") % {"n": number, "text": text}
            )
        else:
            rest = {k: v for k, v in option.items() if k != "award"}
            award = names.get(option.get("award", ""), option.get("award", ""))
            details = "; ".join(describe_params(rest, names))
            lines.append(
                _("cách %(n)s: %(text)s")
                % {"n": number, "text": f"{award} ({details})" if details else award}
            )
    return lines
