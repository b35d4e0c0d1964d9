"""State changes of the Monitor: one function each, called by every entry point.

Admin views, GraphQL, management commands and django-q2 tasks call these; none
of them changes state on its own.
"""

import datetime
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content_models.models import (
    SMART_LETTERS,
    DueDate,
    Indicator,
    SmartAssessed,
    SmartCriterion,
)
from content_models.models.smart import REASON_MAX_LENGTH, reason_field_name

from . import roles, scoping


def today_in_site_time_zone(now: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in the site's time zone (Pacific/Auckland)."""
    return timezone.localdate(now or timezone.now())


@transaction.atomic
def sync_due_dates(
    *, indicator: Indicator, today: datetime.date | None = None
) -> tuple[int, int]:
    """Bring an indicator's due dates in line with its (live) schedule.

    The first time an indicator gets due dates, every date of its schedule is
    created, past ones included, so that overdue reports are owed. After that
    only the future is rebuilt: due dates from ``today`` on that no published
    report answers are removed when the schedule no longer has them, and new
    future dates are added. Past and reported due dates are history and stay.
    An indicator that is not live owes nothing from ``today`` on.

    Returns ``(created, deleted)``.
    """
    today = today or today_in_site_time_zone()
    wanted = set(indicator.schedule_dates()) if indicator.live else set()
    existing = {due.date: due for due in indicator.due_dates.all()}

    stale_ids = [
        due.pk for day, due in existing.items() if day >= today and day not in wanted
    ]
    deleted = 0
    if stale_ids:
        deleted, _ = DueDate.objects.open().filter(pk__in=stale_ids).delete()

    first_generation = not existing
    new_dates = sorted(
        day
        for day in wanted
        if day not in existing and (first_generation or day >= today)
    )
    DueDate.objects.bulk_create(
        [
            DueDate(action_id=indicator.action_id, indicator=indicator, date=day)
            for day in new_dates
        ]
    )
    return len(new_dates), deleted


def nearest_open_due_date(*, action, on: datetime.date):
    """The open due date of ``action`` closest to ``on`` (the earlier on a tie)."""
    candidates = list(DueDate.objects.open().filter(action=action))
    if not candidates:
        return None
    return min(candidates, key=lambda due: (abs((due.date - on).days), due.date))


@transaction.atomic
def apply_published_report(*, report, user=None) -> None:
    """What publishing a progress report means for its action.

    Called once per publication (Wagtail's ``published`` signal, whether the
    lead agency published directly or approved the workflow task):

    - the report answers a due date: its own, or for an unscheduled report the
      nearest open due date of the action, which is then recorded on it;
    - its proposed status becomes the action's progress status, through a new
      published revision of the action. A pending draft of the action stays a
      draft, with the new status carried into it, so nobody's edits are lost
      and nothing unapproved goes live.
    """
    from content_models.models import Action, ProgressReport

    if report.due_date_id is None:
        published_on = today_in_site_time_zone(report.last_published_at)
        due = nearest_open_due_date(action=report.action, on=published_on)
        if due is not None:
            # The live row is the published report: record the link on it.
            ProgressReport.objects.filter(pk=report.pk).update(due_date=due)
            report.due_date = due

    status = report.proposed_status
    action = Action.objects.select_for_update().get(pk=report.action_id)
    if not status or action.progress_status == status:
        return

    pending_draft = action.latest_revision if action.has_unpublished_changes else None
    moderation = action.current_workflow_state
    action.progress_status = status
    # Wagtail cancels a workflow in progress when its object is published.
    action.save_revision(user=user, log_action=True).publish(user=user)

    if pending_draft is not None:
        draft = pending_draft.as_object()
        draft.progress_status = status
        draft.save_revision(user=pending_draft.user, log_action=False)
    if moderation is not None:
        # Put the pending draft back in front of its approvers.
        action.refresh_from_db()
        moderation.workflow.start(action, moderation.requested_by)


@transaction.atomic
def sync_annual_due_dates(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Materialise the 12-month fallback as due dates without an indicator.

    A live action that is not completed and whose live indicators give no due
    date owes a report 12 months after its last published progress report,
    or after its first publication when none was published
    (``Action.annual_due_date``). That date is stored as a ``DueDate`` with
    ``indicator=None``, so reminders, the dashboard and the reports treat both
    kinds of due date alike. The daily reminder job calls this first; it is
    idempotent and cheap to run again (four queries, whatever the number of
    actions).

    Like ``sync_due_dates``, only the future is rebuilt: open fallback dates
    from ``today`` on that are no longer wanted (the action got a schedule, was
    completed or unpublished, or a report moved the 12 months on) are removed;
    past open ones stay owed and reported ones are history. Returns
    ``(created, deleted)``.
    """
    from dateutil.relativedelta import relativedelta
    from django.db.models import OuterRef, Subquery

    from content_models.models import Action, ProgressReport, ProgressStatus
    from content_models.models.actions import ANNUAL_REPORT_MONTHS

    today = today or today_in_site_time_zone()
    last_report = (
        ProgressReport.objects.live()
        .filter(action=OuterRef("pk"), first_published_at__isnull=False)
        .order_by("-first_published_at")
        .values("first_published_at")[:1]
    )
    owing = (
        Action.objects.live()
        .without_scheduled_due_dates()
        .exclude(progress_status=ProgressStatus.COMPLETED)
        .exclude(first_published_at__isnull=True)
        .annotate(last_report=Subquery(last_report))
    )
    wanted = {
        (
            pk,
            timezone.localdate(last or first)
            + relativedelta(months=ANNUAL_REPORT_MONTHS),
        )
        for pk, first, last in owing.values_list(
            "pk", "first_published_at", "last_report"
        )
    }
    fallback = DueDate.objects.filter(indicator__isnull=True)
    existing = set(
        fallback.filter(action__in=owing.values("pk")).values_list("action_id", "date")
    )
    stale = [
        pk
        for pk, action_id, day in fallback.open()
        .filter(date__gte=today)
        .values_list("pk", "action_id", "date")
        if (action_id, day) not in wanted
    ]
    deleted = DueDate.objects.filter(pk__in=stale).delete()[0] if stale else 0
    missing = sorted(wanted - existing)
    # ignore_conflicts: a concurrent run may have created the same dates.
    DueDate.objects.bulk_create(
        [DueDate(action_id=pk, indicator=None, date=day) for pk, day in missing],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(missing), deleted


def send_due_reminders(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    rules: list[str] | None = None,
    limit: int | None = None,
    queue_delivery: bool = False,
):
    """Run the reminder rules at ``now`` and send what is new.

    First the 12-month fallback due dates are brought up to date
    (``sync_annual_due_dates``), then each rule (all, or the names in
    ``rules``) gives its notices; new ones are recorded in the ``Reminder``
    log and sent, one e-mail per recipient and rule (``workflows.reminders``
    explains why recording comes first). ``limit`` caps the messages of this
    run; ``dry_run`` records and sends nothing and leaves the database as it
    was; ``queue_delivery`` sends through the task cluster instead of here.

    Not one transaction on purpose: the log rows must be committed before
    their e-mails leave. Raises ``ValueError`` for an unknown rule or a limit
    below 1, before doing anything. Returns a ``ReminderRun``.
    """
    from .reminders import conf, delivery
    from .reminders.rules import RULES, RunContext

    selected = list(RULES) if not rules else list(dict.fromkeys(rules))
    unknown = [name for name in selected if name not in RULES]
    if unknown:
        raise ValueError(
            f"unknown rule {', '.join(unknown)}; the rules are {', '.join(RULES)}"
        )
    if limit is not None and limit < 1:
        raise ValueError(f"the limit must be at least 1, not {limit}")
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    ordered = {name: RULES[name] for name in RULES if name in selected}
    config = conf.get_settings()

    def apply():
        annual = sync_annual_due_dates(today=today_in_site_time_zone(now))
        result = delivery.run(
            now=now,
            rules=ordered,
            config=config,
            context=RunContext(),
            dry_run=dry_run,
            limit=limit,
            queue_delivery=queue_delivery,
        )
        result.annual_due_dates = annual
        return result

    if not dry_run:
        return apply()
    with transaction.atomic():
        result = apply()
        transaction.set_rollback(True)
    return result


def may_assess_smart(user, item: SmartAssessed) -> bool:
    """Whether ``user`` may change ``item``'s SMART assessment.

    The assessor's right (``roles.ASSESSOR``: lead agency managers and
    administrators) on an item they may publish. A new item has no row to
    scope yet; its edit form keeps it in its editor's scope.
    """
    if user is None or not user.is_active or not user.has_perm(roles.ASSESSOR):
        return False
    if item.pk is None:
        return True
    return scoping.allows(user, type(item), "publish", item)


def _previous_assessment(item: SmartAssessed) -> tuple[set[str], dict[str, str]]:
    """The assessment the editor started from: the latest revision's (the draft)."""
    if item.pk is None:
        return set(), dict.fromkeys(SMART_LETTERS, "")
    revision = item.latest_revision
    before = (
        revision.as_object()
        if revision is not None
        else type(item)._default_manager.get(pk=item.pk)
    )
    return before.smart_letters_met(), before.smart_reasons()


def assess_smart(
    *,
    item: SmartAssessed,
    met: Iterable[str],
    reasons: Mapping[str, str],
    user,
    now: datetime.datetime | None = None,
) -> bool:
    """Set ``item``'s SMART assessment in memory, ready for ``save_revision``.

    ``met`` are the letters met (the others are not), ``reasons`` a short
    reason per letter (a letter left out keeps its reason). When the letters
    or a reason differ from the latest revision's, ``user`` becomes the
    assessor and ``now`` the assessment's time; an unchanged assessment keeps
    its assessor. Saves nothing itself: the caller saves a revision, so a
    draft carries its assessment and publishing puts it on the row. Raises
    ``PermissionDenied`` (nothing set) for a user who may not assess it,
    ``ValidationError`` for a letter that is not S, M, A, R or T or a reason
    that is too long. Returns whether the assessment changed.
    """
    if not may_assess_smart(user, item):
        raise PermissionDenied(
            _("Only the lead agency's managers may assess this against SMART.")
        )
    letters = {letter.upper() for letter in met}
    unknown = sorted(letters - set(SMART_LETTERS) | set(reasons) - set(SMART_LETTERS))
    if unknown:
        raise ValidationError(
            _("%(letters)s: not a SMART letter (use S, M, A, R, T).")
            % {"letters": ", ".join(unknown)}
        )
    too_long = [
        letter
        for letter, reason in reasons.items()
        if len(reason.strip()) > REASON_MAX_LENGTH
    ]
    if too_long:
        raise ValidationError(
            _("The reason for %(letters)s is longer than %(limit)s characters.")
            % {"letters": ", ".join(too_long), "limit": REASON_MAX_LENGTH}
        )
    previous_met, previous_reasons = _previous_assessment(item)
    new_reasons = dict(previous_reasons)
    new_reasons.update({letter: reason.strip() for letter, reason in reasons.items()})
    criteria = SmartCriterion.objects.filter(letter__in=letters)
    if {criterion.letter for criterion in criteria} != letters:
        raise ValidationError(
            _("The SMART criteria are not set up; run load_taxonomies.")
        )
    item.smart_criteria = list(criteria)
    for letter, reason in new_reasons.items():
        setattr(item, reason_field_name(letter), reason)
    changed = letters != previous_met or new_reasons != previous_reasons
    if changed:
        item.smart_assessed_by = user
        item.smart_assessed_at = now or timezone.now()
    return changed


# --- Moderation: submitting, approving, publishing and batch changes --------
#
# The admin's edit view goes through Wagtail's own views (which call the same
# task and the same ``publish``); the batch actions, commands and tests call
# these. Each refuses what the user may not do with ``PermissionDenied`` and
# content a report cannot go out without with ``ValidationError``, before
# changing anything.


def _policy(obj):
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(type(obj))


def may(user, action: str, obj) -> bool:
    """Whether ``user`` may ``action`` (``change``, ``publish``…) ``obj``,
    by their role and their agencies (``workflows.policies``)."""
    return _policy(obj).user_has_permission_for_instance(user, action, obj)


def _require(user, action, obj):
    if not may(user, action, obj):
        raise PermissionDenied(
            f"{user} may not {action} {obj._meta.verbose_name} {obj.pk}"
        )


@transaction.atomic
def submit_for_approval(*, obj, user):
    """Send ``obj``'s latest revision to the lead agency's approval.

    Resumes a workflow sent back for changes (the reviewer's comment stays in
    its history) or starts one. Returns the workflow state.
    """
    from .models import require_content

    _require(user, "change", obj)
    require_content(obj.get_latest_revision_as_object())
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:
        raise ValidationError(
            f"{obj._meta.verbose_name} {obj.pk} is already awaiting approval"
        )
    return obj.get_workflow().start(obj, user)


def _current_task(obj, user):
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise ValidationError(
            f"{obj._meta.verbose_name} {obj.pk} is not awaiting approval"
        )
    task = task_state.task.specific
    if not task.user_can_approve(obj, user):
        raise PermissionDenied(f"{user} may not review {obj._meta.verbose_name}")
    return task_state, task


@transaction.atomic
def approve(*, obj, user, comment: str = ""):
    """Approve ``obj`` in its workflow, which publishes it as ``user``."""
    task_state, task = _current_task(obj, user)
    task.on_action(task_state, user, "approve", comment=comment)


@transaction.atomic
def request_changes(*, obj, user, comment: str):
    """Send ``obj`` back to its author with ``comment``."""
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    task_state, task = _current_task(obj, user)
    task.on_action(task_state, user, "reject", comment=comment)


@transaction.atomic
def approve_or_publish(*, obj, user) -> str:
    """Publish ``obj``'s latest content as ``user``, the way a person would.

    An item awaiting approval is approved (so its workflow ends approved, not
    cancelled); an item with a draft is published; an item already published
    without changes is left alone. Returns ``"approved"``, ``"published"`` or
    ``"unchanged"``.
    """
    from .models import require_content

    _require(user, "publish", obj)
    require_content(obj.get_latest_revision_as_object())
    if obj.workflow_in_progress:
        approve(obj=obj, user=user)
        return "approved"
    if obj.live and not obj.has_unpublished_changes:
        return "unchanged"
    revision = obj.latest_revision or obj.save_revision(user=user)
    revision.publish(user=user)
    return "published"


def check_batch(*, objects, user, action: str = "publish") -> list:
    """The items of ``objects`` that ``user`` may not ``action``; a batch
    with any of them must be refused whole."""
    return [obj for obj in objects if not may(user, action, obj)]


@transaction.atomic
def change_relations(*, obj, user, field: str, add=(), remove=()) -> bool:
    """Add and remove values of ``obj``'s many-to-many ``field`` as ``user``.

    Done as by hand: a new revision by ``user`` (in the audit log), published
    at once when ``obj`` is published (batch changes are the lead agency's, who
    may publish them). A pending draft keeps its own edits and gets the same
    change in a further revision; moderation in progress is put back in front
    of its approvers. Returns whether anything changed.
    """
    _require(user, "publish", obj)

    def apply(target) -> bool:
        manager = getattr(target, field)
        current = {value.pk for value in manager.all()}
        wanted = (current | {value.pk for value in add}) - {
            value.pk for value in remove
        }
        if wanted == current:
            return False
        related = manager.model
        manager.set(list(related._default_manager.filter(pk__in=wanted)))
        return True

    return _change(obj=obj, user=user, apply=apply)


def _save_draft(draft, *, user):
    """Save ``draft`` as a new revision by ``user``; a never-published item's
    row is its draft (as Wagtail's edit view keeps it), so it is saved too and
    its scope (``workflows.scoping`` reads rows) follows the draft."""
    if not draft.live:
        draft.save()
    return draft.save_revision(user=user, log_action=True)


def _change(*, obj, user, apply) -> bool:
    """Apply ``apply(target) -> changed`` to the published object and to its
    pending draft, each as a new revision by ``user``."""
    draft = obj.get_latest_revision_as_object()
    if not obj.live:
        if not apply(draft):
            return False
        _save_draft(draft, user=user)
        return True
    pending = obj.has_unpublished_changes
    moderation = obj.current_workflow_state
    live = type(obj).objects.get(pk=obj.pk)
    changed_live = apply(live)
    changed_draft = apply(draft) if pending else False
    if not (changed_live or changed_draft):
        return False
    if changed_live:
        # Publishing cancels a workflow in progress: restarted below.
        live.save_revision(user=user, log_action=True).publish(user=user)
    if pending:
        draft.save_revision(user=user, log_action=True)
    if (
        changed_live
        and moderation is not None
        and moderation.status == moderation.STATUS_IN_PROGRESS
    ):
        live.refresh_from_db()
        moderation.workflow.start(live, moderation.requested_by)
    return True


@transaction.atomic
def link_recommendations(*, action, recommendations, user) -> bool:
    """Make ``action`` respond to ``recommendations`` too, as ``user``.

    ``user`` must be able to publish the action and change every
    recommendation. Returns whether anything changed.
    """
    refused = check_batch(objects=recommendations, user=user, action="change")
    if refused:
        raise PermissionDenied(f"{user} may not link {refused}")
    return change_relations(
        obj=action, user=user, field="recommendations", add=recommendations
    )


# --- Cabinet: the decision on a cycle, and publishing what was agreed -------


def _require_cycle(user, cycle):
    if not scoping.manages_cycle(user, cycle):
        raise PermissionDenied(
            f"{user} may not act for Cabinet on {cycle.code}: only the lead "
            "agency managers of its body and administrators may"
        )


@transaction.atomic
def record_cabinet_decision(
    *,
    cycle,
    user,
    decided_on: datetime.date,
    minute_reference: str,
    summary: str = "",
    public: bool = False,
    documents: Iterable[tuple] = (),
):
    """Record (or correct) Cabinet's decision on ``cycle``, as ``user``.

    ``documents`` are ``(document, public)`` pairs, the released documents in
    order; they replace those recorded before. A document stays private
    unless both its flag and the decision's ``public`` are set. Raises
    ``PermissionDenied`` for a user who does not answer for the cycle
    (``scoping.manages_cycle``) and ``ValidationError`` for a missing date or
    minute reference, before changing anything. Returns the decision.
    """
    from content_models.models import CabinetDecision, CabinetDocument

    _require_cycle(user, cycle)
    errors = {}
    if decided_on is None:
        errors["decided_on"] = _("Give the date of Cabinet's decision.")
    if not (minute_reference or "").strip():
        errors["minute_reference"] = _("Give the Cabinet minute reference.")
    if errors:
        raise ValidationError(errors)
    decision = CabinetDecision.objects.filter(cycle=cycle).first() or CabinetDecision(
        cycle=cycle
    )
    decision.decided_on = decided_on
    decision.minute_reference = minute_reference.strip()
    decision.summary = summary.strip()
    decision.public = public
    decision.recorded_by = user
    decision.full_clean(exclude=["cycle"])
    decision.save()
    decision.documents.all().delete()
    CabinetDocument.objects.bulk_create(
        [
            CabinetDocument(
                decision=decision, document=document, public=bool(flag), sort_order=i
            )
            for i, (document, flag) in enumerate(documents)
        ]
    )
    return decision


def agreed_content(*, cycle) -> list:
    """What Cabinet agreed for ``cycle`` and is not yet published, in the order
    it must be published (recommendations, actions, indicators).

    The cycle's content is its recommendations, the actions answering one of
    them (in their published row or in their latest draft) and those actions'
    indicators. An item of it is *agreed* when it has unpublished content
    (never published, or published with a newer draft) that the lead agency
    has approved for Cabinet:

    - it is awaiting the lead agency's approval (submitted, not sent back), or
    - its latest draft was saved by someone who may publish it (a lead
      agency manager of the body or an administrator: the lead agency's own
      draft, such as imported recommendations or a proposal it amended) and
      no one has sent it back for changes.

    A contributor's draft never submitted, and anything sent back for
    changes, is not agreed and stays a draft.
    """
    from content_models.models import Action, Indicator, Recommendation

    recommendations = list(
        Recommendation.objects.filter(cycle=cycle).order_by("reference", "pk")
    )
    recommendation_ids = {item.pk for item in recommendations}
    actions = {
        item.pk: item
        for item in Action.objects.filter(recommendations__in=recommendation_ids)
    }
    for action in Action.objects.filter(has_unpublished_changes=True).exclude(
        pk__in=list(actions)
    ):
        draft = action.get_latest_revision_as_object()
        if {item.pk for item in draft.recommendations.all()} & recommendation_ids:
            actions[action.pk] = action
    ordered_actions = sorted(
        actions.values(), key=lambda item: (item.reference, item.pk)
    )
    indicators = list(
        Indicator.objects.filter(action__in=list(actions)).order_by("reference", "pk")
    )
    return [
        item
        for item in [*recommendations, *ordered_actions, *indicators]
        if _is_agreed(item)
    ]


def _is_agreed(item) -> bool:
    if item.live and not item.has_unpublished_changes:
        return False
    state = item.current_workflow_state
    if state is not None:
        return state.status == state.STATUS_IN_PROGRESS
    revision = item.latest_revision
    author = revision.user if revision is not None else None
    return author is not None and may(author, "publish", item)


@transaction.atomic
def publish_agreed(*, cycle, user) -> list:
    """Publish what Cabinet agreed for ``cycle`` in one step, as ``user``.

    Every item of ``agreed_content`` is published through the ordinary
    publish action (``approve_or_publish``: an item awaiting approval is
    approved, which ends its workflow approved), each from a new revision
    saved by ``user``, so the audit log and the published revision name the
    publisher. All or nothing: a user who does not answer for the cycle, an
    item ``user`` may not publish or one without the content it needs
    refuses the whole step before anything changes. Returns the published
    items.
    """
    from .models import require_content

    _require_cycle(user, cycle)
    items = agreed_content(cycle=cycle)
    refused = check_batch(objects=items, user=user, action="publish")
    if refused:
        raise PermissionDenied(
            f"{user} may not publish {', '.join(str(item) for item in refused)}"
        )
    for item in items:
        require_content(item.get_latest_revision_as_object())
    for item in items:
        # The publisher's own revision of the agreed content; approving a
        # workflow publishes the latest revision, which is now this one.
        item.get_latest_revision_as_object().save_revision(user=user, log_action=True)
        item.refresh_from_db()
        approve_or_publish(obj=item, user=user)
    return items


# Civil-society feedback (who may read and mark it: workflows.feedback).


@transaction.atomic
def receive_feedback(
    *,
    recommendation,
    text: str,
    name: str = "",
    organisation: str = "",
    email: str = "",
    consent_to_share: bool = False,
):
    """Store feedback from the public on a **published** recommendation.

    The public form (``cms.feedback``) validates lengths first; this refuses a
    recommendation that is not live, so nothing is ever stored about a draft.
    """
    from .models import Feedback

    if not recommendation.live:
        raise ValidationError(_("Feedback is taken on published recommendations only."))
    feedback = Feedback(
        recommendation=recommendation,
        text=text,
        name=name,
        organisation=organisation,
        email=email,
        consent_to_share=consent_to_share,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def mark_feedback(*, feedback, user, status: str):
    """Mark ``feedback`` shared with agencies or not relevant, as ``user``.

    Only administrators and the lead agency managers of the recommendation's
    body may; feedback whose author did not consent cannot be shared. Records
    who changed the status and when. Returns whether anything changed.
    """
    from . import feedback as feedback_rules
    from .models import Feedback

    if not feedback_rules.may_mark(user, feedback):
        raise PermissionDenied(f"{user} may not mark feedback {feedback.pk}")
    if status not in (Feedback.Status.SHARED, Feedback.Status.NOT_RELEVANT):
        raise ValidationError({"status": _("Choose shared or not relevant.")})
    if status == Feedback.Status.SHARED and not feedback.consent_to_share:
        raise ValidationError(
            {
                "status": _(
                    "The author did not agree to share this feedback with the "
                    "agencies; it stays with the lead agency."
                )
            }
        )
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.status == status:
        return False
    locked.status = status
    locked.status_changed_by = user
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_by", "status_changed_at"])
    feedback.status = locked.status
    feedback.status_changed_by = user
    feedback.status_changed_at = locked.status_changed_at
    return True


@transaction.atomic
def purge_expired_feedback(*, days: int, now: datetime.datetime | None = None) -> int:
    """Delete feedback received more than ``days`` days ago; return how many.

    Personal data (names, organisations, e-mails) is kept no longer than the
    feedback itself (``FEEDBACK_RETENTION_DAYS``).
    """
    from . import feedback as feedback_rules

    deleted, _by_model = feedback_rules.expired(now=now, days=days).delete()
    return deleted


# --- The response: asking the agencies, and their proposals -----------------
#
# The lead agency asks the subject-matter agencies to respond to a cycle's
# recommendations (``ask_agencies``); each agency proposes a new action, an
# existing action or no action with a reason. A proposal is a draft sent to
# the lead agency's approval like any other content. Where each
# recommendation stands is derived in ``workflows.response``.


def _require_respondent(user, recommendation):
    """Only someone who may change the recommendation answers it: a
    contributor of a responsible agency, a manager of its body, an
    administrator."""
    if not may(user, "change", recommendation):
        raise PermissionDenied(
            _("Only the agencies responsible for %(recommendation)s may respond.")
            % {"recommendation": recommendation.natural_key_label}
        )


def _require_editable(user, obj):
    """Refuse to add a revision to an item locked, or in review, for ``user``."""
    if obj.locked and obj.locked_by_id != user.pk:
        raise ValidationError(
            _("%(item)s is locked by someone else.") % {"item": obj._meta.verbose_name}
        )
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        task_state = obj.current_workflow_task_state
        if task_state is not None and task_state.task.specific.locked_for_user(
            obj, user
        ):
            raise ValidationError(
                _(
                    "%(item)s is awaiting the lead agency's approval; it can "
                    "change again once it has been reviewed."
                )
                % {"item": str(obj)}
            )


def _send_for_approval(*, obj, user):
    """Submit ``obj``, unless its review is already in progress (the new
    revision is then the one the reviewer sees)."""
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return state
    return submit_for_approval(obj=obj, user=user)


def _responding_agency(user, recommendation):
    """The agency on whose behalf ``user`` answers: one of theirs that is
    responsible for ``recommendation`` (a manager or administrator without
    one answers for the first responsible agency)."""
    # The row: what ``workflows.scoping`` (and so ``may``) reads.
    responsible = sorted(
        recommendation.responsible_agencies.all(), key=lambda a: a.code.lower()
    )
    own = [agency for agency in responsible if agency.pk in roles.agency_ids(user)]
    if own:
        return own[0]
    if responsible and (
        roles.is_administrator(user) or may(user, "publish", recommendation)
    ):
        return responsible[0]
    raise PermissionDenied(
        _("Your agency is not responsible for %(recommendation)s.")
        % {"recommendation": recommendation.natural_key_label}
    )


def _unique_action_reference(recommendation, agency) -> str:
    """``CYCLE-REFERENCE-AGENCY`` in capitals, punctuation as hyphens
    (``UPR-2029-1-2-MSD``), numbered when taken."""
    from content_models.models import Action

    words = f"{recommendation.cycle.code}-{recommendation.reference}-{agency.code}"
    base = re.sub(r"[^A-Za-z0-9]+", "-", words).strip("-").upper()[:56]
    reference, number = base, 1
    while Action.objects.filter(reference=reference).exists():
        number += 1
        reference = f"{base}-{number}"
    return reference


@transaction.atomic
def propose_new_action(
    *,
    recommendation,
    user,
    title: str,
    description: str = "",
    pre_existing: bool = False,
):
    """A new draft action answering ``recommendation``, sent for approval.

    Led by, and the responsibility of, the agency ``user`` answers for;
    its reference is generated from the recommendation and the agency.
    Raises ``PermissionDenied`` for someone who may not answer it (nothing
    created), ``ValidationError`` without a title. Returns the action.
    """
    from content_models.models import Action

    _require_respondent(user, recommendation)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the proposed action a title.")})
    agency = _responding_agency(user, recommendation)
    action = Action(
        reference=_unique_action_reference(recommendation, agency),
        title=title[:255],
        description=description.strip(),
        lead_agency=agency,
        pre_existing=pre_existing,
        live=False,
    )
    action.full_clean()
    action.save()
    action.recommendations.set([recommendation])
    action.responsible_agencies.set([agency])
    action.save()  # parental relations are written on save
    action.save_revision(user=user, log_action="wagtail.create")
    submit_for_approval(obj=action, user=user)
    return action


@transaction.atomic
def propose_existing_action(*, recommendation, action, user) -> bool:
    """Propose that ``action`` answers ``recommendation`` too: a draft
    revision of the action linking it, sent for approval.

    ``user`` must be able to change both (a contributor: an action of their
    agency, a recommendation their agency is responsible for). Returns
    whether anything was proposed (``False`` when the link exists already,
    published or proposed).
    """
    _require_respondent(user, recommendation)
    _require(user, "change", action)
    _require_editable(user, action)
    draft = action.get_latest_revision_as_object()
    current = {value.pk for value in draft.recommendations.all()}
    if recommendation.pk in current:
        return False
    draft.recommendations.set([*draft.recommendations.all(), recommendation])
    _save_draft(draft, user=user)
    action.refresh_from_db()
    _send_for_approval(obj=action, user=user)
    return True


@transaction.atomic
def propose_no_action(*, recommendation, user, reason: str):
    """Explain why no action is proposed: a draft revision of
    ``recommendation`` changing only its ``no_action_reason``, sent for
    approval. The reason is required. Returns the revision."""
    _require_respondent(user, recommendation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Explain why no action is proposed.")})
    _require_editable(user, recommendation)
    draft = recommendation.get_latest_revision_as_object()
    draft.no_action_reason = reason
    revision = _save_draft(draft, user=user)
    recommendation.refresh_from_db()
    _send_for_approval(obj=recommendation, user=user)
    return revision


def ask_agencies(*, cycle, user, now: datetime.datetime | None = None):
    """Ask each subject-matter agency of ``cycle`` to respond: one e-mail per
    agency listing the recommendations it is responsible for, with links.

    Who is responsible is read from the recommendations' rows (a draft's
    row is its draft).
    The e-mail goes to the agency's mailbox, or, without one, to each of its
    contributors. It goes through the reminder log
    (``workflows.reminders.delivery``): every (recommendation, recipient) is
    recorded once, so asking again sends nothing already sent — only
    recommendations added since — and a message that failed is tried again.
    Each request is recorded (``ResponseRequest``). Not one transaction on
    purpose, like ``send_due_reminders``: the log must be committed before
    an e-mail leaves, each message is sent in its own transaction. Raises
    ``PermissionDenied`` for anyone but the cycle's lead agency managers and
    administrators. Returns an ``AskResult``.
    """
    from .reminders.ask import ask
    from .response import may_manage_cycle

    if not may_manage_cycle(user, cycle):
        raise PermissionDenied(
            _("Only the lead agency of %(cycle)s may ask the agencies.")
            % {"cycle": cycle.code}
        )
    return ask(cycle=cycle, user=user, now=now or timezone.now())


# --- Alignment: proposals from the suggestions -----------------------------
#
# A suggestion (``content_models.alignment``) is only a suggestion: accepting
# one writes a draft revision of the item it changes, by the person who
# accepted it, and sends it to the lead agency's approval like any other edit.


def _propose(*, obj, user, apply) -> bool:
    """Apply ``apply(draft) -> changed`` to ``obj``'s latest draft, save it as
    a revision by ``user`` and send it for approval (unless it already
    awaits approval, where the new revision is what the approvers see)."""
    _require(user, "change", obj)
    draft = obj.get_latest_revision_as_object()
    if not apply(draft):
        return False
    draft.save_revision(user=user, log_action=True)
    obj.refresh_from_db()
    state = obj.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        submit_for_approval(obj=obj, user=user)
    return True


@transaction.atomic
def propose_action_link(*, action, recommendation, user) -> bool:
    """Propose that ``action`` answers ``recommendation`` too, as ``user``:
    a draft revision of the action adding it, sent for approval.

    ``user`` must be able to change the action (its agency's, or the lead
    agency's). Returns whether anything changed (False when the action's
    draft already answers the recommendation).
    """

    def apply(draft) -> bool:
        if recommendation.pk in {r.pk for r in draft.recommendations.all()}:
            return False
        draft.recommendations.add(recommendation)
        return True

    return _propose(obj=action, user=user, apply=apply)


@transaction.atomic
def propose_related_recommendation(*, recommendation, related, user) -> bool:
    """Record, as ``user``, that ``related`` asks for what ``recommendation``
    asks: a draft revision of ``recommendation`` adding it to its related
    recommendations, sent for approval. Once both are published the relation
    shows on both.

    Refuses a recommendation of the same cycle (that is one response, not a
    relation) and returns False when the two are already related either way.
    """
    if related.cycle_id == recommendation.cycle_id:
        raise ValidationError(
            _("A related recommendation must be of another body or cycle.")
        )
    if recommendation.related_from.filter(pk=related.pk).exists():
        return False  # recorded on the other one

    def apply(draft) -> bool:
        if related.pk in {r.pk for r in draft.related_recommendations.all()}:
            return False
        draft.related_recommendations.add(related)
        return True

    return _propose(obj=recommendation, user=user, apply=apply)
