"""The administrators' screen of sign-in lockouts, with an "Unlock" button.

``/admin/sign-in-lockouts/`` lists the accounts and addresses with failed
sign-ins still counted (locked ones first); POSTing ``kind`` and ``value``
unlocks one. Monitor administrators only: anyone else gets the admin's usual
refusal.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from workflows import roles

from . import actions

URL_NAME = "monitor_security_lockouts"


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "security/lockouts.html"
    page_title = gettext_lazy("Sign-in lockouts")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not roles.is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = actions.recent_failures()
        cool_off = get_cool_off()
        return super().get_context_data(
            locked=[row for row in rows if row.locked],
            counting=[row for row in rows if not row.locked],
            limit=settings.AXES_FAILURE_LIMIT,
            cool_off_minutes=round(cool_off.total_seconds() / 60) if cool_off else None,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        value = request.POST.get("value", "").strip()
        try:
            count = actions.unlock(by=request.user, kind=kind, value=value)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                (
                    _("Unlocked the account %(value)s.")
                    if kind == actions.ACCOUNT
                    else _("Unlocked the address %(value)s.")
                )
                % {"value": value}
                + " "
                + (
                    _("Its failed sign-ins are forgotten.")
                    if count
                    else _("It had no failed sign-ins recorded.")
                ),
            )
        return redirect(URL_NAME)


urlpatterns = [
    path("sign-in-lockouts/", LockoutsView.as_view(), name=URL_NAME),
]
