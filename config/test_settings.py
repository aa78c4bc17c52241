"""Settings for the test suite: the real settings, plus what makes tests fast and repeatable.

The suite runs on PostgreSQL (scripts/test.sh starts a throwaway cluster when
DATABASE_URL is unset); SQLite is refused so a misconfigured run cannot pass quietly.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not os.environ.get(
    "ALLOW_SQLITE_TESTS"
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "The test suite runs on PostgreSQL: run `make test` (it starts a throwaway cluster), "
        "or set DATABASE_URL=postgres://..."
    )

DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SEED_DEMO_ALLOWED = True
# Throttling has its own tests, which switch it on.
AXES_ENABLED = False
