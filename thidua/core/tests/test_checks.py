from django.test import override_settings

from thidua.core.checks import secret_key_configured


def test_a_missing_secret_key_is_warned_about() -> None:
    with override_settings(SECRET_KEY_IS_EPHEMERAL=True):
        messages = secret_key_configured(None)
    assert [m.id for m in messages] == ["thidua.W001"]


def test_a_configured_secret_key_is_not_warned_about() -> None:
    with override_settings(SECRET_KEY_IS_EPHEMERAL=False):
        assert secret_key_configured(None) == []
