"""URLs of the example host site."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import export, feedback, feeds, views
from .accounts import urls as accounts_urls

urlpatterns = [
    # The explorer: the public face of the Monitor, built on the GraphQL API.
    # Only "/" itself; Wagtail's page serving below still answers other paths.
    path("", views.explorer, name="explorer"),
    # The sign-in page (organisation sign-in, password through two-factor).
    path("admin/", include(accounts_urls.admin_urlpatterns)),
    # django-allauth: the OIDC redirect URI (/accounts/oidc/organisation/
    # login/callback/), two-factor pages (/accounts/2fa/).
    path("accounts/", include(accounts_urls.account_urlpatterns)),
    # Agency-scoped replacements of some Wagtail admin views; must come first.
    path("admin/", include("cms.admin.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Public GraphQL API (GraphiQL in a browser): /graphql/
    path("", include("schema.urls")),
    # Public CSV/XLSX export of what the explorer lists: /export/<kind>.csv
    re_path(
        r"^export/(?P<kind>recommendations|actions|indicators)\.(?P<extension>csv|xlsx)$",
        export.export,
        name="public_export",
    ),
    # Atom feed of newly published progress reports, filtered like the API's list.
    path("feeds/reports.xml", feeds.reports_feed, name="reports_feed"),
    # The public feedback form of a published recommendation (never in the API).
    path(
        "feedback/recommendations/<int:pk>/",
        feedback.feedback,
        name="public_feedback",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # MEDIA_ROOT is never served, not even in DEBUG: it holds private documents
    # and import uploads. Documents are downloaded through /documents/, which
    # checks who may have them.

urlpatterns += [
    # Wagtail's page serving catches everything else, so it comes last.
    path("", include(wagtail_urls)),
]
