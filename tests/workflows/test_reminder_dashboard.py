"""The admin home panels per role, and the pre-filled "write report" form."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from content_models.models import Recommendation

from ..factories import ProgressReportFactory
from .admin_helpers import assert_redirected_away
from .reminders_support import D, indicator_due, make_police_due, nz

pytestmark = pytest.mark.django_db

WRITE = "/admin/reporting/due-dates/{}/write-report/"


@pytest.fixture
def police_due(world):
    return make_police_due(world)


@pytest.fixture
def home(client, time_machine):
    """The admin home page as ``user``, on 20 June 2026 in Auckland."""
    time_machine.move_to(nz(2026, 6, 20, 9), tick=False)
    cache.clear()  # the administrators' chart is cached for a few minutes

    def get(user):
        client.force_login(user)
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_contributors_see_what_their_agency_owes_with_write_links(
    world, police_due, home
):
    _, overdue = indicator_due(world.police_action, world.police, D(2026, 6, 1))
    _, later = indicator_due(world.police_action, world.police, D(2026, 9, 1))

    page = home(world.police_contributor)

    assert "Due and overdue for my agency" in page
    assert police_due.indicator.title in page
    assert overdue.indicator.title in page
    assert later.indicator.title not in page  # beyond the 30-day window
    assert "Overdue by 19 days" in page
    assert "In 11 days" in page
    assert WRITE.format(police_due.pk) in page
    assert WRITE.format(overdue.pk) in page
    # Overdue first.
    assert page.index(overdue.indicator.title) < page.index(police_due.indicator.title)
    assert "Awaiting your approval" not in page
    assert "Actions and overdue reports by agency" not in page


def test_another_agency_sees_none_of_it(world, police_due, home):
    page = home(world.msd_contributor)
    assert police_due.indicator.title not in page
    assert "Nothing is overdue and nothing is due in the next 30 days." in page


def test_managers_see_reports_awaiting_their_approval(world, home):
    report = ProgressReportFactory(
        action=world.police_action, live=False, title="Quarterly update"
    )
    report.save_revision(user=world.police_contributor)
    report.get_workflow().start(report, world.police_contributor)

    moj = home(world.moj_manager)
    assert "Awaiting your approval" in moj
    assert "Quarterly update" in moj
    assert reverse(
        "wagtailsnippets_content_models_progressreport:edit", args=[report.pk]
    ) in (moj)
    msd = home(world.msd_manager)
    assert "Quarterly update" not in msd
    assert "Nothing is waiting for your approval." in msd


def test_follow_up_deadlines_for_the_lead_agency_and_the_agencies_concerned(
    world, home
):
    cycle = world.crc_recommendation.cycle
    cycle.follow_up_due_on = D(2026, 9, 29)
    cycle.save()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(follow_up=True)
    for user in (world.msd_manager, world.msd_contributor, world.admin):
        page = home(user)
        assert "Follow-up deadlines" in page
        assert "CRC-2023" in page
        assert "In 101 days" in page
    assert "Follow-up deadlines" not in home(world.police_contributor)
    assert "Follow-up deadlines" not in home(world.moj_manager)


def test_administrators_get_a_chart(world, police_due, home):
    _, overdue = indicator_due(world.police_action, world.police, D(2026, 6, 1))
    page = home(world.admin)
    assert "Actions and overdue reports by agency" in page
    assert "<svg" in page
    assert "Police: 1 In preparation" in page  # a bar's tooltip
    assert "<title>Police: 1</title>" in page  # one overdue report
    assert "The figures as a table" in page


def test_the_write_report_link_opens_a_prefilled_form(world, police_due, client):
    client.force_login(world.police_contributor)
    response = client.get(WRITE.format(police_due.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["action"] == world.police_action.pk
    assert form.initial["indicator"] == police_due.indicator_id
    assert form.initial["due_date"] == police_due.pk
    assert form.initial["title"] == "Progress report for July 2026"
    assert response.context["action_url"] == reverse(
        "wagtailsnippets_content_models_progressreport:add"
    )


def test_the_write_report_link_is_refused_to_another_agency(world, police_due, client):
    client.force_login(world.msd_contributor)
    response = client.get(WRITE.format(police_due.pk))
    assert_redirected_away(response, "msd_contributor")
    # Positive control: the agency's own contributor gets the form.
    client.force_login(world.police_contributor)
    assert client.get(WRITE.format(police_due.pk)).status_code == 200


def test_the_write_report_link_leads_to_an_existing_draft(world, police_due, client):
    draft = ProgressReportFactory(
        action=world.police_action,
        indicator=police_due.indicator,
        due_date=police_due,
        live=False,
        title="Started by a colleague",
    )
    client.force_login(world.police_contributor)
    response = client.get(WRITE.format(police_due.pk))
    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailsnippets_content_models_progressreport:edit", args=[draft.pk]
    )


def test_an_unknown_due_date_is_not_found(world, client):
    client.force_login(world.police_contributor)
    assert client.get(WRITE.format(999999)).status_code == 404


@pytest.fixture
def day_first_format(monkeypatch):
    """The site's DATE_FORMAT (``cms.formats``) changed to 06/12/2026."""
    from django.utils import formats

    from cms.formats.en import formats as site_formats

    monkeypatch.setattr(site_formats, "DATE_FORMAT", "d/m/Y")
    formats._format_cache.clear()
    yield
    formats._format_cache.clear()


def test_the_panels_write_dates_in_the_sites_format(
    world, police_due, home, day_first_format
):
    cycle = world.crc_recommendation.cycle
    cycle.follow_up_due_on = D(2026, 9, 29)
    cycle.save()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(follow_up=True)
    page = home(world.msd_manager)
    assert '<time datetime="2026-09-29">29/09/2026</time>' in page
    page = home(world.police_contributor)
    assert '<time datetime="2026-07-01">01/07/2026</time>' in page
    assert "1 Jul 2026" not in page
