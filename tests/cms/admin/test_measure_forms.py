"""The admin's indicator and progress report forms: the measure fields and
their errors on the field that is missing."""

import pytest

from content_models.models import Indicator, ProgressReport

from .conftest import admin_url, html_of

pytestmark = pytest.mark.django_db


def indicator_form(data, **overrides):
    form = {
        "reference": "IND-NEW",
        "action": data["live_action"].pk,
        "title": "Places in the programme",
        "description": "",
        "kind": Indicator.Kind.PROGRESS_INDICATOR,
        "responsible_agency": "",
        "start_date": "",
        "end_date": "",
        "report_every_months": "",
        "unit": "places",
        "baseline_value": "120",
        "baseline_date": "01/07/2025",
        "target_value": "300",
        "target_date": "30/06/2027",
    }
    form.update(overrides)
    return form


def test_the_indicator_form_has_the_measure_panel(admin_client, data):
    html = html_of(admin_client.get(admin_url(Indicator, "add")))
    assert "Measure (only for an indicator that counts something)" in html
    for name in ("unit", "baseline_value", "baseline_date", "target_value"):
        assert f'name="{name}"' in html


def test_a_baseline_value_without_its_date_is_refused_on_the_date(admin_client, data):
    count = Indicator.objects.count()
    response = admin_client.post(
        admin_url(Indicator, "add"), indicator_form(data, baseline_date="")
    )
    html = html_of(response)
    assert "A baseline value needs its date: give both or neither." in html
    assert Indicator.objects.count() == count
    # Positive control: with its date the indicator is created.
    response = admin_client.post(admin_url(Indicator, "add"), indicator_form(data))
    assert response.status_code == 302
    created = Indicator.objects.get(reference="IND-NEW")
    assert (str(created.baseline_value), str(created.baseline_date)) == (
        "120.0000",
        "2025-07-01",
    )


def test_a_measured_value_on_a_process_step_is_refused(admin_client, data):
    indicator = Indicator.objects.get(reference="IND-LIVE")
    assert indicator.unit == ""
    form = {
        "action": data["live_action"].pk,
        "indicator": indicator.pk,
        "due_date": "",
        "title": "Figures",
        "body": '{"blocks": [], "entityMap": {}}',
        "proposed_status": "",
        "measured_value": "42",
        "document": "",
    }
    count = ProgressReport.objects.count()
    response = admin_client.post(admin_url(ProgressReport, "add"), form)
    html = html_of(response)
    assert (
        "The indicator IND-LIVE has no unit (it is a process step); give it a "
        "unit before recording values." in html
    )
    assert ProgressReport.objects.count() == count
    # Positive control: once the indicator has a unit, the report is saved.
    Indicator.objects.filter(pk=indicator.pk).update(unit="visits")
    response = admin_client.post(admin_url(ProgressReport, "add"), form)
    assert response.status_code == 302
    assert ProgressReport.objects.get(title="Figures").measured_value == 42
