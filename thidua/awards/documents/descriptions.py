"""What the proposal (tờ trình) and the decision (quyết định) say, read from the database into
plain descriptions (no model in them, so a sample can be written by hand): the issuer, the
legal bases, the vote that led to the proposal, the nominees or awardees, the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.awards.choices import AwardKind
from thidua.awards.documents.words import (
    about,
    award_words,
    basis_lines,
    date_words,
    head_only,
    head_title,
    province_name,
)
from thidua.awards.models import (
    CommendationDecision,
    DecisionState,
    DocumentKind,
    Proposal,
)
from thidua.awards.selectors import rule_set_in_force
from thidua.core.text import fold
from thidua.organizations.models import Agency
from thidua.voting.documents import Issuer, issuer_of

# The dossier's documents by kind, in the order a tờ trình lists them.
DOSSIER_WORDS = {
    DocumentKind.MEETING_MINUTES: "Biên bản họp bình xét của {group}",
    DocumentKind.COUNT_MINUTES: "Biên bản kiểm phiếu của {group}",
    DocumentKind.ACHIEVEMENT_REPORT: "Báo cáo thành tích của {name}",
    DocumentKind.OTHER: "{name}",
}


@dataclass(frozen=True)
class NomineeLine:
    """One nominee of the proposal: who, the title or form, and the cluster's vote."""

    name: str
    collective: bool
    award: str
    passed: bool
    approvals: int | None = None


@dataclass(frozen=True)
class VoteSummary:
    """The published result the proposal comes from (aggregates only)."""

    title: str
    meeting_date: dt.date
    meeting_place: str
    total_voters: int
    present: int
    valid: int
    counts_shown: bool


@dataclass(frozen=True)
class Submission:
    """Tờ trình đề nghị khen thưởng — from the cluster's leading member to the minister."""

    issuer: Issuer
    number: str
    date: dt.date | None
    year: int
    summary: str
    addressee: str
    proposer: str
    group: str
    bases: tuple[str, ...]
    vote: VoteSummary
    nominees: tuple[NomineeLine, ...]
    dossier: tuple[str, ...]


@dataclass(frozen=True)
class AwardeeLine:
    """One line of the decision's list: who, the title or form conferred, the year."""

    name: str
    collective: bool
    award: str
    year: int


@dataclass(frozen=True)
class DecisionPaper:
    """Quyết định khen thưởng — the decision as issued (or drafted, or later revoked)."""

    parent_body: str
    issuer: str
    place: str
    number: str
    date: dt.date | None
    year: int | None
    summary: str
    decider: str
    head: str
    bases: tuple[str, ...]
    request: str
    awardees: tuple[AwardeeLine, ...]
    signer_name: str
    signer_title: str
    state: str
    revoked_by: str = ""


# --- Reading a proposal ----------------------------------------------------------------------


def _vote_of(proposal: Proposal) -> VoteSummary:
    session = proposal.ballot_session
    result = session.result or {}
    return VoteSummary(
        title=session.title,
        meeting_date=session.meeting_date,
        meeting_place=session.place,
        total_voters=int(result.get("total_voters") or 0),
        present=int(result.get("present") or 0),
        valid=int(result.get("ballots") or 0),
        counts_shown=bool(session.counts_disclosed),
    )


def _group_decision_basis(proposal: Proposal) -> tuple[str, ...]:
    """The ministry's decision that set up the cluster for the year, when recorded."""
    decision = proposal.group_year.decision
    if decision is None:
        return ()
    summary = about(decision.summary, "").removeprefix("Về việc ").strip()
    what = f" về việc {summary}" if summary else ""
    return (
        f"Quyết định số {decision.number} {date_words(decision.issued_on)} của "
        f"{head_title(decision.issuer)}{what}",
    )


def _dossier_of(proposal: Proposal) -> tuple[str, ...]:
    group = proposal.group_year.group.name
    documents = list(proposal.documents.select_related("nomination"))
    lines: list[str] = []
    for kind in DOSSIER_WORDS:
        for document in (d for d in documents if d.kind == kind):
            name = document.nomination.name if document.nomination else document.name
            line = DOSSIER_WORDS[kind].format(group=group, name=name)
            if line not in lines:
                lines.append(line)
        if kind == DocumentKind.ACHIEVEMENT_REPORT:
            # A report written on the page (not uploaded) is part of the dossier too.
            for nomination in proposal.nominations.all():
                line = DOSSIER_WORDS[kind].format(group=group, name=nomination.name)
                if nomination.report_text.strip() and line not in lines:
                    lines.append(line)
    return tuple(lines)


def submission_of(proposal: Proposal) -> Submission:
    recipient: Agency = proposal.recipient
    group = proposal.group_year.group.name
    day = proposal.date or proposal.ballot_session.meeting_date
    nominations = list(proposal.nominations.select_related("award").order_by("order", "id"))
    rule_set = rule_set_in_force(day)
    bases = basis_lines(
        rule_set.legal_basis if rule_set is not None else "",
        *(n.award.legal_basis for n in nominations),
    ) + _group_decision_basis(proposal)
    issuer = issuer_of(proposal.ballot_session)
    issuer = Issuer(
        parent_body=issuer.parent_body,
        issuing_body=issuer.issuing_body,
        place=issuer.place,
        assembly=issuer.assembly,
        chair=issuer.chair,
        recipients=(
            "- Như trên;",
            f"- Các đơn vị thành viên {group};",
            "- Lưu: VT.",
        ),
    )
    return Submission(
        issuer=issuer,
        number=proposal.number or "/TTr",
        date=proposal.date,
        year=proposal.group_year.year,
        summary=about(proposal.summary, f"Về việc đề nghị khen thưởng năm {day.year}"),
        addressee=head_title(recipient),
        proposer=proposal.proposer.name,
        group=group,
        bases=bases,
        vote=_vote_of(proposal),
        nominees=tuple(
            NomineeLine(
                name=n.name,
                collective=n.agency_id is not None,
                award=award_words(
                    n.award.name, form=n.award.kind == AwardKind.FORM, authority=recipient
                ),
                passed=n.passed_vote,
                approvals=n.approvals,
            )
            for n in nominations
        ),
        dossier=_dossier_of(proposal),
    )


# --- Reading a decision ----------------------------------------------------------------------

AUTOMATIC_SUMMARY = "ve viec tang thuong theo to trinh"


def decision_paper_of(decision: CommendationDecision) -> DecisionPaper:
    issuer: Agency = decision.issuer
    lines = list(decision.lines.select_related("award").order_by("order", "id"))
    awardees = tuple(
        AwardeeLine(
            name=line.name,
            collective=line.agency_id is not None,
            award=award_words(
                line.award.name, form=line.award.kind == AwardKind.FORM, authority=issuer
            ),
            year=line.year,
        )
        for line in lines
    )
    awards = list(dict.fromkeys(a.award for a in awardees))
    years = sorted({a.year for a in awardees})
    generated = f"Về việc tặng {' và '.join(awards)}" + (
        f" năm {years[0]}" if len(years) == 1 else ""
    )
    summary = decision.summary
    if fold(summary).startswith(AUTOMATIC_SUMMARY):
        summary = ""
    request = ""
    proposal = decision.proposal
    if proposal is not None:
        number = f" số {proposal.number}" if proposal.number else ""
        when = f" {date_words(proposal.date)}" if proposal.date else ""
        request = (
            f"Xét đề nghị của {proposal.proposer.name}, đơn vị Cụm trưởng "
            f"{proposal.group_year.group.name} năm {proposal.group_year.year}, tại Tờ trình"
            f"{number}{when}."
        )
    parent = issuer.parent
    return DecisionPaper(
        parent_body=parent.name if parent is not None else "",
        issuer=issuer.name,
        place=province_name(issuer),
        number=decision.number,
        date=decision.date,
        year=decision.year or (decision.date.year if decision.date else None),
        summary=about(summary, generated),
        decider=head_title(issuer),
        head=head_only(issuer),
        bases=basis_lines(decision.legal_bases),
        request=request,
        awardees=awardees,
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
        state=decision.state,
        revoked_by=decision.revoked_by_number if decision.state == DecisionState.REVOKED else "",
    )
