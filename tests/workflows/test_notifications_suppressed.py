"""``notifications_suppressed()``: no workflow e-mail inside the block (how
``seed_demo`` writes its items in review), every e-mail again after it, even
when the block fails."""

import pytest
from django.core import mail

from content_models.models import Action
from workflows.notifications import notifications_suppressed

pytestmark = pytest.mark.django_db


def draft_action(world, reference):
    draft = Action(
        reference=reference, title="Body-worn cameras", lead_agency=world.police
    )
    draft.live = False
    draft.save()
    draft.recommendations.set([world.upr_recommendation])
    draft.save()
    draft.save_revision(user=world.police_contributor)
    return draft


def test_no_email_inside_the_block_and_every_one_after_it(world):
    first = draft_action(world, "ACT-POL-2")
    mail.outbox.clear()

    with pytest.raises(RuntimeError), notifications_suppressed():
        workflow_state = first.get_workflow().start(first, world.police_contributor)
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(
            task_state, world.moj_manager, "reject", comment="Attach the minute."
        )
        raise RuntimeError("the block fails")

    assert mail.outbox == []
    # The workflow itself ran as usual.
    first.refresh_from_db()
    assert first.workflow_states.get().status == "needs_changes"

    # Positive control: after the block, the approvers are e-mailed again.
    second = draft_action(world, "ACT-POL-3")
    second.get_workflow().start(second, world.police_contributor)
    assert [message.to for message in mail.outbox] == [["moj.manager@example.govt.nz"]]
