"""What PostgreSQL adds: real concurrency and real transaction ids.

* One token used twice at the same moment from two connections gives one ballot and one
  refusal (the row lock on the token).
* Each ballot is committed in its own transaction, so before closing the ballots' ``xmin``
  (the id of the transaction that wrote them) follow the order of casting; closing rewrites the
  box in one transaction, after which every ballot row carries the same ``xmin``, and the
  tables are compacted (``VACUUM FULL``) after the commit.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from thidua.core.errors import DomainError
from thidua.core.testing import make_personas
from thidua.voting import services
from thidua.voting.models import Ballot, BallotSession
from thidua.voting.tests.builders import (
    FLAG,
    candidate,
    check_in,
    cluster_session,
    make_world,
    question,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers and has no transaction ids",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _xmins(session: BallotSession) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text FROM {Ballot._meta.db_table} WHERE session_id = %s",
            [session.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def test_one_token_used_twice_at_once_gives_one_ballot() -> None:
    world = make_world(make_personas())
    session = cluster_session(world, merit=False)
    token = check_in(world, session, world.own)
    choices = {question(session, FLAG).pk: [candidate(session, FLAG, world.lead).pk]}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def cast() -> None:
        try:
            barrier.wait()
            services.ballot_cast(session=session, token=token, choices=choices)
            outcomes.append("cast")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["cast", "refused"]
    assert Ballot.objects.filter(session=session).count() == 1


def test_closing_leaves_no_transaction_id_that_follows_the_order_of_casting() -> None:
    world = make_world(make_personas())
    session = cluster_session(world, merit=False)
    for unit in world.units[1:]:
        token = check_in(world, session, unit)
        services.ballot_cast(
            session=session,
            token=token,
            choices={question(session, FLAG).pk: [candidate(session, FLAG, world.lead).pk]},
        )
    assert len(_xmins(session)) == 4  # one transaction per ballot while voting
    services.ballot_session_close(actor=None, session=session)  # VACUUM FULL runs on commit
    assert len(_xmins(session)) == 1
    assert Ballot.objects.filter(session=session).count() == 4
