"""The response board of a reporting cycle, and the agencies' responses.

- The board (lead agency managers of the cycle's body, administrators):
  every recommendation with its responsible agencies, the actions proposed,
  the explanation where no action is proposed, the revisit date,
  "prioritised" and where it stands (``workflows.response``); filters by
  agency, issue and state; the selected recommendations go to the listing's
  batch action "Agencies" (``bulk_actions.AgencyBulkAction``) to add or
  remove a responsible agency; "Ask the agencies" (``ask_agencies``).
- The response page of one recommendation (those who may change it: its
  responsible agencies' contributors, its lead agency): propose a new
  action, an existing one, or no action with a reason.

Every state change is a function of ``workflows.actions``. Registered in
``cms.admin.wagtail_hooks`` (``register_admin_urls``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import select_template
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from content_models.models import (
    Action,
    Agency,
    HumanRightsIssue,
    Recommendation,
    ReportingCycle,
)
from workflows import actions, response, scoping

BOARD_URL = "response_board"
ASK_URL = "response_board_ask"
RESPOND_URL = "respond_to_recommendation"

#: The alignment suggestions beside "Propose an existing action", when the
#: alignment include is installed (``{% include %}`` of the first that exists).
ALIGNMENT_TEMPLATES = ("monitor_admin/alignment/suggestions.html",)

#: The hook through which other features add buttons beside "Ask the
#: agencies": ``fn(request, cycle, buttons)`` appends dicts with ``url``,
#: ``label`` and optionally ``classname`` (e.g. the Cabinet annex download).
BOARD_BUTTONS_HOOK = "construct_response_board_buttons"


class BoardFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.order_by("code"),
        required=False,
        empty_label=gettext_lazy("Every agency"),
    )
    issue = forms.ModelChoiceField(
        label=gettext_lazy("Human-rights issue"),
        queryset=HumanRightsIssue.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Every issue"),
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[("", gettext_lazy("Every state")), *response.State.choices],
        required=False,
    )


def _cycle_for_manager(request, cycle_id):
    cycle = get_object_or_404(
        ReportingCycle.objects.select_related("body"), pk=cycle_id
    )
    if not scoping.manages_cycle(request.user, cycle):
        raise PermissionDenied
    return cycle


class BoardView(WagtailAdminTemplateMixin, TemplateView):
    """The lead agency's working screen for one cycle."""

    template_name = "monitor_admin/response/board.html"
    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.cycle = _cycle_for_manager(request, kwargs["cycle_id"])
        except PermissionDenied:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Response board")

    def get_page_subtitle(self):
        return f"{self.cycle.code} — {self.cycle.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_content_models_reportingcycle:list"),
                "label": _("Reporting cycles"),
            },
            {"url": "", "label": f"{_('Response board')}: {self.cycle.code}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = BoardFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = response.board_rows(
            self.cycle,
            agency=filters.get("agency"),
            issue=filters.get("issue"),
            state=filters.get("state") or None,
        )
        everything = response.board_rows(self.cycle) if filters else rows
        board_url = self.request.get_full_path()
        context.update(
            cycle=self.cycle,
            rows=rows,
            filter_form=form,
            states=[
                {"value": value, "label": label, "count": count}
                for (value, label), count in zip(
                    response.State.choices,
                    response.counts(everything).values(),
                    strict=True,
                )
            ],
            total=len(everything),
            ask_url=reverse(ASK_URL, args=[self.cycle.pk]),
            assign_url=reverse(
                "wagtail_bulk_action",
                args=("content_models", "recommendation", "change_agency"),
            ),
            next_url=board_url,
            board_buttons=self.buttons(),
        )
        return context

    def buttons(self) -> list[dict]:
        buttons = []
        for hook in hooks.get_hooks(BOARD_BUTTONS_HOOK):
            hook(self.request, self.cycle, buttons)
        return buttons


def ask_view(request, cycle_id):
    """POST: ask the agencies (``workflows.actions.ask_agencies``)."""
    try:
        cycle = _cycle_for_manager(request, cycle_id)
    except PermissionDenied:
        return permission_denied(request)
    if request.method != "POST":
        return redirect(BOARD_URL, cycle_id=cycle.pk)
    result = actions.ask_agencies(cycle=cycle, user=request.user)
    for code, references in result.asked.items():
        messages.success(
            request,
            ngettext(
                "%(agency)s asked about %(count)d recommendation.",
                "%(agency)s asked about %(count)d recommendations.",
                len(references),
            )
            % {"agency": result.names[code], "count": len(references)},
        )
    if result.already_asked:
        messages.info(
            request,
            _("Already asked, nothing sent again: %(agencies)s.")
            % {"agencies": _names(result, result.already_asked)},
        )
    if result.unreachable:
        messages.warning(
            request,
            _(
                "Not asked, they have no mailbox and no contributor: %(agencies)s. "
                "Give the agency an e-mail address."
            )
            % {"agencies": _names(result, result.unreachable)},
        )
    if result.failed:
        messages.error(
            request,
            _("Could not be sent (tried again next time): %(addresses)s.")
            % {"addresses": ", ".join(result.failed)},
        )
    if not (result.asked or result.already_asked or result.unreachable):
        messages.warning(
            request,
            _("No recommendation of %(cycle)s has a responsible agency yet.")
            % {"cycle": cycle.code},
        )
    return redirect(BOARD_URL, cycle_id=cycle.pk)


def _names(result, codes) -> str:
    return ", ".join(result.names.get(code, code) for code in codes)


class NewActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the action"), max_length=255)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )


class ExistingActionForm(forms.Form):
    action = forms.ModelChoiceField(
        label=gettext_lazy("Action"),
        queryset=Action.objects.none(),
        help_text=gettext_lazy("An action of your agency that already answers it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = (
            policy_registry.get_by_type(Action)
            .instances_user_has_any_permission_for(user, ["change"])
            .order_by("reference")
        )


class NoActionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why no action is proposed"),
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Required: why this recommendation cannot be progressed."
        ),
    )


class RespondView(WagtailAdminTemplateMixin, TemplateView):
    """One recommendation: propose a new action, an existing one, or none."""

    template_name = "monitor_admin/response/respond.html"
    header_icon = "doc-full"
    forms = {"new": NewActionForm, "existing": ExistingActionForm, "none": NoActionForm}

    def dispatch(self, request, *args, **kwargs):
        self.recommendation = get_object_or_404(
            Recommendation.objects.select_related("cycle__body"), pk=kwargs["pk"]
        )
        if not actions.may(request.user, "change", self.recommendation):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Respond to %(recommendation)s") % {
            "recommendation": self.recommendation.natural_key_label
        }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_content_models_recommendation:list"),
                "label": _("Recommendations"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def make_form(self, kind, data=None):
        form_class = self.forms[kind]
        kwargs = {"prefix": kind}
        if kind == "existing":
            kwargs["user"] = self.request.user
        return form_class(data, **kwargs)

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind")
        if kind not in self.forms:
            return redirect(RESPOND_URL, pk=self.recommendation.pk)
        form = self.make_form(kind, request.POST)
        if form.is_valid():
            try:
                self.apply(kind, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return redirect("wagtailadmin_home")
            else:
                return redirect("wagtailadmin_home")
        return self.render_to_response(self.get_context_data(**{f"{kind}_form": form}))

    def apply(self, kind, data):
        user, recommendation = self.request.user, self.recommendation
        label = recommendation.natural_key_label
        if kind == "new":
            action = actions.propose_new_action(
                recommendation=recommendation,
                user=user,
                title=data["title"],
                description=data["description"],
            )
            messages.success(
                self.request,
                _(
                    "Action %(action)s proposed for %(recommendation)s and sent "
                    "for approval."
                )
                % {"action": action.reference, "recommendation": label},
            )
        elif kind == "existing":
            changed = actions.propose_existing_action(
                recommendation=recommendation, action=data["action"], user=user
            )
            template = (
                _("%(action)s proposed for %(recommendation)s and sent for approval.")
                if changed
                else _("%(action)s already answers %(recommendation)s.")
            )
            messages.success(
                self.request,
                template
                % {"action": data["action"].reference, "recommendation": label},
            )
        else:
            actions.propose_no_action(
                recommendation=recommendation, user=user, reason=data["reason"]
            )
            messages.success(
                self.request,
                _("No action proposed for %(recommendation)s; sent for approval.")
                % {"recommendation": label},
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = next(iter(response.rows_for([self.recommendation])), None)
        draft = self.recommendation.get_latest_revision_as_object()
        for kind in self.forms:
            context.setdefault(f"{kind}_form", self.make_form(kind))
        if "none_form" not in kwargs and row and row.no_action_reason:
            context["none_form"] = NoActionForm(
                prefix="none", initial={"reason": row.no_action_reason}
            )
        alignment = (
            select_template(ALIGNMENT_TEMPLATES) if _alignment_exists() else None
        )
        context.update(
            recommendation=draft,
            row=row,
            alignment_template=alignment.template.name if alignment else "",
        )
        return context


def _alignment_exists() -> bool:
    from django.template import TemplateDoesNotExist

    try:
        select_template(ALIGNMENT_TEMPLATES)
    except TemplateDoesNotExist:
        return False
    return True


class ResponseBoardColumn(Column):
    """The cycle listing's link to each board the user may open."""

    def __init__(self, name="response_board", **kwargs):
        kwargs.setdefault("label", gettext_lazy("Response"))
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is not None and scoping.manages_cycle(request.user, instance):
            context["value"] = format_html(
                '<a href="{}">{}</a>',
                reverse(BOARD_URL, args=[instance.pk]),
                _("Response board"),
            )
        else:
            context["value"] = ""
        return context


urlpatterns = [
    path("response/<int:cycle_id>/", BoardView.as_view(), name=BOARD_URL),
    path("response/<int:cycle_id>/ask/", ask_view, name=ASK_URL),
    path(
        "response/recommendation/<int:pk>/",
        RespondView.as_view(),
        name=RESPOND_URL,
    ),
]
