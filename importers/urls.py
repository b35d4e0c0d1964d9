"""Public URLs of the importers: ``/export/<kind>.csv`` (and ``.xlsx``).

A host project mounts them at its root::

    path("", include("importers.urls")),
"""

from django.urls import re_path

from .views import public

app_name = "importers_public"

urlpatterns = [
    re_path(
        r"^export/(?P<kind>recommendations|actions|indicators)\.(?P<extension>csv|xlsx)$",
        public.export,
        name="export",
    ),
]
