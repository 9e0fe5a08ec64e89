"""thidua settings: every value comes from the environment (see .env.example).

Typed helpers read each variable once; nothing else in the code reads ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    """A string variable, or ``default`` when unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable: 1/true/yes/on are true, 0/false/no/off false."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    """An integer variable."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list variable."""
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def database_config(url: str) -> dict[str, Any]:
    """Django DATABASES entry for a ``sqlite:///…`` or ``postgres://…`` URL.

    SQLite runs in WAL mode with a busy timeout so that the web server and a worker can share it.
    """
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    return config


DEBUG = env_bool("THIDUA_DEBUG", False)
SECRET_KEY = env_str("THIDUA_SECRET_KEY", "insecure-dev-key-change-me" if DEBUG else "")
# Without a configured key (a management command run by hand, a misconfigured server) the
# process gets a random one: nothing is insecure, but sessions and sealed signing keys do not
# survive a restart, so the system check thidua.W001 warns about it.
SECRET_KEY_IS_EPHEMERAL = not SECRET_KEY
if SECRET_KEY_IS_EPHEMERAL:
    SECRET_KEY = secrets.token_urlsafe(50)
# Key that seals the uploaded signing keys (PKCS#12) at rest; empty means derived from SECRET_KEY.
THIDUA_KEYSTORE_KEY = env_str("THIDUA_KEYSTORE_KEY", "")
ALLOWED_HOSTS = env_list("THIDUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("THIDUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_filters",
    "thidua.core",
    "thidua.accounts",
    "thidua.audit",
    "thidua.documents",
    "thidua.organizations",
    "thidua.emulation",
    "thidua.covenants",
    "thidua.scoring",
    "thidua.voting",
    "thidua.awards",
    "thidua.api",
]
if env_bool("THIDUA_DEVTOOLS", DEBUG):
    INSTALLED_APPS.append("thidua.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'thidua.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Repeated failed log-ins: after this many failures for one username or one address within
# the window, further attempts are refused until the window passes.
LOGIN_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("THIDUA_LOGIN_FAILURE_WINDOW_SECONDS", 900)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("THIDUA_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest evidence file (minh chứng) a unit may attach to a self-assessment, in megabytes.
THIDUA_EVIDENCE_MAX_MB = env_int("THIDUA_EVIDENCE_MAX_MB", 20)

# E-mail at each hand-over (proposals, decisions): the console in debug, SMTP otherwise.
EMAIL_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_email_backend = env_str(
    "THIDUA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else EMAIL_SMTP_BACKEND,
)
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": env_str("THIDUA_EMAIL_HOST", "localhost"),
            "port": env_int("THIDUA_EMAIL_PORT", 25),
            "username": env_str("THIDUA_EMAIL_USER", ""),
            "password": env_str("THIDUA_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("THIDUA_EMAIL_USE_TLS", False),
            "timeout": env_int("THIDUA_EMAIL_TIMEOUT_SECONDS", 10),
        }
        if _email_backend == EMAIL_SMTP_BACKEND
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("THIDUA_EMAIL_FROM", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("THIDUA_LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports each layout step; pyHanko logs a traceback for every revision it
        # judges suspicious, which the verification page already reports in plain words.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pyhanko": {"level": "ERROR"},
    },
}
