"""The editorial base every moderated content snippet shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)


class ModeratedContent(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    ClusterableModel,
):
    """Drafts, revisions, locking and workflows (bakerydemo's ``Person``).

    Not ``index.Indexed``: the content is found through the domain's own
    full-text index (``content_models.search``), in the admin as in the API.

    Many-to-many fields of subclasses must be ``ParentalManyToManyField`` so that
    drafts carry them in revisions instead of writing them to the live row.
    Revisions and workflow states come from Wagtail 8's own relations
    (``revisions`` and ``workflow_states`` query them directly).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        if kwargs:
            super().__init__(*args, **kwargs)
        else:
            # A row read from the database (values passed by position):
            # ClusterableModel would list every child relation and
            # many-to-many field of the model to take them out of the keyword
            # arguments, and there are none, so it would call Model's
            # constructor as is. That listing was ~15 µs per row, for every
            # row of a page, a prefetch, an export or an index build.
            models.Model.__init__(self, *args)
