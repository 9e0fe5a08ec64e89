from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """Values every page of the shell needs."""
    return {"THIDUA_DEBUG": settings.DEBUG, "LANGUAGES": settings.LANGUAGES}
