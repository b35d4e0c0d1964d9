"""The 12-month fallback, materialised as due dates without an indicator."""

import pytest

from content_models.models import Action, DueDate, ProgressReport, ProgressStatus
from workflows.actions import sync_annual_due_dates

from ..factories import ActionFactory, IndicatorFactory, ProgressReportFactory
from .reminders_support import D, due_date, nz, utc

pytestmark = pytest.mark.django_db


def fallback_dates(action):
    return list(
        DueDate.objects.filter(action=action, indicator__isnull=True)
        .order_by("date")
        .values_list("date", flat=True)
    )


def published(action, moment):
    Action.objects.filter(pk=action.pk).update(
        live=True, first_published_at=moment, last_published_at=moment
    )
    action.refresh_from_db()
    return action


@pytest.fixture
def action(world):
    return published(
        ActionFactory(reference="ACT-ANNUAL", lead_agency=world.police),
        utc(2026, 3, 10, 1),  # 10 March 14:00 in Auckland
    )


def test_an_action_without_dated_indicators_owes_a_report_a_year_on(action):
    assert sync_annual_due_dates(today=D(2026, 6, 1)) == (1, 0)
    assert fallback_dates(action) == [D(2027, 3, 10)]
    assert fallback_dates(action) == [action.annual_due_date()]
    assert sync_annual_due_dates(today=D(2026, 6, 1)) == (0, 0)  # idempotent


def test_the_year_counts_from_the_auckland_day_of_publication(world):
    # 10 March 12:30 UTC is 11 March 01:30 in Auckland.
    late = published(ActionFactory(reference="ACT-LATE"), utc(2026, 3, 10, 12, 30))
    sync_annual_due_dates(today=D(2026, 6, 1))
    assert fallback_dates(late) == [D(2027, 3, 11)]


def test_a_published_report_answers_it_and_the_next_year_follows(action):
    sync_annual_due_dates(today=D(2026, 6, 1))
    due = DueDate.objects.get(action=action, indicator__isnull=True)
    report = ProgressReportFactory(action=action, due_date=due)
    ProgressReport.objects.filter(pk=report.pk).update(
        first_published_at=utc(2026, 9, 1)
    )

    assert sync_annual_due_dates(today=D(2026, 9, 2)) == (1, 0)
    assert fallback_dates(action) == [D(2027, 3, 10), D(2027, 9, 1)]
    assert list(
        DueDate.objects.open().filter(action=action).values_list("date", flat=True)
    ) == [D(2027, 9, 1)]


def test_an_overdue_fallback_date_stays_owed(action):
    sync_annual_due_dates(today=D(2026, 6, 1))
    assert sync_annual_due_dates(today=D(2027, 6, 1)) == (0, 0)
    assert fallback_dates(action) == [D(2027, 3, 10)]


@pytest.mark.parametrize("change", ["indicator", "completed", "unpublished"])
def test_future_fallback_dates_go_when_no_longer_owed(action, change):
    sync_annual_due_dates(today=D(2026, 6, 1))
    if change == "indicator":
        indicator = IndicatorFactory(action=action)
        due_date(action, D(2026, 12, 1), indicator)
    elif change == "completed":
        Action.objects.filter(pk=action.pk).update(
            progress_status=ProgressStatus.COMPLETED
        )
    else:
        Action.objects.filter(pk=action.pk).update(live=False)
    assert sync_annual_due_dates(today=D(2026, 6, 2)) == (0, 1)
    assert fallback_dates(action) == []


def test_drafts_and_never_published_actions_owe_nothing(world):
    ActionFactory(reference="ACT-DRAFT", live=False)
    assert sync_annual_due_dates(today=D(2026, 6, 1)) == (0, 0)
    # The world's actions are live rows that were never published.
    assert not DueDate.objects.exists()


def test_the_daily_run_creates_them_and_reminds_about_them(world, action):
    from django.core import mail

    from workflows.actions import send_due_reminders

    run = send_due_reminders(now=nz(2027, 2, 20))
    assert run.annual_due_dates == (1, 0)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "police-contributor@example.govt.nz",
        "police@example.govt.nz",
    ]
    assert "Annual progress report" in mail.outbox[0].body
    assert "Due 10 March 2027 (in 18 days)" in mail.outbox[0].body
