"""Sign-in URLs; included before Wagtail's admin and allauth (cms/urls.py)."""

from allauth import urls as allauth_urls
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView

from . import views


def _not_here(request, *args, **kwargs):
    raise Http404


admin_urlpatterns = [
    # Wagtail's own login page, with the organisation's button.
    path("login/", views.MonitorLoginView.as_view(), name="monitor_login"),
]

account_urlpatterns = [
    # Wagtail's page is the one sign-in page; allauth's local account pages
    # (sign-up, password reset by e-mail) are not offered.
    path(
        "login/",
        RedirectView.as_view(pattern_name="wagtailadmin_login", query_string=True),
    ),
    path("signup/", _not_here),
    path("password/reset/", _not_here),
    path(
        "signin-link/<str:token>/", views.signin_with_link, name="monitor_signin_link"
    ),
    path("", include(allauth_urls)),
]
