"""Settings for the pytest suite (``DJANGO_SETTINGS_MODULE=cms.settings.test``)."""

from .base import *

DEBUG = False

SECRET_KEY = SECRET_KEY or "django-insecure-test-only"

WAGTAILADMIN_BASE_URL = "http://testserver"

# Creating users is much faster with a weak hasher; never use it elsewhere.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run in the calling process; Q_CLUSTER is read once at import time, so
# tests cannot switch this with override_settings.
Q_CLUSTER = {
    "name": "hrm-test",
    "orm": "default",
    "sync": True,
    "timeout": 300,
    "retry": 360,
    "catch_up": False,
}

if not env_str("DATABASE_URL"):
    # A file, not ":memory:": Wagtail's SQLite search index (FTS5) and
    # pytest-django's --reuse-db both need the test database on disk.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "test.sqlite3",
            # TEST_SQLITE_NAME lets parallel runs in one checkout keep apart.
            "TEST": {
                "NAME": env_str("TEST_SQLITE_NAME", str(VAR_DIR / "test-db.sqlite3"))
            },
        }
    }

# No background thread building facet indexes after a publish: it would hold a
# connection while tests write and tear down; tests that need it turn it on.
GRAPHQL_FACETS_PREBUILD = False
