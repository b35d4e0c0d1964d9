"""Admin URLs of the importers, mounted under ``/admin/imports/`` by the hook."""

from django.urls import path

from .views import admin

app_name = "importers"

urlpatterns = [
    path("", admin.ImportView.as_view(), name="import"),
    path("runs/<int:pk>/", admin.RunView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", admin.ProgressView.as_view(), name="progress"),
    path("runs/<int:pk>/rerun/", admin.RerunView.as_view(), name="rerun"),
    path("runs/<int:pk>/errors.csv", admin.ErrorsView.as_view(), name="errors"),
    path(
        "templates/<str:kind>.<str:extension>",
        admin.TemplateDownloadView.as_view(),
        name="template",
    ),
    path("export/<str:kind>/", admin.AdminExportView.as_view(), name="export"),
]
