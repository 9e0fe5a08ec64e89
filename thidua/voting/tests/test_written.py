"""Written votes of absent members (ý kiến bằng văn bản, DOMAIN.md §6): recorded by the
organiser while the vote is open, for a voter who did not check in; open (named), kept apart
from the secret ballot box, added to the counts but not to who is present."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.accounts.choices import Role
from thidua.core.errors import DomainError
from thidua.documents.layout import AdministrativeDocument
from thidua.documents.pdf import render_html
from thidua.voting import services
from thidua.voting.choices import Mode
from thidua.voting.documents import (
    count_minutes_document,
    count_minutes_of,
    meeting_minutes_document,
    meeting_minutes_of,
)
from thidua.voting.models import Ballot, BallotMark, WrittenVote, WrittenVoteMark
from thidua.voting.selectors import session_counts, session_tally
from thidua.voting.tests.builders import (
    FLAG,
    MERIT,
    World,
    award,
    candidate,
    check_in,
    cluster_session,
    events,
    make_user,
    nothing_changes,
    question,
    snapshot,
    vote,
    voter,
)

ClientAs = Callable[[Any], Client]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document_text(document: AdministrativeDocument) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", render_html(document)).split())


def _choices(session: Any, picks: dict[str, list[Any]]) -> dict[int, list[int]]:
    return {
        question(session, code).pk: [candidate(session, code, a).pk for a in agencies]
        for code, agencies in picks.items()
    }


def _unchanged() -> Any:
    """``nothing_changes`` that also watches the written-vote tables."""

    class Guard:
        def __enter__(self) -> None:
            self.before = (snapshot(), WrittenVote.objects.count(), WrittenVoteMark.objects.count())

        def __exit__(self, *exc: object) -> None:
            after = (snapshot(), WrittenVote.objects.count(), WrittenVoteMark.objects.count())
            assert after == self.before

    return Guard()


def test_an_absent_units_written_vote_is_recorded_by_name_and_added_to_the_count(
    world: World,
) -> None:
    session = cluster_session(world)
    third, fourth, fifth = world.units[2:]
    for unit in world.units[:4]:
        vote(session, check_in(world, session, unit), {FLAG: [fifth], MERIT: [fifth]})
    letter = SimpleUploadedFile("y-kien.pdf", PDF, content_type="application/pdf")
    written = services.written_vote_record(
        actor=world.lead_officer,
        voter=voter(session, fifth),
        choices=_choices(session, {FLAG: [third], MERIT: [third, fourth]}),
        upload=letter,
        note=" Gửi qua bưu điện ",
    )
    assert written.voter.agency == fifth
    assert written.note == "Gửi qua bưu điện"
    assert written.file_name == "y-kien.pdf"
    assert written.content_type == "application/pdf"
    assert len(written.sha256) == 64
    assert written.recorded_by == world.lead_officer
    assert str(written) == fifth.name
    # one mark per candidate of every question, as a ballot has
    assert written.marks.count() == 8
    assert {m.candidate.name for m in written.marks.filter(approve=True)} == {
        third.name,
        fourth.name,
    }
    [event] = events("voting.written_vote.recorded")
    assert event.actor == world.lead_officer
    assert event.payload["voter"] == fifth.name
    assert sorted(event.payload["approved"]) == sorted([third.name, third.name, fourth.name])
    # the ballot box is untouched: four ballots, their marks only
    assert Ballot.objects.filter(session=session).count() == 4
    assert BallotMark.objects.count() == 4 * 8
    services.ballot_session_close(actor=world.lead_officer, session=session)
    counts = session_counts(session)
    assert counts is not None
    assert (counts.ballots, counts.written) == (4, 1)
    assert counts.total(candidate(session, FLAG, third).pk) == 1
    assert counts.total(candidate(session, FLAG, fifth).pk) == 4
    assert counts.total(candidate(session, MERIT, fourth).pk) == 1
    tally = session_tally(session)
    assert tally is not None
    flag = next(q for q in tally.questions if q.question.award.code == FLAG)
    assert flag.result.present == 4  # written votes do not make their voters present
    assert flag.result.written == 1
    assert {line.candidate: line.approvals for line in flag.result.candidates}[
        candidate(session, FLAG, fifth).pk
    ] == 4
    assert any("ý kiến bằng văn bản" in e for e in flag.result.explanations)
    frozen = tally.as_json()
    assert frozen["written"] == 1
    assert frozen["written_votes"][0]["voter"] == fifth.name
    # both minutes name the absent unit and say its letter is in the counts
    session.refresh_from_db()
    count = count_minutes_of(session)
    assert count.written == (fifth.name,)
    count_text = _document_text(count_minutes_document(count))
    assert f"vắng mặt có ý kiến bằng văn bản: 1 ({fifth.name})" in count_text
    meeting_text = _document_text(meeting_minutes_document(meeting_minutes_of(session)))
    assert f"{fifth.name} (có ý kiến bằng văn bản)" in meeting_text


def test_the_quorum_counts_only_the_members_present(world: World) -> None:
    """Two present out of five, three written votes: 2/5 is short of the cluster's 2/3 and
    nobody is elected, however many approvals arrive in writing."""
    session = cluster_session(world, merit=False)
    third = world.units[2]
    for unit in world.units[:2]:
        vote(session, check_in(world, session, unit), {FLAG: [third]})
    for unit in world.units[3:]:
        services.written_vote_record(
            actor=world.lead_officer,
            voter=voter(session, unit),
            choices=_choices(session, {FLAG: [third]}),
        )
    services.written_vote_record(
        actor=world.lead_officer,
        voter=voter(session, third),
        choices=_choices(session, {FLAG: [world.lead]}),
    )
    services.ballot_session_close(actor=world.lead_officer, session=session)
    tally = session_tally(session)
    assert tally is not None
    [flag] = tally.questions
    assert flag.result.quorum_met is False
    assert flag.result.elected == []
    assert {c.candidate: c.approvals for c in flag.result.candidates}[
        candidate(session, FLAG, third).pk
    ] == 4


def test_each_bad_written_vote_is_refused_and_changes_nothing(world: World) -> None:
    session = cluster_session(world)
    lead, own, third, _fourth, fifth = world.units
    check_in(world, session, own)
    services.written_vote_record(actor=world.lead_officer, voter=voter(session, fifth), choices={})
    other = cluster_session(world, open_it=False)
    cases: list[tuple[Any, dict[int, list[int]], str]] = [
        (voter(session, own), {}, "đã điểm danh"),
        (voter(session, fifth), {}, "mỗi cử tri chỉ gửi một lần"),
        (
            voter(session, third),
            {question(session, FLAG).pk: [candidate(other, FLAG, lead).pk]},
            "không nằm trong danh sách ứng viên",
        ),
        (
            voter(session, third),
            _choices(session, {FLAG: [lead, own]}),
            "chỉ được chọn tối đa 1",
        ),
        (
            voter(session, third),
            _choices(session, {FLAG: [third]}),
            "chính đơn vị mình",
        ),
        (voter(other, third), {}, "chưa mở"),
    ]
    for who, choices, message in cases:
        with _unchanged(), pytest.raises(DomainError) as refused:
            services.written_vote_record(actor=world.lead_officer, voter=who, choices=choices)
        assert message in refused.value.message
    for upload, message in (
        (SimpleUploadedFile("thu.pdf", b"not a pdf"), "không đúng với đuôi"),
        (SimpleUploadedFile("thu.exe", b"MZ..."), "Chỉ nhận tệp PDF"),
        (SimpleUploadedFile("thu.pdf", b""), "Tệp rỗng"),
    ):
        with _unchanged(), pytest.raises(DomainError) as bad_file:
            services.written_vote_record(
                actor=world.lead_officer, voter=voter(session, third), choices={}, upload=upload
            )
        assert message in bad_file.value.message
        assert bad_file.value.field == "file"
    services.ballot_session_close(actor=world.lead_officer, session=session)
    with _unchanged(), pytest.raises(DomainError) as closed:
        services.written_vote_record(
            actor=world.lead_officer, voter=voter(session, third), choices={}
        )
    assert "đã kết thúc" in closed.value.message


def test_a_voter_with_a_written_vote_can_no_longer_check_in(world: World) -> None:
    session = cluster_session(world)
    fifth = world.units[4]
    services.written_vote_record(actor=world.lead_officer, voter=voter(session, fifth), choices={})
    with nothing_changes(), pytest.raises(DomainError) as refused:
        services.voter_check_in(actor=world.rep(fifth), voter=voter(session, fifth))
    assert "ý kiến bằng văn bản" in refused.value.message


def test_a_council_member_absent_votes_in_writing_on_a_paper_session(world: World) -> None:
    """The council's case (DOMAIN.md §6): approval on the whole membership, the absent member
    in writing; the paper count and the written vote add up."""
    ministry = world.personas.ministry
    members = [make_user(f"uv{i}", Role.COUNCIL_MEMBER, ministry) for i in range(5)]
    officer = world.personas.ministry_officer
    session = services.ballot_session_create(
        actor=officer,
        council=ministry,
        title="Hội đồng xét Cờ thi đua",
        meeting_date=dt.date(2027, 1, 20),
        mode=Mode.PAPER,
    )
    flag = services.question_add(actor=officer, session=session, award=award(FLAG), max_choices=1)
    nominee = services.candidate_add(
        actor=officer, question=flag, agency=world.lead, reason="Theo tờ trình"
    )
    services.ballot_session_open(actor=officer, session=session)
    for member in members[:4]:
        services.voter_check_in(actor=officer, voter=session.voters.get(user=member))
    services.written_vote_record(
        actor=officer,
        voter=session.voters.get(user=members[4]),
        choices={flag.pk: [nominee.pk]},
    )
    services.ballot_session_close(actor=officer, session=session)
    for slot, teller in ((1, officer), (2, world.personas.system_admin)):
        services.teller_count_enter(
            actor=teller,
            session=session,
            slot=slot,
            ballots=4,
            invalid=0,
            approvals={nominee.pk: 3},
        )
    services.paper_counts_reconcile(actor=officer, session=session)
    session.refresh_from_db()
    tally = session_tally(session)
    assert tally is not None
    [result] = tally.questions
    # 3 on paper + 1 in writing = 4 of 5 members: 80 %, enough for the flag (≥ 4/5)
    assert result.result.candidates[0].approvals == 4
    assert result.result.elected == [nominee.pk]
    assert result.result.present == 4


# --- Pages and API -------------------------------------------------------------------------


def test_only_the_organiser_records_a_written_vote_from_the_session_page(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world)
    fifth = world.units[4]
    url = reverse("voting:written_vote_record", args=[session.pk])
    form = {
        "voter": voter(session, fifth).pk,
        f"q{question(session, FLAG).pk}": [str(candidate(session, FLAG, world.lead).pk)],
        "note": "Thư ngày 17/12",
    }
    assert client_as(world.personas.outsider).post(url, form).status_code == 404
    assert client_as(world.personas.member_officer).post(url, form).status_code == 403
    assert client_as(world.personas.anonymous).post(url, form).status_code == 302
    assert not WrittenVote.objects.exists()
    leader = client_as(world.lead_officer)
    page = leader.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert "Ghi nhận ý kiến bằng văn bản" in page
    form["letter"] = SimpleUploadedFile("thu.pdf", PDF, content_type="application/pdf")
    done = leader.post(url, form)
    assert done.status_code == 302
    written = WrittenVote.objects.get()
    assert written.voter.agency == fifth
    # a second time: a clear message, nothing more written
    again = leader.post(url, {"voter": voter(session, fifth).pk}, follow=True)
    assert "mỗi cử tri chỉ gửi một lần" in again.content.decode()
    assert WrittenVote.objects.count() == 1
    # the member sees the name, not the choices or the letter, while the vote is open
    member = client_as(world.personas.member_officer)
    seen = member.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert fifth.name in seen
    assert "Ý kiến bằng văn bản của thành viên vắng mặt" in seen
    assert "thu.pdf" not in seen
    letter_url = reverse("voting:written_vote_letter", args=[session.pk, written.pk])
    assert member.get(letter_url).status_code == 404
    assert client_as(world.personas.outsider).get(letter_url).status_code == 404
    download = leader.get(letter_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    api = member.get(f"/api/v1/voting/sessions/{session.pk}/written-votes").json()
    assert api == [
        {
            "id": written.pk,
            "voter": fifth.name,
            "agency": fifth.code,
            "recorded_at": api[0]["recorded_at"],
            "approved": None,
            "letter": None,
        }
    ]
    leader_api = leader.get(f"/api/v1/voting/sessions/{session.pk}/written-votes").json()
    assert leader_api[0]["approved"] == [candidate(session, FLAG, world.lead).pk]
    assert leader_api[0]["letter"] is True
    outsider_api = client_as(world.personas.outsider).get(
        f"/api/v1/voting/sessions/{session.pk}/written-votes"
    )
    assert outsider_api.status_code == 404
    detail = member.get(f"/api/v1/voting/sessions/{session.pk}").json()
    assert [v["written_vote"] for v in detail["voters"]] == [False] * 4 + [True]


def test_once_published_everyone_who_sees_the_session_reads_the_written_votes(
    world: World, client_as: ClientAs
) -> None:
    session = cluster_session(world, merit=False)
    lead, own, third, fourth, fifth = world.units
    for unit in (lead, own, third, fourth):
        vote(session, check_in(world, session, unit), {FLAG: [third] if unit != third else [own]})
    services.written_vote_record(
        actor=world.lead_officer,
        voter=voter(session, fifth),
        choices=_choices(session, {FLAG: [third]}),
    )
    services.ballot_session_close(actor=world.lead_officer, session=session)
    services.ballot_session_publish(actor=world.lead_officer, session=session, disclose_counts=True)
    member = client_as(world.personas.member_officer)
    results = member.get(reverse("voting:results", args=[session.pk])).content.decode()
    assert fifth.name in results
    assert "Ý kiến bằng văn bản" in results
    api = member.get(f"/api/v1/voting/sessions/{session.pk}/written-votes").json()
    assert api[0]["approved"] == [candidate(session, FLAG, third).pk]
    result = member.get(f"/api/v1/voting/sessions/{session.pk}/result").json()
    assert result["written"] == 1
    assert result["ballots"] == 4
