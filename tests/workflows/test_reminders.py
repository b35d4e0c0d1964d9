"""The reminder rules at their boundaries, with a fixed "now" in Auckland."""

import pytest
from django.contrib.auth.models import Group

from content_models.models import Action, ProgressStatus, Recommendation
from workflows import roles, scoping
from workflows.reminders.recipients import lead_agency_ids_of_actions

from ..factories import (
    ActionFactory,
    AgencyFactory,
    RecommendationFactory,
    ReportingCycleFactory,
)
from .conftest import make_user
from .reminders_support import (
    POLICE_PEOPLE,
    D,
    answer,
    due_date,
    indicator_due,
    make_police_due,
    notices,
    nz,
    said,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_due(world):
    return make_police_due(world)


# Due soon ---------------------------------------------------------------------


def test_due_soon_prompts_30_days_ahead_and_not_31(world):
    police = world.police_action
    _, in_29 = indicator_due(police, world.police, D(2026, 6, 30))
    _, in_30 = indicator_due(police, world.police, D(2026, 7, 1))
    indicator_due(police, world.police, D(2026, 7, 2))  # 31 days: not yet

    assert said("due_soon", nz(2026, 6, 1)) == sorted(
        (person, due.pk, due.date.isoformat())
        for person in POLICE_PEOPLE
        for due in (in_29, in_30)
    )


def test_due_soon_covers_the_due_day_itself(police_due):
    assert said("due_soon", nz(2026, 7, 1)) == [
        (person, police_due.pk, "2026-07-01") for person in POLICE_PEOPLE
    ]
    assert said("due_soon", nz(2026, 7, 2)) == []


def test_the_prompt_window_follows_the_setting(police_due):
    assert said("due_soon", nz(2026, 6, 10), due_soon_days=14) == []
    assert len(said("due_soon", nz(2026, 6, 17), due_soon_days=14)) == 2


def test_due_soon_goes_to_the_responsible_agency_only(world, police_due):
    # Another agency's contributor, a manager of the lead agency and an
    # inactive Police contributor hear nothing.
    make_user("police-gone", roles.AGENCY_CONTRIBUTORS, [world.police], is_active=False)
    make_user("police-manager", roles.LEAD_AGENCY_MANAGERS, [world.police])
    recipients = {notice.recipient for notice in notices("due_soon", nz(2026, 6, 5))}
    assert sorted(person.address for person in recipients) == POLICE_PEOPLE
    by_address = {person.address: person for person in recipients}
    assert by_address[POLICE_PEOPLE[0]].user_id == world.police_contributor.pk
    assert by_address[POLICE_PEOPLE[1]].user_id is None  # the agency mailbox


def test_an_indicator_without_agency_falls_back_to_the_action(world):
    action = ActionFactory(reference="ACT-SHARED", lead_agency=world.moj)
    action.responsible_agencies.set([world.police, world.msd])
    action.save()
    _, due = indicator_due(action, None, D(2026, 7, 1))
    fallback = due_date(world.msd_action, D(2026, 7, 1))  # no indicator at all

    assert said("due_soon", nz(2026, 6, 15)) == sorted(
        [
            ("msd-contributor@example.govt.nz", due.pk, "2026-07-01"),
            ("msd@example.govt.nz", due.pk, "2026-07-01"),
            *((person, due.pk, "2026-07-01") for person in POLICE_PEOPLE),
            # The MSD action has no responsible agencies: its lead agency.
            ("msd-contributor@example.govt.nz", fallback.pk, "2026-07-01"),
            ("msd@example.govt.nz", fallback.pk, "2026-07-01"),
        ]
    )


def test_a_contributor_without_email_and_an_agency_without_mailbox(world, police_due):
    world.police_contributor.email = ""
    world.police_contributor.save()
    world.police.email = ""
    world.police.save()
    assert said("due_soon", nz(2026, 6, 5)) == []


# Reported and unpublished items say nothing ------------------------------------


def test_a_reported_due_date_produces_nothing(police_due):
    answer(police_due)
    for rule, now in [
        ("due_soon", nz(2026, 6, 5)),
        ("overdue", nz(2026, 7, 2)),
        ("escalation", nz(2026, 8, 15)),
    ]:
        assert said(rule, now) == [], rule


def test_a_draft_report_does_not_answer_a_due_date(police_due):
    answer(police_due).unpublish()
    assert len(said("overdue", nz(2026, 7, 2))) == 2


@pytest.mark.parametrize(
    "change",
    ["indicator unpublished", "action unpublished", "action completed"],
)
def test_unpublished_or_completed_items_produce_nothing(world, police_due, change):
    if change == "indicator unpublished":
        police_due.indicator.__class__.objects.filter(
            pk=police_due.indicator_id
        ).update(live=False)
    elif change == "action unpublished":
        Action.objects.filter(pk=police_due.action_id).update(live=False)
    else:
        Action.objects.filter(pk=police_due.action_id).update(
            progress_status=ProgressStatus.COMPLETED
        )
    for rule, now in [
        ("due_soon", nz(2026, 6, 5)),
        ("overdue", nz(2026, 7, 2)),
        ("escalation", nz(2026, 8, 15)),
    ]:
        assert said(rule, now) == [], rule


# Overdue ------------------------------------------------------------------------


def test_overdue_starts_the_day_after_and_repeats_weekly(police_due):
    def periods(now):
        return sorted({period for _, _, period in said("overdue", now)})

    assert periods(nz(2026, 7, 1)) == []  # due today: not overdue yet
    assert periods(nz(2026, 7, 2)) == ["2026-07-01/week-1"]
    assert periods(nz(2026, 7, 8)) == ["2026-07-01/week-1"]  # same week: no repeat
    assert periods(nz(2026, 7, 9)) == ["2026-07-01/week-2"]
    assert periods(nz(2026, 7, 16)) == ["2026-07-01/week-3"]
    assert periods(nz(2026, 12, 31)) == ["2026-07-01/week-27"]
    assert {person for person, _, _ in said("overdue", nz(2026, 7, 2))} == set(
        POLICE_PEOPLE
    )


# Escalation ---------------------------------------------------------------------


def test_escalation_after_more_than_30_days_to_the_lead_agency_managers(
    world, police_due
):
    assert said("escalation", nz(2026, 7, 31)) == []  # 30 days overdue
    # 31 days: the Police action answers a UPR recommendation, led by MoJ.
    assert said("escalation", nz(2026, 8, 1)) == [
        ("moj.manager@example.govt.nz", police_due.pk, "2026-07-01")
    ]
    # Once per due date: the period does not change with time.
    assert said("escalation", nz(2026, 11, 1)) == said("escalation", nz(2026, 8, 1))


def test_escalation_threshold_follows_the_setting(police_due):
    assert said("escalation", nz(2026, 7, 11), escalate_after_days=10) == []
    assert len(said("escalation", nz(2026, 7, 12), escalate_after_days=10)) == 1


def test_escalation_of_an_action_without_recommendation_goes_to_its_lead(world):
    manager = make_user("police-manager", roles.LEAD_AGENCY_MANAGERS, [world.police])
    action = ActionFactory(reference="ACT-ALONE", lead_agency=world.police)
    due = due_date(action, D(2026, 1, 1))
    assert said("escalation", nz(2026, 3, 1)) == [(manager.email, due.pk, "2026-01-01")]


def test_bulk_lead_agencies_agree_with_scoping(world):
    alone = ActionFactory(reference="ACT-ALONE", lead_agency=world.police)
    both = ActionFactory(reference="ACT-BOTH", lead_agency=world.police)
    both.recommendations.set([world.upr_recommendation, world.crc_recommendation])
    both.save()
    orphan = ActionFactory(reference="ACT-ORPHAN", lead_agency=None)
    actions = [world.police_action, world.msd_action, alone, both, orphan]
    bulk = lead_agency_ids_of_actions(action.pk for action in actions)
    for action in actions:
        assert bulk.get(action.pk, set()) == scoping.lead_agency_ids_of(action)


# Awaiting approval ------------------------------------------------------------------


def submit(report, user):
    report.save_revision(user=user)
    return report.get_workflow().start(report, user)


def test_awaiting_approval_is_a_daily_digest_for_the_approvers(world):
    from ..factories import ProgressReportFactory

    report = ProgressReportFactory(action=world.police_action, live=False)
    submit(report, world.police_contributor)
    other = ProgressReportFactory(action=world.msd_action, live=False)
    other.save_revision(user=world.msd_contributor)  # a draft, not submitted

    assert said("awaiting_approval", nz(2026, 6, 1)) == [
        ("moj.manager@example.govt.nz", report.pk, "2026-06-01")
    ]
    assert said("awaiting_approval", nz(2026, 6, 2)) == [
        ("moj.manager@example.govt.nz", report.pk, "2026-06-02")
    ]
    state = report.current_workflow_state.current_task_state
    state.task.specific.on_action(state, world.moj_manager, "approve")
    assert said("awaiting_approval", nz(2026, 6, 3)) == []


# Revisit ----------------------------------------------------------------------------


@pytest.fixture
def parked(world):
    """A UPR recommendation without action, parked until 1 May 2026."""
    return RecommendationFactory(
        cycle=world.upr_recommendation.cycle,
        reference="122.2",
        revisit_on=D(2026, 5, 1),
        no_action_reason="Being considered in the wider review.",
    )


MOJ_LEAD = ["moj.manager@example.govt.nz", "moj@example.govt.nz"]


def test_revisit_on_the_parked_date_then_yearly(parked):
    assert said("revisit", nz(2026, 4, 30)) == []
    assert said("revisit", nz(2026, 5, 1)) == [
        (person, parked.pk, "2026-05-01") for person in MOJ_LEAD
    ]
    assert said("revisit", nz(2027, 4, 30)) == said("revisit", nz(2026, 5, 1))
    assert said("revisit", nz(2027, 5, 1)) == [
        (person, parked.pk, "2027-05-01") for person in MOJ_LEAD
    ]


def test_revisit_a_year_after_the_cycle_arrived_without_a_date(world):
    cycle = world.upr_recommendation.cycle
    cycle.received_on = D(2025, 5, 20)
    cycle.save()
    waiting = RecommendationFactory(cycle=cycle, reference="122.3")
    assert said("revisit", nz(2026, 5, 19)) == []
    assert said("revisit", nz(2026, 5, 20)) == [
        (person, waiting.pk, "2026-05-20") for person in MOJ_LEAD
    ]


def test_revisit_leaves_answered_draft_and_superseded_recommendations(world, parked):
    answered = RecommendationFactory(
        cycle=parked.cycle, reference="122.4", revisit_on=D(2026, 1, 1)
    )
    world.police_action.recommendations.add(answered)
    world.police_action.save()
    RecommendationFactory(
        cycle=parked.cycle, reference="122.5", revisit_on=D(2026, 1, 1), live=False
    )
    older = ReportingCycleFactory(
        code="UPR-2019", body=world.upr, received_on=D(2019, 1, 1)
    )
    parked.cycle.received_on = D(2024, 1, 1)
    parked.cycle.save()
    RecommendationFactory(cycle=older, reference="1.1", revisit_on=D(2026, 1, 1))

    assert {object_id for _, object_id, _ in said("revisit", nz(2026, 6, 1))} == {
        parked.pk
    }


def test_a_published_action_ends_the_revisits(world, parked):
    action = ActionFactory(reference="ACT-NEW", lead_agency=world.police)
    action.recommendations.set([parked])
    action.save()
    assert said("revisit", nz(2026, 6, 1)) == []
    Action.objects.filter(pk=action.pk).update(live=False)
    assert len(said("revisit", nz(2026, 6, 1))) == 2


# Follow-up deadline -------------------------------------------------------------------


@pytest.fixture
def follow_up(world):
    """CRC-2023's one-year update is due on 29 September 2026 (MSD leads CRC)."""
    cycle = world.crc_recommendation.cycle
    cycle.follow_up_due_on = D(2026, 9, 29)
    cycle.save()
    Recommendation.objects.filter(pk=world.crc_recommendation.pk).update(follow_up=True)
    return cycle


MSD_LEAD = ["msd.manager@example.govt.nz", "msd@example.govt.nz"]


@pytest.mark.parametrize(
    ("now", "period"),
    [
        (nz(2026, 6, 30), None),  # 91 days
        (nz(2026, 7, 1), "2026-09-29/90-days"),
        (nz(2026, 8, 29), "2026-09-29/90-days"),  # 31 days: still the 90 one
        (nz(2026, 8, 30), "2026-09-29/30-days"),
        (nz(2026, 9, 21), "2026-09-29/30-days"),  # 8 days
        (nz(2026, 9, 22), "2026-09-29/7-days"),
        (nz(2026, 9, 29), "2026-09-29/7-days"),  # the deadline itself
        (nz(2026, 9, 30), None),  # passed
    ],
)
def test_follow_up_deadline_at_90_30_and_7_days(follow_up, now, period):
    expected = [(person, follow_up.pk, period) for person in MSD_LEAD] if period else []
    assert said("follow_up_deadline", now) == expected


def test_follow_up_lists_recommendations_actions_and_latest_reports(world, follow_up):
    from ..factories import ProgressReportFactory

    older = ProgressReportFactory(action=world.msd_action, title="March update")
    newer = ProgressReportFactory(action=world.msd_action, title="June update")
    for report, moment in ((older, utc(2026, 3, 1)), (newer, utc(2026, 6, 1))):
        type(report).objects.filter(pk=report.pk).update(first_published_at=moment)
    ProgressReportFactory(action=world.msd_action, title="Draft", live=False)

    [item] = {
        id(notice.item): notice.item
        for notice in notices("follow_up_deadline", nz(2026, 7, 1))
    }.values()
    assert item["cycle"] == "CRC-2023"
    assert item["date"] == "2026-09-29"
    assert [
        (entry["reference"], [action["reference"] for action in entry["actions"]])
        for entry in item["recommendations"]
    ] == [("para 12", ["ACT-MSD-1"])]
    assert item["recommendations"][0]["actions"][0]["report"] == {
        "pk": newer.pk,
        "title": "June update",
        "date": "2026-06-01",
    }


def test_no_follow_up_reminder_without_a_live_follow_up_recommendation(follow_up):
    Recommendation.objects.filter(cycle=follow_up).update(live=False)
    assert said("follow_up_deadline", nz(2026, 7, 1)) == []


def test_follow_up_goes_only_to_the_lead_agency_of_the_body(world, follow_up):
    other_lead = AgencyFactory(code="OT", name="Oranga Tamariki")
    make_user("ot-manager", roles.LEAD_AGENCY_MANAGERS, [other_lead])
    make_user("moj-contributor", roles.AGENCY_CONTRIBUTORS, [world.moj])
    assert {person for person, _, _ in said("follow_up_deadline", nz(2026, 7, 1))} == (
        set(MSD_LEAD)
    )
    assert Group.objects.filter(name=roles.LEAD_AGENCY_MANAGERS).exists()


# Time-zone edges -----------------------------------------------------------------


def test_a_due_date_turns_overdue_at_auckland_midnight_not_utc(police_due):
    # 1 July 23:59 in Auckland is 11:59 UTC on 1 July.
    assert said("overdue", utc(2026, 7, 1, 11, 59)) == []
    # 2 July 00:00 in Auckland is still 1 July (12:00) in UTC.
    assert {p for _, _, p in said("overdue", utc(2026, 7, 1, 12, 0))} == {
        "2026-07-01/week-1"
    }


def test_the_due_day_starts_at_auckland_midnight(police_due):
    # 30 June 12:30 UTC is already 1 July 00:30 in Auckland: due today.
    assert len(said("due_soon", utc(2026, 6, 30, 12, 30))) == 2
    assert said("overdue", utc(2026, 6, 30, 12, 30)) == []


def test_the_prompt_window_opens_at_auckland_midnight(world):
    _, due = indicator_due(world.police_action, world.police, D(2026, 7, 31))
    # 30 June 23:59 NZST (11:59 UTC): 31 days ahead, not yet.
    assert said("due_soon", utc(2026, 6, 30, 11, 59)) == []
    # 1 July 00:00 NZST (30 June 12:00 UTC): 30 days ahead.
    assert len(said("due_soon", utc(2026, 6, 30, 12, 0))) == 2


def test_daylight_saving_does_not_shift_the_day(world):
    # NZ daylight time starts on 27 September 2026 (UTC+13).
    _, due = indicator_due(world.police_action, world.police, D(2026, 9, 27))
    assert said("overdue", utc(2026, 9, 27, 10, 59)) == []  # 27 Sep 23:59 NZDT
    assert len(said("overdue", utc(2026, 9, 27, 11, 0))) == 2  # 28 Sep 00:00


def test_the_dashboard_filter_agrees_with_the_recipients(world):
    from content_models.models import Agency, DueDate
    from workflows.reminders.queries import DUE_DATE_FIELDS, responsible_for
    from workflows.reminders.recipients import responsible_agency_ids

    shared = ActionFactory(reference="ACT-SHARED", lead_agency=world.moj)
    shared.responsible_agencies.set([world.police, world.msd])
    shared.save()
    indicator_due(shared, None, D(2026, 7, 1))
    indicator_due(shared, world.moj, D(2026, 7, 2))
    indicator_due(world.police_action, world.msd, D(2026, 7, 3))
    indicator_due(world.police_action, None, D(2026, 7, 4))
    due_date(world.msd_action, D(2026, 7, 5))
    due_date(shared, D(2026, 7, 6))

    rows = list(DueDate.objects.values(*DUE_DATE_FIELDS))
    responsible = responsible_agency_ids(rows)
    for agency in Agency.objects.all():
        expected = {pk for pk, agencies in responsible.items() if agency.pk in agencies}
        found = set(
            DueDate.objects.filter(responsible_for([agency.pk])).values_list(
                "pk", flat=True
            )
        )
        assert found == expected, agency.code
