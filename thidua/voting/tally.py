"""Counting the votes (kiểm phiếu): pure functions over counts, no database.

Every comparison with a legal fraction is exact integer arithmetic — ``count × den ≥ num ×
base`` — never a float. The rule's numbers come from ``VotingRule`` (dated rule data); what
the pass threshold is measured against (all voters, or the ballots cast) is the rule's too.

``tally_question`` decides one question: the quorum, the minimum number of approvals, who
passes, and, when more candidates pass than there are seats, the highest counts win; a tie at
the last seat goes to a run-off or the chair as the rule says (until then the tied candidates
are ``tied``). Written votes of absent members (open, DOMAIN.md §6) add their approvals to the
ballots'; they do not make their voters present, so the quorum counts only who attended.
``disclosure_warnings`` flags counts that would reveal how every voter voted.
``reconcile`` compares the two tellers' counts of paper ballots.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thidua.voting.choices import Outcome, PassBase, TiePolicy

if TYPE_CHECKING:
    from thidua.voting.models import VotingRule


@dataclass(frozen=True)
class RuleNumbers:
    """The numbers of a voting rule that the count needs."""

    quorum_num: int
    quorum_den: int
    pass_num: int
    pass_den: int
    pass_base: str
    pass_strict: bool
    tie_policy: str

    @classmethod
    def of(cls, rule: VotingRule) -> RuleNumbers:
        """The numbers of a ``VotingRule``."""
        return cls(
            quorum_num=rule.quorum_num,
            quorum_den=rule.quorum_den,
            pass_num=rule.pass_num,
            pass_den=rule.pass_den,
            pass_base=rule.pass_base,
            pass_strict=rule.pass_strict,
            tie_policy=rule.tie_policy,
        )


def meets(count: int, base: int, num: int, den: int, *, strict: bool) -> bool:
    """Whether ``count`` out of ``base`` is more than (``strict``) or at least ``num/den``.

    A base of zero is met by nothing: no vote of nobody carries a candidate."""
    if base <= 0:
        return False
    return count * den > num * base if strict else count * den >= num * base


def minimum(base: int, num: int, den: int, *, strict: bool) -> int:
    """The smallest count that meets ``num/den`` of ``base`` (more than, or at least)."""
    if strict:
        return num * base // den + 1
    return -(-num * base // den)


def quorum_met(present: int, total: int, rule: RuleNumbers) -> bool:
    """At least ``quorum_num/quorum_den`` of all voters on the list are present."""
    return total > 0 and present * rule.quorum_den >= rule.quorum_num * total


@dataclass(frozen=True)
class TieDecision:
    """How a tie was settled: ``chair`` with the candidates the chair chose, or ``runoff``."""

    method: str
    chosen: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CandidateResult:
    candidate: int
    approvals: int
    meets_threshold: bool
    outcome: str
    reason: str


@dataclass(frozen=True)
class QuestionResult:
    """The count of one question: who is elected, and why."""

    quorum_met: bool
    total_voters: int
    present: int
    ballots: int
    base: int
    required: int
    quorum_required: int
    seats: int
    candidates: tuple[CandidateResult, ...]
    tied: tuple[int, ...] = ()
    seats_for_tied: int = 0
    explanations: tuple[str, ...] = field(default=())
    written: int = 0

    @property
    def elected(self) -> list[int]:
        return [c.candidate for c in self.candidates if c.outcome == Outcome.ELECTED]

    @property
    def has_open_tie(self) -> bool:
        return any(c.outcome == Outcome.TIED for c in self.candidates)


def _fraction(num: int, den: int) -> str:
    return f"{num}/{den}"


def tally_question(
    *,
    total_voters: int,
    present: int,
    ballots: int,
    approvals: Mapping[int, int],
    order: Sequence[int],
    seats: int,
    rule: RuleNumbers,
    decision: TieDecision | None = None,
    written: int = 0,
    written_approvals: Mapping[int, int] | None = None,
) -> QuestionResult:
    """Decide one question. ``order`` lists the candidates as on the ballot; ``approvals``
    gives each one's count on the ballots (missing means 0). ``written`` votes of absent
    voters, with ``written_approvals`` per candidate, are added to the counts (and to the
    votes cast when the rule measures on them) but not to who is present."""
    if not 0 <= ballots <= present or written < 0 or present + written > total_voters:
        raise ValueError(
            "counts must satisfy 0 ≤ ballots ≤ present and present + written ≤ total voters"
        )
    if seats < 1:
        raise ValueError("a question has at least one seat")
    by_writing = written_approvals or {}
    if any(not 0 <= int(approvals.get(c, 0)) <= ballots for c in order) or any(
        not 0 <= int(by_writing.get(c, 0)) <= written for c in order
    ):
        raise ValueError("a candidate's approvals lie between 0 and the votes cast")
    counts = {c: int(approvals.get(c, 0)) + int(by_writing.get(c, 0)) for c in order}

    votes = ballots + written
    base = total_voters if rule.pass_base == PassBase.ALL_VOTERS else votes
    required = minimum(base, rule.pass_num, rule.pass_den, strict=rule.pass_strict)
    quorum_required = minimum(total_voters, rule.quorum_num, rule.quorum_den, strict=False)
    has_quorum = quorum_met(present, total_voters, rule)
    explanations = [
        _("Có mặt %(present)d/%(total)d thành viên; cần ít nhất %(needed)d (%(fraction)s): %(ok)s.")
        % {
            "present": present,
            "total": total_voters,
            "needed": quorum_required,
            "fraction": _fraction(rule.quorum_num, rule.quorum_den),
            "ok": _("đủ") if has_quorum else _("không đủ, kết quả không có giá trị"),
        },
        (
            _(
                "Trúng cử cần hơn %(fraction)s tính trên %(base_label)s: %(base)d, tức ít "
                "nhất %(required)d phiếu đồng ý."
            )
            if rule.pass_strict
            else _(
                "Trúng cử cần từ %(fraction)s trở lên tính trên %(base_label)s: %(base)d, tức "
                "ít nhất %(required)d phiếu đồng ý."
            )
        )
        % {
            "fraction": _fraction(rule.pass_num, rule.pass_den),
            "base_label": str(PassBase(rule.pass_base).label).lower(),
            "base": base,
            "required": required,
        },
    ]

    if written:
        explanations.append(
            _(
                "Cộng %(written)d ý kiến bằng văn bản của thành viên vắng mặt vào số phiếu "
                "(không tính là có mặt)."
            )
            % {"written": written}
        )

    def passes(c: int) -> bool:
        return meets(counts[c], base, rule.pass_num, rule.pass_den, strict=rule.pass_strict)

    if not has_quorum:
        results = tuple(
            CandidateResult(
                c, counts[c], passes(c), Outcome.NOT_ELECTED, _("Không đủ số thành viên có mặt.")
            )
            for c in order
        )
        return QuestionResult(
            quorum_met=False,
            total_voters=total_voters,
            present=present,
            ballots=ballots,
            base=base,
            required=required,
            quorum_required=quorum_required,
            seats=seats,
            candidates=results,
            explanations=tuple(explanations),
            written=written,
        )

    passing = sorted((c for c in order if passes(c)), key=lambda c: -counts[c])
    outcome: dict[int, tuple[str, str]] = {
        c: (Outcome.NOT_ELECTED, _("Chưa đạt số phiếu cần thiết.")) for c in order
    }
    tied: list[int] = []
    seats_for_tied = 0
    if len(passing) <= seats:
        for c in passing:
            outcome[c] = (Outcome.ELECTED, _("Đạt số phiếu cần thiết."))
    else:
        cut = counts[passing[seats - 1]]
        above = [c for c in passing if counts[c] > cut]
        at_cut = [c for c in passing if counts[c] == cut]
        for c in above:
            outcome[c] = (Outcome.ELECTED, _("Đạt số phiếu cần thiết, trong số phiếu cao nhất."))
        for c in passing:
            if counts[c] < cut:
                outcome[c] = (
                    Outcome.NOT_ELECTED,
                    _("Đạt số phiếu cần thiết nhưng ít phiếu hơn, đã đủ số được chọn."),
                )
        if len(above) + len(at_cut) <= seats:
            for c in at_cut:
                outcome[c] = (Outcome.ELECTED, _("Đạt số phiếu cần thiết."))
        else:
            tied = [c for c in order if c in at_cut]
            seats_for_tied = seats - len(above)
            explanations.append(
                _(
                    "%(count)d ứng viên bằng phiếu (%(votes)d) cho %(seats)d suất còn lại; "
                    "xử lý theo quy tắc: %(policy)s."
                )
                % {
                    "count": len(tied),
                    "votes": cut,
                    "seats": seats_for_tied,
                    "policy": TiePolicy(rule.tie_policy).label,
                }
            )
            for c in tied:
                if decision is None:
                    outcome[c] = (Outcome.TIED, _("Bằng phiếu ở suất cuối, chưa xử lý."))
                elif decision.method == TiePolicy.RUNOFF:
                    outcome[c] = (Outcome.RUNOFF, _("Bằng phiếu ở suất cuối; bỏ phiếu lại."))
                elif c in decision.chosen:
                    outcome[c] = (Outcome.ELECTED, _("Bằng phiếu; chủ trì quyết định chọn."))
                else:
                    outcome[c] = (
                        Outcome.NOT_ELECTED,
                        _("Bằng phiếu; chủ trì quyết định không chọn."),
                    )
    results = tuple(
        CandidateResult(c, counts[c], passes(c), outcome[c][0], outcome[c][1]) for c in order
    )
    return QuestionResult(
        quorum_met=True,
        total_voters=total_voters,
        present=present,
        ballots=ballots,
        base=base,
        required=required,
        quorum_required=quorum_required,
        seats=seats,
        candidates=results,
        tied=tuple(tied),
        seats_for_tied=seats_for_tied,
        explanations=tuple(explanations),
        written=written,
    )


def disclosure_warnings(
    *, ballots: int, approvals: Mapping[str, int], group_size: int
) -> list[str]:
    """Counts that would reveal every voter's choice if published: with few ballots (at most
    ``group_size``), a candidate chosen on every ballot, or on none, tells how each voter who
    took part voted on that candidate (participation is not secret)."""
    if ballots <= 0 or ballots > group_size:
        return []
    warnings = []
    for name, count in approvals.items():
        if count == ballots:
            warnings.append(
                _(
                    "“%(name)s”: cả %(ballots)d phiếu đều đồng ý — công bố số phiếu sẽ cho "
                    "biết mọi người bỏ phiếu đã chọn ứng viên này."
                )
                % {"name": name, "ballots": ballots}
            )
        elif count == 0:
            warnings.append(
                _(
                    "“%(name)s”: không phiếu nào trong %(ballots)d phiếu đồng ý — công bố số "
                    "phiếu sẽ cho biết mọi người bỏ phiếu đã không chọn ứng viên này."
                )
                % {"name": name, "ballots": ballots}
            )
    return warnings


@dataclass(frozen=True)
class PaperCount:
    """One teller's count of the paper ballots."""

    ballots: int
    invalid: int
    approvals: Mapping[int, int]


@dataclass(frozen=True)
class Difference:
    """Where the two tellers' counts differ: ``item`` is ``ballots``, ``invalid`` or a
    candidate id."""

    item: str | int
    first: int
    second: int


def reconcile(first: PaperCount, second: PaperCount) -> list[Difference]:
    """Every item on which the two counts differ; an empty list means they agree."""
    differences = []
    if first.ballots != second.ballots:
        differences.append(Difference("ballots", first.ballots, second.ballots))
    if first.invalid != second.invalid:
        differences.append(Difference("invalid", first.invalid, second.invalid))
    candidates: Collection[int] = sorted(set(first.approvals) | set(second.approvals))
    for c in candidates:
        a, b = first.approvals.get(c, 0), second.approvals.get(c, 0)
        if a != b:
            differences.append(Difference(c, a, b))
    return differences
