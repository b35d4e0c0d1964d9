"""Roles, the lead-agency approval task and what publishing a report does."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, WorkflowState

from content_models.models import Action, ProgressReport
from workflows import roles, scoping
from workflows.models import LeadAgencyApprovalTask

from ..factories import IndicatorFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def test_the_role_groups_exist_with_their_permissions():
    def codenames(name):
        return set(
            Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        )

    contributor = codenames(roles.AGENCY_CONTRIBUTORS)
    assert {
        "add_action",
        "change_action",
        "change_recommendation",
        "view_recommendation",
    } <= contributor
    assert not {
        c for c in contributor if c.startswith(("publish_", "delete_", "unlock_"))
    }
    assert "add_recommendation" not in contributor

    manager = codenames(roles.LEAD_AGENCY_MANAGERS)
    assert {
        "publish_action",
        "publish_progressreport",
        "unlock_indicator",
        "delete_recommendation",
    } <= manager
    assert not {
        c
        for c in manager
        if c.startswith("change_")
        and c.endswith(("agency", "country", "humanrightsbody"))
    }

    administrator = codenames(roles.ADMINISTRATORS)
    assert {
        "change_agency",
        "add_humanrightsbody",
        "publish_recommendation",
        "add_user",
    } <= administrator
    for name in (
        roles.AGENCY_CONTRIBUTORS,
        roles.LEAD_AGENCY_MANAGERS,
        roles.ADMINISTRATORS,
    ):
        assert "access_admin" in codenames(name)


def test_every_content_model_uses_the_lead_agency_workflow():
    for model in scoping.SCOPED_MODELS:
        workflow = model.get_default_workflow()
        assert workflow.name == "Lead agency approval"
        assert [task.specific.__class__ for task in workflow.tasks] == [
            LeadAgencyApprovalTask
        ]


def test_approvers_are_the_managers_of_the_body_lead_agency(world):
    assert list(scoping.approvers_of(world.police_action)) == [world.moj_manager]
    assert list(scoping.approvers_of(world.crc_recommendation)) == [world.msd_manager]
    indicator = IndicatorFactory(action=world.msd_action)
    assert list(scoping.approvers_of(indicator)) == [world.msd_manager]


def submit(obj, user):
    obj.save_revision(user=user)
    return obj.get_workflow().start(obj, user)


def test_submit_approve_publishes_and_only_the_right_people_are_asked(world):
    draft = Action(
        reference="ACT-POL-2",
        title="Body-worn cameras",
        lead_agency=world.police,
        live=False,
    )
    draft.save()
    draft.recommendations.set([world.upr_recommendation])
    draft.save()
    mail.outbox.clear()

    workflow_state = submit(draft, world.police_contributor)

    assert [message.to for message in mail.outbox] == [["moj.manager@example.govt.nz"]]
    assert "ACT-POL-2" in mail.outbox[0].subject + mail.outbox[0].body
    task = workflow_state.current_task_state.task.specific
    state_ids = lambda user: list(  # noqa: E731
        TaskState.objects.reviewable_by(user).values_list("pk", flat=True)
    )
    assert state_ids(world.moj_manager) == [workflow_state.current_task_state.pk]
    assert state_ids(world.msd_manager) == []
    assert state_ids(world.police_contributor) == []
    assert task.get_actions(draft, world.msd_manager) == []

    with pytest.raises(PermissionDenied):
        task.on_action(workflow_state.current_task_state, world.msd_manager, "approve")
    draft.refresh_from_db()
    assert draft.live is False

    task.on_action(workflow_state.current_task_state, world.moj_manager, "approve")
    draft.refresh_from_db()
    workflow_state.refresh_from_db()
    assert draft.live is True
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert draft.live_revision.user == world.police_contributor


def test_reject_returns_the_item_to_its_author(world):
    draft = Action(
        reference="ACT-MSD-2",
        title="Free school lunches",
        lead_agency=world.msd,
        live=False,
    )
    draft.save()
    draft.recommendations.set([world.crc_recommendation])
    draft.save()
    workflow_state = submit(draft, world.msd_contributor)
    world.msd_contributor.email = "msd.contributor@example.govt.nz"
    world.msd_contributor.save()
    mail.outbox.clear()

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state, world.msd_manager, "reject", comment="Add a date"
    )

    workflow_state.refresh_from_db()
    draft.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert draft.live is False
    assert TaskState.objects.get(pk=task_state.pk).comment == "Add a date"
    assert [message.to for message in mail.outbox] == [
        ["msd.contributor@example.govt.nz"]
    ]


@time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False)
def test_publishing_a_report_applies_its_status_and_answers_its_due_date(world):
    action = world.police_action
    action.save_revision().publish()
    indicator = IndicatorFactory(
        action=action,
        live=False,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 1),
        report_every_months=6,
    )
    indicator.save_revision().publish()
    due = indicator.due_dates.get(date=datetime.date(2026, 7, 1))

    report = ProgressReportFactory(
        action=action,
        indicator=indicator,
        due_date=due,
        live=False,
        proposed_status="in_progress",
    )
    submit(report, world.police_contributor)
    task_state = report.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, world.moj_manager, "approve")

    action.refresh_from_db()
    assert action.progress_status == "in_progress"
    assert action.has_unpublished_changes is False
    assert action.get_latest_revision_as_object().progress_status == "in_progress"
    assert action.live_revision.user == world.moj_manager
    assert list(indicator.due_dates.open().values_list("date", flat=True)) == [
        datetime.date(2026, 12, 1)
    ]


def test_an_unscheduled_report_answers_the_nearest_open_due_date(world):
    action = world.msd_action
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)):
        indicator = IndicatorFactory(
            action=action,
            live=False,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 1),
            report_every_months=3,
        )
        indicator.save_revision().publish()
    with time_machine.travel(datetime.datetime(2026, 6, 20, tzinfo=datetime.UTC)):
        report = ProgressReportFactory(action=action, live=False)
        report.save_revision().publish()

    report.refresh_from_db()
    assert report.due_date.date == datetime.date(2026, 7, 1)
    assert list(action.due_dates.open().values_list("date", flat=True)) == [
        datetime.date(2026, 4, 1),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 1),
    ]


def test_a_pending_draft_of_the_action_survives_a_report_and_stays_in_review(world):
    action = world.police_action
    action.save_revision().publish()
    published_title = action.title
    draft = Action.objects.get(pk=action.pk).get_latest_revision_as_object()
    draft.title = "Renamed in a draft"
    submit(draft, world.police_contributor)

    report = ProgressReportFactory(
        action=action, live=False, proposed_status="completed"
    )
    report.save_revision(user=world.moj_manager).publish(user=world.moj_manager)

    action = Action.objects.get(pk=action.pk)
    assert action.progress_status == "completed"
    assert action.title == published_title  # the draft's title stays a draft
    assert action.has_unpublished_changes is True
    pending = action.get_latest_revision_as_object()
    assert (pending.title, pending.progress_status) == (
        "Renamed in a draft",
        "completed",
    )
    assert action.current_workflow_state is not None
    assert action.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert ProgressReport.objects.live().count() == 1


def test_only_administrators_and_lead_agency_managers_may_import(world):
    from importers.permissions import can_import, can_use_importer

    assert can_import(world.admin, "recommendations") is True
    assert can_import(world.moj_manager, "actions") is True
    assert can_use_importer(world.police_contributor) is False
    assert can_import(world.police_contributor, "actions") is False
