"""The explorer's page at / (its behaviour in a browser: tests/browser/)."""

import json
import re

from django.contrib.staticfiles import finders

from cms.views import EXPLORER_MODULES

IMPORT = re.compile(r'from "\./([\w-]+\.js)"')


def test_root_serves_the_explorer_shell(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    config = json.loads(
        re.search(
            r'<script id="explorer-config" type="application/json">(.*?)</script>',
            html,
        ).group(1)
    )
    assert config == {
        "graphqlUrl": "/graphql/",
        "exportUrl": "/export/recommendations.csv",
        "adminUrl": "/admin/",
        "feedbackUrl": "/feedback/recommendations/",
        "feedUrl": "/feeds/reports.xml",
    }
    # No cookie for readers: only the feedback form's GET of its token sets one.
    assert "csrftoken" not in response.cookies
    import_map = json.loads(
        # The nonce lets the Content-Security-Policy run this inline script.
        re.search(
            r'<script type="importmap" nonce="[A-Za-z0-9+/=]{24}">(.*?)</script>', html
        ).group(1)
    )
    assert import_map == {
        "imports": {
            f"/static/explorer/{module}": f"/static/explorer/{module}"
            for module in EXPLORER_MODULES
        }
    }
    assert '<script type="module" src="/static/explorer/main.js">' in html
    assert '<link rel="stylesheet" href="/static/explorer/explorer.css">' in html


def test_root_refuses_writes(client):
    assert client.post("/").status_code == 405


def test_every_module_the_scripts_import_is_in_the_import_map():
    """A module missing from EXPLORER_MODULES would load unhashed in production."""
    imported = set()
    for module in ("main.js", *EXPLORER_MODULES):
        path = finders.find(f"explorer/{module}")
        assert path, module
        with open(path, encoding="utf-8") as source:
            imported |= set(IMPORT.findall(source.read()))
    assert imported == set(EXPLORER_MODULES)
    assert finders.find("explorer/explorer.css")
