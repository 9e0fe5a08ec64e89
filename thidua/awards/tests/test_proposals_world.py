"""The state the proposal and decision tests share, built through the services: cluster CUM-DX
of 2025 with a published ranking (Đồng Tháp first), a published ballot session (the flag to
Đồng Tháp, the certificate of merit to Cần Thơ and Vĩnh Long), their history (two years of
"hoàn thành xuất sắc nhiệm vụ", Vĩnh Long's partly through the units it merged), the
ministry's council, and helpers to move a proposal along."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.awards import services
from thidua.awards.models import DocumentKind, Proposal
from thidua.awards.tests.history_builder import COLLECTIVE, History, published_ranking
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.voting import services as voting
from thidua.voting.models import BallotCandidate, BallotSession

YEAR = 2025
MEETING = dt.date(2025, 12, 18)
COUNCIL_MEETING = dt.date(2026, 1, 20)
SENT_ON = dt.date(2026, 1, 5)
FLAG = "co_thi_dua_bo"
MERIT = "bang_khen_bo"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_user(username: str, role: Role, agency: Agency | None) -> User:
    user = user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        full_name=username,
        email=f"{username}@example.vn",
    )
    membership_grant(actor=None, user=user, role=role, agency=agency)
    return user


@dataclass
class World:
    personas: Personas
    lead: Agency
    third: Agency
    fourth: Agency
    fifth: Agency
    group_year: GroupYear
    session: BallotSession
    lead_officer: User
    council: list[User]
    clerk: User

    @property
    def own(self) -> Agency:
        own: Agency = self.personas.own
        return own

    @property
    def ministry(self) -> Agency:
        ministry: Agency = self.personas.ministry
        return ministry

    @property
    def officer(self) -> Any:
        return self.personas.ministry_officer

    def candidate(self, code: str, agency: Agency) -> BallotCandidate:
        return BallotCandidate.objects.get(
            question__session=self.session, question__award__code=code, agency=agency
        )


def build(personas: Personas) -> World:
    history = History()
    lead = history.agency("D-SCT-DT", name="Sở Công Thương tỉnh Đồng Tháp")
    third = history.agency("D-SCT-CT", name="Sở Công Thương thành phố Cần Thơ")
    fourth = history.agency("D-SCT-VL", name="Sở Công Thương tỉnh Vĩnh Long")
    fifth = history.agency("D-SCT-TN", name="Sở Công Thương tỉnh Tây Ninh")
    # Cần Thơ: two years of its own; Vĩnh Long: merged on 01/07/2025, its 2024 year through
    # its two predecessors (the engine says "needs review").
    predecessors = [history.agency(f"D-SCT-VL-{x}") for x in "AB"]
    for code, year in [(third.code, YEAR - 1), (third.code, YEAR), (fourth.code, YEAR)] + [
        (p.code, YEAR - 1) for p in predecessors
    ]:
        history.rating(code, "htxsnv", year, recipient_type=COLLECTIVE, decided=dt.date(2025, 6, 1))
    history.merge(predecessors, fourth, dt.date(2025, 7, 1))
    history.save()
    units = [lead, personas.own, third, fourth, fifth]
    ranking = published_ranking(
        organiser=personas.ministry,
        code="CUM-DX",
        year=YEAR,
        scores=list(zip(units, [95, 90, 85, 80, 70], strict=True)),
        published_on=dt.date(2025, 12, 15),
    )
    group_year = ranking.table.group_year
    lead_officer = make_user("lead_officer", Role.AGENCY_OFFICER, lead)
    reps = {personas.own.pk: personas.agency_leader}
    for unit in (lead, third, fourth, fifth):
        reps[unit.pk] = make_user(f"rep_{unit.code}", Role.AGENCY_LEADER, unit)
    session = voting.ballot_session_create(
        actor=lead_officer,
        group_year=group_year,
        title="Bình xét khen thưởng năm 2025",
        meeting_date=MEETING,
        mode="electronic",
    )
    flag = voting.question_add(actor=None, session=session, award=_award(FLAG), max_choices=1)
    for unit in (lead, personas.own):
        voting.candidate_add(actor=None, question=flag, agency=unit, reason="Đề xuất")
    merit = voting.question_add(actor=None, session=session, award=_award(MERIT), max_choices=2)
    for unit in (third, fourth, fifth):
        voting.candidate_add(actor=None, question=merit, agency=unit, reason="Đề xuất")
    voting.ballot_session_open(actor=None, session=session)
    flag_c = {c.agency_id: c.pk for c in flag.candidates.all()}
    merit_c = {c.agency_id: c.pk for c in merit.candidates.all()}
    for unit in units:
        voter = session.voters.get(agency=unit)
        token = voting.voter_check_in(actor=reps[unit.pk], voter=voter)
        assert token is not None
        voting.ballot_cast(
            session=session,
            token=token,
            choices={  # nobody votes for itself
                flag.pk: [flag_c[lead.pk]] if unit != lead else [],
                merit.pk: [merit_c[a.pk] for a in (third, fourth) if a != unit],
            },
        )
    voting.ballot_session_close(actor=None, session=session)
    session = voting.ballot_session_publish(actor=None, session=session)
    council = [make_user(f"council_{i}", Role.COUNCIL_MEMBER, personas.ministry) for i in (1, 2, 3)]
    clerk = make_user("ministry_clerk", Role.MINISTRY_OFFICER, personas.ministry)
    return World(
        personas, lead, third, fourth, fifth, group_year, session, lead_officer, council, clerk
    )


def _award(code: str) -> Any:
    from thidua.awards.models import AwardTitle

    return AwardTitle.objects.get(code=code)


def prepared(world: World, *, number: str = "12/TTr-SCT") -> Proposal:
    """A draft proposal with both minutes attached and a justification for Vĩnh Long."""
    proposal = services.proposal_prepare(
        actor=world.lead_officer,
        group_year=world.group_year,
        ballot_session=world.session,
        number=number,
        date=dt.date(2026, 1, 4),
    )
    for kind in (DocumentKind.MEETING_MINUTES, DocumentKind.COUNT_MINUTES):
        services.dossier_document_attach(
            actor=world.lead_officer, proposal=proposal, kind=kind, upload=pdf()
        )
    merged = proposal.nominations.get(agency=world.fourth)
    services.nomination_report_save(
        actor=world.lead_officer,
        nomination=merged,
        report_text=merged.report_text,
        justification="Đơn vị hợp nhất từ hai sở đều hoàn thành xuất sắc nhiệm vụ năm 2024.",
    )
    return Proposal.objects.get(pk=proposal.pk)


def sent(world: World) -> Proposal:
    proposal = prepared(world)
    return services.proposal_send(actor=world.lead_officer, proposal=proposal, as_of=SENT_ON)


def accepted(world: World) -> Proposal:
    proposal = sent(world)
    return services.proposal_accept(actor=world.officer, proposal=proposal)


def council_voted(world: World, *, approve: bool = True) -> Proposal:
    """The accepted proposal after the council's published vote (every member approves the
    flag, or nobody does)."""
    proposal = accepted(world)
    session = services.proposal_council_session_create(
        actor=world.officer,
        proposal=proposal,
        council=world.ministry,
        meeting_date=COUNCIL_MEETING,
        mode="electronic",
    )
    voting.ballot_session_open(actor=world.officer, session=session)
    question = session.questions.get()
    [candidate] = question.candidates.all()
    for member in world.council:
        token = voting.voter_check_in(actor=member, voter=session.voters.get(user=member))
        assert token is not None
        voting.ballot_cast(
            session=session,
            token=token,
            choices={question.pk: [candidate.pk] if approve else []},
        )
    voting.ballot_session_close(actor=world.officer, session=session)
    voting.ballot_session_publish(actor=world.officer, session=session)
    return Proposal.objects.get(pk=proposal.pk)
