"""The edit form of scoped content: nobody saves an item outside their scope.

The permission policy decides who may open an item; this form decides what
they may turn it into. A contributor's item must stay their agency's, a lead
agency manager's must stay in a body their agency leads, and relations
offered in the form are the rows the user may attach content to.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from content_models.models import (
    Action,
    Agency,
    Indicator,
    ProgressReport,
    Recommendation,
)
from workflows import roles, scoping
from workflows.models import require_content

from . import views


class ScopedContentForm(WagtailAdminModelForm):
    #: Set by the view when the form submits, approves or publishes: content
    #: that may not go out empty must then have its content
    #: (``workflows.models.require_content``); a draft may be saved without.
    requires_content = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or roles.is_administrator(user):
            return
        document_model = get_document_model()
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model in scoping.SCOPED_MODELS:
                # What they may attach to, plus what is attached already (an
                # action may answer recommendations of several bodies).
                choosable = views.choosable(user, queryset.model)
            elif queryset.model is document_model:
                # Another agency's document, attached by a forged id, would
                # become readable to everyone who may see this item.
                choosable = policy_registry.get_by_type(
                    document_model
                ).instances_user_has_any_permission_for(user, ["choose"])
            else:
                continue
            field.queryset = queryset.filter(
                Q(pk__in=choosable.values("pk"))
                | Q(pk__in=_current_ids(self.instance, name))
            )

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or roles.is_administrator(user) or self.errors:
            return cleaned_data
        if not _stays_in_scope(user, self.instance, cleaned_data):
            raise ValidationError(
                _(
                    "You can only save a %(model)s that belongs to your agency "
                    "(%(agencies)s): keep your agency responsible for it."
                )
                % {
                    "model": self.instance._meta.verbose_name,
                    "agencies": ", ".join(
                        agency.code for agency in scoping.agencies_of(user)
                    )
                    or _("none"),
                }
            )
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        if self.requires_content:
            try:
                require_content(self.instance)
            except ValidationError as error:
                self._update_errors(error)


class ProgressReportForm(ScopedContentForm):
    """Opens the document chooser on the collection of the report's agency."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("document")
        if field is None or self.instance.pk is None or self.for_user is None:
            return
        agency_id = scoping.report_agency_id(self.instance)
        collection_id = (
            Agency.objects.filter(pk=agency_id)
            .values_list("document_collection", flat=True)
            .first()
        )
        policy = policy_registry.get_by_type(get_document_model())
        if (
            collection_id
            and policy.collections_user_has_permission_for(self.for_user, "add")
            .filter(pk=collection_id)
            .exists()
        ):
            field.widget.collection_id = collection_id


def _current_ids(instance, name):
    if instance.pk is None:
        return []
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return [obj.pk for obj in getattr(instance, name).all()]
    value = getattr(instance, field.attname, None)
    return [value] if value is not None else []


def _value(data, instance, name):
    if name in data:
        return data[name]
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    return getattr(instance, name, None)


def _ids(objects):
    return {obj.pk for obj in objects if obj is not None}


def _stays_in_scope(user, instance, data) -> bool:
    agencies = roles.agency_ids(user)
    managed = owned = False
    if isinstance(instance, Recommendation):
        cycle = _value(data, instance, "cycle")
        managed = cycle is not None and cycle.body.lead_agency_id in agencies
        owned = bool(_ids(_value(data, instance, "responsible_agencies")) & agencies)
    elif isinstance(instance, Action):
        recommendations = _value(data, instance, "recommendations")
        lead = _value(data, instance, "lead_agency")
        if recommendations:
            managed = any(
                r.cycle.body.lead_agency_id in agencies for r in recommendations
            )
        else:
            managed = lead is not None and lead.pk in agencies
        action_agencies = _ids([lead]) | _ids(
            _value(data, instance, "responsible_agencies")
        )
        owned = bool(action_agencies & agencies)
    elif isinstance(instance, Indicator | ProgressReport):
        action = _value(data, instance, "action")
        if action is None:
            return False
        managed = Action.objects.filter(
            scoping.managed_filter(Action, agencies), pk=action.pk
        ).exists()
        owned = Action.objects.filter(
            scoping.owned_filter(Action, agencies), pk=action.pk
        ).exists()
        if isinstance(instance, Indicator):
            responsible = _value(data, instance, "responsible_agency")
            owned = owned or (responsible is not None and responsible.pk in agencies)
    return (roles.is_lead_agency_manager(user) and managed) or (
        roles.is_agency_contributor(user) and owned
    )
