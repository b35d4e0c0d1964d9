"""Change the publication version when Wagtail publishes or unpublishes.

Database triggers catch raw writes too (see :mod:`.versioning`); these make the
intent explicit and cover publishing paths that change only relations.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from content_models.models import Action, Indicator, ProgressReport, Recommendation

from . import versioning

MODERATED_MODELS = (Recommendation, Action, Indicator, ProgressReport)


@receiver(published)
@receiver(unpublished)
def publication_changed(sender, **kwargs):
    if sender in MODERATED_MODELS:
        versioning.bump()


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if sender in MODERATED_MODELS and instance.live:
        versioning.bump()
