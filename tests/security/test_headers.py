"""Security headers: the Content-Security-Policy of each area, HSTS in production,
and ``check --deploy`` clean under the production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

REPO_ROOT = Path(__file__).resolve().parents[2]

PUBLIC = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "script-src-attr": "'none'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    header = response["Content-Security-Policy"]
    return dict(part.split(" ", 1) for part in header.split("; "))


@pytest.mark.django_db
def test_the_explorer_allows_its_import_map_by_a_fresh_nonce(client):
    first, second = client.get("/"), client.get("/")

    nonce = re.search(
        r'<script type="importmap" nonce="([^"]+)">', first.content.decode()
    ).group(1)
    assert policy(first) == {**PUBLIC, "script-src": f"'self' 'nonce-{nonce}'"}
    assert policy(second)["script-src"] != policy(first)["script-src"]
    # Everything else the page runs is a file of the site.
    scripts = re.findall(r"<script([^>]*)>", first.content.decode())
    assert [attributes for attributes in scripts if "src=" not in attributes] == [
        f' type="importmap" nonce="{nonce}"',
        ' id="explorer-config" type="application/json"',
    ]


@pytest.mark.django_db
def test_the_admin_has_its_own_policy(client, people):
    login = client.get("/admin/login/")
    client.force_login(people.admin)
    dashboard = client.get("/admin/")

    assert (login.status_code, dashboard.status_code) == (200, 200)
    assert policy(login) == ADMIN
    assert policy(dashboard) == ADMIN


@pytest.mark.django_db
def test_graphiql_loads_only_files_of_the_site(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert policy(response) == PUBLIC
    html = response.content.decode()
    assert "<title>GraphiQL — Human Rights Monitor API</title>" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets == [
        "data:,",
        "/static/schema/graphiql/graphiql/graphiql.min.css",
        "/static/schema/graphiql/plugin-explorer/style.css",
        "/static/schema/graphiql/page.css",
        "/static/schema/graphiql/react/react.production.min.js",
        "/static/schema/graphiql/react-dom/react-dom.production.min.js",
        "/static/schema/graphiql/graphiql/graphiql.min.js",
        "/static/schema/graphiql/plugin-explorer/index.umd.js",
        "/static/schema/graphiql/start.js",
    ]
    for asset in assets[1:]:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "<script>" not in html and "<style" not in html
    # The API itself answers as before.
    query = client.post(
        "/graphql/", {"query": "{ __typename }"}, content_type="application/json"
    )
    assert query.json() == {"data": {"__typename": "Query"}}


# Only what the interpreter itself needs is taken from the calling environment.
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def production(code, **environment):
    """Run ``code`` (or a manage.py command list) under cms.settings.production.

    The environment is the documented variables only: nothing of the test
    session's (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser tests).
    """
    env = {
        **{name: os.environ[name] for name in KEPT if name in os.environ},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "t3st-only-" + "k" * 20 + "-Zx9!Qp2#Lm7@Rv4$Wn8%Hs6^Jd1&",
        "ALLOWED_HOSTS": "monitor.example.org",
        "DATABASE_URL": "sqlite:///" + str(REPO_ROOT / "var" / "deploy-check.sqlite3"),
        **environment,
    }
    command = (
        [sys.executable, "manage.py", *code]
        if isinstance(code, list)
        else [sys.executable, "-c", code]
    )
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


HEADERS = """
import django
django.setup()
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
from django.conf import settings
from cms.security.csp import AreaCSPMiddleware

stack = SecurityMiddleware(AreaCSPMiddleware(lambda request: HttpResponse("ok")))
secure = stack(RequestFactory().get("/", secure=True, HTTP_HOST="monitor.example.org"))
plain = stack(RequestFactory().get("/", HTTP_HOST="monitor.example.org"))
print(secure["Strict-Transport-Security"])
print(plain.status_code, plain["Location"])
print(settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXY_COUNT)
"""


def test_production_sends_hsts_for_a_year_with_subdomains():
    result = production(HEADERS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "max-age=31536000; includeSubDomains",
        "301 https://monitor.example.org/",
        "X-Forwarded-For 1",
    ]


def test_hsts_settings_come_from_the_environment():
    result = production(
        HEADERS,
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        CLIENT_IP_HEADER="X-Real-IP",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "max-age=300",
        "301 https://monitor.example.org/",
        "X-Real-IP 1",
    ]


def test_check_deploy_has_nothing_to_say_under_production_settings():
    result = production(["check", "--deploy"])

    assert (result.returncode, result.stderr) == (0, "")
    # security.W021 (HSTS preload) is silenced on purpose: see production.py.
    assert result.stdout == "System check identified no issues (1 silenced).\n"


def test_check_deploy_with_preload_chosen_silences_nothing():
    result = production(["check", "--deploy"], SECURE_HSTS_PRELOAD="true")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"
