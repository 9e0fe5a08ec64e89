"""System checks of thidua's own configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security)
def secret_key_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "SECRET_KEY_IS_EPHEMERAL", False):
        return [
            Warning(
                "THIDUA_SECRET_KEY is not set: this process uses a random key, so sessions "
                "and sealed signing keys do not survive a restart.",
                hint="Set THIDUA_SECRET_KEY (and THIDUA_KEYSTORE_KEY) in the environment.",
                id="thidua.W001",
            )
        ]
    return []
