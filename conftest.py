"""Fixtures shared by every test: personas and a client signed in as one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def client_as(db: None) -> Callable[[Any], Client]:
    """``client_as(user)`` is a test client signed in as ``user`` (anonymous stays out)."""

    def make(user: Any) -> Client:
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return make
