"""The Monitor's admin hooks: one "Human Rights Monitor" menu of snippets, the
dashboard panels, the "write the report" link of reminders, and documents per
agency (collections kept, downloads checked, the admin API scoped)."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from content_models.models import DueDate
from workflows import documents

from . import (
    alignment,
    autocomplete,
    bulk_actions,
    cabinet,
    dashboard,
    document_chooser,
    moderation,
    response_board,
    users,
    write_report,
)
from . import chrome as chrome_hooks  # noqa: F401 - registers its hooks
from .content import CONTENT_VIEWSETS
from .permissions import ReadOnlyPermissionPolicy
from .taxonomies import TAXONOMY_VIEWSETS


class HumanRightsMonitorViewSetGroup(SnippetViewSetGroup):
    # "Human Rights Monitor" is cut to "Human Rights …" in the sidebar.
    menu_label = _("Monitor")
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (*CONTENT_VIEWSETS, *TAXONOMY_VIEWSETS)


# Must precede the viewsets' registration, which otherwise creates (and then
# refuses to replace) a default model-permission policy.
register_permission_policy(DueDate, ReadOnlyPermissionPolicy(DueDate))
register_snippet(HumanRightsMonitorViewSetGroup)


@hooks.register("register_admin_urls")
def register_autocomplete_urls():
    return autocomplete.urlpatterns


@hooks.register("describe_collection_contents")
def describe_agency_collection(collection):
    """An agency's document collection is never empty to Wagtail, so it cannot
    be deleted from under the agency (which points at it)."""
    agency = getattr(collection, "agency", None)
    if agency is None:
        return None
    return {
        "count": 1,
        "count_text": gettext("the documents of %(agency)s") % {"agency": agency},
        "url": reverse("wagtailsnippets_content_models_agency:edit", args=(agency.pk,)),
    }


@hooks.register("construct_homepage_panels")
def add_reporting_panels(request, panels):
    # The Monitor's review queues replace Wagtail's workflow panels.
    panels[:] = [
        panel for panel in panels if panel.name not in dashboard.REPLACED_PANELS
    ]
    panels.extend(dashboard.panels_for(request))


hooks.register("construct_snippet_action_menu", moderation.adjust_action_menu)
for bulk_action in bulk_actions.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
# After wagtail.users' own "delete" and "assign_role", which they replace.
for bulk_action in users.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=10)


@hooks.register("register_admin_urls")
def register_write_report_url():
    return write_report.urlpatterns


@hooks.register("register_admin_urls")
def register_alignment_urls():
    return alignment.urlpatterns


@hooks.register("register_admin_urls")
def register_response_board_urls():
    return response_board.urlpatterns


@hooks.register("register_admin_urls")
def register_cabinet_urls():
    return cabinet.urlpatterns


@hooks.register(response_board.BOARD_BUTTONS_HOOK)
def cabinet_board_buttons(request, cycle, buttons):
    """The response board links to the cycle's Cabinet page and its annex
    (both for the same people: the cycle's lead agency, administrators)."""
    buttons.append(
        {"url": reverse(cabinet.URL_NAME, args=[cycle.pk]), "label": gettext("Cabinet")}
    )
    buttons.extend(
        {"url": url, "label": gettext("Annex: %(format)s") % {"format": label}}
        for label, url in cabinet.annex_urls(cycle)
    )


@hooks.register("register_snippet_listing_buttons")
def cabinet_listing_buttons(instance, user, next_url=None):
    """A cycle's Cabinet page and its annex, for those who answer for it."""
    return cabinet.listing_buttons(instance, user)


# Before Wagtail's own check of collection view restrictions; Http404, like an
# unknown id, so a refusal does not tell that the document exists.
@hooks.register("before_serve_document", order=-10)
def serve_only_what_the_requester_may_see(document, request):
    if not documents.may_download(request.user, document):
        raise Http404


@hooks.register("register_admin_viewset")
def register_report_document_chooser():
    return document_chooser.viewset


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: only those the user may change or choose."""

    def get_queryset(self):
        visible = documents.document_policy(
            self.model
        ).instances_user_has_any_permission_for(self.request.user, ["change", "choose"])
        return super().get_queryset().filter(pk__in=visible.values("pk"))


# After wagtail.documents registers its unscoped endpoint under the same name.
@hooks.register("construct_admin_api", order=10)
def scope_documents_admin_api(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("register_admin_viewset")
def register_reminders_screen():
    from .reminders import RemindersViewSet

    return RemindersViewSet()


@hooks.register("register_admin_viewset")
def register_feedback_screens():
    from .feedback import FeedbackViewSet

    return FeedbackViewSet()
