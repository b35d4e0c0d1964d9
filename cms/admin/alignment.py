"""Alignment suggestions in the admin, and the one-click proposals they offer.

Beside a recommendation (its edit view's *Links* tab; the response board too)
the editor sees what may already answer it: recommendations of other bodies
and cycles, actions and indicators, each with a score and its reasons
(``content_models.alignment``), over what the editor may see — drafts of
their scope included. From there one click:

- *Propose linking* an action: a draft revision of the action answering the
  recommendation too, sent for approval (``workflows.actions.
  propose_existing_action``), offered on the actions the editor may change;
- *Record as related* a recommendation: a draft revision of the edited
  recommendation naming it as related, sent for approval
  (``propose_related_recommendation``), offered when the editor may change
  the edited one.

Reuse: ``{% include "monitor_admin/alignment/suggestions.html" with
recommendation=… %}`` (what the response board does), or the tag it holds,
``{% load monitor_alignment %}{% alignment_suggestions recommendation %}``,
renders the whole panel (``monitor_admin/alignment/list.html``) for the
request's user, in a form of its own returning to the page that shows it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.panels import Panel

from content_models.alignment import align_recommendation
from content_models.models import Action, Indicator, Recommendation
from workflows import actions

from . import views

# Suggestions of each kind shown beside a recommendation.
PANEL_LIMIT = 5


def suggestions(recommendation, user, *, limit: int = PANEL_LIMIT) -> dict:
    """The panel's context: suggestions of each kind for ``recommendation``
    (as the editor sees it, e.g. their draft) over what ``user`` may see,
    each with whether ``user`` may act on it."""
    alignment = align_recommendation(
        recommendation,
        recommendations=views.viewable(user, Recommendation).exclude(
            pk=recommendation.pk
        ),
        actions=views.viewable(user, Action),
        indicators=views.viewable(user, Indicator).select_related("action"),
        limit=limit,
    )
    may_relate = bool(recommendation.pk) and actions.may(user, "change", recommendation)
    return {
        "recommendation": recommendation,
        "recommendations": [
            {"aligned": aligned, "may_relate": may_relate}
            for aligned in alignment.recommendations
        ],
        "actions": [
            {
                "aligned": aligned,
                "may_link": bool(recommendation.pk)
                and actions.may(user, "change", aligned.item),
            }
            for aligned in alignment.actions
        ],
        "indicators": [{"aligned": aligned} for aligned in alignment.indicators],
    }


class AlignmentPanel(Panel):
    """The suggestions on the recommendation's edit view (Links tab).

    The panel is inside the edit form, so its buttons post to their own URL
    with ``formaction`` (a form cannot hold another).
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitor_admin/alignment/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance.pk and self.request is not None:
                context.update(suggestions(self.instance, self.request.user))
                context["next"] = self.request.get_full_path()
                context["inside_form"] = True
            return context


def _back(request, recommendation):
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    viewset = Recommendation.snippet_viewset
    return redirect(reverse(viewset.get_url_name("edit"), args=[recommendation.pk]))


def _readable(user, model, pk):
    return get_object_or_404(views.viewable(user, model), pk=pk)


@require_POST
def link_action(request, pk, action_pk):
    """Propose that the action answers the recommendation too."""
    recommendation = _readable(request.user, Recommendation, pk)
    action = _readable(request.user, Action, action_pk)
    try:
        changed = actions.propose_existing_action(
            action=action,
            recommendation=recommendation,
            user=request.user,
            as_respondent=False,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, recommendation)
    except PermissionDenied:
        messages.error(
            request,
            _("You may not change %(action)s: ask its agency to link it.")
            % {"action": action.reference},
        )
        return _back(request, recommendation)
    if changed:
        messages.success(
            request,
            _(
                "Proposed: %(action)s answers %(recommendation)s. A draft of the "
                "action is awaiting approval."
            )
            % {
                "action": action.reference,
                "recommendation": recommendation.natural_key_label,
            },
        )
    else:
        messages.info(
            request,
            _("%(action)s already answers %(recommendation)s in its latest draft.")
            % {
                "action": action.reference,
                "recommendation": recommendation.natural_key_label,
            },
        )
    return _back(request, recommendation)


@require_POST
def relate(request, pk, other_pk):
    """Record another body's or cycle's recommendation as related."""
    recommendation = _readable(request.user, Recommendation, pk)
    other = _readable(request.user, Recommendation, other_pk)
    labels = {
        "recommendation": recommendation.natural_key_label,
        "other": other.natural_key_label,
    }
    try:
        changed = actions.propose_related_recommendation(
            recommendation=recommendation, related=other, user=request.user
        )
    except PermissionDenied:
        messages.error(request, _("You may not change %(recommendation)s.") % labels)
        return _back(request, recommendation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, recommendation)
    if changed:
        messages.success(
            request,
            _(
                "Recorded as related: %(recommendation)s and %(other)s. The draft "
                "is awaiting approval; once both are published the relation "
                "shows on both."
            )
            % labels,
        )
    else:
        messages.info(
            request, _("%(recommendation)s and %(other)s are already related.") % labels
        )
    return _back(request, recommendation)


urlpatterns = [
    path(
        "alignment/recommendations/<int:pk>/link-action/<int:action_pk>/",
        link_action,
        name="alignment_link_action",
    ),
    path(
        "alignment/recommendations/<int:pk>/relate/<int:other_pk>/",
        relate,
        name="alignment_relate",
    ),
]
