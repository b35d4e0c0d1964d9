"""Which directory group gives which Monitor role in which agency."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows import roles


class DirectoryGroup(models.Model):
    """A group of the organisation's directory (the OIDC groups claim), and
    the Monitor role and agency its members get at each sign-in."""

    name = models.CharField(
        _("directory group"),
        max_length=255,
        unique=True,
        help_text=_(
            "Exactly as the directory sends it in the groups claim, e.g. "
            "HRM-MoJ-Managers (Entra ID sends the group's object id unless "
            "it is set to send names)."
        ),
    )
    role = models.CharField(
        _("Monitor role"),
        max_length=100,
        choices=[(role, _(role)) for role in roles.ROLES],
    )
    agency = models.ForeignKey(
        "content_models.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directory_groups",
        help_text=_(
            "The agency its members work for. Required for lead agency "
            "managers and agency contributors; none for administrators."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory group")
        verbose_name_plural = _("directory groups")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role != roles.ADMINISTRATORS and self.agency_id is None:
            raise ValidationError(
                {"agency": _("Choose the agency whose staff this group holds.")}
            )
