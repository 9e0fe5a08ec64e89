"""The voting app's models: rules, sessions with their questions, candidates and voters,
participation, the ballot box (tokens, ballots, marks), paper counts, tie resolutions and the
open written votes of absent members."""

from thidua.voting.models.ballots import Ballot, BallotMark, BallotToken
from thidua.voting.models.paper import TellerCount, TellerCountLine
from thidua.voting.models.rules import VotingRule
from thidua.voting.models.sessions import (
    BallotCandidate,
    BallotSession,
    Participation,
    Question,
    TieResolution,
    Voter,
)
from thidua.voting.models.written import WrittenVote, WrittenVoteMark

__all__ = [
    "Ballot",
    "BallotCandidate",
    "BallotMark",
    "BallotSession",
    "BallotToken",
    "Participation",
    "Question",
    "TellerCount",
    "TellerCountLine",
    "TieResolution",
    "Voter",
    "VotingRule",
    "WrittenVote",
    "WrittenVoteMark",
]
