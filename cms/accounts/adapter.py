"""django-allauth adapters: who may sign in through the organisation, with
which role and agency; no sign-up of local accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .directory import apply_directory_groups, mapped_group

NOT_MAPPED = _(
    "Your organisation account is in no group that has access to the Human "
    "Rights Monitor. Ask a Monitor administrator to give your directory group "
    "a role."
)
FAILED = _(
    "Sign-in with your organisation account failed. Try again; if it fails "
    "again, ask a Monitor administrator."
)


QUIET_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
}


def claims(sociallogin) -> dict:
    """The person's claims: userinfo, else the ID token."""
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or {}


def directory_groups(sociallogin) -> list[str]:
    value = claims(sociallogin).get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(name) for name in value]


def _refuse(request, message):
    messages.error(request, message)
    return ImmediateHttpResponse(redirect("wagtailadmin_login"))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Local accounts are made by administrators, never by sign-up.
        return False

    def login(self, request, user):
        if not hasattr(user, "backend"):
            user.backend = "django.contrib.auth.backends.ModelBackend"
        super().login(request, user)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # Wagtail's sign-in and sign-out say nothing on success; neither do we.
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_login_redirect_url(self, request):
        return settings.LOGIN_REDIRECT_URL


class DirectoryAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # A person the directory vouches for is created at first sign-in (if
        # a group of theirs is mapped: pre_social_login).
        return True

    def pre_social_login(self, request, sociallogin):
        groups = directory_groups(sociallogin)
        if mapped_group(groups) is None:
            if sociallogin.is_existing:
                # Left every mapped group: take the role away, then refuse.
                apply_directory_groups(sociallogin.user, groups)
            raise _refuse(request, NOT_MAPPED)
        if sociallogin.is_existing:
            apply_directory_groups(sociallogin.user, groups)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        apply_directory_groups(user, directory_groups(sociallogin))
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        raise _refuse(request, FAILED)
