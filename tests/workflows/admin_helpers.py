"""Helpers for tests that drive the admin over its real URLs."""

import html

from django.contrib.messages import get_messages
from django.forms.models import model_to_dict
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Revision

# Who tries: the permission matrix runs every admin action as each of them.
ROLES = [
    "anonymous",
    "police_contributor",  # contributor of the responsible agency
    "msd_contributor",  # contributor of another agency
    "moj_manager",  # lead agency manager of the body (UPR)
    "msd_manager",  # lead agency manager of another body (CRC)
    "admin",
]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))


DENIED = "Sorry, you do not have permission to access this area."


def messages_of(response):
    """The messages the admin has for the user after ``response``, oldest first
    (the ones of earlier redirects the test did not follow included)."""
    return [
        html.unescape(str(message)).strip()
        for message in get_messages(response.wsgi_request)
    ]


def assert_redirected_away(response, role):
    """The admin's refusal of a page request, exactly: anonymous users to the
    login, everyone else to the dashboard with the permission message."""
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/?next=")
    else:
        assert response["Location"] == "/admin/"
        assert messages_of(response)[-1] == DENIED


def assert_forbidden(response):
    """The admin's refusal of a request made from its scripts (XHR): a 403."""
    assert response.status_code == 403


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


def document_snapshot(document):
    """A document as stored: title, file name, collection and the file's bytes;
    ``None`` once deleted."""
    row = get_document_model().objects.filter(pk=document.pk).first()
    if row is None:
        return None
    with row.file.open("rb") as stored:
        content = stored.read()
    return (row.title, row.file.name, row.collection_id, content)
