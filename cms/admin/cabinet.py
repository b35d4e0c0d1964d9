"""A cycle's Cabinet page: the annex, the decision and publishing what was agreed.

``/admin/cabinet/cycles/<pk>/`` is for the lead agency managers of the
cycle's body and administrators (``scoping.manages_cycle``); anyone else gets
the admin's refusal on every URL here (``PermissionDenied``: back to the
dashboard with the permission message). It shows the Cabinet target, downloads the annex
(Word or XLSX, by issue or by agency: ``importers.annex``), records
Cabinet's decision with its released documents
(``workflows.actions.record_cabinet_decision``) and publishes what was agreed
in one step (``workflows.actions.publish_agreed``). The reporting cycles'
listing links here (``wagtail_hooks``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.documents import get_document_model
from wagtail.documents.widgets import AdminDocumentChooser

from content_models.models import CabinetDecision, ReportingCycle
from importers import annex
from workflows import actions, scoping
from workflows.documents import document_policy

from . import un_reports

URL_NAME = "cabinet_cycle"
ANNEX_URL_NAME = "cabinet_annex"
PUBLISH_URL_NAME = "cabinet_publish_agreed"
EXTRA_DOCUMENT_ROWS = 3


def managed_cycle(request, pk) -> ReportingCycle:
    """The cycle ``pk`` if the user answers for it; 404, or the admin's
    refusal, otherwise."""
    cycle = get_object_or_404(
        ReportingCycle.objects.select_related("body__lead_agency"), pk=pk
    )
    if not scoping.manages_cycle(request.user, cycle):
        raise PermissionDenied
    return cycle


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"), widget=AdminDateInput
    )
    minute_reference = forms.CharField(
        label=gettext_lazy("Cabinet minute reference"),
        max_length=100,
        help_text=gettext_lazy("e.g. CAB-26-MIN-0123."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What Cabinet agreed, in a few sentences."),
    )
    public = forms.BooleanField(
        label=gettext_lazy("Published"),
        required=False,
        help_text=gettext_lazy(
            "Show the decision and its public documents on the public cycle page "
            "and in the API."
        ),
    )


class ReleasedDocumentForm(forms.Form):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Document"),
        queryset=get_document_model().objects.none(),
        required=False,
        widget=AdminDocumentChooser,
    )
    public = forms.BooleanField(
        label=gettext_lazy("Public"),
        required=False,
        help_text=gettext_lazy("Released to the public (after any redactions)."),
    )


ReleasedDocumentFormSet = forms.formset_factory(ReleasedDocumentForm, extra=0)


def _document_choices(user, decision):
    """Documents ``user`` may choose, and those the decision has already."""
    model = get_document_model()
    allowed = document_policy(model).instances_user_has_any_permission_for(
        user, ["choose"]
    )
    attached = (
        decision.documents.values("document")
        if decision is not None
        else model.objects.none()
    )
    return model.objects.filter(pk__in=allowed.values("pk")) | model.objects.filter(
        pk__in=attached
    )


class CabinetCycleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "monitor_admin/cabinet/cycle.html"
    header_icon = "calendar"

    def dispatch(self, request, pk):
        self.cycle = managed_cycle(request, pk)
        self.decision = CabinetDecision.objects.filter(cycle=self.cycle).first()
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Cabinet: %(cycle)s") % {"cycle": self.cycle.code}

    def get_page_subtitle(self):
        return self.cycle.name

    def get_breadcrumbs_items(self):
        listing = ReportingCycle.snippet_viewset.get_url_name("list")
        return [
            *self.breadcrumbs_items,
            {"url": reverse(listing), "label": _("Reporting cycles")},
            {"url": "", "label": self.get_page_title()},
        ]

    def forms(self, data=None):
        decision = self.decision
        initial = (
            {
                "decided_on": decision.decided_on,
                "minute_reference": decision.minute_reference,
                "summary": decision.summary,
                "public": decision.public,
            }
            if decision
            else {}
        )
        rows = (
            [
                {"document": row.document_id, "public": row.public}
                for row in decision.documents.all()
            ]
            if decision
            else []
        )
        rows += [{}] * EXTRA_DOCUMENT_ROWS
        form = DecisionForm(data=data, initial=initial)
        formset = ReleasedDocumentFormSet(data=data, initial=rows, prefix="documents")
        choices = _document_choices(self.request.user, decision)
        for document_form in formset:
            document_form.fields["document"].queryset = choices
        return form, formset

    def get(self, request, pk):
        form, formset = self.forms()
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def post(self, request, pk):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            documents = [
                (row["document"], row.get("public", False))
                for row in formset.cleaned_data
                if row.get("document")
            ]
            try:
                actions.record_cabinet_decision(
                    cycle=self.cycle,
                    user=request.user,
                    documents=documents,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Cabinet's decision on %(cycle)s is recorded.")
                    % {"cycle": self.cycle.code},
                )
                return redirect(URL_NAME, pk=self.cycle.pk)
        messages.error(request, _("The decision could not be recorded: see below."))
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset), status=400
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compiled = annex.compile_annex(cycle=self.cycle)
        agreed = actions.agreed_content(cycle=self.cycle)
        form, formset = context["form"], context["formset"]
        context.update(
            {
                "media": form.media + formset.media,
                "cycle": self.cycle,
                "decision": self.decision,
                # The annex's own rows (grouping, compiled at) are not the page's.
                "cover": compiled.cover[:-2],
                "downloads": annex_urls(self.cycle),
                "agreed": [
                    {"kind": item._meta.verbose_name, "label": str(item)}
                    for item in agreed
                ],
                "publish_url": reverse(PUBLISH_URL_NAME, args=[self.cycle.pk]),
                "un_reports": un_reports.section(self.cycle, self.request.user),
            }
        )
        return context


DOWNLOADS = (
    ("docx", "issue", gettext_lazy("Word, by issue")),
    ("docx", "agency", gettext_lazy("Word, by agency")),
    ("xlsx", "issue", gettext_lazy("XLSX, by issue")),
    ("xlsx", "agency", gettext_lazy("XLSX, by agency")),
)


def annex_urls(cycle) -> list[tuple[str, str]]:
    """``(label, url)`` of the annex downloads of ``cycle``."""
    return [
        (
            str(label),
            reverse(ANNEX_URL_NAME, args=[cycle.pk, extension])
            + f"?group_by={group_by}",
        )
        for extension, group_by, label in DOWNLOADS
    ]


def listing_buttons(instance, user) -> list:
    """The reporting cycles' listing: "Cabinet" beside each cycle the user
    answers for, and the annex downloads in its "More" menu."""
    if not isinstance(instance, ReportingCycle) or not scoping.manages_cycle(
        user, instance
    ):
        return []
    buttons = [
        ListingButton(
            _("Cabinet"),
            reverse(URL_NAME, args=[instance.pk]),
            icon_name="calendar",
            attrs={"aria-label": _("Cabinet: %(cycle)s") % {"cycle": instance.code}},
            priority=5,
        )
    ]
    buttons += [
        Button(
            _("Annex: %(format)s") % {"format": label},
            url,
            icon_name="download",
            priority=20 + index,
        )
        for index, (label, url) in enumerate(annex_urls(instance))
    ]
    return buttons


def annex_download(request, pk, extension):
    """The annex of cycle ``pk`` as ``docx`` or ``xlsx``, grouped by
    ``?group_by=issue`` (the default) or ``agency``."""
    cycle = managed_cycle(request, pk)
    group_by = request.GET.get("group_by", "issue")
    if group_by not in annex.GROUP_BY:
        return HttpResponseBadRequest(
            _("group_by=%(value)s: not a grouping; use issue or agency.")
            % {"value": group_by},
            content_type="text/plain; charset=utf-8",
        )
    compiled = annex.compile_annex(cycle=cycle, group_by=group_by)
    content_type = (
        annex.DOCX_CONTENT_TYPE if extension == "docx" else annex.XLSX_CONTENT_TYPE
    )
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{annex.filename(cycle, group_by, extension)}"'
    )
    annex.write(compiled, response, extension=extension)
    return response


@require_POST
def publish_agreed(request, pk):
    """Publish what was agreed for cycle ``pk`` in one step."""
    cycle = managed_cycle(request, pk)
    try:
        published = actions.publish_agreed(cycle=cycle, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(
            request,
            _("Nothing was published: %(reason)s")
            % {"reason": "; ".join(getattr(error, "messages", [str(error)]))},
        )
    else:
        if published:
            messages.success(
                request,
                ngettext(
                    "Published %(count)d item of %(cycle)s.",
                    "Published %(count)d items of %(cycle)s.",
                    len(published),
                )
                % {"count": len(published), "cycle": cycle.code},
            )
        else:
            messages.info(request, _("Nothing agreed is waiting to be published."))
    return redirect(URL_NAME, pk=cycle.pk)


urlpatterns = [
    path("cabinet/cycles/<int:pk>/", CabinetCycleView.as_view(), name=URL_NAME),
    re_path(
        r"^cabinet/cycles/(?P<pk>[0-9]+)/annex\.(?P<extension>docx|xlsx)$",
        annex_download,
        name=ANNEX_URL_NAME,
    ),
    path(
        "cabinet/cycles/<int:pk>/publish-agreed/",
        publish_agreed,
        name=PUBLISH_URL_NAME,
    ),
    *un_reports.urlpatterns,
]
