"""Where each recommendation of a reporting cycle stands in the response.

The response board (``cms.admin.response_board``) and the agencies' dashboard
read this module; the state changes are in ``workflows.actions``. Nothing
here is stored: a recommendation's state is derived from its content and the
content that answers it, so it cannot drift from what the admin shows.

- **agreed**: a published action answers it (a published link), or its
  published version explains why no action is proposed;
- **approved, awaiting Cabinet**: the lead agency approved its response (an
  action answering it, or its explanation of why no action is proposed) and
  it waits for Cabinet's decision to be published
  (``workflows.actions.approval``);
- **proposed**: an action proposes to answer it and is not published yet (a
  new draft action, or a draft revision of an existing action linking it);
- **no action proposed**: a draft of the recommendation explains why no
  action is proposed;
- **awaiting the agency**: none of these.

A draft is read from its latest revision; the row of a published object is
its published content (``content_models.models.base``).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from content_models.models import Action, Agency, Recommendation, ReportingCycle

from . import roles, scoping
from .actions.approval import awaits_cabinet
from .models import ResponseRequest


class State(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the agency")
    PROPOSED = "proposed", _("Proposed")
    NO_ACTION = "no_action", _("No action proposed")
    APPROVED = "approved", _("Approved, awaiting Cabinet")
    AGREED = "agreed", _("Agreed")


@dataclass
class ProposedAction:
    """An action that answers, or proposes to answer, a recommendation."""

    action: Action
    #: The link is published (the action is live and its row links it).
    published: bool
    pre_existing: bool
    #: Not published, approved by the lead agency: "Approved, awaiting Cabinet".
    approved: bool = False


@dataclass
class BoardRow:
    """One recommendation on the board, with what answers it."""

    recommendation: Recommendation
    state: str
    actions: list[ProposedAction] = field(default_factory=list)
    #: The latest explanation of why no action is proposed (draft or published).
    no_action_reason: str = ""
    agencies: list = field(default_factory=list)
    #: Agency code → when it was asked.
    asked: dict = field(default_factory=dict)

    @property
    def state_label(self) -> str:
        return State(self.state).label


def _latest_content(objects) -> dict[int, dict]:
    """pk → the latest revision's content, for objects whose draft differs
    from their row (drafts never published, and unpublished changes)."""
    ids = [
        obj.latest_revision_id
        for obj in objects
        if obj.latest_revision_id and (not obj.live or obj.has_unpublished_changes)
    ]
    if not ids:
        return {}
    return {
        int(object_id): content
        for object_id, content in Revision.objects.filter(pk__in=ids).values_list(
            "object_id", "content"
        )
    }


def _pending_links(recommendation_ids) -> dict[int, set[int]]:
    """recommendation pk → actions whose *draft* links it and whose published
    row does not (proposed links still to be approved)."""
    recommendation_ids = set(recommendation_ids)
    candidates = list(
        Action.objects.filter(Q(live=False) | Q(has_unpublished_changes=True)).only(
            "pk", "live", "has_unpublished_changes", "latest_revision"
        )
    )
    drafts = _latest_content(candidates)
    links = defaultdict(set)
    for action_id, content in drafts.items():
        for pk in content.get("recommendations") or ():
            if pk in recommendation_ids:
                links[pk].add(action_id)
    return links


def board_rows(
    cycle: ReportingCycle, *, agency=None, issue=None, state: str | None = None
) -> list[BoardRow]:
    """Every recommendation of ``cycle`` with its answers and state, in
    reference order (122.9 before 122.10).

    ``agency`` and ``issue`` narrow to the recommendations with that
    responsible agency or human-rights issue (their latest version); ``state``
    to one ``State``. A few queries whatever the size of the cycle.
    """
    recommendations = list(
        Recommendation.objects.filter(cycle=cycle)
        .select_related("cycle")
        .prefetch_related("responsible_agencies", "issues")
        .order_by("pk")
    )
    drafts = _latest_content(recommendations)
    ids = [r.pk for r in recommendations]
    answers = _Answers(ids)
    asked = defaultdict(dict)
    for recommendation_id, code, when in ResponseRequest.objects.filter(
        recommendation_id__in=ids
    ).values_list("recommendation_id", "agency__code", "requested_at"):
        asked[recommendation_id][code] = when
    agencies_by_pk = _agencies(recommendations, drafts)

    rows = []
    for recommendation in recommendations:
        latest = _Latest(recommendation, drafts.get(recommendation.pk))
        if agency is not None and agency.pk not in latest.agency_ids:
            continue
        if issue is not None and issue.pk not in latest.issue_ids:
            continue
        proposed = answers.of(recommendation.pk)
        row_state = derive_state(
            published_link=any(item.published for item in proposed),
            approved_link=any(item.approved for item in proposed),
            proposed_link=any(not item.published for item in proposed),
            published_reason=recommendation.live
            and recommendation.no_action_reason.strip() != "",
            approved_reason=latest.reason != "" and awaits_cabinet(recommendation),
            draft_reason=latest.reason != "",
        )
        if state and row_state != state:
            continue
        rows.append(
            BoardRow(
                recommendation=recommendation,
                state=row_state,
                actions=proposed,
                no_action_reason=latest.reason,
                agencies=sorted(
                    (
                        agencies_by_pk[pk]
                        for pk in latest.agency_ids
                        if pk in agencies_by_pk
                    ),
                    key=lambda a: a.name.lower(),
                ),
                asked=asked[recommendation.pk],
            )
        )
    rows.sort(key=lambda row: _natural(row.recommendation.reference))
    return rows


class _Latest:
    """The board's fields of a recommendation's latest version: its draft's
    revision content, or its row."""

    def __init__(self, recommendation, draft: dict | None):
        if draft is not None:
            self.agency_ids = set(draft.get("responsible_agencies") or ())
            self.issue_ids = set(draft.get("issues") or ())
            self.reason = (draft.get("no_action_reason") or "").strip()
        else:
            self.agency_ids = {a.pk for a in recommendation.responsible_agencies.all()}
            self.issue_ids = {i.pk for i in recommendation.issues.all()}
            self.reason = recommendation.no_action_reason.strip()


class _Answers:
    """The actions answering each recommendation: links in the rows
    (published, or of drafts never published) and in pending drafts."""

    def __init__(self, recommendation_ids):
        self.pending = _pending_links(recommendation_ids)
        self.linked = defaultdict(set)
        through = Action.recommendations.through.objects
        for action_id, recommendation_id in through.filter(
            recommendation_id__in=recommendation_ids
        ).values_list("action_id", "recommendation_id"):
            self.linked[recommendation_id].add(action_id)
        self._approved = {}
        self.actions = Action.objects.in_bulk(
            set().union(*self.linked.values(), *self.pending.values())
        )

    def awaits_cabinet(self, action) -> bool:
        """``approval.awaits_cabinet``, once per action (an action may answer
        many recommendations)."""
        if action.pk not in self._approved:
            self._approved[action.pk] = awaits_cabinet(action)
        return self._approved[action.pk]

    def of(self, recommendation_id) -> list[ProposedAction]:
        linked = self.linked[recommendation_id]
        result = []
        for action_id in sorted(linked | self.pending[recommendation_id]):
            action = self.actions[action_id]
            published = action.live and action_id in linked
            approved = not published and self.awaits_cabinet(action)
            result.append(
                ProposedAction(action, published, action.pre_existing, approved)
            )
        return result


def _agencies(recommendations, drafts) -> dict:
    """pk → agency, for every agency the rows or the drafts name."""
    wanted = {
        agency.pk: agency
        for recommendation in recommendations
        for agency in recommendation.responsible_agencies.all()
    }
    in_drafts = {
        pk
        for content in drafts.values()
        for pk in content.get("responsible_agencies") or ()
    }
    missing = in_drafts - set(wanted)
    if missing:
        wanted.update(Agency.objects.in_bulk(missing))
    return wanted


def derive_state(
    *,
    published_link: bool,
    proposed_link: bool,
    published_reason: bool,
    draft_reason: bool,
    approved_link: bool = False,
    approved_reason: bool = False,
) -> str:
    """The state from what answers a recommendation (see the module's doc).

    Anything published is agreed; then a response the lead agency approved
    for Cabinet; a pending proposal wins over an explanation still in draft.
    The one derivation for the board, the dashboard and the annex.
    """
    if published_link or published_reason:
        return State.AGREED
    if approved_link or approved_reason:
        return State.APPROVED
    if proposed_link:
        return State.PROPOSED
    if draft_reason:
        return State.NO_ACTION
    return State.AWAITING


class Response(models.TextChoices):
    """What the Cabinet annex says of a recommendation's response."""

    ACTION = "action", _("Action proposed")
    NO_ACTION = "no_action", _("No action proposed")
    AWAITING = "awaiting", _("Awaiting a response")


def response_of(row: BoardRow) -> str:
    """The annex's "Proposed response" of a board ``row``, read from its
    state (``derive_state``), so the annex and the board cannot disagree: an
    agreed or approved response is an action when an action made it so (a
    published, or an approved, link), otherwise the explanation."""
    if row.state == State.AGREED:
        answered = any(item.published for item in row.actions)
    elif row.state == State.APPROVED:
        answered = any(item.approved for item in row.actions)
    else:
        answered = row.state == State.PROPOSED
    if answered:
        return Response.ACTION
    if row.state == State.AWAITING:
        return Response.AWAITING
    return Response.NO_ACTION


def item_state(item) -> str:
    """How far ``item`` (a recommendation, action…) is from the public, as the
    annex and the board say it: published, approved for Cabinet, or a draft."""
    if item.live and not item.has_unpublished_changes:
        return gettext("Published")
    state = item.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return gettext("Draft — awaiting approval")
    if state is not None:
        return gettext("Draft — sent back for changes")
    if awaits_cabinet(item):
        return gettext("Approved, awaiting Cabinet")
    if item.live:
        return gettext("Published, with a draft change")
    return gettext("Draft")


def _natural(reference: str):
    """122.9 before 122.10: digits compare as numbers."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", reference)
        if part
    ]


def counts(rows: list[BoardRow]) -> dict[str, int]:
    """How many rows are in each state, every state present."""
    result = dict.fromkeys(State.values, 0)
    for row in rows:
        result[row.state] += 1
    return result


def awaiting_response(user):
    """Recommendations ``user``'s agencies were asked about and may answer.

    Those with a request for one of their agencies that they may change (a
    contributor: their agency is responsible; ``scoping``). The caller
    derives their state.
    """
    agencies = roles.agency_ids(user)
    changeable = scoping.scope(user, Recommendation, "change")
    if not agencies or not user.has_perm("content_models.change_recommendation"):
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(
            changeable if changeable is not None else Q(),
            response_requests__agency__in=agencies,
        )
        .select_related("cycle", "cycle__body")
        .distinct()
        .order_by("cycle__code", "reference")
    )


def rows_for(recommendations) -> list[BoardRow]:
    """Board rows of any recommendations (grouped by cycle internally)."""
    by_cycle = defaultdict(set)
    for recommendation in recommendations:
        by_cycle[recommendation.cycle_id].add(recommendation.pk)
    rows = []
    for cycle in ReportingCycle.objects.filter(pk__in=by_cycle).order_by("code"):
        rows.extend(
            row
            for row in board_rows(cycle)
            if row.recommendation.pk in by_cycle[cycle.pk]
        )
    return rows
