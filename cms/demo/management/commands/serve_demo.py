"""``manage.py serve_demo [ADDRPORT]``: the development server, on a database
made ready first — migrated, the demo loaded (``seed_demo``), the superuser
``admin`` / ``admin`` created — in the same process, so that a second start
with nothing new costs one Django start-up, not four (``./dev.sh run``).
"""

import io
import os
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import autoreload

from workflows import roles

# The superuser a development database gets (printed by ./dev.sh run).
ADMIN = "admin"
# Set by ./dev.sh run to the moment it started (seconds since the epoch), so
# the banner can say how long the start took.
STARTED_AT = "MONITOR_DEV_STARTED_AT"


class Command(RunserverCommand):
    help = (
        "Development only: migrate, load the demo when it is not up to date, "
        f"create the superuser {ADMIN}/{ADMIN} if missing, then run the "
        "development server (the same options as runserver)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refused: serve_demo is for a developer's machine (DEBUG on); "
                "it creates the superuser admin/admin and the demo logins."
            )
        # With the reloader, the server runs in a child process that calls
        # handle() again: the database is made ready once, by the parent.
        if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) != "true":
            self.prepare()
            for connection in connections.all(initialized_only=True):
                connection.close()
        super().handle(*args, **options)

    def prepare(self) -> None:
        self.migrate_if_needed()
        output = io.StringIO()
        call_command("seed_demo", stdout=output)
        for line in output.getvalue().splitlines():
            if not line.endswith(" 0 created, 0 updated"):
                self.stdout.write(line)
        User = get_user_model()
        if not User.objects.filter(username=ADMIN).exists():
            User.objects.create_superuser(ADMIN, "admin@example.com", ADMIN)
            self.stdout.write(f"Created the superuser {ADMIN}")

    def migrate_if_needed(self) -> None:
        """Migrate when a migration is unapplied; otherwise only bring the
        role groups in line with ``workflows.roles`` (what every migrate does
        after the migrations), which is a second cheaper than a migrate that
        has nothing to do."""
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(f"Applying {len(plan)} migrations…")
            # The server checks the system when it starts; migrate need not.
            call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        else:
            roles.sync_roles(using=connection.alias)

    def on_bind(self, server_port):
        """A short banner whose last lines are the addresses and the login."""
        base = f"{self.protocol}://{self.addr}:{server_port}"
        started = os.environ.get(STARTED_AT)
        ready = ""
        if started:
            ready = f" (ready {time.time() - float(started):.1f} s after start)"
        self.stdout.write(
            f"\nHuman Rights Monitor{ready}, Ctrl-C to stop:\n"
            f"  explorer  {base}/\n"
            f"  API       {base}/graphql/\n"
            f"  admin     {base}/admin/  user {ADMIN}  password {ADMIN}  "
            "(demo logins: README)\n"
        )
