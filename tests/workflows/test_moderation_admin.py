"""Moderation as the admin shows it: one review queue per role, workflow
buttons that say what they do, the reviewer's comment where the author edits,
and one way to resubmit."""

import re

import pytest
from wagtail.models import TaskState, WorkflowState

from content_models.models import Recommendation
from workflows import actions

from ..factories import IndicatorFactory, ProgressReportFactory
from .admin_helpers import edit_data, messages_of, url

pytestmark = pytest.mark.django_db

HOME = "/admin/"
COMMENT = "Add the figures for the third quarter."


def submitted(obj, user):
    obj.save_revision(user=user)
    actions.submit_for_approval(obj=obj, user=user)
    return obj


@pytest.fixture
def in_review(world):
    """One UPR item of each kind and one CRC recommendation, awaiting approval."""
    recommendation = Recommendation.objects.get(pk=world.upr_recommendation.pk)
    recommendation.title = "Review the Police Act"
    indicator = IndicatorFactory(
        action=world.police_action, live=False, title="Complaints resolved"
    )
    report = ProgressReportFactory(
        action=world.police_action, live=False, title="Quarterly update"
    )
    action = world.police_action
    action.title = "Body-worn cameras"
    crc = Recommendation.objects.get(pk=world.crc_recommendation.pk)
    crc.title = "Child poverty measures"
    for obj in (recommendation, action, indicator, report):
        submitted(obj, world.police_contributor)
    submitted(crc, world.msd_contributor)
    return {
        "recommendation": recommendation,
        "action": action,
        "indicator": indicator,
        "progressreport": report,
        "crc": crc,
    }


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def queue_of(page):
    """The text of the "Awaiting your approval" panel, or ``None``."""
    match = re.search(
        r'id="monitor-review-queue-section".*?</section>', page, flags=re.DOTALL
    )
    return match.group(0) if match else None


def test_the_manager_reviews_all_four_kinds_of_their_bodies_in_one_queue(
    client, world, in_review
):
    page = home(client, world.moj_manager)
    queue = queue_of(page)
    for title in (
        "Review the Police Act",
        "Body-worn cameras",
        "Complaints resolved",
        "Quarterly update",
    ):
        assert title in queue
    assert "Child poverty measures" not in page  # CRC content is MSD's
    assert "4 items submitted for approval by the lead agency." in queue
    for label in (
        "Approve and publish",
        "Approve and publish with comment",
        "Send back with comments",
    ):
        assert f">{label}</button>" in queue
    # Wagtail's own workflow panels are gone, with their empty columns.
    assert 'id="awaiting-review"' not in page
    assert "Privacy and access" not in page
    assert "Your pages and snippets in a workflow" not in page


def test_each_role_sees_its_own_queue(client, world, in_review):
    msd = queue_of(home(client, world.msd_manager))
    assert "Child poverty measures" in msd
    assert "Quarterly update" not in msd
    assert "1 item submitted for approval by the lead agency." in msd

    admin = queue_of(home(client, world.admin))
    assert "5 items submitted for approval by the lead agency." in admin

    contributor = home(client, world.police_contributor)
    assert queue_of(contributor) is None
    assert "Sent for approval" in contributor
    assert "Quarterly update" in contributor
    assert "Child poverty measures" not in contributor
    assert "Awaiting approval" in contributor


def test_approving_from_the_queue_says_it_was_approved_and_published(
    client, world, in_review
):
    report = in_review["progressreport"]
    task_state = report.current_workflow_task_state
    client.force_login(world.moj_manager)
    response = client.post(
        url("progressreport", "workflow_action", report, "approve", task_state.pk),
        {"next": HOME},
    )
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert messages_of(response)[-1] == (
        "Progress report 'ACT-POL-1: Quarterly update' approved and published."
    )
    report.refresh_from_db()
    assert report.live is True
    assert "Quarterly update" not in queue_of(home(client, world.moj_manager))


def test_another_manager_cannot_approve_from_the_queue(client, world, in_review):
    report = in_review["progressreport"]
    task_state = report.current_workflow_task_state
    client.force_login(world.msd_manager)
    response = client.post(
        url("progressreport", "workflow_action", report, "approve", task_state.pk),
        {"next": HOME},
    )
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert messages_of(response)[-1] == (
        "Sorry, you do not have permission to access this area."
    )
    report.refresh_from_db()
    assert report.live is False
    assert TaskState.objects.get(pk=task_state.pk).status == "in_progress"


def menu_of(client, model, obj):
    response = client.get(url(model, "edit", obj))
    assert response.status_code == 200
    return response.content.decode()


def test_the_approver_menu_says_what_each_button_does(client, world, in_review):
    report = in_review["progressreport"]
    client.force_login(world.moj_manager)
    page = menu_of(client, "progressreport", report)
    labels = re.findall(
        r'data-workflow-action-name="(\w+)".*?</svg>\s*([^<]+?)\s*</button>',
        page,
        flags=re.DOTALL,
    )
    assert labels == [
        ("reject", "Send back with comments"),
        ("approve", "Approve and publish"),
        ("approve", "Approve and publish with comment"),
    ]
    assert "and Publish" not in page
    # No bare "Publish" beside the approval of an item awaiting it.
    assert 'name="action-publish"' not in page

    # Positive control: an item not in review is published directly.
    other = ProgressReportFactory(action=world.police_action, live=False)
    other.save_revision(user=world.moj_manager)
    assert 'name="action-publish"' in menu_of(client, "progressreport", other)


def test_approving_in_the_edit_form_says_approved_and_published(
    client, world, in_review
):
    action = in_review["action"]
    client.force_login(world.moj_manager)
    data = edit_data(client, "action", action)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = client.post(url("action", "edit", action), data)
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith(
        "Action 'ACT-POL-1 — Body-worn cameras' approved and published."
    )
    action.refresh_from_db()
    assert action.title == "Body-worn cameras"
    assert action.has_unpublished_changes is False


def test_a_forged_publish_of_an_item_in_review_saves_a_draft(client, world, in_review):
    action = in_review["action"]
    client.force_login(world.moj_manager)
    data = edit_data(client, "action", action)
    data["action-publish"] = "action-publish"
    response = client.post(url("action", "edit", action), data)
    assert response.status_code == 302
    assert response["Location"] == url("action", "edit", action)
    action.refresh_from_db()
    assert action.has_unpublished_changes is True
    assert action.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.fixture
def sent_back(world, in_review):
    report = in_review["progressreport"]
    actions.request_changes(obj=report, user=world.moj_manager, comment=COMMENT)
    return report


def test_the_author_reads_the_comment_on_the_edit_page(client, world, sent_back):
    client.force_login(world.police_contributor)
    response = client.get(url("progressreport", "edit", sent_back))
    assert response.status_code == 200
    assert messages_of(response) == [
        f"moj-manager sent this back for changes: “{COMMENT}”"
    ]


def test_the_author_reads_the_comment_on_the_dashboard(client, world, sent_back):
    page = home(client, world.police_contributor)
    assert "Sent back for changes" in page
    assert f"<q>{COMMENT}</q>" in page
    # Another agency's contributor does not see it.
    assert COMMENT not in home(client, world.msd_contributor)


def test_the_author_has_one_way_to_resubmit(client, world, sent_back):
    client.force_login(world.police_contributor)
    page = menu_of(client, "progressreport", sent_back)
    assert "Resubmit to Lead agency approval" in page
    assert "Restart workflow" not in page
    assert 'name="action-restart-workflow"' not in page

    state = sent_back.current_workflow_state
    data = edit_data(client, "progressreport", sent_back)
    # A forged restart is only a save: the request stays sent back.
    response = client.post(
        url("progressreport", "edit", sent_back),
        {**data, "action-restart-workflow": "1"},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # Positive control: resubmitting resumes the same request.
    response = client.post(
        url("progressreport", "edit", sent_back), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith(
        "Progress report 'ACT-POL-1: Quarterly update' submitted for approval by "
        "the lead agency."
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert sent_back.workflow_states.count() == 1


def test_sending_back_from_the_queue_says_so(client, world, in_review):
    indicator = in_review["indicator"]
    task_state = indicator.current_workflow_task_state
    client.force_login(world.moj_manager)
    response = client.post(
        url("indicator", "workflow_action", indicator, "reject", task_state.pk),
        {"next": HOME, "comment": COMMENT},
    )
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        f"Indicator '{indicator.reference} — Complaints resolved' sent back with "
        "comments."
    )
    assert TaskState.objects.get(pk=task_state.pk).comment == COMMENT
