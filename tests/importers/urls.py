"""The host's URLs plus the public export, as cms/urls.py will have them."""

from django.urls import include, path

from cms.urls import urlpatterns as host_urlpatterns

urlpatterns = [path("", include("importers.urls")), *host_urlpatterns]
