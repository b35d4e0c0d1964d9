"""Sign-in URLs; included before Wagtail's admin and allauth (cms/urls.py)."""

from allauth import urls as allauth_urls
from django.http import Http404
from django.urls import include, path, re_path
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
    *(
        re_path(rf"^{prefix}", _not_here)
        for prefix in (
            # Accounts are made by administrators or the organisation sign-in.
            "signup/",
            "3rdparty/signup/",
            # Passwords and e-mail addresses are managed in Wagtail's account
            # page; allauth's e-mail codes and verification are not used.
            "password/",
            "email/",
            "confirm-email/",
            "login/code/",
            "reauthenticate/code/",
            "inactive/",
            # Linking another organisation identity to an account.
            "3rdparty/$",
            "social/",
        )
    ),
    path(
        "signin-link/<str:token>/", views.signin_with_link, name="monitor_signin_link"
    ),
    path("", include(allauth_urls)),
]
