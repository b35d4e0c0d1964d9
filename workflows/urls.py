"""Admin URLs that must take precedence over Wagtail's own.

Include before Wagtail's admin URLs::

    path("admin/", include("workflows.urls")),
    path("admin/", include(wagtailadmin_urls)),
"""

from django.urls import path

from . import reports

urlpatterns = [
    path("reports/site-history/", reports.site_history, name="scoped_site_history"),
    path(
        "reports/site-history/results/",
        reports.site_history_results,
        name="scoped_site_history_results",
    ),
]
