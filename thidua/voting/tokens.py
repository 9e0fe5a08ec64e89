"""One-time ballot tokens (mã phiếu).

A token is ``<random>.<excluded>`` signed with the secret key for its session: 24 random
bytes (``secrets.token_urlsafe``) and the ids of the candidates the voter may not choose (their
own unit where the rule forbids a self-vote). The voter carries the token; the database keeps
only its SHA-256 in ``BallotToken`` with no link to the voter. Because the exclusions travel
inside the signed token, casting can refuse a self-vote without the database ever storing which
token belongs to which unit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.core import signing

_SALT = "thidua.voting.ballot"


def _signer(session_pk: int) -> signing.Signer:
    return signing.Signer(salt=f"{_SALT}.{session_pk}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session_pk: int, excluded: Iterable[int]) -> str:
    """A new token for a voter of session ``session_pk`` who may not choose ``excluded``."""
    value = f"{secrets.token_urlsafe(24)}.{','.join(str(pk) for pk in sorted(set(excluded)))}"
    return _signer(session_pk).sign(value)


def excluded_candidates(session_pk: int, token: str) -> frozenset[int] | None:
    """The candidates the token's holder may not choose, or ``None`` when the token was not
    issued for this session (or was altered)."""
    try:
        value = _signer(session_pk).unsign(token.strip())
    except signing.BadSignature:
        return None
    _random, _, excluded = value.partition(".")
    try:
        return frozenset(int(pk) for pk in excluded.split(",") if pk)
    except ValueError:
        return None
