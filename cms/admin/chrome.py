"""The admin's furniture, fitted to the Monitor instead of a stock Wagtail site.

The Monitor has no pages and no images: Wagtail's "Pages" and "Images" menu
entries, its counts of pages, images and documents on the dashboard and its
"Search all pages…" do not apply. The sidebar's and the dashboard's search
look in the Monitor's content instead (recommendations first). The "Help"
menu (Wagtail's editor guide and release notes, with its "new" badge) points
off the site. Reports on pages (locked, aging, page types), the "Sites"
setting and the settings menu's "Wagtail v8.0.1" footer go too. Branding
(logo, titles, favicon, the sign-in page, e-mail header) is in the template
overrides under ``templates/wagtailadmin/``.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.search import SearchArea
from wagtail.permissions import policy_registry

from content_models.models import Action, Indicator, ProgressReport, Recommendation

#: Wagtail's menu entries for what the Monitor does not use or that lead off
#: the site (``help``: the editor guide and "what's new" on wagtail.org).
HIDDEN_MENU_ITEMS = {"explorer", "images", "help"}
#: Wagtail's search areas for what the Monitor does not use.
HIDDEN_SEARCH_AREAS = {"pages", "images"}
#: Reports and settings about pages and the sites that serve them.
HIDDEN_REPORTS = {"locked-pages", "aging-pages", "page-types-usage"}
HIDDEN_SETTINGS = {"sites"}


class ContentSearchArea(SearchArea):
    """Search one kind of the Monitor's content: its admin listing with ``?q=``.

    Shown to whoever may see that listing; ordered before Wagtail's own areas,
    so the sidebar's search box (which uses the first area shown) searches
    recommendations.
    """

    def __init__(self, model, *, label, icon_name, order):
        self.model = model
        url_name = (
            f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"
        )
        super().__init__(
            label,
            reverse(url_name),
            name=model._meta.model_name,
            icon_name=icon_name,
            order=order,
        )

    def is_shown(self, request):
        return policy_registry.get_by_type(self.model).user_has_any_permission(
            request.user, {"view", "change"}
        )


@hooks.register("register_admin_search_area")
def search_recommendations():
    return ContentSearchArea(
        Recommendation, label=_("Recommendations"), icon_name="doc-full", order=10
    )


@hooks.register("register_admin_search_area")
def search_actions():
    return ContentSearchArea(Action, label=_("Actions"), icon_name="tasks", order=20)


@hooks.register("register_admin_search_area")
def search_indicators():
    return ContentSearchArea(
        Indicator, label=_("Indicators"), icon_name="list-ol", order=30
    )


@hooks.register("register_admin_search_area")
def search_progress_reports():
    return ContentSearchArea(
        ProgressReport, label=_("Progress reports"), icon_name="doc-empty", order=40
    )


@hooks.register("construct_search")
def hide_unused_search_areas(request, search_areas):
    """On a search results page, the "search elsewhere" links."""
    search_areas[:] = [
        area for area in search_areas if area.name not in HIDDEN_SEARCH_AREAS
    ]


@hooks.register("construct_main_menu")
def hide_unused_menu_items(request, menu_items):
    menu_items[:] = [
        without_version(item) if item.name == "settings" else item
        for item in menu_items
        if item.name not in HIDDEN_MENU_ITEMS
    ]


def without_version(item):
    """The settings submenu without Wagtail's "Wagtail v8.0.1" footer."""
    return SubmenuMenuItem(
        item.label,
        item.menu,
        name=item.name,
        classname=item.classname,
        icon_name=item.icon_name,
        attrs=item.attrs,
        order=item.order,
    )


@hooks.register("construct_reports_menu")
def hide_page_reports(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_REPORTS]


@hooks.register("construct_settings_menu")
def hide_page_settings(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_SETTINGS]


# After Wagtail's own apps have added their counts (pages, images, documents).
@hooks.register("construct_homepage_summary_items", order=100)
def no_stock_counts(request, summary_items):
    """The dashboard's panels say what matters; Wagtail's counts of pages,
    images and documents (all agencies' documents at that) do not."""
    summary_items.clear()


@hooks.register("insert_global_admin_css")
def branding_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("monitor_admin/css/chrome.css")
    )
