"""Break-glass: a one-time, short-lived sign-in link for a superuser."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cms.accounts.signin_link import make_token


class Command(BaseCommand):
    help = (
        "Print a sign-in link for a superuser that works once, for "
        "SIGNIN_LINK_MINUTES minutes: the way in when the organisation's "
        "sign-in is down and password sign-in is off (docs/sign-in.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not (user.is_active and user.is_superuser):
            raise CommandError(
                f"{username!r} is not an active superuser: sign-in links are "
                "for superusers only (manage.py createsuperuser makes one)."
            )
        url = settings.WAGTAILADMIN_BASE_URL + reverse(
            "monitor_signin_link", args=[make_token(user)]
        )
        minutes = settings.MONITOR_SIGNIN_LINK_MINUTES
        self.stdout.write(url)
        self.stderr.write(f"Works once, for {minutes} minutes.")
