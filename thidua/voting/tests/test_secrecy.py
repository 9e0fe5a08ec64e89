"""Secrecy by construction (DESIGN.md §4.2, docs/workflows/voting.md).

A session is run through the pages as people would run it: four units check in, three of
them vote, the fifth is absent and its written vote (ý kiến bằng văn bản, open by law) is
recorded by the leader; the leader closes and publishes. The test — which alone knows who
cast which ballot, because it watched each ballot appear — then reads every row of every
table of the database with plain ``SELECT *``, the audit trail, the API's answers, the pages
and the CSV export, and shows that nothing there ties a ballot (its key, its marks) to a
voter (user, unit, voter entry, participation, token):

* a ballot's key appears only in the ballot and mark tables, and the keys seen during voting
  are gone after closing (the box is rewritten under new keys);
* the ballot and mark tables have no column that refers to anyone or to a time;
* tokens appear nowhere, their hashes only in the token table while unused, and the token table
  has no column that refers to anyone;
* no audit event carries both a person and a ballot; the casting events carry no actor, no
  unit and only the session;
* the API, the pages and the export show attendance and totals, never a ballot;
* the written vote, by contrast, is openly named — on the pages, in the API and in the audit
  trail — in its own tables, which have no link to the ballot box.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import DateField, DateTimeField, ForeignKey, Model, TimeField
from django.test import Client
from django.urls import reverse

from thidua.audit.models import AuditEvent
from thidua.voting.models import (
    Ballot,
    BallotMark,
    BallotSession,
    BallotToken,
    Participation,
    Voter,
    WrittenVote,
    WrittenVoteMark,
)
from thidua.voting.tests.builders import FLAG, MERIT, World, candidate, cluster_session, question
from thidua.voting.tokens import token_hash

ClientAs = Callable[[Any], Client]
TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')
BALLOT_TABLES = {Ballot._meta.db_table, BallotMark._meta.db_table}


def _forms(value: Any) -> set[str]:
    """The ways a key can be written in a row: a UUID with and without dashes."""
    if isinstance(value, uuid.UUID):
        return {str(value), value.hex}
    return {str(value)}


def _text(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def every_row() -> Iterable[tuple[str, dict[str, Any], str]]:
    """(table, row, the row as text) for every row of every table in the database — the
    project's tables and Django's own (sessions, migrations, content types…). Session data is
    decoded, so that nothing hides in its encoding."""
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                text = " | ".join(_text(v) for v in values)
                if table == "django_session":
                    text += " | " + repr(SessionStore().decode(row["session_data"]))
                yield table, row, text


def _related_models(model: type[Model]) -> set[type[Model]]:
    return {f.related_model for f in model._meta.concrete_fields if isinstance(f, ForeignKey)}


def _time_columns(model: type[Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, DateTimeField | DateField | TimeField)
    ]


def _vote_through_the_pages(
    world: World, client_as: ClientAs, session: BallotSession
) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Each unit's representative checks in on the page and casts the ballot from the form
    it gets back; the fourth unit checks in but does not vote; the fifth stays away and the
    leader records its written vote on the session page. Returns each present unit's token and
    the keys of the ballot (and marks) that appeared when it voted."""
    choices = {
        world.lead.pk: {FLAG: [world.units[2]], MERIT: [world.units[2], world.units[3]]},
        world.own.pk: {FLAG: [world.lead], MERIT: [world.units[4]]},
        world.units[2].pk: {FLAG: [world.lead], MERIT: []},
    }
    tokens: dict[int, str] = {}
    keys: dict[int, set[str]] = {}
    absent = world.units[4]
    written = {
        "voter": str(session.voters.get(agency=absent).pk),
        f"q{question(session, FLAG).pk}": [str(candidate(session, FLAG, world.own).pk)],
        f"q{question(session, MERIT).pk}": [
            str(candidate(session, MERIT, a).pk) for a in world.units[2:4]
        ],
    }
    recorded = client_as(world.lead_officer).post(
        reverse("voting:written_vote_record", args=[session.pk]), written
    )
    assert recorded.status_code == 302
    assert WrittenVote.objects.filter(voter__agency=absent).exists()
    for unit in world.units[:4]:
        client = client_as(world.rep(unit))
        voter = session.voters.get(agency=unit)
        page = client.post(reverse("voting:check_in", args=[session.pk, voter.pk]))
        assert page.status_code == 200
        assert page.headers["Cache-Control"].startswith("max-age=0")
        match = TOKEN_FIELD.search(page.content.decode())
        assert match is not None
        tokens[unit.pk] = match.group(1)
        if unit.pk not in choices:
            continue
        form: dict[str, str | list[str]] = {"token": tokens[unit.pk], "cast": "1"}
        for code, agencies in choices[unit.pk].items():
            form[f"q{question(session, code).pk}"] = [
                str(candidate(session, code, a).pk) for a in agencies
            ]
        before_ballots = set(Ballot.objects.values_list("id", flat=True))
        before_marks = set(BallotMark.objects.values_list("id", flat=True))
        done = client.post(reverse("voting:ballot", args=[session.pk]), form)
        assert done.status_code == 302, done.content.decode()
        assert done["Location"] == reverse("voting:ballot_done", args=[session.pk])
        new = (set(Ballot.objects.values_list("id", flat=True)) - before_ballots) | (
            set(BallotMark.objects.values_list("id", flat=True)) - before_marks
        )
        assert len(new) == 1 + 8
        keys[unit.pk] = {form_ for key in new for form_ in _forms(key)}
        # nothing the voter's browser keeps names the token either
        assert all(tokens[unit.pk] not in c.value for c in client.cookies.values())
    return tokens, keys


def _token_values(world: World, tokens: dict[int, str]) -> set[str]:
    """The tokens handed to the voters and their hashes."""
    return {v for token in tokens.values() for v in (token, token_hash(token))}


def test_no_table_row_api_answer_page_or_export_links_a_ballot_to_a_voter(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world)
    tokens, keys_when_cast = _vote_through_the_pages(world, client_as, session)
    secrets_ = _token_values(world, tokens)
    cast_keys = set().union(*keys_when_cast.values())

    # --- While the vote is open ---------------------------------------------------------------
    unused_hash = {BallotToken.objects.get().token_hash}  # the unit that did not vote
    for table, _row, text in every_row():
        if any(key in text for key in cast_keys):
            assert table in BALLOT_TABLES, f"a ballot key appears in {table}"
        for secret in secrets_ - unused_hash:
            assert secret not in text, f"{table} holds a voter's token or a used token's hash"
        if any(h in text for h in unused_hash):
            assert table == BallotToken._meta.db_table

    # --- Close and publish through the pages --------------------------------------------------
    leader = client_as(world.lead_officer)
    assert leader.post(reverse("voting:close", args=[session.pk])).status_code == 302
    assert (
        leader.post(
            reverse("voting:publish", args=[session.pk]), {"disclose_counts": "on"}
        ).status_code
        == 302
    )
    session.refresh_from_db()
    assert session.state == "published"

    ballot_keys = {
        form_
        for model in (Ballot, BallotMark)
        for key in model.objects.values_list("id", flat=True)
        for form_ in _forms(key)
    }
    assert Ballot.objects.count() == 3
    assert not ballot_keys & cast_keys, "closing rewrites the ballots under new keys"

    # --- Every row of every table -------------------------------------------------------------
    tables_seen: set[str] = set()
    for table, _row, text in every_row():
        tables_seen.add(table)
        for key in cast_keys:
            assert key not in text, f"{table} still holds a key a ballot had when it was cast"
        if any(key in text for key in ballot_keys):
            assert table in BALLOT_TABLES, f"a ballot key appears in {table}"
        for secret in secrets_:
            assert secret not in text, f"{table} holds a voter's token or its hash"
    expected = {m._meta.db_table for m in apps.get_models()}
    assert expected <= tables_seen | _empty_tables(expected)

    # --- The ballot box's columns: no voter, no token, no time, no sequence -------------------
    assert {f.column for f in Ballot._meta.concrete_fields} == {"id", "session_id"}
    assert {f.column for f in BallotMark._meta.concrete_fields} == {
        "id",
        "ballot_id",
        "candidate_id",
        "approve",
    }
    assert {f.column for f in BallotToken._meta.concrete_fields} == {
        "id",
        "session_id",
        "token_hash",
    }
    for model in (Ballot, BallotMark, BallotToken):
        assert not _time_columns(model)
        assert isinstance(model._meta.pk, type(Ballot._meta.pk))  # a random UUID, no sequence
        assert not _related_models(model) & {Voter, Participation, AuditEvent}
        assert all(
            related._meta.app_label == "voting" and related is not Voter
            for related in _related_models(model)
        )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Ballot._meta.db_table}")
        rows = cursor.fetchall()
    assert {row[1:] for row in rows} == {(session.pk,)}, "ballots differ only by key and marks"
    assert not BallotToken.objects.exists()
    assert Participation.objects.filter(voter__session=session).count() == 4

    # --- The audit trail ----------------------------------------------------------------------
    cast_events = list(AuditEvent.objects.filter(action="voting.ballot.cast"))
    assert len(cast_events) == 3
    for event in cast_events:
        assert event.actor_id is None
        assert event.agency_id is None
        assert event.payload == {"session": session.pk}
        assert event.target_id == str(session.pk)
    participation_events = list(AuditEvent.objects.filter(action="voting.participation.recorded"))
    assert len(participation_events) == 4
    for event in participation_events:
        assert set(event.payload) == {"voter", "token_issued"}
    for event in AuditEvent.objects.all():
        text = f"{event.target_id} {event.target_repr} {event.payload}"
        assert not any(key in text for key in ballot_keys | cast_keys)

    # --- What people can read: the API, the pages, the export ---------------------------------
    member = client_as(world.personas.member_officer)
    outputs = [
        member.get(f"/api/v1/voting/sessions/{session.pk}").content.decode(),
        member.get(f"/api/v1/voting/sessions/{session.pk}/result").content.decode(),
        member.get("/api/v1/voting/sessions").content.decode(),
        member.get(reverse("voting:session", args=[session.pk])).content.decode(),
        member.get(reverse("voting:results", args=[session.pk])).content.decode(),
        member.get(reverse("voting:results_csv", args=[session.pk])).content.decode(),
        leader.get(reverse("voting:session", args=[session.pk])).content.decode(),
        client_as(world.personas.system_admin).get(reverse("audit:log")).content.decode(),
    ]
    for output in outputs:
        assert not any(key in output for key in ballot_keys | cast_keys)
        assert not any(token in output for token in tokens.values())
    detail = outputs[0]
    assert '"checked_in": true' in detail
    assert "approve" not in detail

    # --- The written vote: open by law, apart from the ballot box ------------------------------
    absent = world.units[4]
    written = WrittenVote.objects.get(session=session)
    assert written.voter.agency == absent  # named, as in the minutes
    for open_model in (WrittenVote, WrittenVoteMark):
        assert open_model._meta.db_table not in BALLOT_TABLES
        assert not _related_models(open_model) & {Ballot, BallotMark, BallotToken, Participation}
    assert not _related_models(Ballot) & {WrittenVote, WrittenVoteMark}
    assert not _related_models(BallotMark) & {WrittenVote, WrittenVoteMark}
    [recorded] = AuditEvent.objects.filter(action="voting.written_vote.recorded")
    assert recorded.actor == world.lead_officer
    assert recorded.payload["voter"] == absent.name
    assert sorted(recorded.payload["approved"]) == sorted(
        [world.own.name, world.units[2].name, world.units[3].name]
    )
    results_page = outputs[4]
    assert absent.name in results_page
    assert "Ý kiến bằng văn bản" in results_page
    written_api = member.get(f"/api/v1/voting/sessions/{session.pk}/written-votes").json()
    assert [w["voter"] for w in written_api] == [absent.name]
    assert sorted(written_api[0]["approved"]) == sorted(
        [
            candidate(session, FLAG, world.own).pk,
            candidate(session, MERIT, world.units[2]).pk,
            candidate(session, MERIT, world.units[3]).pk,
        ]
    )
    result = member.get(f"/api/v1/voting/sessions/{session.pk}/result").json()
    assert (result["present"], result["ballots"], result["written"]) == (4, 3, 1)


def _empty_tables(tables: set[str]) -> set[str]:
    """Tables with no rows (``every_row`` yields nothing for them)."""
    empty = set()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            if cursor.fetchone()[0] == 0:
                empty.add(table)
    return empty
