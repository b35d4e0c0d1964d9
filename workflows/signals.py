"""Reactions to Wagtail's own publishing events (connected in ``ready()``)."""

from django.dispatch import receiver
from wagtail.signals import published, unpublished

from content_models.models import Indicator

from . import actions


@receiver(published, sender=Indicator)
@receiver(unpublished, sender=Indicator)
def indicator_schedule_changed(sender, instance, **kwargs):
    actions.sync_due_dates(indicator=instance)
