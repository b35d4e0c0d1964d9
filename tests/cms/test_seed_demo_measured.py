"""The demo's measured indicators: two indicators with a unit, a baseline, a
target and published values, their series in the API, and a demo written
before measures left without values. Seeded once for this module."""

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from content_models.models import Indicator, ProgressReport

from .seed_demo_support import DEMO_NOW, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo, seeded once on the demo day; no e-mail sent meanwhile."""
    with module_db.unblock(), override_settings(DEBUG=True):
        with time_machine.travel(DEMO_NOW, tick=True):
            mail.outbox = []
            lines = seed()
            assert mail.outbox == []
            return lines


@pytest.fixture(autouse=True)
def debug_on(settings):
    """The command's usual home: a developer's machine (cms.settings.dev)."""
    settings.DEBUG = True


QUERY_SERIES = '{ indicator(reference: "IND-MoE-004-3") { values { date value } } }'


def test_the_demo_has_two_measured_indicators_with_their_series(demo, client):
    from content_models.models.measures import plain_number

    measured = Indicator.objects.filter(live=True).exclude(unit="")
    assert sorted(
        (
            indicator.reference,
            indicator.unit,
            plain_number(indicator.baseline_value),
            str(indicator.baseline_date),
            plain_number(indicator.target_value),
            str(indicator.target_date),
        )
        for indicator in measured
    ) == [
        ("IND-MoE-004-3", "%", "62.5", "2023-12-01", "75", "2028-11-30"),
        ("IND-MoJ-005-2", "offences", "2170", "2023-12-01", "1800", "2028-11-30"),
    ]
    response = client.post(
        "/graphql/",
        {"query": QUERY_SERIES},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["indicator"]["values"] == [
        {"date": "2024-12-01", "value": "63.4"},
        {"date": "2025-12-01", "value": "64.9"},
        {"date": "2026-12-01", "value": "66.2"},
    ]


def test_a_demo_written_before_measures_gets_no_values_without_a_unit(demo):
    """As if the demo had been written before its indicators were measured:
    the next run leaves those indicators alone and adds no report whose value
    would have no unit (the test's transaction undoes it all)."""
    from cms.demo.models import DemoSeeding
    from content_models.models import Indicator

    measured = Indicator.objects.exclude(unit="")
    ProgressReport.objects.filter(indicator__in=measured).delete()
    measured.update(unit="", baseline_value=None, target_value=None)
    DemoSeeding.objects.update(story_version="before measured indicators")

    lines = seed()

    assert "progress reports: 0 created, 31 existing" in lines
    assert not ProgressReport.objects.filter(measured_value__isnull=False).exists()
    assert not Indicator.objects.exclude(unit="").exists()
