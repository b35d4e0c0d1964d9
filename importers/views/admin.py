"""Admin views: upload, preview with every problem, confirm, progress, downloads."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import conf, exporting, permissions
from ..actions import create_run, recover_stale_runs, rerun_import, run_import
from ..errors import ImportProblem
from ..forms import ConfirmForm, UploadForm
from ..kinds import KINDS, get_kind
from ..models import ImportKind, ImportRun
from ..reading import Source
from ..tasks import queue_import

SHOWN_PROBLEMS = 200


def _run_for(request, pk) -> ImportRun:
    """The run, if ``request.user`` may see it; a run whose worker stopped is
    marked failed first, so that nobody waits for it."""
    run = get_object_or_404(ImportRun.objects.select_related("user"), pk=pk)
    if not permissions.can_view_run(request.user, run):
        raise PermissionDenied
    if run.status == ImportRun.Status.RUNNING and recover_stale_runs(pks=[run.pk]):
        run.refresh_from_db()
    return run


def can_rerun(user, run: ImportRun) -> bool:
    """Whether the page offers ``user`` to run ``run`` again (as the
    confirmation, only to the person who started it)."""
    return (
        run.status == ImportRun.Status.FAILED
        and run.retryable
        and bool(run.file)
        and run.user_id == user.pk
        and permissions.can_import(user, run.kind)
    )


def errors_shown(*, shown: int, total: int) -> str:
    """``Showing the first N of M errors.``, or nothing when all are shown."""
    if total <= shown:
        return ""
    return _("Showing the first %(shown)s of %(total)s errors.") % {
        "shown": f"{shown:,}",
        "total": f"{total:,}",
    }


def _in_background(run: ImportRun) -> bool:
    """Large files, and publishing many objects (Wagtail publishes one at a
    time, ~0.1 s each), run on the task cluster rather than in the request."""
    if run.file_size > conf.get("BACKGROUND_THRESHOLD"):
        return True
    changes = run.created_count + run.updated_count + run.unchanged_count
    return run.publish and changes > conf.get("PUBLISH_IN_REQUEST")


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Templates to download, and the upload form."""

    template_name = "importers/import.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_use_importer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [
            {"value": value, "label": label, "exportable": KINDS[value].exportable}
            for value, label in ImportKind.choices
            if permissions.can_import(self.request.user, value)
        ]
        recent = ImportRun.objects.filter(user=self.request.user)
        recover_stale_runs(
            pks=recent.filter(status=ImportRun.Status.RUNNING).values_list(
                "pk", flat=True
            )
        )
        context["recent_runs"] = recent[:10]
        context["max_size_mb"] = conf.get("MAX_FILE_SIZE") / 1048576
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        run = create_run(
            kind=form.cleaned_data["kind"],
            source=Source.from_file(upload, name=upload.name),
            user=self.request.user,
            origin=ImportRun.Origin.ADMIN,
            publish=form.cleaned_data.get("publish", False),
        )
        if _in_background(run):
            queue_import(run, dry_run=True)
        else:
            run_import(run=run, dry_run=True)
        return redirect("importers:run", pk=run.pk)


class RunView(WagtailAdminTemplateMixin, FormView):
    """One run: its progress, its problems, or its preview and the confirmation."""

    template_name = "importers/run.html"
    form_class = ConfirmForm
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.run = _run_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.run.file_name}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("importers:import"), "label": _("Import")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "run": self.run}

    @property
    def can_confirm(self) -> bool:
        return (
            self.run.status == ImportRun.Status.CHECKED
            and self.run.user_id == self.request.user.pk
            and permissions.can_import(self.request.user, self.run.kind)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        problems = [
            ImportProblem.from_dict(item) for item in run.errors[:SHOWN_PROBLEMS]
        ]
        note = errors_shown(shown=len(problems), total=run.error_count)
        if note and len(run.errors) > len(problems):
            note += " " + _("The CSV lists the first %(count)s.") % {
                "count": f"{len(run.errors):,}"
            }
        context.update(
            run=run,
            problems=problems,
            errors_shown=note,
            can_confirm=self.can_confirm,
            can_rerun=can_rerun(self.request.user, run),
            progress_url=reverse("importers:progress", args=[run.pk]),
            listing_url=_listing_url(run.kind),
        )
        return context

    def form_valid(self, form):
        if not self.can_confirm:
            raise PermissionDenied
        run = self.run
        run.publish = bool(form.cleaned_data.get("publish"))
        if _in_background(run):
            queue_import(run, dry_run=False)
            return redirect("importers:run", pk=run.pk)
        try:
            run_import(run=run, dry_run=False)
        except ValidationError as error:  # confirmed twice at once
            messages.error(self.request, " ".join(error.messages))
            return redirect("importers:run", pk=run.pk)
        if run.status == ImportRun.Status.DONE:
            messages.success(
                self.request,
                _("Imported: %(summary)s.") % {"summary": run.summary()},
            )
        return redirect("importers:run", pk=run.pk)


class RerunView(View):
    """Runs a stopped import again from the same upload, on the task cluster."""

    def post(self, request, pk):
        run = _run_for(request, pk)
        if not can_rerun(request.user, run):
            raise PermissionDenied
        try:
            rerun_import(run=run, requested_by=request.user, in_background=True)
        except ValidationError as error:  # run again twice at once
            messages.error(request, " ".join(error.messages))
        return redirect("importers:run", pk=run.pk)


def _listing_url(kind: str) -> str:
    model = permissions.MODELS[kind]
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return ""
    try:
        return reverse(viewset.get_url_name("list"))
    except Exception:  # noqa: BLE001 - a viewset without a listing
        return ""


class ProgressView(View):
    """``{status, phase, progress, finished}`` of a run, polled by the progress bar."""

    def get(self, request, pk):
        run = _run_for(request, pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "phase": run.phase,
                "progress": run.progress,
                "finished": run.is_finished,
            }
        )


class ErrorsView(View):
    """Every stored problem of a run as CSV: row, column, letter, value, message,
    and a last line saying how many there were when only the first are kept."""

    def get(self, request, pk):
        run = _run_for(request, pk)
        rows = [["row", "column", "column letter", "value", "problem"]]
        for item in run.errors:
            problem = ImportProblem.from_dict(item)
            rows.append(
                [
                    "" if problem.row is None else str(problem.row),
                    problem.column or "",
                    problem.letter or "",
                    problem.value or "",
                    problem.message,
                ]
            )
        note = errors_shown(shown=len(run.errors), total=run.error_count)
        if note:
            rows.append(["", "", "", "", note])
        rows = [[exporting.neutralise(cell) for cell in row] for row in rows]
        response = StreamingHttpResponse(
            exporting.csv_stream(rows), content_type=exporting.CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="import-{run.pk}-errors.csv"'
        )
        return response


class TemplateDownloadView(View):
    """The template of a kind: header and example row, as CSV or XLSX."""

    def get(self, request, kind, extension):
        if kind not in KINDS or extension not in ("csv", "xlsx"):
            raise Http404
        if not permissions.can_use_importer(request.user):
            raise PermissionDenied
        rows = exporting.template_rows(kind)
        filename = f"{kind}-template.{extension}"
        if extension == "csv":
            buffer = io.BytesIO()
            exporting.write_csv(rows, buffer)
            response = HttpResponse(
                buffer.getvalue(), content_type=exporting.CSV_CONTENT_TYPE
            )
        else:
            response = HttpResponse(
                exporting.xlsx_bytes(rows, help_rows=exporting.template_help(kind)),
                content_type=exporting.XLSX_CONTENT_TYPE,
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AdminExportView(View):
    """The admin listing of a kind, with its filters, in the template's columns.

    Takes the listing's own query string (filters, search, ordering) plus
    ``format=csv|xlsx``, and exports the latest drafts, which import again as
    a no-op.
    """

    def get(self, request, kind):
        if kind not in KINDS or not get_kind(kind).exportable:
            raise Http404
        if not permissions.can_export(request.user, kind):
            raise PermissionDenied
        extension = request.GET.get("format", "csv")
        if extension not in ("csv", "xlsx"):
            raise Http404
        rows = exporting.export_rows(kind, listing_queryset(request, kind))
        if extension == "csv":
            response = StreamingHttpResponse(
                exporting.csv_stream(rows), content_type=exporting.CSV_CONTENT_TYPE
            )
        else:
            response = HttpResponse(
                exporting.xlsx_bytes(rows), content_type=exporting.XLSX_CONTENT_TYPE
            )
        response["Content-Disposition"] = f'attachment; filename="{kind}.{extension}"'
        return response


def listing_queryset(request, kind: str):
    """What the admin listing of ``kind`` shows for this query string.

    When the model's snippet viewset is registered, its own index view filters,
    searches, orders and scopes the queryset, so the export always matches the
    listing; otherwise every object.
    """
    model = permissions.MODELS[kind]
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return model._default_manager.all()
    query = request.GET.copy()
    query.pop("format", None)
    view_class = viewset.index_view_class
    # As ViewSet.construct_view does, without turning the view into a function.
    options = {**viewset.get_common_view_kwargs(), **viewset.get_index_view_kwargs()}
    view = view_class(
        **{
            key: value
            for key, value in options.items()
            if hasattr(view_class, key) and value is not viewset.UNDEFINED
        }
    )
    view.setup(_with_query(request, query))
    return view.get_queryset()


def _with_query(request, query):
    clone = type(request).__new__(type(request))
    clone.__dict__ = request.__dict__.copy()
    clone.GET = query
    return clone
