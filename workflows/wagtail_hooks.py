"""Wagtail admin hooks of the workflows app: dashboard panels, the "write the
report" link of reminders, and documents per agency."""

from django.http import Http404
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

from . import dashboard, document_chooser, documents, write_report


@hooks.register("construct_homepage_panels")
def add_reporting_panels(request, panels):
    panels.extend(dashboard.panels_for(request))


@hooks.register("register_admin_urls")
def register_write_report_url():
    return write_report.urlpatterns


# Before Wagtail's own check of collection view restrictions; Http404, like an
# unknown id, so a refusal does not tell that the document exists.
@hooks.register("before_serve_document", order=-10)
def serve_only_what_the_requester_may_see(document, request):
    if not documents.may_download(request.user, document):
        raise Http404


@hooks.register("register_admin_viewset")
def register_report_document_chooser():
    return document_chooser.viewset


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: only those the user may change or choose."""

    def get_queryset(self):
        visible = documents.document_policy(
            self.model
        ).instances_user_has_any_permission_for(self.request.user, ["change", "choose"])
        return super().get_queryset().filter(pk__in=visible.values("pk"))


# After wagtail.documents registers its unscoped endpoint under the same name.
@hooks.register("construct_admin_api", order=10)
def scope_documents_admin_api(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
