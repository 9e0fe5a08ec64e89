"""The cluster used by most voting tests."""

from __future__ import annotations

import pytest

from thidua.core.testing import Personas
from thidua.voting.tests.builders import World, make_world


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)
