from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Kept by name by ``manage.py sync_schedules`` (see workflows/schedules.py);
# created on ``migrate`` by 0004_recover_stale_imports_schedule.
RECOVERY_SCHEDULE = "Human Rights Monitor: recover stopped imports"
RECOVERY_TASK = "importers.tasks.recover_stale_imports"
RECOVERY_CRON = "*/5 * * * *"


class ImportersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importers"
    verbose_name = _("Human Rights Monitor importers")

    def task_schedules(self) -> list[dict]:
        """The task cluster's schedules of the importers (every five minutes,
        imports whose worker stopped are marked failed)."""
        return [
            {"name": RECOVERY_SCHEDULE, "func": RECOVERY_TASK, "cron": RECOVERY_CRON}
        ]
