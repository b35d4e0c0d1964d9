"""Admin views that check the *instance*, not only the model.

Wagtail's snippet views load objects by primary key and many check only a
model permission. Each view here runs the object it loaded past the agency
permission policy; the listing, the chooser and the autocomplete see only the
rows the user may see. ``ScopedSnippetViewSet`` wires them all in.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from .moderation import ModerationFormViewMixin, WorkflowActionView


def viewable(user, model):
    """Rows of ``model`` the user may see anywhere in the admin."""
    return policy_registry.get_by_type(model).viewable(user)


def choosable(user, model):
    """Rows of ``model`` the user may attach their own content to."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["change"]
    )


def check_instance(user, action, instance):
    if not policy_registry.get(instance).user_has_permission_for_instance(
        user, action, instance
    ):
        raise PermissionDenied


class ScopedObjectMixin:
    """Refuse an object outside the user's scope for ``object_permission``."""

    object_permission = "view"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        check_instance(self.request.user, self.object_permission, instance)
        return instance


class ConflictCheckingEditView(snippet_views.EditView):
    """Refuse a save based on a revision someone else has since replaced.

    Wagtail checks this only for autosave; a plain form post would silently
    overwrite the other editor's newer draft.
    """

    def is_valid(self, form):
        if not self.expects_json_response and self.is_out_of_date:
            latest = self.latest_revision
            self.produced_error_message = _(
                "%(who)s saved this %(model)s at %(when)s, after you opened it. "
                "Your changes were not saved: reload the page to see theirs."
            ) % {
                "who": latest.user.get_username() if latest.user else _("Someone"),
                "model": self.model._meta.verbose_name,
                "when": date_format(localtime(latest.created_at), "DATETIME_FORMAT"),
            }
            return False
        return super().is_valid(form)


def _scoped(view_class, permission):
    return type(
        f"Scoped{view_class.__name__}",
        (ScopedObjectMixin, view_class),
        {"object_permission": permission},
    )


class ScopedChooseViewMixin:
    def get_object_list(self):
        return choosable(self.request.user, self.model_class)


class AdminSearchFilterForm(BaseFilterForm):
    """The chooser's search box, answered by the viewset's ``admin_search``
    (``cms.admin.search``) instead of Wagtail's search backend."""

    # Named ``q`` with Wagtail's label: the chooser modal's script searches as
    # the person types into ``#id_q``.
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
        required=False,
    )
    admin_search = None

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = self.admin_search.filter(objects, text, ranked=True)
            self.is_searching = True
            self.search_query = text
        return objects


class SearchChooseViewMixin:
    """A chooser listing with a search box when the model's viewset has an
    ``admin_search`` (every Monitor snippet does), without filters otherwise."""

    def get_filter_form_class(self):
        admin_search = getattr(self.model_class.snippet_viewset, "admin_search", None)
        if admin_search is None:
            return BaseFilterForm
        return type(
            "ChooserSearchForm",
            (AdminSearchFilterForm,),
            {"admin_search": admin_search},
        )


class ScopedChosenViewMixin:
    def get_object(self, pk):
        instance = super().get_object(pk)
        check_instance(self.request.user, "change", instance)
        return instance


class ScopedChosenMultipleViewMixin:
    def get_objects(self, pks):
        return super().get_objects(pks) & choosable(self.request.user, self.model_class)


class NoChooserCreateView(chooser.SnippetCreateView):
    """The chooser's "create" endpoint, refused with a message instead of a 500.

    Wagtail registers ``<chooser>/create/`` for every snippet chooser, but
    without a creation form (the Monitor configures none) a POST to it fails
    with ``AttributeError`` on the missing form. Moderated content must not be
    created there anyway: ``form.save()`` would write a live object with no
    revision, no workflow and no agency check. So it answers 403 with one line
    saying where to add the item, for every role and every method.
    """

    def dispatch(self, request, *args, **kwargs):
        names = self.model_class._meta.verbose_name_plural
        return HttpResponseForbidden(
            _(
                "%(names)s cannot be created from a chooser: add one from its own "
                "listing in the admin, then choose it."
            )
            % {"names": names[:1].upper() + names[1:]},
            content_type="text/plain; charset=utf-8",
        )


class NoCreateSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    """A snippet chooser without the "create" tab, whose endpoint says so,
    searched by the viewset's ``admin_search``."""

    create_view_class = NoChooserCreateView
    choose_view_class = type(
        "SearchChooseView", (SearchChooseViewMixin, chooser.ChooseView), {}
    )
    choose_results_view_class = type(
        "SearchChooseResultsView",
        (SearchChooseViewMixin, chooser.ChooseResultsView),
        {},
    )


class ScopedSnippetChooserViewSet(NoCreateSnippetChooserViewSet):
    choose_view_class = type(
        "ScopedChooseView",
        (ScopedChooseViewMixin, SearchChooseViewMixin, chooser.ChooseView),
        {},
    )
    choose_results_view_class = type(
        "ScopedChooseResultsView",
        (ScopedChooseViewMixin, SearchChooseViewMixin, chooser.ChooseResultsView),
        {},
    )
    chosen_view_class = type(
        "ScopedChosenView", (ScopedChosenViewMixin, chooser.SnippetChosenView), {}
    )
    chosen_multiple_view_class = type(
        "ScopedChosenMultipleView",
        (ScopedChosenMultipleViewMixin, chooser.SnippetChosenMultipleView),
        {},
    )


class ScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """A snippet viewset whose every view respects agency scoping."""

    inspect_view_enabled = True  # the read-only view of other agencies' items
    chooser_viewset_class = ScopedSnippetChooserViewSet

    add_view_class = type(
        "ModeratedCreateView", (ModerationFormViewMixin, snippet_views.CreateView), {}
    )
    edit_view_class = _scoped(
        type(
            "ModeratedEditView",
            (ModerationFormViewMixin, ConflictCheckingEditView),
            {},
        ),
        "change",
    )
    delete_view_class = _scoped(snippet_views.DeleteView, "delete")
    copy_view_class = _scoped(snippet_views.CopyView, "change")
    usage_view_class = _scoped(snippet_views.UsageView, "view")
    history_view_class = _scoped(snippet_views.HistoryView, "view")
    inspect_view_class = _scoped(snippet_views.InspectView, "view")
    revisions_view_class = _scoped(snippet_views.PreviewRevisionView, "view")
    revisions_compare_view_class = _scoped(snippet_views.RevisionsCompareView, "view")
    revisions_unschedule_view_class = _scoped(
        snippet_views.RevisionsUnscheduleView, "publish"
    )
    unpublish_view_class = _scoped(snippet_views.UnpublishView, "publish")
    preview_on_edit_view_class = _scoped(snippet_views.PreviewOnEditView, "change")
    lock_view_class = _scoped(snippet_views.LockView, "lock")
    unlock_view_class = _scoped(snippet_views.UnlockView, "unlock")
    workflow_action_view_class = _scoped(WorkflowActionView, "view")
    collect_workflow_action_data_view_class = _scoped(
        snippet_views.CollectWorkflowActionDataView, "view"
    )
    confirm_workflow_cancellation_view_class = _scoped(
        snippet_views.ConfirmWorkflowCancellationView, "change"
    )
    workflow_preview_view_class = _scoped(snippet_views.WorkflowPreviewView, "view")
    workflow_history_view_class = _scoped(snippet_views.WorkflowHistoryView, "view")
    workflow_history_detail_view_class = _scoped(
        snippet_views.WorkflowHistoryDetailView, "view"
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        return queryset.filter(pk__in=viewable(request.user, self.model).values("pk"))
