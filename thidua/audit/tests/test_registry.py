"""Every audit action the code records has a label for the history panels and the trail."""

from __future__ import annotations

import re
from pathlib import Path

from thidua.audit.registry import _LABELS

ROOT = Path(__file__).resolve().parents[2]
ACTION = re.compile(r'action="([a-z_]+\.[a-z_.]+)"')


def test_every_recorded_action_is_registered_with_a_label() -> None:
    recorded = {
        match
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in ACTION.findall(path.read_text(encoding="utf-8"))
    }
    assert len(recorded) > 50
    assert sorted(recorded - set(_LABELS)) == []
