"""An administrator resets a user's two-factor sign-in (a lost device)."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from workflows import roles
from workflows.actions import reset_two_factor


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user).exists()


def reset_two_factor_view(request, user_id):
    if not roles.is_administrator(request.user):
        return permission_denied(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        reset_two_factor(user, actor=request.user)
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(name)s was reset: they set it up "
                "again at their next sign-in."
            )
            % {"name": user.get_full_name() or user.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/reset_two_factor.html",
        {"person": user, "has_two_factor": has_two_factor(user)},
    )
