"""A progress report goes to review or to the public only with content: a
report (its body) or a public document. Drafts may be saved empty.

Every path refuses: the model's ``publish``, the approval task (submit,
resubmit, approve), ``workflows.actions`` and the admin's forms; beside each
refusal the same person does the allowed thing.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import TaskState, WorkflowState

from content_models.models import ProgressReport
from content_models.models.reports import MISSING_CONTENT_MESSAGE
from workflows import actions

from ..factories import ProgressReportFactory
from .admin_helpers import edit_data, messages_of, url
from .conftest import make_document

pytestmark = pytest.mark.django_db

EMPTY_BODIES = ["", "<p></p>", '<p data-block-key="x1"> </p>', "<p>&nbsp;</p>"]


def empty_report(world, **extra):
    report = ProgressReportFactory(
        action=world.police_action, live=False, body="", title="Empty", **extra
    )
    report.save_revision(user=world.police_contributor)
    return report


def rich_text(text):
    """The body as the editor posts it (Draftail's JSON)."""
    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def workflow_states(report):
    return WorkflowState.objects.filter(object_id=str(report.pk)).count()


@pytest.mark.parametrize("body", EMPTY_BODIES)
def test_a_report_without_words_or_public_document_has_no_content(body):
    report = ProgressReport(body=body)
    assert report.has_content() is False
    with pytest.raises(ValidationError) as refused:
        report.clean_for_publication()
    assert refused.value.message_dict == {"body": [str(MISSING_CONTENT_MESSAGE)]}


def test_a_document_counts_only_when_it_is_public(world, media):
    document = make_document(world.police, "Annex")
    report = ProgressReport(body="", document=document, document_public=False)
    assert report.has_content() is False
    report.document_public = True
    assert report.has_content() is True
    assert ProgressReport(body="<p>Ten new staff.</p>").has_content() is True


def test_an_empty_draft_is_saved_but_not_submitted(world):
    report = empty_report(world)
    assert report.revisions.count() == 1  # the draft is kept

    with pytest.raises(ValidationError):
        report.get_workflow().start(report, world.police_contributor)
    assert workflow_states(report) == 0

    with pytest.raises(ValidationError):
        actions.submit_for_approval(obj=report, user=world.police_contributor)
    assert workflow_states(report) == 0

    # Positive control: with a report, the same contributor submits it.
    report.body = "<p>Two new courts opened.</p>"
    report.save_revision(user=world.police_contributor)
    state = actions.submit_for_approval(obj=report, user=world.police_contributor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_empty_report_is_not_published(world):
    report = empty_report(world)
    with pytest.raises(ValidationError):
        report.get_latest_revision().publish(user=world.moj_manager)
    report.refresh_from_db()
    assert report.live is False
    assert report.live_revision is None

    report.body = "<p>Done.</p>"
    report.save_revision(user=world.moj_manager).publish(user=world.moj_manager)
    report.refresh_from_db()
    assert report.live is True


def test_a_report_emptied_while_in_review_is_not_approved(world):
    report = ProgressReportFactory(action=world.police_action, live=False)
    report.save_revision(user=world.police_contributor)
    state = actions.submit_for_approval(obj=report, user=world.police_contributor)
    emptied = report.get_latest_revision_as_object()
    emptied.body = ""
    emptied.save_revision(user=world.police_contributor)

    with pytest.raises(ValidationError):
        actions.approve(obj=report, user=world.moj_manager)
    report.refresh_from_db()
    state.refresh_from_db()
    assert report.live is False
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS

    filled = report.get_latest_revision_as_object()
    filled.body = "<p>Back again.</p>"
    filled.save_revision(user=world.police_contributor)
    actions.approve(obj=report, user=world.moj_manager)
    report.refresh_from_db()
    assert report.live is True
    assert report.body == "<p>Back again.</p>"


def test_the_admin_form_names_the_field(client, world):
    report = empty_report(world)
    client.force_login(world.police_contributor)
    data = edit_data(client, "progressreport", report)

    response = client.post(
        url("progressreport", "edit", report), {**data, "action-submit": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"body": [str(MISSING_CONTENT_MESSAGE)]}
    assert workflow_states(report) == 0

    # Positive control: the same empty form saves as a draft.
    response = client.post(url("progressreport", "edit", report), data)
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith(
        "Progress report 'ACT-POL-1: Empty' updated."
    )

    # With words it is submitted.
    data["body"] = rich_text("Ten staff hired.")
    response = client.post(
        url("progressreport", "edit", report), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302
    assert workflow_states(report) == 1


def test_a_manager_cannot_publish_an_empty_report_from_the_form(client, world):
    report = empty_report(world)
    client.force_login(world.moj_manager)
    data = edit_data(client, "progressreport", report)
    response = client.post(
        url("progressreport", "edit", report), {**data, "action-publish": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"body": [str(MISSING_CONTENT_MESSAGE)]}
    report.refresh_from_db()
    assert report.live is False
    assert report.revisions.count() == 1


def test_a_new_empty_report_cannot_be_created_and_submitted(client, world):
    client.force_login(world.police_contributor)
    data = {
        "action": str(world.police_action.pk),
        "title": "Created empty",
        "body": rich_text(""),
        "action-submit": "1",
    }
    response = client.post(url("progressreport", "add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"body": [str(MISSING_CONTENT_MESSAGE)]}
    assert not ProgressReport.objects.filter(title="Created empty").exists()


def test_approving_an_emptied_report_from_the_dashboard_says_why(client, world):
    report = ProgressReportFactory(action=world.police_action, live=False)
    report.save_revision(user=world.police_contributor)
    actions.submit_for_approval(obj=report, user=world.police_contributor)
    emptied = report.get_latest_revision_as_object()
    emptied.body = ""
    emptied.save_revision(user=world.police_contributor)
    task_state = report.current_workflow_task_state

    client.force_login(world.moj_manager)
    approve = url("progressreport", "workflow_action", report, "approve", task_state.pk)
    response = client.post(approve, {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert messages_of(response)[-1] == str(MISSING_CONTENT_MESSAGE)
    report.refresh_from_db()
    assert report.live is False
    assert TaskState.objects.get(pk=task_state.pk).status == "in_progress"

    # Positive control: sending it back is still possible.
    reject = url("progressreport", "workflow_action", report, "reject", task_state.pk)
    response = client.post(reject, {"next": "/admin/", "comment": "Write it."})
    assert response.status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == "rejected"
