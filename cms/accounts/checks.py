"""A misspelt role in MFA_REQUIRED_ROLES would silently require nothing."""

from django.conf import settings
from django.core.checks import Error, register

from workflows import roles


@register()
def required_roles_exist(app_configs, **kwargs):
    unknown = sorted(set(settings.MONITOR_MFA_REQUIRED_ROLES) - set(roles.ROLES))
    return [
        Error(
            f"MFA_REQUIRED_ROLES: no role named {name!r}",
            hint=f"Roles: {', '.join(roles.ROLES)} (comma-separated).",
            id="monitor_accounts.E001",
        )
        for name in unknown
    ]
