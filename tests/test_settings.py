"""The settings read their configuration from the environment and fail clearly."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_manage_check(settings_module, database_url):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(result, expected):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: DATABASE_URL")
    assert lines[0] == expected


@pytest.mark.parametrize("settings_module", ["cms.settings.dev", "cms.settings.test"])
def test_unknown_database_scheme_is_one_line_error(settings_module):
    result = run_manage_check(settings_module, "foo://x")

    assert_one_line_error(
        result,
        "Error: DATABASE_URL: scheme 'foo' is not supported "
        "(use sqlite:///path or postgres://user@host/db)",
    )


@pytest.mark.parametrize("settings_module", ["cms.settings.dev", "cms.settings.test"])
def test_missing_database_driver_is_one_line_error(settings_module):
    if importlib.util.find_spec("MySQLdb") is not None:
        pytest.skip("mysqlclient is installed here")

    result = run_manage_check(settings_module, "mysql://u@h/db")

    assert_one_line_error(
        result, "Error: DATABASE_URL: the mysql driver (mysqlclient) is not installed"
    )


def test_test_settings_use_new_zealand_time():
    assert settings.SETTINGS_MODULE == "cms.settings.test"
    assert settings.TIME_ZONE == "Pacific/Auckland"
    assert settings.USE_TZ is True


def check_with(**variables):
    """``manage.py check`` with the development settings and ``variables``."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_journal_settings_refuse_a_number_under_their_minimum():
    """GRAPHQL_JOURNAL_KEEP=0 would prune every entry: refused, named, in one
    line, before anything runs; a value at the minimum is taken."""
    result = check_with(GRAPHQL_JOURNAL_KEEP="0")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: GRAPHQL_JOURNAL_KEEP: must be at least 1, got 0"
    ]

    result = check_with(GRAPHQL_JOURNAL_KEEP="1", GRAPHQL_FACETS_PATCH_LIMIT="0")
    assert result.returncode == 0, result.stderr
