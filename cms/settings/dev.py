"""Settings for a developer's machine: debug on, e-mail printed to the console."""

from .base import *

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-do-not-use-in-production"

ALLOWED_HOSTS = list(dict.fromkeys(["127.0.0.1", "localhost", *ALLOWED_HOSTS]))

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# The demo signs in with a password and no second factor unless
# MFA_REQUIRED_ROLES names roles (comma-separated) - docs/sign-in.md.
MONITOR_MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", ())
