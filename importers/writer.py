"""Apply a checked plan through Wagtail revisions, in bulk.

What Wagtail's ``CreateAction`` / ``EditAction`` do one object at a time (about
30 queries each), done here for thousands of objects in a few queries per
batch, with the same result:

- a new object is inserted as a draft (``live=False``) with one revision, and
  logged as ``wagtail.create``;
- a changed object gets a new revision built from its latest draft, logged as
  ``wagtail.edit``; the row of a live object is left alone (it holds the
  published content), the row of a never-published draft is updated, as
  ``EditAction`` does;
- publishing uses Wagtail's own ``revision.publish()``, one object at a time,
  so that the ``published`` signal, workflow cancellation and the history
  behave exactly as in the admin.

The full-text index (``content_models.search``) follows the rows through
database triggers, bulk inserts and updates included; Wagtail's reference
index (the "usage" counts) is refreshed by a background task after the commit.
"""

from collections import defaultdict
from contextlib import ExitStack

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import (
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.log_actions import LogContext
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision
from wagtail.signal_handlers import disable_reference_index_auto_update

from . import bulk
from .pipeline import CREATE, UNCHANGED, UPDATE, Prepared
from .state import field_kind, json_value, m2m_fields

BATCH = 500
# The SMART letters' field, and what the import sets when a file changes them.
SMART = "smart_criteria"
ASSESSMENT_FIELDS = ("smart_assessed_by", "smart_assessed_at")
CHUNK = 2000
# Fields Wagtail keeps from the row when it loads a revision (with_content_json).
ROW_FIELDS = (
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "latest_revision",
)


class Writer:
    def __init__(
        self,
        prepared: Prepared,
        *,
        user=None,
        log_uuid=None,
        progress=None,
    ):
        self.prepared = prepared
        self.kind = prepared.kind
        self.model = prepared.kind.model
        self.context = prepared.context
        self.user = user
        self.log_uuid = log_uuid
        self.progress = progress or (lambda phase, fraction: None)
        self.now = timezone.now()
        self.content_type = ContentType.objects.get_for_model(
            self.model, for_concrete_model=False
        )
        self.base_content_type = ContentType.objects.get_for_model(self.model)
        self.m2m = {field.name: field for field in m2m_fields(self.model)}
        self.child_relations = [
            relation.get_accessor_name()
            for relation in get_all_child_relations(self.model)
        ]
        self.revisions = []
        self.published = 0

    # Entry point -------------------------------------------------------------

    def write(self) -> int:
        """Write every planned change; returns the number of objects published."""
        plans = self.prepared.plans
        creates = [plan for plan in plans if plan.action == CREATE]
        updates = [plan for plan in plans if plan.action == UPDATE]
        republish = [
            plan for plan in plans if plan.action == UNCHANGED and plan.publish
        ]
        total = max(len(creates) + len(updates) + len(republish), 1)
        done = 0
        for start in range(0, len(creates), BATCH):
            self._create(creates[start : start + BATCH])
            done += len(creates[start : start + BATCH])
            self.progress("writing", done / total)
        for start in range(0, len(updates), BATCH):
            self._update(updates[start : start + BATCH])
            done += len(updates[start : start + BATCH])
            self.progress("writing", done / total)
        without_revision = [
            p for p in republish if not p.existing.row.latest_revision_id
        ]
        for start in range(0, len(without_revision), BATCH):
            self._update(without_revision[start : start + BATCH])
        for plan in republish:
            if plan.existing.row.latest_revision_id:
                plan.revision = Revision(pk=plan.existing.row.latest_revision_id)
        to_publish = [plan for plan in plans if plan.publish]
        self._publish(to_publish)
        self._queue_reference_index(
            {int(revision.object_id) for revision in self.revisions}
            | {_object_pk(plan) for plan in to_publish}
        )
        return self.published

    # Creating ----------------------------------------------------------------

    def _create(self, plans):
        instances = []
        for plan in plans:
            instance = self.model()
            for name, value in plan.values.items():
                self._set(instance, name, value)
            if plan.values.get(SMART):
                self._stamp_assessment(instance)
            instance.live = False
            instance.has_unpublished_changes = True
            self.kind.prime(instance, self.context)
            instances.append(instance)
        object_ids = bulk.allocate_ids(self.model, len(instances))
        revision_ids = bulk.allocate_ids(Revision, len(instances))
        if object_ids and revision_ids:
            # Each row points at its revision from the start: no update after.
            for instance, pk, revision_id in zip(
                instances, object_ids, revision_ids, strict=True
            ):
                instance.pk = pk
                instance.latest_revision_id = revision_id
        bulk.insert(self.model, instances)
        relations = [
            {
                name: json_value(field, plan.values.get(name, []))
                for name, field in self.m2m.items()
            }
            for plan in plans
        ]
        self._insert_relations(instances, relations)
        contents = []
        for instance, related in zip(instances, relations, strict=True):
            content = get_serializable_data_for_fields(instance)
            # As save_revision() serialises a new object: no revision yet.
            content["latest_revision"] = None
            content.update(related)
            content.update({name: [] for name in self.child_relations})
            contents.append(content)
        revisions = self._revisions(
            instances, contents, plans, "wagtail.create", ids=revision_ids
        )
        for instance, revision in zip(instances, revisions, strict=True):
            instance.latest_revision = revision
        if not revision_ids:
            self._point_at_latest_revisions([instance.pk for instance in instances])
        for plan, instance in zip(plans, instances, strict=True):
            plan.instance = instance

    def _set(self, instance, name, value):
        field = self.model._meta.get_field(name)
        kind = field_kind(field)
        if kind == "m2m":
            return
        if kind == "fk" and (value is None or isinstance(value, int)):
            setattr(instance, field.attname, value)
        else:
            setattr(instance, field.name, value)

    def _insert_relations(self, instances, relations):
        for name, field in self.m2m.items():
            bulk.insert_pairs(
                field.remote_field.through,
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
                [
                    (instance.pk, pk)
                    for instance, related in zip(instances, relations, strict=True)
                    for pk in related[name]
                ],
            )

    # Updating ----------------------------------------------------------------

    def _update(self, plans):
        drafts, contents, plan_stamped = [], [], []
        for plan in plans:
            row = plan.existing.row
            content = dict(plan.existing.content)
            for name in plan.changes:
                content[name] = json_value(
                    self.model._meta.get_field(name), plan.values[name]
                )
            stamped = self._smart_changed(plan)
            if stamped:
                content.update(self._assessment_stamp())
            content["pk"] = row.pk
            for name in ROW_FIELDS:
                field = self.model._meta.get_field(name)
                content[field.name] = getattr(row, field.attname)
            content["updated_at"] = self.now
            draft = self.model.from_serializable_data(
                {key: value for key, value in content.items() if key not in self.m2m},
                check_fks=False,
            )
            self.kind.prime(draft, self.context)
            drafts.append(draft)
            contents.append(content)
            plan_stamped.append(stamped)
        revisions = self._revisions(drafts, contents, plans, "wagtail.edit")

        draft_groups = defaultdict(list)
        for plan, draft, revision, stamped in zip(
            plans, drafts, revisions, plan_stamped, strict=True
        ):
            row = plan.existing.row
            if not row.live:
                # EditAction saves a never-published object's draft to its row.
                for field in self.model._meta.concrete_fields:
                    if not field.primary_key:
                        setattr(row, field.attname, getattr(draft, field.attname))
                changed = tuple(
                    name
                    for name in plan.changes
                    if field_kind(self._field(name)) != "m2m"
                ) + (ASSESSMENT_FIELDS if stamped else ())
                draft_groups[changed].append(plan)
            row.latest_revision = revision
            row.has_unpublished_changes = True
            plan.instance = row
        for names, group in draft_groups.items():
            rows = [plan.existing.row for plan in group]
            bulk.update(self.model, rows, [*names, "updated_at"])
            self._replace_relations(group)
        self._point_at_latest_revisions(
            [plan.existing.row.pk for plan in plans], has_unpublished_changes=True
        )

    def _field(self, name):
        return self.model._meta.get_field(name)

    # The SMART assessment ----------------------------------------------------

    def _smart_changed(self, plan) -> bool:
        return SMART in plan.changes and hasattr(self.model, "smart_assessed_at")

    def _assessment_stamp(self) -> dict:
        """Who assessed and when, as revision content: the import's user, now."""
        return {
            "smart_assessed_by": self.user.pk if self.user else None,
            "smart_assessed_at": self.now,
        }

    def _stamp_assessment(self, instance):
        # Letters changed by a file are an assessment by whoever imported it,
        # as in the admin (``workflows.actions.assess_smart``).
        if hasattr(instance, "smart_assessed_at"):
            instance.smart_assessed_by = self.user
            instance.smart_assessed_at = self.now

    def _replace_relations(self, plans):
        """Rewrite the many-to-many rows that changed, for draft rows."""
        for name, field in self.m2m.items():
            changed = [plan for plan in plans if name in plan.changes]
            if not changed:
                continue
            through = field.remote_field.through
            source = field.m2m_field_name()
            through._default_manager.filter(
                **{f"{source}_id__in": [plan.existing.row.pk for plan in changed]}
            ).delete()
            bulk.insert_pairs(
                through,
                source,
                field.m2m_reverse_field_name(),
                [
                    (plan.existing.row.pk, pk)
                    for plan in changed
                    for pk in json_value(field, plan.values[name])
                ],
            )

    def _point_at_latest_revisions(self, pks, **fields):
        """Set ``latest_revision`` to each object's newest revision, set-wise."""
        newest = (
            Revision.objects.filter(
                base_content_type_id=self.base_content_type.pk,
                object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        for start in range(0, len(pks), CHUNK):
            self.model._default_manager.filter(
                pk__in=pks[start : start + CHUNK]
            ).update(latest_revision=Subquery(newest), **fields)

    # Revisions, history, publishing --------------------------------------------

    def _revisions(self, objects, contents, plans, action, ids=None):
        revisions = [
            Revision(
                pk=ids[number] if ids else None,
                content_type_id=self.content_type.pk,
                base_content_type_id=self.base_content_type.pk,
                object_id=str(obj.pk),
                created_at=self.now,
                user=self.user,
                object_str=str(obj),
                content=content,
            )
            for number, (obj, content) in enumerate(zip(objects, contents, strict=True))
        ]
        bulk.insert(Revision, revisions)
        log_model = log_registry.get_log_model_for_model(self.model)
        if log_model is not None:
            bulk.insert(
                log_model,
                [
                    log_model(
                        content_type=self.content_type,
                        label=str(obj) or f"{self.model.__name__} object ({obj.pk})",
                        action=action,
                        data={},
                        timestamp=self.now,
                        uuid=self.log_uuid,
                        user=self.user,
                        revision=revision,
                        content_changed=True,
                        object_id=str(obj.pk),
                    )
                    for obj, revision in zip(objects, revisions, strict=True)
                ],
            )
        for plan, revision in zip(plans, revisions, strict=True):
            plan.revision = revision
        self.revisions.extend(revisions)
        return revisions

    def _queue_reference_index(self, pks):
        pks = sorted(pks)
        if not pks:
            return
        label = self.model._meta.label_lower

        def queue():
            from django_q.tasks import async_task

            async_task("importers.tasks.update_reference_index", label, pks)

        transaction.on_commit(queue)

    def _publish(self, plans):
        if not plans:
            return
        with ExitStack() as stack:
            log_context = stack.enter_context(LogContext(user=self.user))
            if self.log_uuid:
                log_context.uuid = self.log_uuid
            # The reference index is refreshed by the task queued after.
            stack.enter_context(disable_reference_index_auto_update())
            for number, plan in enumerate(plans, start=1):
                revision = plan.revision
                if not revision.content_type_id:
                    revision = Revision.objects.get(pk=revision.pk)
                if plan.instance is not None:
                    revision.content_object = plan.instance
                revision.publish(user=self.user, skip_permission_checks=True)
                self.published += 1
                self.progress("publishing", number / len(plans))


def _object_pk(plan) -> int:
    return plan.instance.pk if plan.instance is not None else plan.existing.row.pk
