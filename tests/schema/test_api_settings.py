"""The API's settings come from the environment and fail clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_defaults():
    assert (
        settings.GRAPHQL_MAX_COST,
        settings.GRAPHQL_STATEMENT_TIMEOUT_MS,
        settings.GRAPHQL_CACHE_TIMEOUT,
        settings.GRAPHQL_CACHE_MAX_ENTRIES,
        settings.GRAPHQL_CACHE_MAX_BYTES,
    ) == (20_000, 5000, 600, 1000, 50_000_000)
    assert settings.GRAPHQL_FACETS_LISTEN is True


@pytest.mark.parametrize(
    "name, value, error",
    [
        ("GRAPHQL_MAX_COST", "0", "Error: GRAPHQL_MAX_COST: must be 1 or more"),
        (
            "GRAPHQL_CACHE_TIMEOUT",
            "0",
            "Error: GRAPHQL_CACHE_TIMEOUT: must be 1 or more",
        ),
        (
            "GRAPHQL_STATEMENT_TIMEOUT_MS",
            "-1",
            "Error: GRAPHQL_STATEMENT_TIMEOUT_MS: must be 0 or more",
        ),
        (
            "GRAPHQL_CACHE_MAX_ENTRIES",
            "many",
            "Error: GRAPHQL_CACHE_MAX_ENTRIES: expected a whole number, got 'many'",
        ),
        (
            "GRAPHQL_FACETS_LISTEN",
            "maybe",
            "Error: GRAPHQL_FACETS_LISTEN: expected true or false, got 'maybe'",
        ),
    ],
)
def test_a_bad_value_is_one_line_and_a_non_zero_exit(name, value, error):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", name: value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [error]
