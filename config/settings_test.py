"""Settings for the test suite: fast hashing, a local cache, a throw-away database."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("THIDUA_DEBUG", "false")
os.environ.setdefault("THIDUA_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("THIDUA_DEVTOOLS", "true")
os.environ.setdefault("THIDUA_SECURE_COOKIES", "false")
os.environ.setdefault("THIDUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each test process stores uploads apart, so that runs on two databases can go side by side.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-media-"))

# Parallel test runs against one PostgreSQL server each need their own test database.
if os.environ.get("THIDUA_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["THIDUA_TEST_DB_NAME"]}  # noqa: F405
