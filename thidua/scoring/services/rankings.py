"""Publishing the ranking (công bố kết quả): a frozen snapshot of the results; a correction
is a new version with its reason that points to the one it corrects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.organizations.models import Agency
from thidua.scoring.choices import TableStatus
from thidua.scoring.models import Ranking, RankingEntry, ScoringTable
from thidua.scoring.results import compute_results, rank, rule_in_force
from thidua.scoring.services.tables import leader_agency


def _write(
    *,
    actor: Any,
    table: ScoringTable,
    now: dt.datetime,
    corrects: Ranking | None,
    reason: str,
) -> Ranking:
    members = list(table.group_year.members.values_list("agency_id", flat=True))
    units = compute_results([table]).get(table.pk, [])
    ready = {u.agency_id for u in units if u.submitted}
    waiting = [pk for pk in members if pk not in ready]
    if waiting:
        names = ", ".join(Agency.objects.filter(pk__in=waiting).values_list("name", flat=True))
        raise DomainError(
            _("Chưa công bố được: các đơn vị chưa nộp bản tự chấm điểm: %(names)s.")
            % {"names": names}
        )
    # A correction keeps the rule the corrected version used: a year is never re-ranked under
    # a rule that came into force later.
    rule = corrects.rule if corrects is not None else rule_in_force(table, timezone.localdate(now))
    ranked = rank(
        [u for u in units if u.agency_id in members], rule=rule, total_points=table.total_points
    )
    version = (table.rankings.aggregate(v=Max("version"))["v"] or 0) + 1
    ranking = Ranking.objects.create(
        table=table,
        version=version,
        rule=rule,
        corrects=corrects,
        correction_reason=reason,
        published_at=now,
        published_by=actor,
    )
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=ranking,
            agency_id=u.agency_id,
            agency_code=u.agency_code,
            agency_name=u.agency_name,
            position=u.position,
            rank=u.rank,
            total=u.total,
            self_total=u.self_total,
            bonus=u.bonus,
            penalty=u.penalty,
            group_points={code: str(points) for code, points in u.group_points.items()},
            disqualified=u.disqualified,
            disqualifications=u.disqualifications,
            band=u.band,
        )
        for u in ranked
    )
    return ranking


@transaction.atomic
def ranking_publish(*, actor: Any, table: ScoringTable, now: dt.datetime | None = None) -> Ranking:
    """Publish the table's ranking once every member has submitted; the results are frozen."""
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    if table.status != TableStatus.ACTIVE:
        raise IllegalTransition(_("Bảng chấm điểm chưa được áp dụng."))
    if table.rankings.exists():
        raise IllegalTransition(
            _("Kết quả đã công bố; muốn thay đổi phải lập bản đính chính có lý do.")
        )
    ranking = _write(actor=actor, table=table, now=now or timezone.now(), corrects=None, reason="")
    audit_record(
        actor=actor,
        action="scoring.ranking.published",
        target=table,
        agency=leader_agency(table.group_year),
        payload={"version": ranking.version, "units": ranking.entries.count()},
    )
    return ranking


@transaction.atomic
def ranking_correct(
    *, actor: Any, ranking: Ranking, reason: str, now: dt.datetime | None = None
) -> Ranking:
    """Publish a correction of the latest ranking from the scores as they are now."""
    table = ScoringTable.objects.select_for_update().get(pk=ranking.table_id)
    latest = table.rankings.order_by("-version").first()
    if latest is None or latest.pk != ranking.pk:
        raise IllegalTransition(_("Chỉ đính chính được lần công bố mới nhất."))
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do đính chính."), field="reason")
    correction = _write(
        actor=actor, table=table, now=now or timezone.now(), corrects=ranking, reason=reason.strip()
    )
    audit_record(
        actor=actor,
        action="scoring.ranking.corrected",
        target=table,
        agency=leader_agency(table.group_year),
        payload={
            "version": correction.version,
            "corrects": ranking.version,
            "reason": reason.strip(),
        },
    )
    return correction
