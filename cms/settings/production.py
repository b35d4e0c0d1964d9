"""Settings for a deployment behind an HTTPS proxy.

Refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY: must be set in production")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS: must be set in production (comma-separated host names)"
    )

# Persistent database connections: a connection per request costs more than a
# cached answer (several milliseconds against one). Checked before reuse
# (CONN_HEALTH_CHECKS), so a restarted database costs one failed check, not an
# error. DATABASE_CONN_MAX_AGE=0 closes them after each request again.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0

# The proxy terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The same proxy appends the client's address to X-Forwarded-For; the sign-in
# throttle counts that address (cms/security/client_address.py), not the
# proxy's, which would lock everyone out at once.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# HSTS: browsers that have seen the site over HTTPS refuse plain HTTP to it for
# a year. includeSubDomains covers hosts *under* this one (not its parent
# domain); turn it off if such a host must still answer over HTTP.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Silenced on purpose: security.W021 asks for the preload flag, which
    # invites anyone to put the domain on the HTTPS-only lists built into
    # browsers. Those entries bind the registered domain and its subdomains
    # (every sibling site of, say, a ministry) and take months to remove: the
    # domain owner's decision (SECURE_HSTS_PRELOAD=true), not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Hashed file names let the proxy cache static files for ever.
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
