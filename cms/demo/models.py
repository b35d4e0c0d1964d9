"""What the demo remembers about its own seeding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoSeeding(models.Model):
    """The demo day and the version of the story last written (one row).

    The demo's dates are placed around the day it was first seeded
    (``cms.demo.dates``); later runs build the same story from that day, so
    they add nothing, and skip the story entirely while its version (a hash of
    the demo's code) is the one written.
    """

    day = models.DateField(_("demo day"))
    story_version = models.CharField(_("story version"), max_length=64)
    seeded_at = models.DateTimeField(_("last written"), auto_now=True)

    class Meta:
        verbose_name = _("demo seeding")
        verbose_name_plural = _("demo seedings")

    def __str__(self):
        return f"Demo of {self.day.isoformat()} ({self.story_version[:12]})"
