"""Two-factor enrolment goes to the audit trail."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from workflows.actions import record_enrolment


@receiver(authenticator_added)
def log_enrolment(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP:
        record_enrolment(user)
