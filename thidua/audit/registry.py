"""Human labels of audit actions; each app registers its own in ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

_LABELS: dict[str, str | Promise] = {}


def register_actions(labels: Mapping[str, str | Promise]) -> None:
    """Add ``action code → label`` pairs (labels are lazy translations)."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    """The label of ``action``, or the code itself when none is registered."""
    return str(_LABELS.get(action, action))
