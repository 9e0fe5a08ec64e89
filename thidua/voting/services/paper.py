"""Paper ballots: the two tellers' counts, entered apart, and their reconciliation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.voting.choices import Mode, SessionState
from thidua.voting.models import BallotCandidate, BallotSession, TellerCount, TellerCountLine
from thidua.voting.selectors import present_count, questions_of, teller_count
from thidua.voting.services.sessions import organiser_agency
from thidua.voting.tally import Difference, reconcile


class CountsDiffer(DomainError):
    """The two tellers' counts disagree; ``differences`` lists where."""

    def __init__(self, message: str, *, differences: list[tuple[str, int, int]]) -> None:
        super().__init__(message)
        self.differences = differences


def _counting(session: BallotSession) -> BallotSession:
    session = BallotSession.objects.select_for_update().get(pk=session.pk)
    if session.mode != Mode.PAPER:
        raise DomainError(_("Phiên này bỏ phiếu điện tử; không nhập kết quả kiểm phiếu."))
    if session.state != SessionState.CLOSED:
        raise IllegalTransition(_("Chỉ kiểm phiếu sau khi kết thúc bỏ phiếu và trước khi công bố."))
    if session.paper_accepted:
        raise DomainError(_("Kết quả kiểm phiếu đã được chấp nhận; không nhập lại được."))
    return session


@transaction.atomic
def teller_count_enter(
    *,
    actor: Any,
    session: BallotSession,
    slot: int,
    ballots: int,
    invalid: int,
    approvals: Mapping[int, int],
) -> TellerCount:
    """One teller's count (``slot`` 1 or 2): valid and invalid ballots, and every candidate's
    approvals. The same person may re-enter their own count until the counts are accepted;
    the two counts must come from two different people."""
    session = _counting(session)
    if slot not in (1, 2):
        raise DomainError(_("Tổ kiểm phiếu nhập hai lần: số 1 và số 2."), field="slot")
    other = session.teller_counts.exclude(slot=slot).first()
    if other is not None and other.teller_id == actor.pk:
        raise DomainError(_("Hai lần nhập phải do hai người khác nhau thực hiện."), field="slot")
    mine = session.teller_counts.filter(slot=slot).first()
    if mine is not None and mine.teller_id != actor.pk:
        raise DomainError(
            _("Lần nhập số %(slot)d đã do người khác thực hiện.") % {"slot": slot}, field="slot"
        )
    if ballots < 0 or invalid < 0:
        raise DomainError(_("Số phiếu không được âm."), field="ballots")
    present = present_count(session)
    if ballots + invalid > present:
        raise DomainError(
            _("Số phiếu thu về (%(n)d) nhiều hơn số cử tri có mặt (%(present)d).")
            % {"n": ballots + invalid, "present": present},
            field="ballots",
        )
    questions = questions_of(session)
    candidates = {c.pk: c for q in questions for c in q.candidates.all()}
    if set(approvals) - set(candidates):
        raise DomainError(_("Có ứng viên không thuộc phiên này."))
    missing = [c.name for pk, c in candidates.items() if pk not in approvals]
    if missing:
        raise DomainError(_("Chưa nhập số phiếu của: %(names)s.") % {"names": "; ".join(missing)})
    for pk, n in approvals.items():
        if not 0 <= n <= ballots:
            raise DomainError(
                _("Số phiếu đồng ý của “%(name)s” phải từ 0 đến %(ballots)d.")
                % {"name": candidates[pk].name, "ballots": ballots},
                field=f"c{pk}",
            )
    for question in questions:
        total = sum(approvals[c.pk] for c in question.candidates.all())
        if total > ballots * question.max_choices:
            raise DomainError(
                _(
                    "“%(question)s”: tổng số phiếu đồng ý (%(total)d) vượt quá số phiếu hợp lệ "
                    "nhân số được chọn tối đa (%(limit)d)."
                )
                % {
                    "question": question,
                    "total": total,
                    "limit": ballots * question.max_choices,
                }
            )
    if mine is None:
        mine = TellerCount.objects.create(
            session=session, slot=slot, teller=actor, ballots=ballots, invalid=invalid
        )
    else:
        mine.ballots, mine.invalid = ballots, invalid
        mine.save(update_fields=["ballots", "invalid", "updated_at"])
        mine.lines.all().delete()
    TellerCountLine.objects.bulk_create(
        TellerCountLine(count=mine, candidate_id=pk, approvals=n) for pk, n in approvals.items()
    )
    audit_record(
        actor=actor,
        action="voting.teller_count.entered",
        target=session,
        agency=organiser_agency(session),
        payload={"slot": slot, "ballots": ballots, "invalid": invalid},
    )
    return mine


def describe(difference: Difference, names: Mapping[int, str]) -> tuple[str, int, int]:
    """A difference with its label: the ballots, the invalid ballots, or a candidate's name."""
    if difference.item == "ballots":
        label = _("Số phiếu hợp lệ")
    elif difference.item == "invalid":
        label = _("Số phiếu không hợp lệ")
    else:
        assert isinstance(difference.item, int)
        label = names.get(difference.item, str(difference.item))
    return label, difference.first, difference.second


@transaction.atomic
def paper_counts_reconcile(*, actor: Any, session: BallotSession) -> BallotSession:
    """Compare the two tellers' counts: equal, they become the session's count; different,
    nothing is accepted and ``CountsDiffer`` lists every difference."""
    session = _counting(session)
    counts = {c.slot: c for c in session.teller_counts.prefetch_related("lines")}
    if set(counts) != {1, 2}:
        raise DomainError(_("Cần đủ hai lần nhập kết quả kiểm phiếu của hai người."))
    differences = reconcile(teller_count(counts[1]), teller_count(counts[2]))
    if differences:
        names = dict(
            BallotCandidate.objects.filter(question__session=session).values_list("pk", "name")
        )
        described = [describe(d, names) for d in differences]
        raise CountsDiffer(
            _("Hai lần nhập không khớp ở %(n)d mục: %(items)s.")
            % {
                "n": len(described),
                "items": "; ".join(f"{label} ({a} ≠ {b})" for label, a, b in described),
            },
            differences=described,
        )
    session.paper_accepted = True
    session.save(update_fields=["paper_accepted", "updated_at"])
    audit_record(
        actor=actor,
        action="voting.paper_counts.accepted",
        target=session,
        agency=organiser_agency(session),
        payload={"ballots": counts[1].ballots, "invalid": counts[1].invalid},
    )
    return session
