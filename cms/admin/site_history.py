"""The site history report, narrowed to the items each user may see.

Wagtail lists every log entry of a model to anyone holding a permission on
that model, which would show a contributor the titles of every agency's
items. ``cms.admin.urls`` mounts this view over Wagtail's report URLs.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

from workflows import roles, scoping

from . import views


class ScopedLogEntriesView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if roles.is_administrator(user) or queryset.model is not ModelLogEntry:
            return queryset
        scoped_types = []
        visible = Q()
        for model in scoping.SCOPED_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            scoped_types.append(content_type.pk)
            ids = (
                views.viewable(user, model)
                .annotate(text_pk=Cast("pk", CharField()))
                .values("text_pk")
            )
            visible |= Q(content_type=content_type, object_id__in=ids)
        return queryset.filter(~Q(content_type__in=scoped_types) | visible)


site_history = require_admin_access(ScopedLogEntriesView.as_view())
site_history_results = require_admin_access(
    ScopedLogEntriesView.as_view(results_only=True)
)
