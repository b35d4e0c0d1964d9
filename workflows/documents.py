"""Documents per agency: who may handle which file, and who may download it.

Each agency's files live in its own collection (``Agency.document_collection``).
``AgencyDocumentPermissionPolicy`` is Wagtail's collection-ownership policy
with one change: the collections a user may add, change (and delete) and
choose documents in come from their role and agencies (``scoping``), not from
``GroupCollectionPermission`` rows. Wagtail's document views, chooser, bulk
actions and upload forms all ask it.

``may_download`` decides what the document serve view hands out (through the
``before_serve_document`` hook in ``wagtail_hooks``).
"""

import functools
import operator

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Collection, Revision
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permissions import policy_registry

from content_models.models import CabinetDocument, ProgressReport

from . import roles, scoping

DOCUMENT_ACTIONS = frozenset({"add", "change", "choose"})
# Changing a file, or deleting it, changes what a published report shows.
EDIT_ACTIONS = frozenset({"change", "delete"})


class AgencyDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Document permissions per agency collection, decided by ``scoping``.

    Every role may add, change and choose documents, each in its own set of
    collections (and their descendants): administrators everywhere,
    contributors in their agencies', lead agency managers also in those of the
    agencies their bodies involve. Deleting counts as changing, as in Wagtail.

    A document attached to a published progress report is published content:
    replacing its file or deleting it takes the right to publish that report,
    as any other change to it would (a contributor attaches a new document to
    a draft of the report instead, which goes through approval).
    """

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if actions & EDIT_ACTIONS and not may_change_published(user, instance):
            actions -= EDIT_ACTIONS
        return bool(actions) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if not EDIT_ACTIONS.issuperset(actions) or roles.is_administrator(user):
            return instances
        return instances.exclude(pk__in=published_documents_beyond(user))

    def _collection_paths(self, user):
        """Tree paths of the collections ``user`` works in; ``None``: all."""
        agencies = scoping.document_agency_ids(user)
        if agencies is None:
            return None
        return roles.remember(
            user,
            "document_collection_paths",
            lambda: tuple(
                Collection.objects.filter(agency__in=agencies).values_list(
                    "path", flat=True
                )
            ),
        )

    def _check_perm(self, user, actions, collection=None):
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        if not DOCUMENT_ACTIONS.intersection(actions):
            return False
        paths = self._collection_paths(user)
        if paths is None:
            return True
        if collection is None:
            return bool(paths)
        return any(collection.path.startswith(path) for path in paths)

    def _collections_with_perm(self, user, actions):
        if not DOCUMENT_ACTIONS.intersection(actions):
            return Collection.objects.none()
        paths = self._collection_paths(user)
        if paths is None:
            return Collection.objects.all()
        if not paths:
            return Collection.objects.none()
        return Collection.objects.filter(
            functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths))
        )

    def _users_with_perm_filter(self, actions, collection=None):
        # Rights come from roles and agencies, which no single query expresses:
        # check each user who holds a role.
        candidates = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name__in=roles.ROLES))
            .distinct()
        )
        return Q(
            pk__in=[
                user.pk
                for user in candidates
                if self._check_perm(user, actions, collection=collection)
            ]
        )


def published_documents_beyond(user):
    """Ids of documents attached to published reports ``user`` may not publish."""
    reports = ProgressReport.objects.filter(live=True, document__isnull=False)
    if user.has_perm("content_models.publish_progressreport"):
        condition = scoping.scope(user, ProgressReport, "publish")
        if condition is None:
            return reports.none().values("document")
        reports = reports.exclude(condition)
    return reports.values("document")


def may_change_published(user, document) -> bool:
    """Whether ``user`` may change the file of ``document`` where a published
    report shows it (or the document is attached to no published report)."""
    if roles.is_administrator(user):
        return True
    return not published_documents_beyond(user).filter(document=document).exists()


def document_policy(document_model):
    return policy_registry.get_by_type(document_model)


def is_public(document) -> bool:
    """Whether a published report, or a published Cabinet decision that
    releases it publicly, publishes ``document`` to everyone."""
    return (
        ProgressReport.objects.publishing_documents().filter(document=document).exists()
        or CabinetDocument.objects.filter(
            document=document, public=True, decision__public=True
        ).exists()
    )


def reports_referencing(document):
    """Progress reports that have ``document`` attached, in their row (the
    published content, or a new draft) or in any of their revisions."""
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(ProgressReport),
        content__document=document.pk,
    ).values_list("object_id", flat=True)
    report_ids = {int(object_id) for object_id in revisions}
    return ProgressReport.objects.filter(Q(document=document) | Q(pk__in=report_ids))


def may_download(user, document) -> bool:
    """Whether ``user`` (anonymous or not) may download ``document``.

    Anyone may download a document a published report publishes. Otherwise it
    takes an admin login and either document rights on its collection or the
    right to see a progress report it is attached to.
    """
    if is_public(document):
        return True
    if not (user.is_authenticated and user.has_perm(roles.ACCESS_ADMIN)):
        return False
    if document_policy(type(document)).user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    ):
        return True
    reports = reports_referencing(document)
    condition = scoping.scope(user, ProgressReport, "view")
    if condition is not None:
        reports = reports.filter(condition)
    return reports.exists()
