"""Writes of the voting app (one module per part, re-exported here): ``sessions`` (preparing,
opening, the state machine), ``results`` (ties, publishing), ``casting`` (check-in, the
secret ballot, closing), ``paper`` (the tellers' counts) and ``written`` (written votes of
absent members)."""

from thidua.voting.services.casting import (
    ballot_cast,
    ballot_session_close,
    compact_ballot_tables,
    voter_check_in,
)
from thidua.voting.services.paper import CountsDiffer, paper_counts_reconcile, teller_count_enter
from thidua.voting.services.results import ballot_session_publish, tie_resolve
from thidua.voting.services.sessions import (
    ballot_session_create,
    ballot_session_open,
    candidate_add,
    candidate_remove,
    candidates_from_ranking,
    question_add,
    transition,
    voter_add,
    voter_remove,
)
from thidua.voting.services.written import written_vote_record

__all__ = [
    "CountsDiffer",
    "ballot_cast",
    "ballot_session_close",
    "ballot_session_create",
    "ballot_session_open",
    "ballot_session_publish",
    "candidate_add",
    "candidate_remove",
    "candidates_from_ranking",
    "compact_ballot_tables",
    "paper_counts_reconcile",
    "question_add",
    "teller_count_enter",
    "tie_resolve",
    "transition",
    "voter_add",
    "voter_check_in",
    "voter_remove",
    "written_vote_record",
]
