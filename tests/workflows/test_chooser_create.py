"""The snippet choosers pick existing items; their "create" URL refuses clearly.

Wagtail registers ``<chooser>/create/`` for every snippet chooser. The Monitor
configures no creation form, so the modal offers no "Create" tab, but a POST
to the URL used to fail with a 500 (``AttributeError`` on the missing form).
It now answers 403 with one line, for every role, and writes nothing.
"""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision

from content_models.models import Action, Agency, ProgressReport

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def chooser(model, view, *args):
    return reverse(f"wagtailsnippetchoosers_content_models_{model}:{view}", args=args)


def database():
    return (
        list(Action.objects.order_by("pk").values()),
        list(ProgressReport.objects.order_by("pk").values()),
        list(Agency.objects.order_by("pk").values()),
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
    )


@pytest.mark.parametrize("model", ["action", "indicator", "progressreport"])
def test_a_contributor_creating_from_a_chooser_is_refused_with_a_message(
    client, world, items, model
):
    client.force_login(world.police_contributor)
    before = database()

    response = client.post(
        chooser(model, "create"),
        {
            "reference": "ACT-POL-NEW",
            "title": "Created from a chooser",
            "action": str(world.police_action.pk),
            "lead_agency": str(world.police.pk),
        },
        **XHR,
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    names = {
        "action": "Actions",
        "indicator": "Indicators",
        "progressreport": "Progress reports",
    }[model]
    assert response.content.decode() == (
        f"{names} cannot be created from a chooser: add one from its own "
        "listing in the admin, then choose it."
    )
    assert database() == before


def test_the_same_contributor_chooses_an_existing_action(client, world, items):
    client.force_login(world.police_contributor)

    modal = client.get(chooser("action", "choose"), **XHR)
    chosen = client.get(chooser("action", "chosen", world.police_action.pk), **XHR)

    assert modal.status_code == 200
    html = json.loads(modal.content)["html"]
    assert "ACT-POL-1" in html
    # No "Create" tab is offered.
    assert "tab-label-create" not in html and 'id="tab-create"' not in html
    assert chosen.status_code == 200
    assert json.loads(chosen.content)["result"]["id"] == str(world.police_action.pk)


def test_an_administrator_is_refused_too_without_a_redirect(client, world, items):
    client.force_login(world.admin)
    before = database()

    response = client.post(
        chooser("agency", "create"), {"code": "NEW", "name": "New agency"}
    )

    assert response.status_code == 403
    assert response.content.decode() == (
        "Agencies cannot be created from a chooser: add one from its own listing "
        "in the admin, then choose it."
    )
    assert database() == before
    assert client.get(chooser("agency", "choose"), **XHR).status_code == 200
