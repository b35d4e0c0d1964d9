"""Admin URLs that must take precedence over Wagtail's own.

Include before Wagtail's admin URLs::

    path("admin/", include("cms.admin.urls")),
    path("admin/", include(wagtailadmin_urls)),
"""

from django.urls import path

from . import site_history

urlpatterns = [
    path(
        "reports/site-history/",
        site_history.site_history,
        name="scoped_site_history",
    ),
    path(
        "reports/site-history/results/",
        site_history.site_history_results,
        name="scoped_site_history_results",
    ),
]
