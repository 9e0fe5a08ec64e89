"""The voting API (/api/v1/voting/): sessions and results for whoever may see them (the outsider
gets 404), casting with the token only, refusals as 400 with nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.voting import services
from thidua.voting.models import Ballot
from thidua.voting.tests.builders import (
    FLAG,
    World,
    candidate,
    check_in,
    cluster_session,
    nothing_changes,
    question,
    vote,
)

ClientAs = Callable[[Any], Client]
API = "/api/v1/voting/sessions"
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
    "lead_officer",
]
READERS = {"member_officer", "agency_leader", "ministry_officer", "system_admin", "lead_officer"}


def _status(persona: str) -> int:
    if persona == "anonymous":
        return 401
    return 200 if persona in READERS else 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_sessions_are_read_by_those_who_may_see_the_cluster(
    world: World, client_as: ClientAs, persona: str
) -> None:
    session = cluster_session(world)
    check_in(world, session, world.lead)
    client = client_as(world.user(persona))
    listing = client.get(API)
    assert listing.status_code == (401 if persona == "anonymous" else 200)
    if listing.status_code == 200:
        ids = [s["id"] for s in listing.json()]
        assert ids == ([session.pk] if persona in READERS else [])
    detail = client.get(f"{API}/{session.pk}")
    assert detail.status_code == _status(persona)
    if detail.status_code == 200:
        body = detail.json()
        assert body["cluster"] == "CUM-BX"
        assert body["state"] == "open"
        assert body["questions"][0]["rule"]["quorum"] == "2/3"
        voters = {v["agency"]: v["checked_in"] for v in body["voters"]}
        assert voters == {u.code: u == world.lead for u in world.units}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_result_is_read_once_published(world: World, client_as: ClientAs, persona: str) -> None:
    session = cluster_session(world, merit=False)
    for unit in world.units[1:]:
        vote(session, check_in(world, session, unit), {FLAG: [world.lead]})
    services.ballot_session_close(actor=None, session=session)
    client = client_as(world.user(persona))
    before = client.get(f"{API}/{session.pk}/result")
    assert before.status_code == (401 if persona == "anonymous" else 404)
    services.ballot_session_publish(actor=None, session=session)
    after = client.get(f"{API}/{session.pk}/result")
    assert after.status_code == _status(persona)
    if after.status_code == 200:
        result = after.json()
        assert result["ballots"] == 4
        assert not result["counts_disclosed"]
        [q] = result["questions"]
        lead = next(c for c in q["candidates"] if c["agency"] == world.lead.code)
        assert lead["approvals"] is None
        assert lead["outcome"] == "elected"


def test_a_ballot_is_cast_with_the_token_only_and_a_reused_token_is_refused(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    client = client_as(world.personas.member_officer)  # not even the person who checked in
    payload = {
        "token": token,
        "choices": {str(question(session, FLAG).pk): [candidate(session, FLAG, world.lead).pk]},
    }
    url = f"{API}/{session.pk}/ballots"
    cast = client.post(url, json.dumps(payload), content_type="application/json")
    assert cast.status_code == 201
    assert cast.json() == {"detail": "Đã nhận phiếu."}
    assert Ballot.objects.count() == 1
    with nothing_changes():
        again = client.post(url, json.dumps(payload), content_type="application/json")
    assert again.status_code == 400
    assert again.json()["field"] == "token"
    assert "đã được dùng" in again.json()["detail"]


def test_the_outsider_cannot_cast_even_with_a_token(world: World, client_as: ClientAs) -> None:
    session = cluster_session(world)
    token = check_in(world, session, world.own)
    with nothing_changes():
        response = client_as(world.personas.outsider).post(
            f"{API}/{session.pk}/ballots",
            json.dumps({"token": token, "choices": {}}),
            content_type="application/json",
        )
    assert response.status_code == 404
