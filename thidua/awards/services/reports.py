"""Achievement reports (báo cáo thành tích) drafted for a nominee, for the leader to edit or
replace by an uploaded report: a unit's from the cluster's published ranking, a person's from
their position in a member unit and the reason they were put on the ballot."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.emulation.models import GroupYear
from thidua.organizations.models import Position
from thidua.scoring.selectors import latest_ranking, ranking_entries
from thidua.voting.models import BallotCandidate


def draft_report(group_year: GroupYear, candidate: BallotCandidate) -> str:
    """An achievement report drafted from the cluster's published ranking (blank when the
    nominee has no line in it), for the leader to edit; a person's from their position."""
    if candidate.agency_id is None:
        return person_report(group_year, candidate)
    ranking = latest_ranking(group_year)
    if ranking is None:
        return ""
    entries = ranking_entries(ranking)
    entry = next((e for e in entries if e.agency_id == candidate.agency_id), None)
    if entry is None:
        return ""
    lines = [
        _(
            "%(name)s đạt %(total)s điểm, xếp thứ %(rank)d/%(count)d trong %(group)s "
            "năm %(year)d (kết quả chấm điểm đã công bố, phiên bản %(version)d)."
        )
        % {
            "name": entry.agency_name,
            "total": entry.total,
            "rank": entry.rank,
            "count": len(entries),
            "group": group_year.group.name,
            "year": group_year.year,
            "version": ranking.version,
        }
    ]
    if entry.band:
        lines.append(_("Xếp loại: %(band)s.") % {"band": entry.band})
    if entry.bonus:
        lines.append(_("Điểm thưởng: %(bonus)s.") % {"bonus": entry.bonus})
    return "\n".join(lines)


def person_report(group_year: GroupYear, candidate: BallotCandidate) -> str:
    """A person's report: their latest position in a member unit during the cluster's year, and
    the reason given when they were put on the ballot."""
    person = candidate.person
    if person is None:
        return ""
    year = group_year.year
    position = (
        Position.objects.filter(
            Q(to_date__isnull=True) | Q(to_date__gte=dt.date(year, 1, 1)),
            person=person,
            agency__group_memberships__group_year=group_year,
            from_date__lte=dt.date(year, 12, 31),
        )
        .select_related("agency")
        .order_by("-from_date")
        .first()
    )
    lines = [
        _("%(name)s, %(title)s, %(agency)s (năm %(year)d).")
        % {
            "name": person.full_name,
            "title": position.title or _("cán bộ"),
            "agency": position.agency.name,
            "year": year,
        }
        if position is not None
        else _("%(name)s (năm %(year)d).") % {"name": person.full_name, "year": year}
    ]
    if candidate.reason:
        lines.append(_("Lý do đề cử: %(reason)s") % {"reason": candidate.reason})
    lines.append(
        _("Thành tích (cần bổ sung): kết quả thực hiện nhiệm vụ, sáng kiến, danh hiệu đã đạt.")
    )
    return "\n".join(lines)
