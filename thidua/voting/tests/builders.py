"""Builders shared by the voting tests: a cluster of five units around the personas, its
representatives, and sessions built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.awards.models import AwardTitle
from thidua.core.testing import PASSWORD, Personas
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create
from thidua.voting import services
from thidua.voting.choices import Mode
from thidua.voting.models import (
    Ballot,
    BallotCandidate,
    BallotMark,
    BallotSession,
    BallotToken,
    Participation,
    Question,
    TellerCount,
    TieResolution,
    Voter,
)

YEAR = 2026
MEETING = dt.date(2026, 12, 18)
FLAG = "co_thi_dua_bo"  # one seat: the ministry's emulation flag
MERIT = "bang_khen_bo"  # two seats: the minister's certificate of merit


def make_agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def make_user(username: str, role: Role, agency: Agency | None) -> User:
    user = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
    membership_grant(actor=None, user=user, role=role, agency=agency)
    return user


def award(code: str) -> AwardTitle:
    return AwardTitle.objects.get(code=code)


@dataclass
class World:
    """CUM-BX of 2026: ``lead`` (Đồng Tháp) leads; ``own`` (the personas' agency) and three
    more units are members; ``other`` (the outsider's) is not. Each unit but ``own`` has a
    leader account in ``reps`` (``own`` is represented by the personas' agency leader)."""

    personas: Personas
    lead: Agency
    units: list[Agency]
    lead_officer: User
    reps: dict[int, User]
    group_year: GroupYear
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str) -> Any:
        return self.lead_officer if persona == "lead_officer" else getattr(self.personas, persona)

    @property
    def own(self) -> Agency:
        own: Agency = self.personas.own
        return own

    def rep(self, agency: Agency) -> User:
        return self.reps[agency.pk]


def make_world(personas: Personas) -> World:
    lead = make_agency("B-SCT-DT", "Sở Công Thương tỉnh Đồng Tháp")
    third = make_agency("B-SCT-CT", "Sở Công Thương thành phố Cần Thơ")
    fourth = make_agency("B-SCT-VL", "Sở Công Thương tỉnh Vĩnh Long")
    fifth = make_agency("B-SCT-TN", "Sở Công Thương tỉnh Tây Ninh")
    units = [lead, personas.own, third, fourth, fifth]
    lead_officer = make_user("lead_officer", Role.AGENCY_OFFICER, lead)
    reps = {personas.own.pk: personas.agency_leader}
    for unit in (lead, third, fourth, fifth):
        reps[unit.pk] = make_user(f"rep_{unit.code}", Role.AGENCY_LEADER, unit)
    group_year = group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-BX",
        name="Cụm thi đua bình xét",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=YEAR, members=units, leader=lead),
    )
    return World(personas, lead, units, lead_officer, reps, group_year)


def cluster_session(
    world: World,
    *,
    mode: str = Mode.ELECTRONIC,
    merit: bool = True,
    open_it: bool = True,
) -> BallotSession:
    """A session with the flag (one seat, every unit a candidate) and, with ``merit``, the
    certificate of merit (two seats, the last three units)."""
    session = services.ballot_session_create(
        actor=world.lead_officer,
        group_year=world.group_year,
        title="Bình xét khen thưởng năm 2026",
        meeting_date=MEETING,
        mode=mode,
    )
    flag = services.question_add(
        actor=world.lead_officer, session=session, award=award(FLAG), max_choices=1
    )
    for unit in world.units:
        services.candidate_add(
            actor=world.lead_officer, question=flag, agency=unit, reason="Đề xuất tại hội nghị"
        )
    if merit:
        merit_q = services.question_add(
            actor=world.lead_officer, session=session, award=award(MERIT), max_choices=2
        )
        for unit in world.units[2:]:
            services.candidate_add(
                actor=world.lead_officer, question=merit_q, agency=unit, reason="Đề xuất"
            )
    if open_it:
        services.ballot_session_open(actor=world.lead_officer, session=session)
    return session


def question(session: BallotSession, code: str) -> Question:
    return session.questions.get(award__code=code)


def candidate(session: BallotSession, code: str, agency: Agency) -> BallotCandidate:
    return BallotCandidate.objects.get(
        question__session=session, question__award__code=code, agency=agency
    )


def voter(session: BallotSession, agency: Agency) -> Voter:
    return session.voters.get(agency=agency)


def check_in(world: World, session: BallotSession, agency: Agency) -> str:
    token = services.voter_check_in(actor=world.rep(agency), voter=voter(session, agency))
    assert token is not None
    return token


def vote(session: BallotSession, token: str, choices: dict[str, list[Agency]]) -> None:
    """Cast a ballot naming candidates by award code and agency."""
    services.ballot_cast(
        session=session,
        token=token,
        choices={
            question(session, code).pk: [candidate(session, code, a).pk for a in agencies]
            for code, agencies in choices.items()
        },
    )


VOTING_MODELS: list[type[Model]] = [
    Ballot,
    BallotMark,
    BallotToken,
    Participation,
    TellerCount,
    TieResolution,
    AuditEvent,
]


def snapshot() -> dict[str, int]:
    """Row counts of the tables a refused action must leave alone."""
    counts = {m.__name__: m._default_manager.count() for m in VOTING_MODELS}
    counts["sessions_open"] = BallotSession.objects.filter(state="open").count()
    return counts


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = snapshot()
    yield
    assert snapshot() == before


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))
