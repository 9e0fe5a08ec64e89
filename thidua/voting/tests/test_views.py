"""The voting pages for every persona (DESIGN.md §4.4, §4.10): whoever may see the cluster's
year sees its sessions; the cluster leader prepares, opens, closes and publishes; a voter checks
in only for their own unit; the outsider and the viewer of an unrelated agency get 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.voting import services
from thidua.voting.models import Ballot, BallotSession
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    World,
    candidate,
    check_in,
    cluster_session,
    question,
    vote,
    voter,
)

ClientAs = Callable[[Any], Client]
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",  # an officer of the unit that leads the cluster (cụm trưởng)
]
READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}
LEADERS = {"system_admin", "lead_officer"}
OWN_VOTERS = {"member_officer", "agency_leader"}  # roles in the personas' own (member) agency


def expected(persona: str, *, allowed: set[str], ok: int = 200) -> int:
    if persona == "anonymous":
        return 302
    if persona not in READERS:
        return 404
    return ok if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_index_lists_only_the_sessions_one_may_see(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world, open_it=False)
    response = client_as(world.user(persona)).get(reverse("voting:index"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (session.title in response.content.decode()) is (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_cluster_page_lists_sessions_and_only_the_leader_creates_one(
    world: World, client_as: ClientAs, persona: str
) -> None:
    client = client_as(world.user(persona))
    url = reverse("voting:cluster_sessions", args=["CUM-BX", 2026])
    assert client.get(url).status_code == expected(persona, allowed=READERS)
    response = client.post(
        url, {"title": "Bình xét", "meeting_date": "2026-12-18", "mode": "electronic"}
    )
    assert response.status_code == expected(persona, allowed=LEADERS, ok=302)
    assert BallotSession.objects.exists() is (persona in LEADERS)


def test_a_session_form_with_a_bad_date_is_shown_again_with_the_message(
    world: World, client_as: ClientAs
) -> None:
    client = client_as(world.lead_officer)
    url = reverse("voting:cluster_sessions", args=["CUM-BX", 2026])
    response = client.post(
        url, {"title": "Bình xét", "meeting_date": "2030-01-01", "mode": "paper"}
    )
    assert response.status_code == 400
    assert "Ngày họp phải thuộc năm 2026 hoặc năm sau" in response.content.decode()
    assert not BallotSession.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_session_page_shows_attendance_to_readers_only(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world)
    check_in(world, session, world.units[2])
    response = client_as(world.user(persona)).get(reverse("voting:session", args=[session.pk]))
    assert response.status_code == expected(persona, allowed=READERS)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Danh sách cử tri" in page
        assert "✓ Có mặt" in page
        # a voter sees the check-in button for their own unit only
        assert (page.count("Điểm danh và nhận phiếu") == 1) is (
            persona in OWN_VOTERS | {"lead_officer"}
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_leader_prepares_opens_and_closes(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world, open_it=False)
    client = client_as(world.user(persona))
    flag = question(session, FLAG)
    added = client.post(
        reverse("voting:question_add", args=[session.pk]),
        {"award": flag.award.pk, "max_choices": 1},
    )
    assert added.status_code == expected(persona, allowed=LEADERS, ok=400)  # already on it
    removed = client.post(
        reverse(
            "voting:candidate_remove", args=[session.pk, candidate(session, FLAG, world.lead).pk]
        )
    )
    assert removed.status_code == expected(persona, allowed=LEADERS, ok=302)
    opened = client.post(reverse("voting:open", args=[session.pk]))
    assert opened.status_code == expected(persona, allowed=LEADERS, ok=302)
    closed = client.post(reverse("voting:close", args=[session.pk]))
    assert closed.status_code == expected(persona, allowed=LEADERS, ok=302)
    session.refresh_from_db()
    assert session.state == ("closed" if persona in LEADERS else "draft")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_voter_checks_in_only_for_their_own_unit(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world)
    own_voter = voter(session, world.own)
    response = client_as(world.user(persona)).post(
        reverse("voting:check_in", args=[session.pk, own_voter.pk])
    )
    assert response.status_code == expected(persona, allowed=OWN_VOTERS)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Mã phiếu của bạn" in page
        assert 'name="cast"' in page
        # the own unit is not offered where the rule forbids a self-vote
        assert world.own.name not in page.split("Phiếu bầu", 2)[-1].split("Bỏ phiếu</button>")[0]
    assert own_voter.participations.exists() is (persona in OWN_VOTERS)


def test_the_ballot_page_casts_and_shows_refusals_in_the_form(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world)
    client = client_as(world.personas.agency_leader)
    url = reverse("voting:ballot", args=[session.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"token": "sai"})
    assert wrong.status_code == 400
    assert "Mã phiếu không đúng" in wrong.content.decode()
    token = check_in(world, session, world.own)
    opened = client.post(url, {"token": token})
    assert opened.status_code == 200
    assert 'name="cast"' in opened.content.decode()
    too_many = client.post(
        url,
        {
            "token": token,
            "cast": "1",
            f"q{question(session, MERIT).pk}": [
                str(candidate(session, MERIT, unit).pk) for unit in world.units[2:]
            ],
        },
    )
    assert too_many.status_code == 400
    assert "chỉ được chọn tối đa 2" in too_many.content.decode()
    assert not Ballot.objects.exists()
    done = client.post(
        url,
        {
            "token": token,
            "cast": "1",
            f"q{question(session, FLAG).pk}": [str(candidate(session, FLAG, world.lead).pk)],
        },
    )
    assert done.status_code == 302
    assert Ballot.objects.count() == 1
    again = client.post(url, {"token": token, "cast": "1"})
    assert again.status_code == 400
    assert "đã được dùng" in again.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_result_is_previewed_by_the_leader_and_read_by_all_once_published(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world, merit=False)
    for unit in world.units[1:]:
        vote(session, check_in(world, session, unit), {FLAG: [world.lead]})
    services.ballot_session_close(actor=world.lead_officer, session=session)
    client = client_as(world.user(persona))
    url = reverse("voting:results", args=[session.pk])
    before = client.get(url)
    assert before.status_code == expected(persona, allowed=READERS)
    if before.status_code == 200:
        page = before.content.decode()
        assert ("Chưa công bố" in page and "lộ phiếu" in page) is (persona in LEADERS)
        assert ("Kết quả chưa công bố." in page) is (persona not in LEADERS)
    published = client.post(reverse("voting:publish", args=[session.pk]))
    assert published.status_code == expected(persona, allowed=LEADERS, ok=302)
    csv = client.get(reverse("voting:results_csv", args=[session.pk]))
    if persona in LEADERS:
        assert csv.status_code == 200
        assert world.lead.name in csv.content.decode("utf-8-sig")
        page = client.get(url).content.decode()
        assert "chỉ công bố đạt hay không đạt" in page
        assert "Trúng cử" in page
    else:
        assert csv.status_code == (302 if persona == "anonymous" else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_paper_ballots_are_printed_by_the_leader_and_counted_by_tellers(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world, mode="paper", merit=False)
    services.voter_check_in(actor=world.lead_officer, voter=voter(session, world.lead))
    client = client_as(world.user(persona))
    printed = client.get(reverse("voting:paper_ballot", args=[session.pk]))
    assert printed.status_code == expected(persona, allowed=LEADERS)
    if printed.status_code == 200:
        assert "PHIẾU BẦU" in printed.content.decode()
    services.ballot_session_close(actor=world.lead_officer, session=session)
    form: dict[str, Any] = {"slot": 1, "ballots": 1, "invalid": 0}
    form |= {f"c{candidate(session, FLAG, unit).pk}": 0 for unit in world.units}
    form[f"c{candidate(session, FLAG, world.own).pk}"] = 1
    entered = client.post(reverse("voting:teller", args=[session.pk]), form)
    assert entered.status_code == expected(persona, allowed=LEADERS | OWN_VOTERS, ok=302)
    assert session.teller_counts.exists() is (persona in LEADERS | OWN_VOTERS)


def test_the_tellers_pages_reconcile_and_list_differences(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, mode="paper", merit=False)
    services.voter_check_in(actor=world.lead_officer, voter=voter(session, world.lead))
    services.ballot_session_close(actor=world.lead_officer, session=session)
    url = reverse("voting:teller", args=[session.pk])

    def enter(user: Any, slot: int, own_votes: int) -> None:
        form: dict[str, Any] = {"slot": slot, "ballots": 1, "invalid": 0}
        form |= {f"c{candidate(session, FLAG, unit).pk}": 0 for unit in world.units}
        form[f"c{candidate(session, FLAG, world.own).pk}"] = own_votes
        assert client_as(user).post(url, form).status_code == 302

    enter(world.lead_officer, 1, 1)
    enter(world.personas.agency_leader, 2, 0)
    leader = client_as(world.lead_officer)
    refused = leader.post(reverse("voting:reconcile", args=[session.pk]), follow=True)
    assert "không khớp ở 1 mục" in refused.content.decode()
    enter(world.personas.agency_leader, 2, 1)
    accepted = leader.post(reverse("voting:reconcile", args=[session.pk]))
    assert accepted.status_code == 302
    session.refresh_from_db()
    assert session.paper_accepted


def test_the_leader_settles_a_tie_on_the_results_page(world: World, client_as: ClientAs) -> None:
    session = cluster_session(world)
    lead, own, third, fourth, fifth = world.units
    ballots = {
        lead: [third, fourth],
        own: [third, fifth],
        third: [fourth, fifth],
        fourth: [third, fifth],
        fifth: [third, fourth],
    }
    for unit, merit in ballots.items():
        vote(session, check_in(world, session, unit), {MERIT: merit})
    services.ballot_session_close(actor=world.lead_officer, session=session)
    leader = client_as(world.lead_officer)
    page = leader.get(reverse("voting:results", args=[session.pk])).content.decode()
    assert "Lập phiên bỏ phiếu lại" in page
    merit_q = question(session, MERIT)
    response = leader.post(
        reverse("voting:tie_resolve", args=[session.pk, merit_q.pk]), {f"t{merit_q.pk}-note": ""}
    )
    assert response.status_code == 302
    assert BallotSession.objects.filter(title__startswith="Bỏ phiếu lại").count() == 1


def test_a_voter_entry_of_another_session_or_nobody_on_the_list_gets_a_clear_refusal(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world)
    other = cluster_session(world, merit=False)
    client = client_as(world.personas.agency_leader)
    foreign = client.post(reverse("voting:check_in", args=[session.pk, voter(other, world.own).pk]))
    assert foreign.status_code == 404
    assert not voter(other, world.own).participations.exists()
    client.post(reverse("voting:check_in", args=[session.pk, voter(session, world.own).pk]))
    twice = client.post(
        reverse("voting:check_in", args=[session.pk, voter(session, world.own).pk]), follow=True
    )
    assert "đã điểm danh; mỗi cử tri chỉ nhận một phiếu" in twice.content.decode()
    assert voter(session, world.own).participations.count() == 1


def test_in_paper_mode_the_leader_records_attendance_on_the_page(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, mode="paper", merit=False)
    own_voter = voter(session, world.own)
    url = reverse("voting:check_in", args=[session.pk, own_voter.pk])
    assert client_as(world.personas.agency_leader).post(url).status_code == 403
    page = client_as(world.lead_officer).post(url, follow=True).content.decode()
    assert "Đã ghi nhận Sở Công Thương tỉnh An Giang có mặt." in page
    participation = own_voter.participations.get()
    assert not participation.token_issued


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_sector_managers_create_a_council_session(
    world: World, client_as: ClientAs, persona: str
) -> None:
    client = client_as(world.user(persona))
    url = reverse("voting:council_create")
    response = client.post(
        url,
        {
            "title": "Hội đồng xét Cờ thi đua",
            "meeting_date": "2027-01-20",
            "mode": "paper",
            "council": world.personas.ministry.pk,
        },
    )
    managers = {"ministry_officer", "system_admin"}
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (302 if persona in managers else 403)
    assert BallotSession.objects.filter(body="council").exists() is (persona in managers)
