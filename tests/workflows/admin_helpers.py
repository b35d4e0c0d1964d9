"""Helpers for tests that drive the snippet admin over its real URLs."""

from django.forms.models import model_to_dict
from django.urls import reverse
from wagtail.models import Revision


def url(model, view, obj=None, *args):
    name = f"wagtailsnippets_content_models_{model}:{view}"
    if obj is None:
        return reverse(name, args=args)
    return reverse(name, args=(obj.pk, *args))


def snapshot(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    fields = {
        name: sorted(item.pk for item in value)
        if isinstance(value, list | tuple) or hasattr(value, "model")
        else value
        for name, value in model_to_dict(obj).items()
    }
    return (
        fields,
        obj.live,
        obj.locked,
        obj.latest_revision_id,
        Revision.objects.for_instance(obj).count(),
    )


def edit_data(client, model, obj):
    """The edit form as the browser would post it, with the fields unchanged."""
    response = client.get(url(model, "edit", obj))
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if name == "body":  # rich text posts as the editor's JSON
            data[name] = form.fields[name].widget.format_value(value)
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data
