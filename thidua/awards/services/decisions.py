"""Commendation decisions (quyết định khen thưởng): drafting one from an accepted proposal,
issuing it (one history record per awardee) and revoking it by another decision.

``transition`` is the one place that moves a decision between states
(``models.DECISION_TRANSITIONS``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards import notifications
from thidua.awards.choices import AwardType, RecipientType, RecordKind
from thidua.awards.models import (
    DECISION_TRANSITIONS,
    CommendationDecision,
    CommendationRecord,
    DecisionAward,
    DecisionState,
    Nomination,
    Proposal,
    ProposalState,
)
from thidua.awards.services.checks import record_revoke
from thidua.awards.services.proposals import transition as proposal_transition
from thidua.awards.services.review import council_outcomes
from thidua.core.errors import DomainError, IllegalTransition
from thidua.organizations.models import Agency


def transition(decision: CommendationDecision, to: DecisionState) -> None:
    """Move ``decision`` to ``to`` if ``DECISION_TRANSITIONS`` allows it (not saved here)."""
    if to not in DECISION_TRANSITIONS[decision.state]:
        raise IllegalTransition(
            _("Quyết định đang ở trạng thái “%(state)s”, không chuyển sang “%(to)s” được.")
            % {"state": DecisionState(decision.state).label, "to": DecisionState(to).label}
        )
    decision.state = to


def _check_number(issuer: Agency, number: str, day: dt.date | None, pk: int | None) -> None:
    """Refuse a number the issuer already used in the same year (before the database does)."""
    if not number or day is None:
        return
    used = CommendationDecision.objects.filter(issuer=issuer, year=day.year, number=number)
    if pk is not None:
        used = used.exclude(pk=pk)
    if used.exists():
        raise DomainError(
            _("%(issuer)s đã có quyết định số %(number)s trong năm %(year)d.")
            % {"issuer": issuer.name, "number": number, "year": day.year},
            field="number",
        )


@transaction.atomic
def decision_draft(
    *,
    actor: Any,
    proposal: Proposal,
    number: str = "",
    date: dt.date | None = None,
    signer_name: str = "",
    signer_title: str = "",
    legal_bases: str = "",
    summary: str = "",
    award_type: str = AwardType.CONG_TRANG,
    issuer: Agency | None = None,
    nominations: list[Nomination] | None = None,
) -> CommendationDecision:
    """A draft decision for an accepted proposal. Its lines are ``nominations`` (all when not
    given) among the nominees that passed the cluster's vote and, where the council votes on
    the title, the council's, and that no other decision in force already names — the flag and
    the certificates of merit may be decided apart."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in (ProposalState.ACCEPTED, ProposalState.DECIDED):
        raise IllegalTransition(_("Chỉ lập quyết định cho tờ trình đã được tiếp nhận."))
    if award_type not in AwardType.values:
        raise DomainError(_("Loại hình khen thưởng không hợp lệ."), field="award_type")
    issuer = issuer or proposal.recipient
    number = number.strip()
    _check_number(issuer, number, date, None)
    outcomes = council_outcomes(proposal)
    if any(outcome is None for outcome in outcomes.values()):
        raise DomainError(
            _("Hội đồng chưa công bố kết quả bỏ phiếu cho các danh hiệu cần Hội đồng xét.")
        )
    decided = set(
        DecisionAward.objects.filter(decision__proposal=proposal)
        .exclude(decision__state=DecisionState.REVOKED)
        .values_list("nomination_id", flat=True)
    )
    open_ones = [
        n
        for n in proposal.nominations.select_related("award", "agency", "person")
        if n.passed_vote and outcomes.get(n.pk) and n.pk not in decided
    ]
    if nominations is not None:
        wanted = {n.pk for n in nominations}
        if not wanted <= {n.pk for n in open_ones}:
            raise DomainError(
                _(
                    "Chỉ đưa vào quyết định đối tượng của tờ trình đã đạt khi bình xét và khi "
                    "Hội đồng bỏ phiếu, chưa có trong quyết định khác."
                ),
                field="nominations",
            )
        open_ones = [n for n in open_ones if n.pk in wanted]
    nominations = open_ones
    if not nominations:
        raise DomainError(_("Không có đối tượng nào đạt để đưa vào quyết định."))
    decision = CommendationDecision.objects.create(
        issuer=issuer,
        proposal=proposal,
        number=number,
        date=date,
        year=date.year if date else None,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        legal_bases=legal_bases.strip(),
        summary=summary.strip()
        or _("Về việc tặng thưởng theo tờ trình %(number)s") % {"number": proposal.number},
    )
    DecisionAward.objects.bulk_create(
        DecisionAward(
            decision=decision,
            nomination=n,
            award=n.award,
            award_type=award_type,
            agency=n.agency,
            person=n.person,
            name=n.name,
            year=n.year,
            note=_("Theo tờ trình %(number)s của %(proposer)s")
            % {"number": proposal.number, "proposer": proposal.proposer.name},
            order=i,
        )
        for i, n in enumerate(nominations, start=1)
    )
    audit_record(
        actor=actor,
        action="awards.decision.drafted",
        target=decision,
        agency=issuer,
        payload={"proposal": proposal.pk, "number": number, "lines": len(nominations)},
    )
    return decision


@transaction.atomic
def decision_update(
    *,
    actor: Any,
    decision: CommendationDecision,
    number: str,
    date: dt.date | None,
    signer_name: str,
    signer_title: str,
    legal_bases: str,
    summary: str,
) -> CommendationDecision:
    """Change a draft decision's number, date, signer, legal bases and summary."""
    decision = CommendationDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != DecisionState.DRAFT:
        raise IllegalTransition(_("Quyết định đã ban hành không sửa được."))
    number = number.strip()
    _check_number(decision.issuer, number, date, decision.pk)
    decision.number = number
    decision.date = date
    decision.year = date.year if date else None
    decision.signer_name = signer_name.strip()
    decision.signer_title = signer_title.strip()
    decision.legal_bases = legal_bases.strip()
    decision.summary = summary.strip()
    decision.save()
    audit_record(
        actor=actor,
        action="awards.decision.changed",
        target=decision,
        agency=decision.issuer,
        payload={"number": number, "date": str(date or "")},
    )
    return decision


def _record_for(decision: CommendationDecision, line: DecisionAward) -> CommendationRecord:
    recipient_type = RecipientType.COLLECTIVE if line.agency_id else RecipientType.PERSON
    recipient_id = line.agency_id or line.person_id or 0
    return CommendationRecord(
        record_kind=RecordKind.AWARD,
        agency_id=line.agency_id,
        person_id=line.person_id,
        award=line.award,
        award_type=line.award_type,
        year=line.year,
        decision_number=decision.number,
        decision_date=decision.date,
        issuer=decision.issuer.name,
        note=line.note,
        search_key=CommendationRecord.make_search_key(
            decision.number, decision.issuer.name, line.note
        ),
        identity=CommendationRecord.make_identity(
            RecordKind.AWARD,
            recipient_type,
            recipient_id,
            line.award.code,
            line.year,
            decision.number,
        ),
    )


@transaction.atomic
def decision_issue(*, actor: Any, decision: CommendationDecision) -> CommendationDecision:
    """Issue the decision: one award record per line in the commendation history, linked to
    the line (and through it to the nomination, the ballot and the proposal)."""
    decision = (
        CommendationDecision.objects.select_for_update(of=("self",))
        .select_related("issuer", "proposal")
        .get(pk=decision.pk)
    )
    transition(decision, DecisionState.ISSUED)
    missing = [
        label
        for label, value in (
            (_("số, ký hiệu"), decision.number),
            (_("ngày ban hành"), decision.date),
            (_("người ký"), decision.signer_name),
            (_("căn cứ pháp lý"), decision.legal_bases),
        )
        if not value
    ]
    if missing:
        raise DomainError(
            _("Chưa ban hành được: quyết định thiếu %(missing)s.") % {"missing": ", ".join(missing)}
        )
    _check_number(decision.issuer, decision.number, decision.date, decision.pk)
    lines = list(decision.lines.select_related("award"))
    if not lines:
        raise DomainError(_("Quyết định chưa có đối tượng được khen thưởng."))
    records = [_record_for(decision, line) for line in lines]
    taken = set(
        CommendationRecord.objects.filter(identity__in=[r.identity for r in records]).values_list(
            "identity", flat=True
        )
    )
    if taken:
        raise DomainError(
            _("Quá trình khen thưởng đã có hồ sơ của quyết định %(number)s cho đối tượng này.")
            % {"number": decision.number}
        )
    for line, record in zip(lines, records, strict=True):
        record.save()
        line.record = record
    DecisionAward.objects.bulk_update(lines, ["record"])
    decision.issued_at = timezone.now()
    decision.save(update_fields=["state", "issued_at", "updated_at"])
    if decision.proposal is not None and decision.proposal.state == ProposalState.ACCEPTED:
        proposal = decision.proposal
        proposal_transition(proposal, ProposalState.DECIDED)
        proposal.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.decision.issued",
        target=decision,
        agency=decision.issuer,
        payload={"number": decision.number, "records": [r.pk for r in records]},
    )
    pk = decision.pk
    transaction.on_commit(lambda: notifications.decision_issued(pk))
    return decision


@transaction.atomic
def decision_revoke(
    *,
    actor: Any,
    decision: CommendationDecision,
    revoking_number: str,
    revoking_date: dt.date,
    reason: str = "",
) -> CommendationDecision:
    """Revoke an issued decision by another decision: every record it created is marked
    revoked through ``record_revoke`` (kept verdicts that used them are evaluated again); the
    records keep both decisions."""
    revoking_number = revoking_number.strip()
    decision = CommendationDecision.objects.select_for_update().get(pk=decision.pk)
    transition(decision, DecisionState.REVOKED)
    if not revoking_number:
        raise DomainError(_("Cần số quyết định thu hồi, hủy bỏ."), field="revoking_number")
    if revoking_number == decision.number:
        raise DomainError(
            _("Quyết định thu hồi phải là một quyết định khác."), field="revoking_number"
        )
    if decision.date and revoking_date < decision.date:
        raise DomainError(
            _("Ngày thu hồi không được trước ngày quyết định khen thưởng."),
            field="revoking_date",
        )
    for line in decision.lines.select_related("record"):
        if line.record is not None:
            record_revoke(
                actor=actor,
                record=line.record,
                decision_number=revoking_number,
                revoked_on=revoking_date,
            )
    decision.revoked_by_number = revoking_number
    decision.revoked_on = revoking_date
    decision.revocation_reason = reason.strip()
    decision.save(
        update_fields=[
            "state",
            "revoked_by_number",
            "revoked_on",
            "revocation_reason",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="awards.decision.revoked",
        target=decision,
        agency=decision.issuer,
        payload={"by": revoking_number, "on": revoking_date.isoformat()},
    )
    return decision
