"""The document chooser of the progress report form, opened on the report's
agency: its listing filtered to that agency's collection and its upload tab
set to put the new file there.

A contributor of one agency has one collection, so Wagtail's upload form puts
every upload there anyway; this matters for lead agency managers and
administrators, who may upload into several collections and should not have
to remember which agency's report they are on.
"""

from wagtail.documents import get_document_model_string
from wagtail.documents.views.chooser import DocumentChooserViewSet, DocumentChooseView


class ReportDocumentChooseView(DocumentChooseView):
    """Presets the upload form's collection to ``?collection_id=`` when the
    user may add documents there (the form refuses any other anyway)."""

    def get_creation_form_kwargs(self):
        kwargs = super().get_creation_form_kwargs()
        collection_id = self.request.GET.get("collection_id", "")
        if self.request.method == "GET" and collection_id.isdigit():
            allowed = self.permission_policy.collections_user_has_permission_for(
                self.request.user, "add"
            )
            if allowed.filter(pk=int(collection_id)).exists():
                kwargs["initial"] = {"collection": int(collection_id)}
        return kwargs


class ReportDocumentChooserViewSet(DocumentChooserViewSet):
    choose_view_class = ReportDocumentChooseView
    # Wagtail's own chooser stays the widget of every other document field.
    register_widget = False


viewset = ReportDocumentChooserViewSet(
    "report_document_chooser",
    model=get_document_model_string(),
    url_prefix="documents/report-chooser",
)


class ReportDocumentChooser(viewset.widget_class):
    """The document chooser widget; ``collection_id`` (set by the report form)
    is the collection it opens on."""

    collection_id = None

    def get_chooser_modal_url(self):
        url = super().get_chooser_modal_url()
        if self.collection_id:
            url = f"{url}?collection_id={self.collection_id}"
        return url
