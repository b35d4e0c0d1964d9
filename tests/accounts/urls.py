"""The Monitor's URLs, plus the test provider under /o/ (tests only)."""

from django.urls import include, path

from cms.urls import urlpatterns as monitor_urlpatterns

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    *monitor_urlpatterns,
]
