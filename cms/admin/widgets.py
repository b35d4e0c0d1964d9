"""Form widgets for the Monitor's admin forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ADMIN_CSS = "monitor_admin/css/admin.css"


class AutocompleteSelectMultiple(forms.SelectMultiple):
    """A multiple choice that renders only the chosen options, plus a search box.

    For relations with hundreds or thousands of candidates (countries,
    recommendations), where a ``<select>`` listing every row would be unusable.
    The chosen objects are rendered as removable chips backed by a hidden
    ``<select multiple>`` holding just those options, so the form posts their
    ids under the field's name and the field's full queryset validates them as
    usual. The script queries ``source.url`` (JSON ``{"results": [{"id",
    "label"}]}``) as the editor types and adds the picked result.

    ``source`` is a ``cms.admin.autocomplete.AutocompleteSource``
    (``url``, ``label(obj)``, ``prepare(queryset)``, ``get_queryset()``); it
    keeps the chips' labels identical to the search results'.
    """

    template_name = "monitor_admin/widgets/autocomplete_select_multiple.html"

    def __init__(self, source, attrs=None, *, placeholder=None):
        super().__init__(attrs)
        self.source = source
        self.placeholder = placeholder or _("Type to search…")

    class Media:
        js = ["monitor_admin/js/autocomplete-select-multiple.js"]
        css = {"all": [ADMIN_CSS]}

    def use_required_attribute(self, initial):
        # The <select> is hidden; a browser cannot ask the editor to fill it in.
        return False

    def id_for_label(self, id_):
        return f"{id_}-search" if id_ else id_

    def optgroups(self, name, value, attrs=None):
        options = [
            self.create_option(name, obj.pk, self.source.label(obj), True, index)
            for index, obj in enumerate(self.selected_objects(value))
        ]
        return [(None, options, 0)]

    def selected_objects(self, values):
        """The chosen objects, in the order given, without querying the rest."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            queryset = self.source.get_queryset()
        queryset = self.source.prepare(queryset)
        pk_field = queryset.model._meta.pk
        pks = []
        for value in values:
            try:
                pks.append(pk_field.to_python(value))
            except ValidationError:
                continue  # an invalid posted id: the field reports it
        found = {obj.pk: obj for obj in queryset.filter(pk__in=pks)}
        return [found[pk] for pk in dict.fromkeys(pks) if pk in found]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or name
        context["widget"].update(
            {
                "url": self.source.url,
                "placeholder": self.placeholder,
                "search_id": self.id_for_label(widget_id),
                "results_id": f"{widget_id}-results",
            }
        )
        return context


class DescribedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in scrollable columns, labelled by ``describe(instance)``.

    Used for the small taxonomies (a few dozen terms at most), e.g. to show each
    SMART letter's definition next to its checkbox.
    """

    def __init__(self, attrs=None, *, describe=None):
        attrs = {"class": "hrm-checkbox-columns", **(attrs or {})}
        super().__init__(attrs)
        self.describe = describe

    class Media:
        css = {"all": [ADMIN_CSS]}

    def create_option(self, name, value, label, selected, index, **kwargs):
        instance = getattr(value, "instance", None)
        if self.describe is not None and instance is not None:
            label = self.describe(instance)
        return super().create_option(name, value, label, selected, index, **kwargs)
