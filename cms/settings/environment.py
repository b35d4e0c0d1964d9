"""Reading the environment: typed variables and the database URL.

Settings modules import these; a wrong value fails at start-up with a
one-line ``ImproperlyConfigured`` naming the variable.
"""

import importlib.util
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Environment helpers -------------------------------------------------------

_TRUE_VALUES = {"1", "true", "yes", "on"}
_FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    """Return the variable ``name`` stripped, or ``default`` when unset/empty."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name, default=False):
    """Return the variable ``name`` as a boolean (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE_VALUES:
        return True
    if value in _FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}")


def env_int(name, default, *, minimum=None):
    """Return the variable ``name`` as an integer, or ``default`` when unset;
    at least ``minimum`` when given."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}: expected a whole number, got {value!r}"
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_list(name, default=()):
    """Return the comma-separated variable ``name`` as a list of non-empty items."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# Django backend -> (driver modules, any of which will do; name for messages;
# package to install).
_DATABASE_DRIVERS = {
    "django.db.backends.postgresql": (
        ("psycopg", "psycopg2"),
        "postgresql",
        "psycopg2-binary",
    ),
    "django.contrib.gis.db.backends.postgis": (
        ("psycopg", "psycopg2"),
        "postgresql",
        "psycopg2-binary",
    ),
    "django.db.backends.mysql": (("MySQLdb",), "mysql", "mysqlclient"),
    "django.contrib.gis.db.backends.mysql": (("MySQLdb",), "mysql", "mysqlclient"),
    "django.db.backends.oracle": (("oracledb",), "oracle", "oracledb"),
    "django.contrib.gis.db.backends.oracle": (("oracledb",), "oracle", "oracledb"),
}
_DATABASE_URL_HINT = "use sqlite:///path or postgres://user@host/db"


def _module_installed(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def database_from_url(url, conn_max_age=0):
    """Turn a database URL into a Django ``DATABASES`` entry.

    Raises ``ImproperlyConfigured`` with a one-line message when the URL cannot
    be parsed, its scheme is unknown, or the driver it needs is not installed,
    so a typo fails at start-up rather than at the first query.
    """
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not scheme:
        raise ImproperlyConfigured(
            f"DATABASE_URL: no scheme in the URL ({_DATABASE_URL_HINT})"
        )
    try:
        config = dj_database_url.parse(
            url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
        )
    except dj_database_url.UnknownSchemeError:
        raise ImproperlyConfigured(
            f"DATABASE_URL: scheme {scheme!r} is not supported ({_DATABASE_URL_HINT})"
        ) from None
    except ValueError:
        # The message must not echo the URL: it may contain a password.
        raise ImproperlyConfigured(
            "DATABASE_URL: not a valid URL; check the port and percent-encode "
            f"special characters in the password ({_DATABASE_URL_HINT})"
        ) from None

    engine = config["ENGINE"]
    if engine in _DATABASE_DRIVERS:
        modules, label, package = _DATABASE_DRIVERS[engine]
        if not any(_module_installed(module) for module in modules):
            raise ImproperlyConfigured(
                f"DATABASE_URL: the {label} driver ({package}) is not installed"
            )
    elif not engine.startswith("django.") and not _module_installed(
        engine.split(".")[0]
    ):
        raise ImproperlyConfigured(
            f"DATABASE_URL: scheme {scheme!r} needs the database backend "
            f"{engine!r}, which is not installed"
        )
    return config
