"""Change the publication version when Wagtail publishes or unpublishes.

Database triggers catch raw writes too (see :mod:`.triggers`); these make the
intent explicit and cover publishing paths that change only relations.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from content_models.models import Action, Indicator, ProgressReport, Recommendation

from . import triggers, versioning
from .facets import store

MODERATED_MODELS = (Recommendation, Action, Indicator, ProgressReport)


@receiver(published)
@receiver(unpublished)
def publication_changed(sender, **kwargs):
    if sender in MODERATED_MODELS:
        versioning.bump()
        store.prebuild_after_commit()


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if sender in MODERATED_MODELS and instance.live:
        versioning.bump()
        store.prebuild_after_commit()


_WATCHED = frozenset(triggers.ALWAYS_PUBLIC + triggers.MODERATED)


def _watched(model) -> bool:
    return model is not None and model._meta.label in _WATCHED


@receiver(post_save)
@receiver(post_delete)
def watched_row_written(sender, **kwargs):
    """A write through the ORM in this process may have changed the version
    (through a trigger): forget the cached token when it commits, so this
    process sees it at once (others within GRAPHQL_VERSION_CACHE_SECONDS)."""
    if _watched(sender):
        transaction.on_commit(versioning.forget_version)


@receiver(m2m_changed)
def watched_relation_written(sender, instance, action, **kwargs):
    if action.startswith("post_") and _watched(type(instance)):
        transaction.on_commit(versioning.forget_version)
