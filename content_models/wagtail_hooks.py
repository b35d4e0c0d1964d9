"""Registers the Monitor's admin: one "Human Rights Monitor" menu of snippets;
keeps each agency's document collection from being deleted."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin import autocomplete
from .admin.content import CONTENT_VIEWSETS
from .admin.permissions import ReadOnlyPermissionPolicy
from .admin.taxonomies import TAXONOMY_VIEWSETS
from .models import DueDate


class HumanRightsMonitorViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Human Rights Monitor")
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
