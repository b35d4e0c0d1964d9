"""Due dates generated from indicator schedules, and the 12-month fallback."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from content_models.models import Action, DueDate, Indicator
from workflows.actions import sync_due_dates

from ..factories import ActionFactory, IndicatorFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def dates_of(indicator):
    return list(indicator.due_dates.order_by("date").values_list("date", flat=True))


def publish(obj):
    obj.save_revision().publish()
    obj.refresh_from_db()
    return obj


def test_one_off_indicator_is_due_at_its_end_date():
    indicator = Indicator(start_date=D(2026, 2, 1), end_date=D(2026, 9, 30))
    assert indicator.schedule_dates() == [D(2026, 9, 30)]


def test_one_off_indicator_without_end_is_due_at_its_start():
    assert Indicator(start_date=D(2026, 2, 1)).schedule_dates() == [D(2026, 2, 1)]


def test_indicator_without_dates_gives_no_due_date():
    assert Indicator().schedule_dates() == []


def test_repeating_schedule_clamps_month_ends_and_ends_with_the_end_date():
    indicator = Indicator(
        start_date=D(2026, 1, 31), end_date=D(2026, 12, 31), report_every_months=3
    )
    assert indicator.schedule_dates() == [
        D(2026, 4, 30),
        D(2026, 7, 31),
        D(2026, 10, 31),
        D(2026, 12, 31),
    ]


def test_repeating_schedule_on_its_end_date_does_not_repeat_it():
    indicator = Indicator(
        start_date=D(2026, 1, 1), end_date=D(2027, 1, 1), report_every_months=6
    )
    assert indicator.schedule_dates() == [D(2026, 7, 1), D(2027, 1, 1)]


def test_open_ended_schedule_runs_five_years():
    indicator = Indicator(start_date=D(2026, 3, 1), report_every_months=12)
    assert indicator.schedule_dates() == [
        D(2027, 3, 1),
        D(2028, 3, 1),
        D(2029, 3, 1),
        D(2030, 3, 1),
        D(2031, 3, 1),
    ]


def test_draft_indicator_owes_nothing_until_published():
    with time_machine.travel(datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)):
        action = ActionFactory()
        indicator = IndicatorFactory(
            action=action,
            live=False,
            start_date=D(2025, 7, 1),
            end_date=D(2026, 7, 1),
            report_every_months=6,
        )
        indicator.save_revision()
        assert DueDate.objects.count() == 0

        publish(indicator)

    # The first generation includes past dates: they are overdue, not forgotten.
    assert dates_of(indicator) == [D(2026, 1, 1), D(2026, 7, 1)]
    assert set(DueDate.objects.values_list("action_id", flat=True)) == {action.pk}


def test_unpublishing_removes_future_open_due_dates_only():
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        indicator = IndicatorFactory(
            live=False,
            start_date=D(2025, 7, 1),
            end_date=D(2026, 7, 1),
            report_every_months=6,
        )
        publish(indicator)
        indicator.unpublish()

    assert dates_of(indicator) == [D(2026, 1, 1)]


def test_editing_the_schedule_rebuilds_only_future_unreported_dates():
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
        indicator = publish(
            IndicatorFactory(
                live=False,
                start_date=D(2025, 1, 1),
                end_date=D(2026, 12, 31),
                report_every_months=6,
            )
        )
    assert dates_of(indicator) == [
        D(2025, 7, 1),
        D(2026, 1, 1),
        D(2026, 7, 1),
        D(2026, 12, 31),
    ]
    # An early report answers the July 2026 date before the schedule changes.
    early = indicator.due_dates.get(date=D(2026, 7, 1))
    ProgressReportFactory(action=indicator.action, indicator=indicator, due_date=early)

    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        indicator.report_every_months = 3
        indicator.end_date = D(2026, 6, 15)
        publish(indicator)

    assert dates_of(indicator) == [
        D(2025, 7, 1),  # past: history, kept
        D(2026, 1, 1),  # past: kept
        D(2026, 4, 1),  # future, new
        D(2026, 6, 15),  # future, new final report
        D(2026, 7, 1),  # future but reported: kept
    ]


def test_sync_is_idempotent():
    indicator = IndicatorFactory(
        start_date=D(2026, 1, 1), end_date=D(2026, 12, 1), report_every_months=3
    )
    assert sync_due_dates(indicator=indicator, today=D(2026, 1, 1)) == (4, 0)
    assert sync_due_dates(indicator=indicator, today=D(2026, 1, 1)) == (0, 0)
    assert DueDate.objects.count() == 4


@time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_action_without_scheduled_dates_owes_a_report_every_twelve_months():
    action = ActionFactory(live=False)
    assert action.annual_due_date() is None  # never published: owes nothing

    publish(action)
    assert action.first_published_at == timezone.now()
    assert action.annual_due_date() == D(2027, 5, 1)
    assert Action.objects.without_scheduled_due_dates().filter(pk=action.pk).exists()

    with time_machine.travel(datetime.datetime(2026, 8, 20, tzinfo=datetime.UTC)):
        report = ProgressReportFactory(action=action, live=False)
        publish(report)
    assert action.annual_due_date() == D(2027, 8, 20)


def test_an_action_with_a_live_dated_indicator_owes_no_annual_report():
    action = ActionFactory()
    draft = IndicatorFactory(
        action=action, live=False, start_date=D(2026, 1, 1), end_date=D(2026, 6, 1)
    )
    draft.save_revision()
    assert Action.objects.without_scheduled_due_dates().filter(pk=action.pk).exists()

    publish(draft)
    assert action.has_scheduled_due_dates()
    assert (
        not Action.objects.without_scheduled_due_dates().filter(pk=action.pk).exists()
    )


def test_annual_due_date_is_counted_in_new_zealand_time():
    # 2026-05-01 13:30 UTC is already 2 May in Auckland (NZST, UTC+12).
    moment = datetime.datetime(2026, 5, 1, 13, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        action = publish(ActionFactory(live=False))
    assert action.annual_due_date() == D(2027, 5, 2)
