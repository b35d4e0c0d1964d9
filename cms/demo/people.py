"""Demo logins (one per role and agency) and items in every workflow state.

Every demo login has the password ``DEMO_PASSWORD``; the README lists what
each one sees. A new login gets its role and agency from
``workflows.actions.users.set_user_role`` (source ``command``). Idempotent:
existing users keep their role and agency (nothing logged again), and items
that already have a workflow state are left alone.
"""

from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from content_models.models import Action, Agency, HumanRightsBody, ProgressReport
from workflows import roles, scoping
from workflows.actions.users import set_user_role

from .common import SeedSummary

DEMO_PASSWORD = "monitor-demo"
ADMINISTRATOR = "monitor-admin"
REJECTION_COMMENT = "Please say when Cabinet agreed this and attach the minute."


def manager_username(agency):
    return f"{agency.code.lower()}-manager"


def contributor_username(agency):
    return f"{agency.code.lower()}-contributor"


def _user(username, role, agency, summary):
    """The demo login ``username``, created with ``role`` and ``agency``
    through ``set_user_role`` (the one place that sets them, logged once as
    a change by the command); an existing login is left as it is."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        summary.add("demo users", existing=1)
        return user
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.govt.nz",
        password=DEMO_PASSWORD,
        # "MoJ Manager", "Police Contributor": the agency as it writes itself.
        first_name=agency.code if agency else "Monitor",
        last_name=role.split()[-1].rstrip("s").capitalize(),
    )
    set_user_role(user, role=role, agency=agency, actor=None, source="command")
    summary.add("demo users", created=1)
    return user


def seed_people(summary: SeedSummary) -> None:
    _user(ADMINISTRATOR, roles.ADMINISTRATORS, None, summary)
    lead_agencies = Agency.objects.filter(
        pk__in=HumanRightsBody.objects.values("lead_agency")
    ).order_by("code")
    for agency in lead_agencies:
        _user(manager_username(agency), roles.LEAD_AGENCY_MANAGERS, agency, summary)
    for agency in Agency.objects.order_by("code"):
        _user(contributor_username(agency), roles.AGENCY_CONTRIBUTORS, agency, summary)


def _contributor_for(action):
    agency = action.lead_agency or action.responsible_agencies.order_by("code").first()
    return get_user_model().objects.get(username=contributor_username(agency))


def _untouched(model, **filters):
    """Drafts that never entered a workflow, in a stable order."""
    return [
        obj
        for obj in model.objects.filter(live=False, **filters).order_by("pk")
        if not obj.workflow_states.exists()
    ]


def seed_moderation(summary: SeedSummary) -> None:
    """Two reports and one action awaiting approval, one report sent back.

    Done once: when any demo item has been in a workflow, nothing is added.
    """
    if WorkflowState.objects.filter(
        base_content_type__app_label="content_models"
    ).exists():
        summary.add("items submitted for approval", existing=1)
        return
    reports = _untouched(ProgressReport)
    submitted = 0
    for report in reports[:3]:
        author = _contributor_for(report.action)
        workflow_state = report.get_workflow().start(report, author)
        submitted += 1
        if submitted == 3:
            approver = scoping.approvers_of(report).first()
            if approver is not None:
                task_state = workflow_state.current_task_state
                task_state.task.specific.on_action(
                    task_state, approver, "reject", comment=REJECTION_COMMENT
                )
    for action in _untouched(Action)[:1]:
        action.get_workflow().start(action, _contributor_for(action))
        submitted += 1
    summary.add("items submitted for approval", created=submitted)
