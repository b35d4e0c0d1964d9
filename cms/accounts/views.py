"""Wagtail's sign-in page with the organisation's button, password sign-in
through allauth (so the two-factor step applies) or turned off, and the
break-glass sign-in link."""

from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.account import LoginView

from . import signin_link, sso

PASSWORD_OFF = _(
    "Sign-in with a password is turned off. Use your organisation account."
)


class MonitorLoginView(LoginView):
    def post(self, request, *args, **kwargs):
        if not settings.MONITOR_PASSWORD_LOGIN:
            # Refused before any password is looked at.
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, PASSWORD_OFF)
            return self.render_to_response(self.get_context_data(form=form), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        remember = form.cleaned_data.get("remember")
        self.request.session.set_expiry(settings.SESSION_COOKIE_AGE if remember else 0)
        user = form.get_user()
        return perform_password_login(
            self.request,
            {"username": user.get_username()},
            Login(user=user, redirect_url=self.get_success_url()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.MONITOR_PASSWORD_LOGIN
        context["show_password_reset"] = (
            context.get("show_password_reset") and settings.MONITOR_PASSWORD_LOGIN
        )
        app = sso.provider_app()
        if app is not None:
            context["sso_url"] = reverse(
                "openid_connect_login", kwargs={"provider_id": app["provider_id"]}
            )
            context["sso_name"] = app["name"]
        return context


def signin_with_link(request, token):
    """The break-glass link of ``manage.py signin_link``: signs its superuser
    in once, within its minutes."""
    user = signin_link.user_for(token)
    if user is None:
        messages.error(
            request,
            _("This sign-in link has expired or was already used. Ask for a new one."),
        )
        return redirect("wagtailadmin_login")
    user.backend = "django.contrib.auth.backends.ModelBackend"
    login(request, user)
    request.session[signin_link.SESSION_KEY] = True
    return redirect("wagtailadmin_home")
