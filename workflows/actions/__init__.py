"""State changes of the Monitor: one function each, called by every entry point.

Admin views, GraphQL, management commands and django-q2 tasks call these; none
of them changes state on its own. Each concern has its module; every function
is reached as ``workflows.actions.<name>``.
"""

from django.utils import timezone  # noqa: F401 - tests freeze actions.timezone.now

from .alignment import propose_related_recommendation
from .approval import approved_revision, awaits_cabinet, is_held, under_consideration
from .cabinet import agreed_content, publish_agreed, record_cabinet_decision
from .due_dates import (
    apply_published_report,
    nearest_open_due_date,
    send_due_reminders,
    sync_annual_due_dates,
    sync_due_dates,
    today_in_site_time_zone,
)
from .feedback import mark_feedback, purge_expired_feedback, receive_feedback
from .moderation import (
    approve,
    approve_or_publish,
    change_relations,
    check_batch,
    link_recommendations,
    may,
    request_changes,
    submit_for_approval,
)
from .response import (
    ask_agencies,
    propose_existing_action,
    propose_new_action,
    propose_no_action,
)
from .smart import assess_smart, may_assess_smart
from .two_factor import record_enrolment, reset_two_factor
from .users import set_user_role

__all__ = [
    "set_user_role",
    "record_enrolment",
    "reset_two_factor",
    "agreed_content",
    "apply_published_report",
    "approve",
    "approved_revision",
    "approve_or_publish",
    "ask_agencies",
    "assess_smart",
    "awaits_cabinet",
    "change_relations",
    "check_batch",
    "is_held",
    "link_recommendations",
    "mark_feedback",
    "may",
    "may_assess_smart",
    "nearest_open_due_date",
    "propose_existing_action",
    "propose_new_action",
    "propose_no_action",
    "propose_related_recommendation",
    "publish_agreed",
    "purge_expired_feedback",
    "receive_feedback",
    "record_cabinet_decision",
    "request_changes",
    "send_due_reminders",
    "submit_for_approval",
    "sync_annual_due_dates",
    "sync_due_dates",
    "today_in_site_time_zone",
    "under_consideration",
]
