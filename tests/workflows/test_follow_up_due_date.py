"""The follow-up deadline computed from the date received
(``ReportingCycle.follow_up_due_date``): the admin home panel and the
reminders read it, not only a follow-up date typed in."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from content_models.models import Recommendation, ReportingCycle

from .reminders_support import D, nz, run, said

pytestmark = pytest.mark.django_db

MSD_LEAD = ["msd.manager@example.govt.nz", "msd@example.govt.nz"]
SUBJECT = (
    "[Human Rights Monitor] Follow-up report for CRC-2023 due on 29 September 2026"
)


@pytest.fixture
def computed(world):
    """CRC-2023, received 29 March 2025, its update due 18 months after:
    29 September 2026; no follow-up date typed in (MSD leads CRC)."""
    cycle = world.crc_recommendation.cycle
    cycle.follow_up_due_on = None
    cycle.received_on = D(2025, 3, 29)
    cycle.follow_up_months = 18
    cycle.save()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(follow_up=True)
    assert cycle.follow_up_due_date == D(2026, 9, 29)
    return cycle


def test_the_reminder_is_sent_once_for_the_computed_date(computed):
    assert said("follow_up_deadline", nz(2026, 6, 30)) == []  # 91 days
    assert said("follow_up_deadline", nz(2026, 7, 1)) == [
        (person, computed.pk, "2026-09-29/90-days") for person in MSD_LEAD
    ]
    run(nz(2026, 7, 1), rules=["follow_up_deadline"])
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (person, SUBJECT) for person in MSD_LEAD
    ]
    assert "due on 29 September 2026, in 90 days" in mail.outbox[0].body
    run(nz(2026, 7, 2), rules=["follow_up_deadline"])
    assert len(mail.outbox) == 2


def test_a_date_typed_in_wins_over_the_computed_one(computed):
    ReportingCycle.objects.filter(pk=computed.pk).update(
        follow_up_due_on=D(2026, 10, 9)
    )
    assert said("follow_up_deadline", nz(2026, 7, 1)) == []  # 100 days
    assert said("follow_up_deadline", nz(2026, 7, 11)) == [
        (person, computed.pk, "2026-10-09/90-days") for person in MSD_LEAD
    ]


def test_no_computed_deadline_without_a_follow_up_recommendation(world, computed):
    # A cycle received as long ago with no published follow-up recommendation
    # (UPR-2024) owes no one-year update.
    upr = world.upr_recommendation.cycle
    ReportingCycle.objects.filter(pk=upr.pk).update(received_on=D(2025, 9, 29))
    Recommendation.objects.filter(cycle=computed).update(live=False)
    window = ReportingCycle.objects.follow_up_due_between(D(2026, 6, 1), D(2027, 1, 1))
    assert list(window) == []
    assert said("follow_up_deadline", nz(2026, 7, 1)) == []
    Recommendation.objects.filter(cycle=computed).update(live=True)
    window = ReportingCycle.objects.follow_up_due_between(D(2026, 6, 1), D(2027, 1, 1))
    assert [cycle.code for cycle in window] == ["CRC-2023"]


def test_the_home_panel_shows_the_computed_deadline(
    world, computed, client, time_machine
):
    time_machine.move_to(nz(2026, 6, 20, 9), tick=False)
    cache.clear()
    client.force_login(world.msd_manager)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Follow-up deadlines" in page
    assert '<time datetime="2026-09-29">29 Sep 2026</time>' in page
    assert "In 101 days" in page
    client.force_login(world.police_contributor)
    assert (
        "Follow-up deadlines"
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
