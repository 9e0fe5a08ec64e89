"""Domain errors: raised by services, shown to people in plain Vietnamese by views and the API."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the action; ``message`` is for the person who tried it."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class IllegalTransition(DomainError):
    """A workflow was asked to move from a state that does not allow it."""


class EditConflict(DomainError):
    """Someone else saved the same thing since the editor loaded it (optimistic locking).

    ``current`` is the saved object, so the editor can be shown what is there now."""

    def __init__(self, message: str | Promise, *, current: object) -> None:
        super().__init__(message)
        self.current = current
