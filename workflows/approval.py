"""Wagtail's ``WAGTAIL_FINISH_WORKFLOW_ACTION``: what an approved workflow does.

Wagtail imports this when its models load and calls it with the finished
workflow state (``WorkflowState.finish``). The rule — publish, or hold for
Cabinet — is ``workflows.actions.approval.finish_approval``.
"""


def finish_workflow(workflow_state, user=None):
    from .actions.approval import finish_approval

    finish_approval(workflow_state=workflow_state, user=user)
