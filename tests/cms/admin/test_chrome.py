"""The admin reads as the Monitor: New Zealand dates, full names, no stock
Wagtail furniture (cms/admin/chrome.py, the wagtailadmin template overrides,
cms/formats)."""

import datetime
import json
import re

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import Locale, Revision

from content_models.models import (
    Action,
    HumanRightsBody,
    HumanRightsIssue,
    Indicator,
    Recommendation,
    ReportingCycle,
)
from importers.models import ImportRun

from ...factories import ReportingCycleFactory
from .conftest import admin_url, html_of, listing

pytestmark = pytest.mark.django_db

# 02:52 UTC on 6 December 2026 is 3:52 pm in Auckland (NZDT, UTC+13).
AFTERNOON = datetime.datetime(2026, 12, 6, 2, 52, tzinfo=datetime.UTC)


# Dates -------------------------------------------------------------------------


def test_the_site_formats_dates_as_new_zealand_writes_them():
    with translation.override(settings.LANGUAGE_CODE):
        local = timezone.localtime(AFTERNOON)
        assert formats.date_format(local.date()) == "6 Dec 2026"
        assert formats.date_format(local.date(), "SHORT_DATE_FORMAT") == "6 Dec 2026"
        assert formats.date_format(local, "DATETIME_FORMAT") == (
            "6 December 2026 3:52 pm"
        )
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == (
            "6 Dec 2026 3:52 pm"
        )
        morning = local.replace(hour=9, minute=5)
        assert formats.time_format(morning) == "9:05 am"


def test_the_content_locale_is_the_one_the_migrations_created(data):
    # The site's language is en-nz; content keeps Wagtail's locale "en".
    assert Locale.get_default().language_code == "en"
    with translation.override("en"):
        # An account left on plain English reads the same dates.
        assert formats.date_format(
            timezone.localtime(AFTERNOON), "DATETIME_FORMAT"
        ) == ("6 December 2026 3:52 pm")


def test_typed_dates_are_day_first():
    field = forms.DateField()
    with translation.override(settings.LANGUAGE_CODE):
        assert field.clean("6/12/2026") == datetime.date(2026, 12, 6)
        assert field.clean("06/12/2026") == datetime.date(2026, 12, 6)
        assert field.clean("2026-12-06") == datetime.date(2026, 12, 6)
        assert field.clean("6 Dec 2026") == datetime.date(2026, 12, 6)
        with pytest.raises(forms.ValidationError):
            field.clean("12/31/2026")  # month first is not a date here


def test_the_date_pickers_formats_are_accepted_by_the_forms():
    # Wagtail's own check of this (wagtailadmin.E003) runs only with the
    # USE_L10N setting, which Django 5 no longer has.
    assert settings.WAGTAIL_DATE_FORMAT == "%d/%m/%Y"
    for language, _name in settings.LANGUAGES:
        for setting, inputs in [
            ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS"),
            ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS"),
            ("WAGTAIL_TIME_FORMAT", "TIME_INPUT_FORMATS"),
        ]:
            assert getattr(settings, setting) in formats.get_format(
                inputs, lang=language
            )


def test_a_date_widget_shows_and_reads_day_first(admin_client, data):
    indicator = Indicator.objects.get(reference="IND-LIVE")
    Indicator.objects.filter(pk=indicator.pk).update(
        start_date=datetime.date(2026, 12, 6)
    )
    html = html_of(admin_client.get(admin_url(Indicator, "edit", indicator.pk)))
    field = re.search(r'<input[^>]*name="start_date"[^>]*>', html).group(0)
    assert 'value="06/12/2026"' in field
    # The picker's own configuration (telepath): day, month, year.
    picker = (
        '"fieldName": "start_date", "widget": {"_type": '
        '"wagtail.widgets.AdminDateInput", "_args": [{"dayOfWeekStart": 1, '
        '"format": "d/m/Y"}]}'
    )
    assert picker in html


def test_a_listing_shows_dates_in_new_zealand_form(admin_client, data):
    cycle = ReportingCycleFactory(
        code="CAT-2024",
        received_on=datetime.date(2024, 10, 1),
        follow_up_due_on=datetime.date(2026, 12, 6),
    )
    html = listing(admin_client, ReportingCycle, q=cycle.code)
    cells = [
        re.sub(r"\s+", " ", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]
    # Received, follow-up due, Cabinet target (12 months after receipt).
    assert cells[-4:-1] == ["1 Oct 2024", "6 Dec 2026", "1 Oct 2025"]
    assert "Oct. 1, 2024" not in html


def test_a_listing_tooltip_gives_the_long_date_and_time(admin_client, data):
    action = Action.objects.get(reference="ACT-LIVE")
    revision = action.save_revision()
    Revision.objects.filter(pk=revision.pk).update(created_at=AFTERNOON)
    html = listing(admin_client, Action, q="ACT-LIVE")
    assert 'data-w-tooltip-content-value="6 December 2026 3:52 pm"' in html


def test_an_import_run_says_when_it_was_uploaded(admin_client, admin_user):
    run = ImportRun.objects.create(
        kind="recommendations", status=ImportRun.Status.CHECKED, user=admin_user
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=AFTERNOON)
    html = html_of(admin_client.get(reverse("importers:run", args=[run.pk])))
    assert re.search(r"uploaded by\s+admin\s+6 Dec 2026 3:52 pm", html)
    assert "12/06/2026" not in html


def test_an_indicator_schedule_is_written_in_new_zealand_dates(admin_client, data):
    Indicator.objects.filter(reference="IND-LIVE").update(
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        report_every_months=3,
    )
    html = listing(admin_client, Indicator, q="IND-LIVE")
    assert "Every 3 months, 1 Jan 2026 – 31 Dec 2026" in html


def test_an_approval_e_mail_has_the_monitors_header(admin_user):
    html = render_to_string(
        "wagtailadmin/notifications/base.html",
        {"user": admin_user, "settings": settings},
    )
    assert "Human Rights Monitor</p>" in html
    assert "email-header.jpg" not in html


# Names -------------------------------------------------------------------------


def test_issues_and_groups_read_by_their_full_names(data):
    issue = HumanRightsIssue.objects.get(name="Human rights defenders")
    assert issue.short_name == "HRD"
    assert str(issue) == "Human rights defenders"


def test_listings_name_agencies_in_full(admin_client, data):
    recommendations = listing(admin_client, Recommendation, q="REF-LIVE")
    assert "Alpha agency" in recommendations
    assert ">AGENCY-A<" not in recommendations
    actions = listing(admin_client, Action, q="ACT-LIVE")
    assert "Alpha agency" in actions
    assert ">AGENCY-A<" not in actions
    bodies = listing(admin_client, HumanRightsBody)
    assert "Ministry of Justice" in bodies


def test_the_edit_form_lists_issues_by_their_full_names(admin_client, data):
    recommendation = Recommendation.objects.get(reference="REF-LIVE")
    html = html_of(
        admin_client.get(admin_url(Recommendation, "edit", recommendation.pk))
    )
    assert "Human rights defenders" in html
    assert "Economic, social and cultural rights" in html
    assert not re.search(r">\s*(HRD|ESC rights|NHRF|Integrity)\s*<", html)


# Furniture -------------------------------------------------------------------


def sidebar(html):
    """The sidebar's menu, as Wagtail's script receives it."""
    script = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    return json.loads(script.group(1))


def menu_labels(props):
    """The labels of the main menu's items, in order (telepath-packed)."""
    text = json.dumps(props)
    return re.findall(r'"name": "([\w-]+)", "label": "([^"]+)"', text)


def test_the_dashboard_has_no_stock_leftovers(admin_client, data):
    html = html_of(admin_client.get(reverse("wagtailadmin_home")))
    assert "Search all pages" not in html
    assert "0 Documents" not in html and "0 Images" not in html
    assert "w-summary" not in html
    assert "gravatar" not in html.lower()
    assert "editor guide" not in html
    # Its search box searches recommendations.
    assert (
        f'action="{admin_url(Recommendation, "list")}" method="get" novalidate '
        'role="search"'
    ) in html
    assert 'placeholder="Search recommendations…"' in html
    # Wagtail's name nowhere a person reads it (its noscript message
    # included: cms/locale/en).
    assert re.findall(r"\bWagtail\b", html) == []
    assert "The Human Rights Monitor needs JavaScript" in html


def test_the_menu_is_the_monitors(admin_client, data):
    html = html_of(admin_client.get(reverse("wagtailadmin_home")))
    props = json.dumps(sidebar(html))
    names = [name for name, _label in menu_labels(sidebar(html))]
    assert "explorer" not in names  # Pages
    assert "images" not in names
    assert "help" not in names  # with Wagtail's "what's new" badge
    assert ("monitor", "Monitor") in menu_labels(sidebar(html))
    # Reports and settings about pages, and Wagtail's version under settings.
    for stock in ("locked-pages", "aging-pages", "page-types-usage", "sites"):
        assert stock not in names
    assert ("site-history", "Site history") in menu_labels(sidebar(html))
    assert ("collections", "Collections") in menu_labels(sidebar(html))
    assert "Wagtail v" not in props
    assert "Human Rights Monitor" not in props
    # The sidebar's search looks in recommendations, not in pages.
    assert f'"{admin_url(Recommendation, "list")}"' in props
    assert reverse("wagtailadmin_pages:search") not in props


def test_the_admin_is_branded_as_the_monitor(client, admin_client, data):
    html = html_of(admin_client.get(reverse("wagtailadmin_home")))
    assert re.search(r"<title>\s*Dashboard - Human Rights Monitor\s*</title>", html)
    assert "monitor_admin/images/favicon.svg" in html
    assert "wagtailadmin/images/favicon.ico" not in html
    logo = re.search(
        r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S
    )
    assert 'aria-label="Human Rights Monitor"' in logo.group(1)

    login = html_of(client.get(reverse("wagtailadmin_login")))
    assert "Sign in to the Human Rights Monitor" in login
    assert "Sign in to Wagtail" not in login
    assert 'aria-label="Wagtail"' not in login
    assert 'class="monitor-logo monitor-logo--login"' in login
    assert re.findall(r"\bWagtail\b", login) == []


def test_avatars_are_served_by_the_site(admin_client, data):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    html = html_of(admin_client.get(reverse("wagtailadmin_account")))
    assert re.findall(r"\bWagtail\b", html) == []
    assert "keyboard shortcuts (press ? to list them)" in html
    images = re.findall(r'<img[^>]*src="([^"]+)"', html)
    assert images[0].startswith("/static/wagtailadmin/images/default-user-avatar.png")
    assert [src for src in images if not src.startswith("/static/")] == []


def test_the_page_search_area_is_gone_from_search_results(admin_client, data):
    html = html_of(
        admin_client.get(admin_url(Recommendation, "list"), {"q": "optional protocol"})
    )
    assert "REF-LIVE" in html
    documents = html_of(admin_client.get(reverse("wagtaildocs:index"), {"q": "x"}))
    assert reverse("wagtailadmin_pages:search") not in documents


def test_the_admin_404_is_the_monitors(admin_client, data):
    response = admin_client.get("/admin/no-such-screen/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="monitor-logo monitor-logo--404"' in html
    assert "Go to the dashboard" in html
    assert re.findall(r"\bWagtail\b", html) == []
