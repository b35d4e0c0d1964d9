"""Settings for the pytest suite (``DJANGO_SETTINGS_MODULE=cms.settings.test``)."""

from .base import *

DEBUG = False

SECRET_KEY = SECRET_KEY or "django-insecure-test-only"

WAGTAILADMIN_BASE_URL = "http://testserver"

# Creating users is much faster with a weak hasher; never use it elsewhere.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# No role must enrol in two-factor login unless a test asks for it
# (tests/accounts override MONITOR_MFA_REQUIRED_ROLES); docs/sign-in.md.
MONITOR_MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", ())

# A real OpenID Connect provider for tests/accounts (django-oauth-toolkit, a
# dev extra), served on pytest's live server by tests.accounts.urls only.
INSTALLED_APPS.append("oauth2_provider")


def _signing_key() -> str:
    """A fresh RSA key per test run for the provider's ID tokens."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _signing_key(),
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name and user name",
        "email": "E-mail address",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.accounts.provider.DirectoryValidator",
    "PKCE_REQUIRED": True,
}

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
