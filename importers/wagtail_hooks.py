"""The Imports menu: import a file, the import runs, the UHRI mapping table."""

from django import forms
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from . import admin_urls, permissions
from .actions import recover_stale_runs
from .models import ImportRun, UhriMapping


def admin_display(label):
    def decorate(function):
        function.short_description = label
        return function

    return decorate


class ImportRunPermissionHelper(PermissionHelper):
    """Runs are a record: nobody edits them; people see their own."""

    def user_can_list(self, user):
        return permissions.can_use_importer(user) or permissions.can_view_all_runs(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ImportRunIndexView(IndexView):
    """The listing of runs; runs whose worker stopped are marked failed first."""

    def dispatch(self, request, *args, **kwargs):
        recover_stale_runs()
        return super().dispatch(request, *args, **kwargs)


class ImportRunAdmin(ModelAdmin):
    model = ImportRun
    index_view_class = ImportRunIndexView
    menu_label = _("Import runs")
    menu_icon = "list-ul"
    add_to_admin_menu = False
    permission_helper_class = ImportRunPermissionHelper
    list_display = ("file", "kind", "status", "user", "created_at", "result")
    list_filter = ("kind", "status", "origin", "written")
    search_fields = ("file_name", "user__username")
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if not permissions.can_view_all_runs(request.user):
            queryset = queryset.filter(user=request.user)
        return queryset

    @admin_display(_("file"))
    def file(self, run):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("importers:run", args=[run.pk]),
            run.file_name,
        )

    @admin_display(_("result"))
    def result(self, run):
        return run.summary()


class UhriMappingAdmin(ModelAdmin):
    model = UhriMapping
    menu_label = _("UHRI mappings")
    menu_icon = "link"
    add_to_admin_menu = False
    list_display = ("label", "mapped_issues", "mapped_groups")
    search_fields = ("label",)
    panels = [
        FieldPanel("label"),
        FieldPanel("issues", widget=forms.CheckboxSelectMultiple),
        FieldPanel("affected_groups", widget=forms.CheckboxSelectMultiple),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("issues", "affected_groups")
        )

    @admin_display(_("issues"))
    def mapped_issues(self, mapping):
        return ", ".join(str(issue) for issue in mapping.issues.all()) or "—"

    @admin_display(_("affected groups"))
    def mapped_groups(self, mapping):
        return ", ".join(str(group) for group in mapping.affected_groups.all()) or "—"


import_runs = ImportRunAdmin()
import_runs.register_with_wagtail()
uhri_mappings = UhriMappingAdmin()
uhri_mappings.register_with_wagtail()


class ShownMenuItem(MenuItem):
    def __init__(self, *args, is_shown, **kwargs):
        super().__init__(*args, **kwargs)
        self._is_shown = is_shown

    def is_shown(self, request):
        return self._is_shown(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("imports/", include(admin_urls, namespace="importers"))]


@hooks.register("register_admin_menu_item")
def register_imports_menu():
    items = [
        ShownMenuItem(
            _("Import a file"),
            reverse("importers:import"),
            icon_name="upload",
            order=100,
            is_shown=permissions.can_use_importer,
        ),
        ShownMenuItem(
            _("Import runs"),
            import_runs.url_helper.index_url,
            icon_name="list-ul",
            order=200,
            is_shown=import_runs.permission_helper.user_can_list,
        ),
        ShownMenuItem(
            _("UHRI mappings"),
            uhri_mappings.url_helper.index_url,
            icon_name="link",
            order=300,
            is_shown=uhri_mappings.permission_helper.user_can_list,
        ),
    ]
    return SubmenuMenuItem(
        _("Imports"), Menu(items=items), icon_name="upload", name="imports", order=900
    )
